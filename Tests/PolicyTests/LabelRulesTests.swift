import Foundation
@testable import Policy
import TestSupport
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

    /// Against apimachinery's own definitions (validation.go: labelValueFmt, qualifiedNameFmt,
    /// dns1123SubdomainFmt and their lengths, counted in bytes) on generated strings.
    func testAgreesWithTheAPIServersExpressions() throws {
        let value = try NSRegularExpression(pattern: "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
        let subdomain = try NSRegularExpression(pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
            re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
        func validValue(_ s: String) -> Bool { s.utf8.count <= 63 && matches(value, s) }
        func validKey(_ s: String) -> Bool {
            let parts = s.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.last, parts.count <= 2, !name.isEmpty, validValue(name) else { return false }
            return parts.count == 1 || (parts[0].utf8.count <= 253 && matches(subdomain, parts[0]))
        }
        var random = SplitMix64(seed: 63)
        let alphabet = ["a", "z", "A", "0", "9", "-", "_", ".", "/", "é", " ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
        for _ in 0..<20_000 {
            let s = (0..<random.next(12)).map { _ in random.pick(alphabet) }.joined()
            XCTAssertEqual(LabelRules.problem(value: s) == nil, validValue(s), "value \"\(s)\"")
            XCTAssertEqual(LabelRules.problem(key: s) == nil, validKey(s), "key \"\(s)\"")
        }
    }
}
