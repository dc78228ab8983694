@testable import Policy
import XCTest

/// Port names at the boundaries of IANA_SVC_NAME (k8s.io/apimachinery's IsValidPortName).
final class PortNameRulesTests: XCTestCase {
    func testValidNames() {
        for good in ["http", "h2c", "metrics-port-v2", "a", "9p-fs"] { XCTAssertNil(PortNameRules.problem(good), good) }
        XCTAssertNil(PortNameRules.problem(String(repeating: "a", count: 15)))
    }

    func testInvalidNames() {
        let bad = ["", String(repeating: "a", count: 16), "HTTP", "http_api", "web api", "8080", "-http", "http-",
                   "web--api", "é"]
        for name in bad { XCTAssertNotNil(PortNameRules.problem(name), name) }
    }
}
