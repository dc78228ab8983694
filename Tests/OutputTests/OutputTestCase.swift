import Foundation
import Output
import TestSupport
import XCTest

/// A fresh folder per test: `parent/out` is the output folder, `parent` is where the writer puts
/// its temporary tree.
class OutputTestCase: XCTestCase {
    var parent: URL!
    var root: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("gen-output-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        root = parent.appendingPathComponent("out")
    }

    override func tearDownWithError() throws {
        if let parent { try? FileManager.default.removeItem(at: parent) }
        parent = nil
        root = nil
        try super.tearDownWithError()
    }

    var writer: TreeWriter { TreeWriter(outputDirectory: root) }

    func file(_ path: String, _ contents: String, scope: String = "prod") -> FilePlan.File {
        FilePlan.File(path: path, contents: contents, scope: scope)
    }

    /// Writes a file directly (a hand edit or a hand-written file).
    func put(_ path: String, _ contents: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    /// Every file and folder under `url` (default: the output folder).
    func snapshot(_ url: URL? = nil) throws -> [String: Data] {
        try TestSupport.snapshot(url ?? root!)
    }

    /// Entries of `parent` (the output folder and anything the writer left beside it).
    func parentListing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted()
    }

    func manifest() throws -> OwnershipManifest {
        try OwnershipManifest(parsing: read(OwnershipManifest.fileName), source: OwnershipManifest.fileName)
    }

    /// The `OutputError` that `body` throws; fails the test when it throws nothing or something else.
    func outputError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> OutputError? {
        expectError(OutputError.self, body, file: file, line: line)
    }
}
