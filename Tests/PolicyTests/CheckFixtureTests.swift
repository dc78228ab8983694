import Foundation
import Policy
import XCTest

/// Every registered check has docs and, under `Fixtures/<check-id>/`, at least one failing
/// fixture (`fail*.yaml`: the check reports something) and one passing fixture (`pass*.yaml`:
/// the check reports nothing). Fixtures go through `gen lint`'s YAML reader, so they also prove
/// that findings carry the file and line.
final class CheckFixtureTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func testEveryCheckHasDocumentationAndUniqueKebabCaseID() {
        var seen = Set<String>()
        for check in CheckRegistry.all {
            XCTAssertTrue(seen.insert(check.id).inserted, "duplicate id \(check.id)")
            XCTAssertTrue(check.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, check.id)
            for (field, text) in [("summary", check.summary), ("rationale", check.rationale), ("remediation", check.remediation)] {
                XCTAssertGreaterThan(text.count, 20, "\(check.id): \(field) is too short to help anyone")
            }
        }
    }

    func testEveryCheckFailsAndPassesItsFixtures() throws {
        let engine = PolicyEngine()
        for check in CheckRegistry.all {
            let dir = Self.fixtures.appendingPathComponent(check.id)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            let failing = files.filter { $0.hasPrefix("fail") && $0.hasSuffix(".yaml") }.sorted()
            let passing = files.filter { $0.hasPrefix("pass") && $0.hasSuffix(".yaml") }.sorted()
            XCTAssertFalse(failing.isEmpty, "\(check.id): no fail*.yaml fixture in \(dir.path)")
            XCTAssertFalse(passing.isEmpty, "\(check.id): no pass*.yaml fixture in \(dir.path)")
            for name in failing + passing {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                let objects = try YAMLInput.objects(from: text, file: "\(check.id)/\(name)")
                XCTAssertFalse(objects.isEmpty, "\(check.id)/\(name) holds no object")
                let report = engine.evaluate(objects)
                let mine = report.findings.filter { $0.check == check.id }
                if name.hasPrefix("fail") {
                    XCTAssertFalse(mine.isEmpty, "\(check.id)/\(name) should fail \(check.id)")
                    for finding in mine {
                        XCTAssertEqual(finding.file, "\(check.id)/\(name)")
                        XCTAssertNotNil(finding.line, "\(check.id)/\(name): finding without a line")
                        XCTAssertEqual(finding.severity, check.severity)
                    }
                } else {
                    XCTAssertEqual(mine.map(\.message), [], "\(check.id)/\(name) should pass \(check.id)")
                }
            }
        }
    }
}
