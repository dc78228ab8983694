import Foundation
import Output
import XCTest

/// Without --output, gen writes the package root's generated/ from any folder inside the package,
/// and refuses outside any package; --check against a missing folder says that it is missing.
final class PackageRootTests: OutputTestCase {
    private func makePackage() throws -> URL {
        let package = parent.appendingPathComponent("package")
        try FileManager.default.createDirectory(at: package.appendingPathComponent("generated"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: package.appendingPathComponent("Sources/Output"), withIntermediateDirectories: true)
        try Data("// swift-tools-version:6.0\n".utf8).write(to: package.appendingPathComponent("Package.swift"))
        return package
    }

    func testFindsGeneratedOfThePackageRootFromAnySubfolder() throws {
        let package = try makePackage()
        for start in [package, package.appendingPathComponent("Sources"), package.appendingPathComponent("Sources/Output"),
                      package.appendingPathComponent("generated")] {
            XCTAssertEqual(try PackageRoot.defaultOutput(from: start).path, package.appendingPathComponent("generated").path,
                           start.path)
        }
    }

    func testRefusesOutsideAPackage() throws {
        let empty = parent.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let error = outputError { try PackageRoot.defaultOutput(from: empty) }
        XCTAssertTrue(error?.description.hasPrefix("no package root from \(empty.path) upwards") ?? false, error?.description ?? "")
    }

    /// A product package inside another writes its own tree, its first one too (no generated/ yet).
    func testTheNearestPackageWins() throws {
        let package = try makePackage()
        let inner = package.appendingPathComponent("Examples/guestbook")
        try FileManager.default.createDirectory(at: inner.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try Data("// swift-tools-version:6.0\n".utf8).write(to: inner.appendingPathComponent("Package.swift"))
        XCTAssertEqual(try PackageRoot.defaultOutput(from: inner.appendingPathComponent("Sources")).path,
                       inner.appendingPathComponent("generated").path)
    }

    func testCheckAgainstAMissingFolderSaysItIsMissing() throws {
        let plan = FilePlan(files: [file("a.yaml", "a\n")], scopes: ["prod"])
        let error = outputError { try DriftCheck.diff(plan, against: root) }
        XCTAssertTrue(error?.description.hasPrefix("\(root.path) does not exist: there is no tree to compare with") ?? false,
                      error?.description ?? "")
    }
}
