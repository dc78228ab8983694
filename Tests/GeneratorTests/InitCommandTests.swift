import Foundation
import TestSupport
import XCTest

/// `gen init` scaffolds a product package; `Examples/guestbook` is its output, which `make
/// example` builds, generates and validates. This test keeps the two identical, so what is
/// validated is what a new team gets.
final class InitCommandTests: XCTestCase {
    func testInitWritesExactlyTheExamplePackage() throws {
        let example = repositoryRoot.appendingPathComponent("Examples/guestbook")
        let out = try temporaryFolder(self).appendingPathComponent("guestbook")
        let result = try runProcess(genExecutable, ["init", "guestbook", "--gen", "../..", "--output", out.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let written = try snapshot(out)
        XCTAssertFalse(written.isEmpty)
        // Package.resolved is what a build of the example leaves (its .gitignore keeps it out of git).
        XCTAssertEqual(written, try snapshot(example).filter { $0.key != "Package.resolved" })
    }

    func testInitRefusesAnExistingFolderAndABadName() throws {
        let folder = try temporaryFolder(self)
        let existing = try runProcess(genExecutable, ["init", "guestbook", "--output", folder.path])
        XCTAssertEqual(existing.status, 1)
        XCTAssertTrue(existing.stderr.contains("exists already"), existing.stderr)
        let badName = try runProcess(genExecutable, ["init", "Guest_Book", "--output", folder.appendingPathComponent("x").path])
        XCTAssertEqual(badName.status, 2)
        XCTAssertTrue(badName.stderr.contains("\"Guest_Book\" cannot name a product"), badName.stderr)
    }
}
