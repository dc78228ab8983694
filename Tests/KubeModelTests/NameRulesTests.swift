import KubeModel
import XCTest

final class NameRulesTests: XCTestCase {
    private func repeated(_ c: Character, _ n: Int) -> String { String(repeating: c, count: n) }

    func testDNSLabel() {
        XCTAssertNil(NameRules.dnsLabelProblem("backend-1"))
        XCTAssertNil(NameRules.dnsLabelProblem("a"))
        XCTAssertNil(NameRules.dnsLabelProblem("0abc"))
        XCTAssertNil(NameRules.dnsLabelProblem(repeated("a", 63)))
        XCTAssertNotNil(NameRules.dnsLabelProblem(repeated("a", 64)))
        XCTAssertNotNil(NameRules.dnsLabelProblem(""))
        XCTAssertNotNil(NameRules.dnsLabelProblem("Backend"))
        XCTAssertNotNil(NameRules.dnsLabelProblem("back_end"))
        XCTAssertNotNil(NameRules.dnsLabelProblem("back.end"))
        XCTAssertNotNil(NameRules.dnsLabelProblem("-backend"))
        XCTAssertNotNil(NameRules.dnsLabelProblem("backend-"))
        XCTAssertNotNil(NameRules.dnsLabelProblem("bäckend"))
    }

    func testDNSLabelLengthMessageGivesTheLength() throws {
        XCTAssertTrue(try XCTUnwrap(NameRules.dnsLabelProblem(repeated("a", 64))).contains("64"))
    }

    func testDNSSubdomain() {
        XCTAssertNil(NameRules.dnsSubdomainProblem("api.example.com"))
        XCTAssertNil(NameRules.dnsSubdomainProblem("backend"))
        let at253 = [repeated("a", 63), repeated("b", 63), repeated("c", 63), repeated("d", 61)].joined(separator: ".")
        XCTAssertEqual(at253.utf8.count, 253)
        XCTAssertNil(NameRules.dnsSubdomainProblem(at253))
        XCTAssertNotNil(NameRules.dnsSubdomainProblem(at253 + "d"))
        XCTAssertNotNil(NameRules.dnsSubdomainProblem(repeated("a", 64) + ".com"), "each label is at most 63")
        XCTAssertNotNil(NameRules.dnsSubdomainProblem("example..com"))
        XCTAssertNotNil(NameRules.dnsSubdomainProblem(".example.com"))
        XCTAssertNotNil(NameRules.dnsSubdomainProblem("example.com."))
        XCTAssertNotNil(NameRules.dnsSubdomainProblem("Example.com"))
        XCTAssertNotNil(NameRules.dnsSubdomainProblem(""))
    }

    func testLabelValues() {
        XCTAssertNil(NameRules.labelValueProblem(""), "label values may be empty")
        XCTAssertNotNil(NameRules.labelValueProblem("", allowEmpty: false))
        XCTAssertNil(NameRules.labelValueProblem("v1.2.3_rc-1"))
        XCTAssertNil(NameRules.labelValueProblem("MixedCase"))
        XCTAssertNil(NameRules.labelValueProblem(repeated("x", 63)))
        XCTAssertNotNil(NameRules.labelValueProblem(repeated("x", 64)))
        XCTAssertNotNil(NameRules.labelValueProblem("has space"))
        XCTAssertNotNil(NameRules.labelValueProblem("a/b"))
        XCTAssertNotNil(NameRules.labelValueProblem("-start"))
        XCTAssertNotNil(NameRules.labelValueProblem("end."))
        XCTAssertNotNil(NameRules.labelValueProblem("_x"))
    }

    func testQualifiedNames() {
        XCTAssertNil(NameRules.qualifiedNameProblem("app"))
        XCTAssertNil(NameRules.qualifiedNameProblem("app.kubernetes.io/name"))
        XCTAssertNil(NameRules.qualifiedNameProblem("example.com/Some_Name.v2"))
        XCTAssertNotNil(NameRules.qualifiedNameProblem(""))
        XCTAssertNotNil(NameRules.qualifiedNameProblem("a/b/c"))
        XCTAssertNotNil(NameRules.qualifiedNameProblem("/name"))
        XCTAssertNotNil(NameRules.qualifiedNameProblem("example.com/"))
        XCTAssertNotNil(NameRules.qualifiedNameProblem("example.com/" + repeated("n", 64)))
        XCTAssertNil(NameRules.qualifiedNameProblem("example.com/" + repeated("n", 63)))
    }

    func testQualifiedNamePrefixProblemIsLabelled() throws {
        let problem = try XCTUnwrap(NameRules.qualifiedNameProblem("Example.COM/name"))
        XCTAssertTrue(problem.hasPrefix("prefix "), problem)
        XCTAssertNil(NameRules.qualifiedNameProblem("example.com/name"))
    }

    func testPortNames() {
        XCTAssertNil(NameRules.portNameProblem("http"))
        XCTAssertNil(NameRules.portNameProblem("http-metrics"))
        XCTAssertNil(NameRules.portNameProblem(repeated("a", 15)))
        XCTAssertNotNil(NameRules.portNameProblem(repeated("a", 16)))
        XCTAssertNotNil(NameRules.portNameProblem("8080"), "needs a letter")
        XCTAssertNotNil(NameRules.portNameProblem("a--b"))
        XCTAssertNotNil(NameRules.portNameProblem("-http"))
        XCTAssertNotNil(NameRules.portNameProblem("HTTP"))
        XCTAssertNotNil(NameRules.portNameProblem(""))
    }
}
