#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Output
import XCTest

/// No run leaves a temporary tree behind for good: every run, also one that finds the tree up to
/// date, removes those of runs that died, whatever their state.
final class DebrisTests: OutputTestCase {
    private let plan = FilePlan(files: [
        FilePlan.File(path: "prod/a.yaml", contents: "a\n", scope: "prod"),
        FilePlan.File(path: "prod/deep/b.yaml", contents: "b\n", scope: "prod"),
    ], scopes: ["prod"])

    /// What a run killed right after its swap leaves: the old tree at `.out.gen-tmp-<its pid>`.
    private func plantOldTree(pid: pid_t, readOnly: Bool = false) throws -> URL {
        let leftover = parent.appendingPathComponent(".out.gen-tmp-\(pid)")
        try FileManager.default.copyItem(at: root, to: leftover)
        if readOnly { try setWritable(false, leftover) }
        return leftover
    }

    /// Files and folders below `url` (and `url`) without (or with) write permission.
    private func setWritable(_ writable: Bool, _ url: URL) throws {
        let fm = FileManager.default
        var entries = [(url.path, true)]
        for relative in fm.enumerator(atPath: url.path)?.allObjects as? [String] ?? [] {
            var isDir: ObjCBool = false
            let path = url.appendingPathComponent(relative).path
            _ = fm.fileExists(atPath: path, isDirectory: &isDir)
            entries.append((path, isDir.boolValue))
        }
        for (path, isDir) in entries.reversed() {
            chmod(path, (isDir ? 0o555 : 0o444) | (writable ? 0o200 : 0))
        }
    }

    /// A pid that no process has now: a child that has exited and been reaped.
    private func deadPid() throws -> pid_t {
        let child = try spawn(["true"])
        var status: Int32 = 0
        waitpid(child, &status, 0)
        return child
    }

    func testUpToDateRunRemovesTheTreeOfARunKilledAfterItsSwap() throws {
        _ = try writer.write(plan)
        let leftover = try plantOldTree(pid: try deadPid())
        let before = try snapshot()
        XCTAssertEqual(try writer.write(plan).written, [], "the tree is up to date")
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover.path))
        XCTAssertEqual(try snapshot(), before)
        XCTAssertEqual(try parentListing(), ["out"])
    }

    /// A run killed while its parent has not reaped it yet (a zombie) still answers `kill(pid, 0)`,
    /// but it holds no lock and its tree is debris.
    func testZombieHolderNeitherBlocksNorKeepsItsTree() throws {
        _ = try writer.write(plan)
        // flock(1) takes the output's lock, runs `true` and exits; nobody reaps it yet.
        let zombie = try spawn(["flock", root.path, "true"])
        defer { var status: Int32 = 0; waitpid(zombie, &status, 0) }
        try waitUntilZombie(zombie)
        XCTAssertEqual(kill(zombie, 0), 0, "a zombie still counts as existing for kill(pid, 0)")
        let leftover = try plantOldTree(pid: zombie)

        var quick = writer
        quick.lockTimeout = 2
        let start = Date()
        XCTAssertEqual(try quick.write(plan).written, [])
        XCTAssertLessThan(Date().timeIntervalSince(start), 1, "waited for a dead run's lock")
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover.path))
        XCTAssertEqual(try parentListing(), ["out"])
    }

    /// A user who is not root cannot delete files from a folder without write permission: a copy of
    /// a read-only tree (what a failed or killed run leaves) is made writable before it is removed.
    func testReadOnlyLeftoversOfANonRootUserAreRemoved() throws {
        try asUnprivilegedUser {
            _ = try writer.write(plan)
            let leftover = try plantOldTree(pid: try deadPid(), readOnly: true)
            XCTAssertEqual(try writer.write(plan).written, [])
            XCTAssertFalse(FileManager.default.fileExists(atPath: leftover.path))

            // A read-only tree cannot take a change: the run fails with the reason, and the
            // read-only copy it made is gone.
            try setWritable(false, root)
            defer { try? setWritable(true, root) }
            let changed = FilePlan(files: plan.files.map { FilePlan.File(path: $0.path, contents: "new\n", scope: "prod") },
                                   scopes: ["prod"])
            let error = outputError { try writer.write(changed) }
            XCTAssertTrue(error?.description.contains("could not assemble the new tree") ?? false, error?.description ?? "")
            XCTAssertEqual(try parentListing(), ["out"])
        }
    }

    /// Runs `body` as `nobody` when the tests run as root (as in CI), as the current user otherwise.
    private func asUnprivilegedUser(_ body: () throws -> Void) throws {
        guard geteuid() == 0 else { return try body() }
        let nobody: uid_t = 65534
        XCTAssertEqual(chown(parent.path, nobody, nobody), 0)
        XCTAssertEqual(setegid(nobody), 0)
        XCTAssertEqual(seteuid(nobody), 0)
        defer {
            seteuid(0)
            setegid(0)
        }
        XCTAssertNotEqual(access(parent.path, W_OK), -1)
        try body()
    }

    private func spawn(_ arguments: [String]) throws -> pid_t {
        var pid: pid_t = 0
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawnp(&pid, arguments[0], nil, nil, &argv, environ)
        guard status == 0 else { throw XCTSkip("cannot run \(arguments[0]): \(String(cString: strerror(status)))") }
        return pid
    }

    private func waitUntilZombie(_ pid: pid_t) throws {
        for _ in 0..<100 {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if let close = stat.lastIndex(of: ")"), stat[close...].dropFirst(2).first == "Z" { return }
            usleep(20_000)
        }
        XCTFail("process \(pid) did not become a zombie")
    }
}
