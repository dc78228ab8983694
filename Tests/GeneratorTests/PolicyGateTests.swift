import DocumentTree
import Environments
import Components
import Generator
import Policy
import XCTest

/// Policy on the typed model: errors stop generation and point at the Swift line that declared
/// the object; the Secure Messenger tree itself is clean.
final class PolicyGateTests: XCTestCase {
    func testGeneratedTreeHasNoUnexplainedFindings() throws {
        let generation = try Generator.generate(allEnvironments)
        XCTAssertEqual(generation.policy.findings.map { "\($0.check) \($0.object): \($0.message)" }, [])
        for suppressed in generation.policy.suppressed {
            XCTAssertGreaterThan(suppressed.suppressedBecause?.count ?? 0, 20, "\(suppressed.check): reason too thin")
        }
    }

    func testAnErrorFindingStopsGenerationAndNamesTheSwiftLine() throws {
        let noBackend = Check(id: "no-backend", summary: "test check: flags the backend Deployment",
                              rationale: "exercises the gate on the typed model", remediation: "none, it is a test",
                              severity: .error, kinds: ["Deployment"]) { object, _ in
            object.name.hasPrefix("backend") ? [Violation("flagged", at: FieldPath("spec", "replicas"))] : []
        }
        let engine = PolicyEngine(checks: [noBackend])
        XCTAssertThrowsError(try Generator.generate([staging], policy: engine)) { error in
            guard let failure = error as? PolicyFailure else { return XCTFail("\(error)") }
            // The model's suppressions name checks this engine does not have: reported as warnings.
            let flagged = failure.report.findings.filter { $0.check == "no-backend" }
            XCTAssertEqual(flagged.count, 1)
            let finding = flagged[0]
            XCTAssertEqual(finding.object, "Deployment/staging/backend")
            XCTAssertEqual(finding.file, "Sources/SecureMessenger/SecureMessengerStack.swift")
            let source = try? String(contentsOf: repositoryRoot.appendingPathComponent(finding.file ?? ""), encoding: .utf8)
            let line = source?.split(separator: "\n", omittingEmptySubsequences: false)[(finding.line ?? 1) - 1]
            XCTAssertTrue(line?.contains("WebService(") == true, "line \(finding.line ?? 0) is not the declaration: \(line ?? "")")
        }
    }

    func testWarningsAreReportedButDoNotStopGeneration() throws {
        let advice = Check(id: "advice", summary: "test check: advice on every Service",
                           rationale: "exercises warnings on the typed model", remediation: "none, it is a test",
                           severity: .warning, kinds: ["Service"]) { _, _ in [Violation("advice", at: FieldPath())] }
        let generation = try Generator.generate([staging], policy: PolicyEngine(checks: [advice]))
        XCTAssertEqual(Set(generation.policy.findings.filter { $0.check == "advice" }.map(\.object)),
                       ["Service/staging/backend", "Service/staging/web", "Service/staging/postgres",
                        "Service/staging/redis"])
    }
}

/// Opting out of a secure default writes the suppression of the check that enforces it: the ids
/// must exist, or the opt-out would suppress nothing.
final class SecureDefaultIDTests: XCTestCase {
    func testEverySecureDefaultNamesARegisteredCheck() {
        for secureDefault in SecureDefault.allCases {
            XCTAssertNotNil(CheckRegistry.check(secureDefault.rawValue), secureDefault.rawValue)
        }
    }
}
