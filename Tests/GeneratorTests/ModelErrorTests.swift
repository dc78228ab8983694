import Environments
import Generator
import Platform
import SecureMessenger
import XCTest

final class ModelErrorTests: XCTestCase {
    func testInvalidQuantityNamesTheModelPathAndSuggestsAFix() throws {
        let broken = Environment.named("production") { env in
            env[backend].limits.memory = "512MB"
        }
        let line = #line - 2
        XCTAssertThrowsError(try Generator.generate([broken])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.hasPrefix(
                "production › backend › Deployment/backend › spec.template.spec.containers[0].resources.limits.memory: "
                + "\"512MB\" is not a Kubernetes quantity (did you mean \"512Mi\"?)"), text)
            XCTAssertTrue(text.contains("\n  set at GeneratorTests/ModelErrorTests.swift:\(line)\n"), text)
            XCTAssertTrue(text.contains("declared at \(backend.source)"), text)
        }
    }

    func testInvalidHostNamesTheIngressRule() throws {
        let broken = Environment.named("staging") { env in env.domain = "API_host" }
        XCTAssertThrowsError(try Generator.generate([broken])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.hasPrefix("staging › ingress › Ingress/secure-messenger › spec.rules[0].host"), text)
        }
    }

    func testHPABoundsAreChecked() throws {
        let broken = Environment.named("staging") { env in
            env[backend].replicas = 12
            env[backend].maxReplicas = 10
        }
        XCTAssertThrowsError(try Generator.generate([broken])) { error in
            XCTAssertTrue(String(describing: error).contains("HorizontalPodAutoscaler/backend › spec.minReplicas"),
                          String(describing: error))
        }
    }

    func testUnknownEnvironmentIsRefused() {
        XCTAssertThrowsError(try Generator.generate(allEnvironments, selected: ["prod"])) { error in
            XCTAssertEqual(String(describing: error),
                           "unknown environment \"prod\"; known environments: staging, production")
        }
    }
}
