@testable import Policy
import XCTest

/// The label syntax at its boundaries (k8s.io/apimachinery's IsValidLabelValue and IsQualifiedName).
final class LabelRulesTests: XCTestCase {
    func testValues() {
        XCTAssertNil(LabelRules.problem(value: ""))
        XCTAssertNil(LabelRules.problem(value: String(repeating: "a", count: 63)))
        XCTAssertNotNil(LabelRules.problem(value: String(repeating: "a", count: 64)))
        XCTAssertNil(LabelRules.problem(value: "v1.2_3-rc"))
        for bad in ["-a", "a-", "a b", "feature/x", "é"] { XCTAssertNotNil(LabelRules.problem(value: bad), bad) }
    }

    func testKeys() {
        for good in ["app", "app.kubernetes.io/name", "example.com/Team_1"] { XCTAssertNil(LabelRules.problem(key: good), good) }
        for bad in ["", "a/b/c", "example.com/", "Example.com/team", "-x.com/team", "x..com/team", "/team"] {
            XCTAssertNotNil(LabelRules.problem(key: bad), bad)
        }
    }
}
