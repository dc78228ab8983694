import Foundation
@testable import Output
import XCTest

/// Bugs found in review, each pinned by the input that exposed it.
final class RegressionTests: OutputTestCase {
    func testHandWrittenFileWithTheSameBytesIsNotAdopted() throws {
        _ = try writer.write(FilePlan(files: [file("a.yaml", "a\n")], scopes: ["prod"]))
        try put("hand.yaml", "same\n")
        XCTAssertThrowsError(try writer.write(FilePlan(files: [file("a.yaml", "a\n"), file("hand.yaml", "same\n")],
                                                       scopes: ["prod"]))) { error in
            XCTAssertTrue(String(describing: error).contains("refusing to overwrite hand.yaml"), "\(error)")
        }
        _ = try writer.write(FilePlan(files: [file("a.yaml", "a\n")], scopes: ["prod"]))
        XCTAssertEqual(try read("hand.yaml"), "same\n")
    }

    func testManifestPathsMayContainSpaces() throws {
        _ = try writer.write(FilePlan(files: [file("my file.yaml", "x\n")], scopes: ["prod"]))
        let text = try read(OwnershipManifest.fileName)
        let parsed = try OwnershipManifest(parsing: text, source: "m")
        XCTAssertEqual(parsed.entries.keys.sorted(), ["my file.yaml"])
        XCTAssertEqual(try DriftCheck.diff(FilePlan(files: [file("my file.yaml", "x\n")], scopes: ["prod"]), against: root), "")
    }

    func testHunksCarryThreeLinesOfContextOnBothSides() {
        let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "l2\n", with: "L2\n")
        let diff = UnifiedDiff.render(old: old, new: new, path: "f")
        XCTAssertTrue(diff.contains("@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n"), diff)
        XCTAssertFalse(diff.contains(" l6\n"), diff)
    }
}
