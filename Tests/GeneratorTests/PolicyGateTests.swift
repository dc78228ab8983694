import DocumentTree
import Environments
import Components
import Generator
import Policy
import Platform
import SecureMessenger
import XCTest

/// Policy on the typed model: errors stop generation and point at the Swift line that declared
/// the object; the Secure Messenger tree itself is clean.
final class PolicyGateTests: XCTestCase {
    /// A suppression naming a check that does not exist hides nothing: in the model it stops
    /// generation (in `gen lint` of files it stays a warning).
    func testAnUnknownCheckIDInTheModelStopsGeneration() throws {
        let engine = PolicyEngine(checks: CheckRegistry.all.filter { $0.id != "cpu-limit" })
        XCTAssertThrowsError(try Generator.generate([staging], policy: engine)) { error in
            guard let failure = error as? PolicyFailure else { return XCTFail("\(error)") }
            let unknown = failure.report.findings.filter { $0.message == "suppression names an unknown check \"cpu-limit\"" }
            XCTAssertEqual(Set(unknown.map(\.severity)), [.error])
            XCTAssertEqual(Set(unknown.compactMap(\.line)), Set(staging.product.services.map(\.source.line)))
        }
    }

    func testGeneratedTreeHasNoUnexplainedFindings() throws {
        let generation = try Generator.generate(allEnvironments)
        XCTAssertEqual(generation.policy.findings.map { "\($0.check) \($0.object): \($0.message)" }, [])
        for suppressed in generation.policy.suppressed {
            XCTAssertGreaterThan(suppressed.suppressedBecause?.count ?? 0, 20, "\(suppressed.check): reason too thin")
        }
    }

    func testAnErrorFindingStopsGenerationAndNamesTheSwiftLine() throws {
        let service = staging.product.services[0]
        let flagsOne = Check(id: "flags-one", summary: "test check: flags one service's Deployment",
                             rationale: "exercises the gate on the typed model", remediation: "none, it is a test",
                             severity: .error, kinds: ["Deployment"]) { object, _ in
            object.name == service.name ? [Violation("flagged", at: FieldPath("spec", "replicas"))] : []
        }
        let engine = PolicyEngine(checks: CheckRegistry.all + [flagsOne])
        XCTAssertThrowsError(try Generator.generate([staging], policy: engine)) { error in
            guard let failure = error as? PolicyFailure else { return XCTFail("\(error)") }
            let flagged = failure.report.findings.filter { $0.check == flagsOne.id }
            XCTAssertEqual(flagged.count, 1)
            let finding = flagged[0]
            XCTAssertEqual(finding.object, "Deployment/staging/\(service.name)")
            XCTAssertEqual(finding.file, "Sources/SecureMessenger/SecureMessenger.swift")
            XCTAssertEqual(finding.line, service.source.line)
            let source = try? String(contentsOf: repositoryRoot.appendingPathComponent(finding.file ?? ""), encoding: .utf8)
            let line = source?.split(separator: "\n", omittingEmptySubsequences: false)[(finding.line ?? 1) - 1]
            XCTAssertTrue(line?.contains("AppService(") == true, "line \(finding.line ?? 0) is not the declaration: \(line ?? "")")
        }
    }

    func testWarningsAreReportedButDoNotStopGeneration() throws {
        let advice = Check(id: "advice", summary: "test check: advice on every Service",
                           rationale: "exercises warnings on the typed model", remediation: "none, it is a test",
                           severity: .warning, kinds: ["Service"]) { _, _ in [Violation("advice", at: FieldPath())] }
        let generation = try Generator.generate([staging], policy: PolicyEngine(checks: CheckRegistry.all + [advice]))
        let stack = try ProductStack.build(staging)
        let services = stack.shared.filter { $0.object.kind == "Service" }.map { "Service/staging/\($0.object.metadata.name)" }
        XCTAssertEqual(Set(generation.policy.findings.filter { $0.check == "advice" }.map(\.object)), Set(services))
        XCTAssertTrue(Set(services).isSuperset(of: staging.product.services.map { "Service/staging/\($0.name)" }))
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
