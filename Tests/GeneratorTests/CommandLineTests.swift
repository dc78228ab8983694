import Foundation
import TestSupport
import XCTest

/// `gen` as a process: exit codes, drift check, determinism, ownership.
final class CommandLineTests: XCTestCase {
    func testTwoRunsProduceIdenticalBytes() throws {
        let tmp = try temporaryFolder(self)
        let a = try runProcess(genExecutable, ["--output", tmp.appendingPathComponent("a").path])
        let b = try runProcess(genExecutable, ["--output", tmp.appendingPathComponent("b").path])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        let first = try snapshot(tmp.appendingPathComponent("a"))
        XCTAssertGreaterThan(first.count, 30)
        XCTAssertEqual(first, try snapshot(tmp.appendingPathComponent("b")))
        let again = try runProcess(genExecutable, ["--output", tmp.appendingPathComponent("a").path])
        XCTAssertTrue(again.stdout.contains("0 written"), again.stdout)
    }

    func testCommittedTreeIsWhatTheModelProduces() throws {
        let result = try runProcess(genExecutable, ["--check", "--output", repositoryRoot.appendingPathComponent("generated").path])
        XCTAssertEqual(result.status, 0, "generated/ is stale; run `swift run gen` and commit:\n\(result.stdout)")
    }

    func testCheckReportsDriftWithADiffAndExitsOne() throws {
        let out = try temporaryFolder(self).appendingPathComponent("out")
        XCTAssertEqual(try runProcess(genExecutable, ["--output", out.path]).status, 0)
        XCTAssertEqual(try runProcess(genExecutable, ["--check", "--output", out.path]).status, 0)

        let file = out.appendingPathComponent("kubernetes/overlays/staging/kustomization.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: "namespace: staging", with: "namespace: stale").write(to: file, atomically: true, encoding: .utf8)
        let stale = try runProcess(genExecutable, ["--check", "--output", out.path])
        XCTAssertEqual(stale.status, 1)
        XCTAssertTrue(stale.stdout.contains("--- a/kubernetes/overlays/staging/kustomization.yaml"), stale.stdout)
        XCTAssertTrue(stale.stdout.contains("-namespace: stale\n+namespace: staging"), stale.stdout)
        XCTAssertTrue(stale.stderr.contains("is stale"), stale.stderr)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8).contains("stale"), true, "--check must not write")
    }

    func testUsageErrorsExitTwo() throws {
        let result = try runProcess(genExecutable, ["prod"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("unknown environment \"prod\""), result.stderr)
        XCTAssertEqual(try runProcess(genExecutable, ["--no-such-flag"]).status, 2)
        XCTAssertEqual(try runProcess(genExecutable, ["--help"]).status, 0)
    }

    func testOneEnvironmentLeavesTheOthersFilesAlone() throws {
        let out = try temporaryFolder(self).appendingPathComponent("out")
        XCTAssertEqual(try runProcess(genExecutable, ["--output", out.path]).status, 0)
        let before = try snapshot(out)
        let result = try runProcess(genExecutable, ["production", "--output", out.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try snapshot(out), before)

        let fresh = try temporaryFolder(self).appendingPathComponent("fresh")
        XCTAssertEqual(try runProcess(genExecutable, ["production", "--output", fresh.path]).status, 0)
        let files = try snapshot(fresh).keys
        XCTAssertTrue(files.contains("kubernetes/overlays/production-blue/kustomization.yaml"))
        XCTAssertTrue(files.contains("kubernetes/base/workloads/deployment-backend.yaml"))
        XCTAssertFalse(files.contains { $0.contains("staging") }, "gen production must not write staging")
    }

    func testHandWrittenFilesAreNeverOverwrittenOrDeleted() throws {
        let out = try temporaryFolder(self).appendingPathComponent("out")
        XCTAssertEqual(try runProcess(genExecutable, ["--output", out.path]).status, 0)
        let notes = out.appendingPathComponent("kubernetes/NOTES.md")
        try "hand-written\n".write(to: notes, atomically: true, encoding: .utf8)
        XCTAssertEqual(try runProcess(genExecutable, ["--output", out.path]).status, 0)
        XCTAssertEqual(try String(contentsOf: notes, encoding: .utf8), "hand-written\n")

        // A hand-written file where gen wants to write: refused, nothing changed.
        let target = out.appendingPathComponent("kubernetes/cluster/kustomization.yaml")
        let manifest = out.appendingPathComponent(".gen-manifest")
        let kept = try String(contentsOf: manifest, encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasSuffix("kubernetes/cluster/kustomization.yaml") }
            .joined(separator: "\n") + "\n"
        try kept.write(to: manifest, atomically: true, encoding: .utf8)
        try "mine\n".write(to: target, atomically: true, encoding: .utf8)
        let before = try snapshot(out)
        let refused = try runProcess(genExecutable, ["--output", out.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("refusing to overwrite kubernetes/cluster/kustomization.yaml"), refused.stderr)
        XCTAssertEqual(try snapshot(out), before)
    }
}
