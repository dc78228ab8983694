import Foundation
import XCTest

/// Compares `actual` with `Golden/<name>` beside the calling test file; GEN_RECORD_GOLDEN=1
/// rewrites the file instead (review the diff before committing).
func assertGolden(_ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["GEN_RECORD_GOLDEN"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        return XCTFail("missing golden file \(url.path); record it with GEN_RECORD_GOLDEN=1", file: file, line: line)
    }
    XCTAssertEqual(actual, expected, "rendering differs from \(name); if intended, re-record with GEN_RECORD_GOLDEN=1",
                   file: file, line: line)
}
