import Foundation
@testable import Output
import XCTest

final class OwnershipManifestTests: XCTestCase {
    private let manifest = OwnershipManifest(entries: [
        "prod/deployment.yaml": .init(sha256: OwnershipManifest.hash("d"), scope: "prod"),
        "shared/namespace.yaml": .init(sha256: OwnershipManifest.hash("n"), scope: "shared"),
        "kustomization.yaml": .init(sha256: OwnershipManifest.hash("k"), scope: "shared"),
    ])

    func testTextIsSortedOneLinePerFile() {
        let lines = manifest.text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].hasPrefix("# "))
        XCTAssertEqual(lines.count, 5, "header, 3 entries, trailing empty: \(lines)")
        XCTAssertEqual(lines[1], "\(OwnershipManifest.hash("k"))  shared  kustomization.yaml")
        XCTAssertEqual(lines[2], "\(OwnershipManifest.hash("d"))  prod  prod/deployment.yaml")
        XCTAssertEqual(lines[3], "\(OwnershipManifest.hash("n"))  shared  shared/namespace.yaml")
        XCTAssertEqual(lines[4], "")
    }

    func testRoundTrip() throws {
        XCTAssertEqual(try OwnershipManifest(parsing: manifest.text, source: "m"), manifest)
        XCTAssertEqual(try OwnershipManifest(parsing: OwnershipManifest().text, source: "m"), OwnershipManifest())
    }

    func testIgnoresCommentsAndBlankLines() throws {
        let text = "# comment\n\n\(OwnershipManifest.hash("x"))  prod  a.yaml\n# another\n"
        let parsed = try OwnershipManifest(parsing: text, source: "m")
        XCTAssertEqual(parsed.entries, ["a.yaml": .init(sha256: OwnershipManifest.hash("x"), scope: "prod")])
    }

    func testMalformedLineReportsFileAndLine() {
        let text = "# header\n\(OwnershipManifest.hash("x"))  prod  a.yaml\nnot-a-hash  prod  b.yaml\n"
        XCTAssertThrowsError(try OwnershipManifest(parsing: text, source: "out/.gen-manifest")) { error in
            let description = (error as? OutputError)?.description ?? "\(error)"
            XCTAssertTrue(description.hasPrefix("out/.gen-manifest:3:"), description)
            XCTAssertTrue(description.contains("malformed"), description)
        }
    }

    func testLineWithMissingFieldIsMalformed() {
        XCTAssertThrowsError(try OwnershipManifest(parsing: "\(OwnershipManifest.hash("x"))  a.yaml\n", source: "m")) { error in
            XCTAssertTrue("\(error)".contains("m:1:"), "\(error)")
        }
    }

    func testMalformedManifestOnDiskStopsTheWriter() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gen-manifest-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("garbage line\n".utf8).write(to: root.appendingPathComponent(OwnershipManifest.fileName))
        let plan = FilePlan(files: [FilePlan.File(path: "a.yaml", contents: "a", scope: "prod")], scopes: ["prod"])
        XCTAssertThrowsError(try TreeWriter(outputDirectory: root).write(plan)) { error in
            XCTAssertTrue("\(error)".contains(".gen-manifest:1:"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("a.yaml").path))
    }

    func testFilePlanSortsFilesByPath() {
        let plan = FilePlan(files: [
            FilePlan.File(path: "z.yaml", contents: "", scope: "s"), FilePlan.File(path: "a/b.yaml", contents: "", scope: "s"),
        ], scopes: ["s"])
        XCTAssertEqual(plan.files.map(\.path), ["a/b.yaml", "z.yaml"])
    }
}
