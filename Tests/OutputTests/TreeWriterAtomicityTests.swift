import Foundation
import Output
import XCTest

/// A write that fails part-way must leave the previous tree exactly as it was.
final class TreeWriterAtomicityTests: OutputTestCase {
    private let first = ["prod/a.yaml": "a1\n", "prod/b.yaml": "b1\n", "prod/c.yaml": "c1\n", "shared/d.yaml": "d1\n"]

    private func plan(_ files: [String: String], scopes: Set<String> = ["prod", "shared"]) -> FilePlan {
        FilePlan(files: files.map { file($0.key, $0.value, scope: $0.key.hasPrefix("shared/") ? "shared" : "prod") },
                 scopes: scopes)
    }

    func testInjectedFailureLeavesPreviousTreeByteIdentical() throws {
        _ = try writer.write(plan(first))
        try put("README.md", "hand written\n")
        let before = try snapshot()
        XCTAssertEqual(before.count, 8, "4 generated files, README, manifest, 2 folders: \(before.keys.sorted())")

        var failing = writer
        failing.failAfterFiles = 1
        let changes = ["prod/a.yaml": "a2\n", "prod/b.yaml": "b2\n", "prod/new.yaml": "new\n", "shared/d.yaml": "d2\n"]
        let error = outputError { try failing.write(plan(changes)) }
        XCTAssertTrue(error?.description.contains("injected failure") ?? false, error?.description ?? "")

        XCTAssertEqual(try snapshot(), before)
        XCTAssertEqual(try parentListing(), ["out"], "temporary tree left beside the output folder")

        // The same plan without the injected failure goes through, with c.yaml deleted.
        let summary = try writer.write(plan(changes))
        XCTAssertEqual(summary.written, ["prod/a.yaml", "prod/b.yaml", "prod/new.yaml", "shared/d.yaml"])
        XCTAssertEqual(summary.deleted, ["prod/c.yaml"])
        XCTAssertEqual(try read("README.md"), "hand written\n")
        XCTAssertEqual(try parentListing(), ["out"])
    }

    func testInjectedFailureOnFirstWriteCreatesNothing() throws {
        var failing = writer
        failing.failAfterFiles = 2
        XCTAssertNotNil(outputError { try failing.write(plan(first)) })
        XCTAssertEqual(try parentListing(), [])
    }

    func testFailureLimitAboveChangeCountDoesNotFail() throws {
        _ = try writer.write(plan(first))
        var failing = writer
        failing.failAfterFiles = 1
        var changed = first
        changed["prod/a.yaml"] = "a2\n"
        XCTAssertEqual(try failing.write(plan(changed)).written, ["prod/a.yaml"])
        XCTAssertEqual(try read("prod/a.yaml"), "a2\n")
    }

    func testStaleTemporaryFolderFromSameProcessIsReplaced() throws {
        let stale = parent.appendingPathComponent(".out.gen-tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: stale.appendingPathComponent("junk"), withIntermediateDirectories: true)
        _ = try writer.write(plan(first))
        XCTAssertEqual(try parentListing(), ["out"])
        XCTAssertFalse(exists("junk"))
    }

    /// The run holding the output's lock removes every temporary tree of that output, also one named
    /// after a live pid (pids are reused), and leaves other outputs' trees alone.
    func testTemporaryTreesOfTheOutputAreRemovedByTheLockHolder() throws {
        let fm = FileManager.default
        let dead = parent.appendingPathComponent(".out.gen-tmp-999999999")
        let alive = parent.appendingPathComponent(".out.gen-tmp-1")
        let unrelated = parent.appendingPathComponent(".other.gen-tmp-999999999")
        for url in [dead, alive, unrelated] {
            try fm.createDirectory(at: url.appendingPathComponent("x"), withIntermediateDirectories: true)
        }
        _ = try writer.write(plan(first))
        XCTAssertEqual(try parentListing(), [".other.gen-tmp-999999999", "out"])
    }
}
