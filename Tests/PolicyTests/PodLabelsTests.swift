import DocumentTree
import Policy
import XCTest

/// Selectors on the labels controllers and operators set on pods: each Service of the fixtures is
/// judged on its own (the fixture test only asks for at least one finding per failing file).
final class PodLabelsTests: XCTestCase {
    func selectorFindings(_ fixture: String) throws -> [String] {
        let url = CheckFixtureTests.fixtures.appendingPathComponent("service-selector-matches/\(fixture)")
        let objects = try YAMLInput.objects(from: try String(contentsOf: url, encoding: .utf8), file: fixture)
        return PolicyEngine().evaluate(objects).findings.filter { $0.check == "service-selector-matches" }.map(\.object)
    }

    func testControllerSetLabelsMatchTheirOwnWorkloadOnly() throws {
        XCTAssertEqual(try selectorFindings("pass-controller-labels.yaml"), [])
        XCTAssertEqual(try selectorFindings("fail-controller-label-of-another-workload.yaml"),
                       ["Service/shop/cache-0", "Service/shop/migrate"])
    }

    func testOperatorPodsMatchByTheirResourceName() throws {
        XCTAssertEqual(try selectorFindings("pass-operator-pods.yaml"), [])
        XCTAssertEqual(try selectorFindings("fail-operator-pods.yaml"),
                       ["Service/monitoring/alertmanager-ops", "Service/monitoring/wrong-app"])
    }

    func testOrdinalValues() {
        let ordinal = PodLabels.Value.ordinal(prefix: "web-")
        XCTAssertTrue(ordinal.allows("web-0"))
        XCTAssertTrue(ordinal.allows("web-12"))
        XCTAssertFalse(ordinal.allows("web-"))
        XCTAssertFalse(ordinal.allows("web-a"))
        XCTAssertFalse(ordinal.allows("webx-0"))
        // NotIn on a value a controller chooses: some pod may carry another value, so it can match.
        let selector = LabelSelectorView(selector: .mapping([.init("matchExpressions", .sequence([.mapping([
            .init("key", .string("pod-template-hash")), .init("operator", .string("NotIn")),
            .init("values", .sequence([.string("abc")])),
        ])]))]))
        XCTAssertTrue(selector.matches(PodLabels(values: ["pod-template-hash": .any])))
        XCTAssertFalse(selector.matches(["pod-template-hash": "abc"]))
    }
}
