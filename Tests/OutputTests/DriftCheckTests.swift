import Foundation
import Output
import XCTest

final class DriftCheckTests: OutputTestCase {
    private lazy var plan = FilePlan(files: [
        file("prod/config.yaml", "a: 1\nold line\nc: 3\n"),
        file("prod/other.yaml", "x\n"),
    ], scopes: ["prod"])

    func testEmptyForUpToDateTree() throws {
        _ = try writer.write(plan)
        XCTAssertEqual(try DriftCheck.diff(plan, against: root), "")
    }

    func testChangedFileShowsUnifiedDiff() throws {
        _ = try writer.write(plan)
        var files = plan.files
        files[0].contents = "a: 1\nnew line\nc: 3\n"
        let diff = try DriftCheck.diff(FilePlan(files: files, scopes: ["prod"]), against: root)
        XCTAssertTrue(diff.contains("--- a/prod/config.yaml\n"), diff)
        XCTAssertTrue(diff.contains("+++ b/prod/config.yaml\n"), diff)
        XCTAssertTrue(diff.contains("\n-old line\n"), diff)
        XCTAssertTrue(diff.contains("\n+new line\n"), diff)
        XCTAssertFalse(diff.contains("other.yaml"), "unchanged file in diff: \(diff)")
        XCTAssertEqual(diff, """
            --- a/prod/config.yaml
            +++ b/prod/config.yaml
            @@ -1,3 +1,3 @@
             a: 1
            -old line
            +new line
             c: 3

            """)
    }

    func testFileThatWouldBeDeletedDiffsAgainstDevNull() throws {
        _ = try writer.write(plan)
        let diff = try DriftCheck.diff(FilePlan(files: [plan.files[0]], scopes: ["prod"]), against: root)
        XCTAssertTrue(diff.contains("--- a/prod/other.yaml\n+++ /dev/null\n"), diff)
        XCTAssertTrue(diff.contains("\n-x\n"), diff)
    }

    func testOtherScopeIsNotReportedAsDeleted() throws {
        _ = try writer.write(plan)
        XCTAssertEqual(try DriftCheck.diff(FilePlan(files: [], scopes: ["staging"]), against: root).contains("/dev/null"), false)
    }

    func testNewFileDiffsFromDevNull() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let diff = try DriftCheck.diff(plan, against: root)
        XCTAssertTrue(diff.contains("--- /dev/null\n+++ b/prod/config.yaml\n"), diff)
        XCTAssertTrue(diff.contains("+old line\n"), diff)
        XCTAssertEqual(try snapshot(), [:], "diff must not write anything")
    }

    func testDoesNotWrite() throws {
        _ = try writer.write(plan)
        try put("prod/config.yaml", "changed by hand\n")
        let before = try snapshot()
        XCTAssertFalse(try DriftCheck.diff(plan, against: root).isEmpty)
        XCTAssertEqual(try snapshot(), before)
    }

    func testMissingManifestIsDrift() throws {
        _ = try writer.write(plan)
        try FileManager.default.removeItem(at: root.appendingPathComponent(OwnershipManifest.fileName))
        let diff = try DriftCheck.diff(plan, against: root)
        XCTAssertTrue(diff.contains("+++ b/.gen-manifest"), diff)
    }
}

final class UnifiedDiffTests: XCTestCase {
    func testWholeFileDeleted() {
        XCTAssertEqual(UnifiedDiff.render(old: "a\nb\n", new: nil, path: "f"), "--- a/f\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n")
    }

    func testWholeFileAdded() {
        XCTAssertEqual(UnifiedDiff.render(old: nil, new: "a\n", path: "f"), "--- /dev/null\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n")
    }

    func testIdenticalGivesOnlyHeaders() {
        XCTAssertEqual(UnifiedDiff.render(old: "a\n", new: "a\n", path: "f"), "--- a/f\n+++ b/f\n")
    }

    func testDistantChangesGiveTwoHunksWithLeadingContext() {
        let old = (1...20).map { "l\($0)" }
        var new = old
        new[1] = "L2"
        new[17] = "L18"
        let diff = UnifiedDiff.render(old: old.joined(separator: "\n") + "\n", new: new.joined(separator: "\n") + "\n", path: "f")
        let hunks = diff.split(separator: "\n").filter { $0.hasPrefix("@@") }
        XCTAssertEqual(hunks.count, 2, diff)
        XCTAssertTrue(diff.contains("@@ -1,"), diff)
        XCTAssertTrue(diff.contains(" l15\n l16\n l17\n-l18\n+L18\n l19\n l20\n"), diff)
        XCTAssertFalse(diff.contains(" l10\n"), "unchanged middle included: \(diff)")
    }
}
