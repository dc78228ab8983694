import Foundation
import Policy
import XCTest

/// docs/policy-comparison.md's parity tables: every peer check has gen's counterpart, named by a
/// check id gen really has, or a reason why not.
final class ParityTableTests: XCTestCase {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/policy-comparison.md")

    func testEveryPeerCheckHasACounterpartOrAReason() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let ids = Set(CheckRegistry.all.map(\.id) + [PolicyEngine.unreadableInput])
        let parity = try XCTUnwrap(text.range(of: "## Parity with kube-linter, Polaris and kube-score")?.upperBound)
        let end = text.range(of: "\n## ", range: parity..<text.endIndex)?.lowerBound ?? text.endIndex
        var rows = 0
        for section in ["kube-linter", "Polaris", "kube-score"] {
            let start = try XCTUnwrap(text.range(of: "### \(section)\n", range: parity..<end)?.upperBound, section)
            let stop = text.range(of: "\n### ", range: start..<end)?.lowerBound ?? end
            let lines = text[start..<stop].split(separator: "\n").filter { $0.hasPrefix("| ") }.dropFirst(2)
            XCTAssertGreaterThan(lines.count, 30, section)
            for line in lines {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                XCTAssertEqual(cells.count, 3, String(line))
                guard cells.count == 3 else { continue }
                rows += 1
                let gen = cells[1]
                if gen.hasPrefix("none") {
                    XCTAssertTrue(gen.hasPrefix("none, deliberately: ") || gen.hasPrefix("none yet: "), "\(cells[0]): \(gen)")
                    XCTAssertGreaterThan(gen.count, 30, "\(cells[0]): a reason, not a word")
                } else {
                    let words = gen.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") }).map(String.init)
                    XCTAssertTrue(words.contains { ids.contains($0) }, "\(cells[0]): no gen check named in \"\(gen)\"")
                }
            }
        }
        XCTAssertGreaterThan(rows, 140)
    }

    /// The table's count of gen's checks is the registry's, so that adding a check cannot leave it stale.
    func testTheStatedNumberOfChecksIsTheRegistrys() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let stated = try XCTUnwrap(text.firstMatch(of: #/gen has (\d+) checks/#), "the sentence that states the count is gone")
        XCTAssertEqual(Int(stated.output.1), CheckRegistry.all.count)
    }
}
