import Foundation
import Output
import XCTest

/// gen never writes through a symbolic link inside the output folder: links planted to folders and
/// files outside it are refused (or, with --force, replaced themselves), and nothing outside changes.
final class ContainedOutputTests: OutputTestCase {
    private var outside: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        outside = parent.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("precious\n".utf8).write(to: outside.appendingPathComponent("a.yaml"))
        try Data("keep\n".utf8).write(to: outside.appendingPathComponent("b.yaml"))
    }

    private func plan(_ files: [String: String]) -> FilePlan {
        FilePlan(files: files.map { file($0.key, $0.value) }, scopes: ["prod"])
    }

    private let first = ["prod/a.yaml": "a1\n", "prod/b.yaml": "b1\n", "top.yaml": "t1\n"]
    private let second = ["prod/a.yaml": "a2\n", "prod/c.yaml": "c2\n", "top.yaml": "t2\n"]

    /// Replaces `path` in the output by a symbolic link to `destination`.
    private func plantLink(_ path: String, to destination: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.removeItem(at: url)
        try FileManager.default.createSymbolicLink(at: url, withDestinationURL: destination)
    }

    private func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent(path).path)) != nil
    }

    func testLinkToOutsideFolderIsRefusedNamingTheLink() throws {
        _ = try writer.write(plan(first))
        try plantLink("prod", to: outside)
        let before = try snapshot(outside)
        let error = outputError { try writer.write(plan(second)) }
        XCTAssertTrue(error?.description.contains("refusing to write through prod: it is a symbolic link (to \(outside.path))")
                      ?? false, error?.description ?? "")
        XCTAssertEqual(try snapshot(outside), before)
        XCTAssertTrue(isLink("prod"))
        XCTAssertEqual(try read("top.yaml"), "t1\n", "a refused run changed the tree")
        XCTAssertEqual(try parentListing(), ["out", "outside"])
    }

    func testForceReplacesTheFolderLinkNotItsDestination() throws {
        _ = try writer.write(plan(first))
        try plantLink("prod", to: outside)
        let before = try snapshot(outside)
        var forced = writer
        forced.force = true
        let summary = try forced.write(plan(second))
        XCTAssertEqual(summary.written, ["prod/a.yaml", "prod/c.yaml", "top.yaml"])
        XCTAssertEqual(try snapshot(outside), before)
        XCTAssertFalse(isLink("prod"))
        XCTAssertEqual(try read("prod/a.yaml"), "a2\n")
        XCTAssertEqual(try read("prod/c.yaml"), "c2\n")
        XCTAssertFalse(exists("prod/b.yaml"), "the link's destination was copied in")
        XCTAssertEqual(try parentListing(), ["out", "outside"])
    }

    func testLinkToOutsideFileIsNeitherOverwrittenNorDeleted() throws {
        _ = try writer.write(plan(first))
        try plantLink("prod/a.yaml", to: outside.appendingPathComponent("a.yaml"))
        try plantLink("prod/b.yaml", to: outside.appendingPathComponent("b.yaml"))  // b is deleted by `second`
        let before = try snapshot(outside)
        let error = outputError { try writer.write(plan(second)) }
        XCTAssertTrue(error?.description.contains("refusing to write through prod/a.yaml") ?? false, error?.description ?? "")

        var forced = writer
        forced.force = true
        _ = try forced.write(plan(second))
        XCTAssertEqual(try snapshot(outside), before)
        XCTAssertFalse(isLink("prod/a.yaml"))
        XCTAssertEqual(try read("prod/a.yaml"), "a2\n")
        XCTAssertFalse(exists("prod/b.yaml"))
    }

    func testOutputFolderThatIsALinkIsRefused() throws {
        try FileManager.default.createSymbolicLink(at: root, withDestinationURL: outside)
        let before = try snapshot(outside)
        let error = outputError { try writer.write(plan(first)) }
        XCTAssertTrue(error?.description.contains("it is a symbolic link") ?? false, error?.description ?? "")
        XCTAssertEqual(try snapshot(outside), before)
    }

    /// A link gen does not write through (a hand-made shortcut) is kept, and removing the old tree
    /// after the swap does not follow it.
    func testUnrelatedLinkIsKeptAndNotFollowedWhenTheOldTreeIsRemoved() throws {
        _ = try writer.write(plan(first))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("shortcut"), withDestinationURL: outside)
        let before = try snapshot(outside)
        _ = try writer.write(plan(second))
        XCTAssertEqual(try snapshot(outside), before)
        XCTAssertTrue(isLink("shortcut"))
        XCTAssertEqual(try parentListing(), ["out", "outside"])
    }
}
