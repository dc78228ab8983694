import Components
import Environments
import KubeModel
import Policy
import Platform
import SecureMessenger
import XCTest

/// Every pod the tree deploys is admissible in a namespace that enforces `restricted`: checked
/// with the `pod-security-restricted` rules at the version the namespaces pin and at the newest
/// the check knows, so a cluster upgrade cannot start rejecting them.
final class PodSecurityAdmissionTests: XCTestCase {
    func pods(_ env: Environment) throws -> [PolicyObject] {
        let stack = try ProductStack.build(env)
        let deployed = stack.deployed
        return try deployed.filter { $0.object is any PodTemplateOwner }.map {
            PolicyObject(document: try $0.document(), origin: .model($0.source, environment: env.name))
        }
    }

    func restricted(at version: KubernetesVersion) throws -> PolicyEngine {
        PolicyEngine(checks: [try XCTUnwrap(CheckRegistry.check("pod-security-restricted"))],
                     settings: PolicySettings(podSecurityVersion: version))
    }

    func testEveryGeneratedPodIsAdmissibleUnderRestricted() throws {
        let pinned = try XCTUnwrap(KubernetesVersion(String(PodSecurity.version.dropFirst())))
        for version in [pinned, PolicySettings().podSecurityVersion] {
            for env in allEnvironments {
                let pods = try pods(env)
                XCTAssertGreaterThanOrEqual(pods.count, 4, env.name)
                let report = try restricted(at: version).evaluate(pods)
                let admission = report.findings.filter { $0.check == "pod-security-restricted" }
                XCTAssertEqual(admission.map { "\($0.object): \($0.message)" }, [], "\(env.name) at \(version)")
            }
        }
    }

    func testTheNamespacesEnforceRestrictedAtThePinnedVersion() throws {
        for env in allEnvironments {
            let stack = try ProductStack.build(env)
            let namespace = try XCTUnwrap(stack.bootstrap.compactMap { $0.object as? Namespace }.first)
            XCTAssertEqual(namespace.metadata.labels?["pod-security.kubernetes.io/enforce"], "restricted")
            XCTAssertEqual(namespace.metadata.labels?["pod-security.kubernetes.io/enforce-version"], PodSecurity.version)
        }
    }

    /// The check is not vacuous on our pods: the same service, opting out of non-root, fails.
    func testAnOptOutFromTheSecureDefaultsIsNotAdmissible() throws {
        var backend = ProductStack.workload(staging.product.services[0], staging)
        backend.allowing(.runAsNonRoot, because: "test")
        let deployment = try XCTUnwrap(try backend.workloads(namespace: "staging").first)
        let report = try restricted(at: PolicySettings().podSecurityVersion).evaluate([
            PolicyObject(document: try deployment.document(), origin: .model(deployment.source, environment: "staging")),
        ])
        XCTAssertTrue(report.findings.contains { $0.check == "pod-security-restricted" })
    }
}
