import DocumentTree
import KubeModel
import XCTest

final class QuantityTests: XCTestCase {
    func testAcceptsKubernetesQuantities() {
        for text in ["250m", "512Mi", "1", "1.5Gi", "1e3", "+1", "0.5", "2Ti", "100k", "1E6", "1e-3", "-1"] {
            XCTAssertNil(Quantity.problem(text), "\(text) should be accepted")
        }
    }

    func testEncodesAsString() throws {
        XCTAssertEqual(try Quantity("1.5Gi").document(), .string("1.5Gi"))
        XCTAssertEqual(try Quantity("1").document(), .string("1"))
    }

    func testRejectsMegabytesWithSuggestion() throws {
        let problem = try XCTUnwrap(Quantity.problem("512MB"))
        XCTAssertTrue(problem.contains("did you mean \"512Mi\""), problem)
    }

    func testSuggestionsForOtherCommonMistakes() throws {
        XCTAssertTrue(try XCTUnwrap(Quantity.problem("2GB")).contains("did you mean \"2Gi\""))
        XCTAssertTrue(try XCTUnwrap(Quantity.problem("64mi")).contains("did you mean \"64Mi\""))
        XCTAssertTrue(try XCTUnwrap(Quantity.problem("1 Gi")).contains("did you mean \"1Gi\""))
    }

    func testRejectsMalformed() {
        for text in ["abc", "1.2.3", "", ".", "Mi", "1e", "1x", "--1", "1e3.5"] {
            XCTAssertNotNil(Quantity.problem(text), "\(text.debugDescription) should be rejected")
        }
    }

    func testMalformedHasNoMisleadingSuggestion() throws {
        let problem = try XCTUnwrap(Quantity.problem("abc"))
        XCTAssertFalse(problem.contains("did you mean"), problem)
        XCTAssertTrue(problem.contains("must start with a number"), problem)
    }

    func testConvenienceConstructors() {
        XCTAssertEqual(Quantity.millicores(250).text, "250m")
        XCTAssertEqual(Quantity.mebibytes(512).text, "512Mi")
        XCTAssertEqual(Quantity.gibibytes(1).description, "1Gi")
    }

    func testEncodingBadQuantityReportsFullFieldPath() {
        let error = invalidValue { try document(deployment(container: container(memoryLimit: "512MB"))) }
        XCTAssertEqual(error?.path.description, "spec.template.spec.containers[0].resources.limits.memory")
        XCTAssertTrue(error?.message.contains("did you mean \"512Mi\"") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("\"512MB\"") ?? false, error?.message ?? "")
    }

    func testBadQuotaCeilingReportsItsKeyUnderHard() {
        let quota = ResourceQuotaSpec(hard: ["pods": "10", "requests.memory": "512MB"])
        XCTAssertEqual(invalidValue { try quota.document() }?.path.description, "hard.requests.memory")
    }
}
