#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Output
import XCTest

/// One run at a time writes an output folder: the lock is the folder's own, a second run waits a
/// bounded time saying for whom, and outputs side by side do not wait for each other.
final class OutputLockTests: OutputTestCase {
    private func plan(_ contents: String) -> FilePlan {
        FilePlan(files: [file("prod/a.yaml", contents), file("prod/b.yaml", contents)], scopes: ["prod"])
    }

    /// Takes the lock another gen would hold (a `flock` on the output folder), from this process.
    private func holdLock(on folder: URL) throws -> Int32 {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        return fd
    }

    func testSecondRunWaitsBoundedAndNamesOutputAndHolder() throws {
        _ = try writer.write(plan("1\n"))
        let fd = try holdLock(on: root)
        defer { close(fd) }
        let messages = Messages()
        var waiting = writer
        waiting.lockTimeout = 1
        waiting.log = { messages.append($0) }
        let start = Date()
        let error = outputError { try waiting.write(plan("2\n")) }
        let waited = Date().timeIntervalSince(start)
        XCTAssertEqual(error?.description, "another gen (pid \(getpid())) is still writing \(root.path) after 1 s; "
            + "wait for it to finish (or stop it), then run gen again")
        XCTAssertEqual(messages.all, ["gen: another gen (pid \(getpid())) is writing \(root.path); waiting up to 1 s\n"])
        XCTAssertGreaterThanOrEqual(waited, 1)
        XCTAssertLessThan(waited, 3)
        XCTAssertEqual(try read("prod/a.yaml"), "1\n")
    }

    func testWaitingRunProceedsOnceTheHolderIsDone() throws {
        _ = try writer.write(plan("1\n"))
        let fd = try holdLock(on: root)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { close(fd) }
        var waiting = writer
        waiting.log = { _ in }
        XCTAssertEqual(try waiting.write(plan("2\n")).written, ["prod/a.yaml", "prod/b.yaml"])
        XCTAssertEqual(try read("prod/b.yaml"), "2\n")
    }

    func testOutputsInTheSameFolderDoNotWaitForEachOther() throws {
        let other = parent.appendingPathComponent("other")
        _ = try TreeWriter(outputDirectory: other).write(plan("1\n"))
        let fd = try holdLock(on: other)
        defer { close(fd) }
        var quick = writer
        quick.lockTimeout = 0
        XCTAssertEqual(try quick.write(plan("1\n")).written, ["prod/a.yaml", "prod/b.yaml"])
    }

    /// Runs that swap the folder under each other's lock: every run lands whole, one after another.
    func testConcurrentRunsOnOneOutputNeverInterleave() throws {
        let runs = 24
        let failures = Messages()
        var quiet = writer
        quiet.log = { _ in }  // the runs do wait for each other; their messages are not this test's output
        let writer = quiet, plans = (0..<3).map { plan("run \($0)\n") }
        DispatchQueue.concurrentPerform(iterations: runs) { n in
            do {
                _ = try writer.write(plans[n % plans.count])
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.all, [])
        let a = try read("prod/a.yaml")
        XCTAssertEqual(try read("prod/b.yaml"), a, "files of two runs mixed")
        XCTAssertEqual(try manifest().entries["prod/a.yaml"]?.sha256, OwnershipManifest.hash(a))
        XCTAssertEqual(try parentListing(), ["out"])
    }

    func testMountPointOutputSaysSo() throws {
        guard geteuid() == 0, FileManager.default.fileExists(atPath: "/proc/self/mountinfo") else {
            throw XCTSkip("mounting needs root")
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        guard mount("gen-test", root.path, "tmpfs", 0, nil) == 0 else {
            throw XCTSkip("cannot mount a tmpfs here: \(String(cString: strerror(errno)))")
        }
        defer { umount(root.path) }
        let error = outputError { try writer.write(plan("1\n")) }
        XCTAssertTrue(error?.description.hasPrefix("\(root.path) is a mount point: gen builds the new tree beside") ?? false,
                      error?.description ?? "")
        XCTAssertEqual(try parentListing(), ["out"])
    }
}

/// Lines collected from several threads.
final class Messages: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
