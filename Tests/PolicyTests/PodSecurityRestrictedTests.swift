import DocumentTree
import Foundation
import Policy
import XCTest

/// `pod-security-restricted` reports exactly the fields each fixture breaks (each fail fixture is a
/// restricted pod except for one control), and the version parameter moves the rules as admission
/// does.
final class PodSecurityRestrictedTests: XCTestCase {
    static let id = "pod-security-restricted"
    static let dir = CheckFixtureTests.fixtures.appendingPathComponent(id)

    /// The paths of the check's findings on a fixture, evaluated with the rules of `version`.
    func paths(_ fixture: String, version: KubernetesVersion = PolicySettings().podSecurityVersion) throws -> [String] {
        let text = try String(contentsOf: Self.dir.appendingPathComponent(fixture), encoding: .utf8)
        let engine = PolicyEngine(checks: [CheckRegistry.check(Self.id)!],
                                  settings: PolicySettings(podSecurityVersion: version))
        return engine.evaluate(try YAMLInput.objects(from: text, file: fixture)).findings.map(\.path.description).sorted()
    }

    func testEachFailFixtureReportsExactlyTheFieldsOfItsControl() throws {
        let pod = "spec.template.spec"
        let expected: [String: [String]] = [
            "fail-host-namespaces.yaml": ["\(pod).hostIPC", "\(pod).hostNetwork", "\(pod).hostPID"],
            "fail-host-process.yaml": ["spec.containers[0].securityContext.windowsOptions.hostProcess",
                                       "spec.securityContext.windowsOptions.hostProcess"],
            // The API forbids allowPrivilegeEscalation: false next to privileged: true.
            "fail-privileged.yaml": ["spec.containers[0].securityContext.allowPrivilegeEscalation",
                                     "spec.containers[0].securityContext.privileged"],
            "fail-capabilities.yaml": ["\(pod).containers[0].securityContext.capabilities.add[0]",
                                       "\(pod).containers[0].securityContext.capabilities.add[1]",
                                       "\(pod).containers[0].securityContext.capabilities.drop",
                                       "\(pod).initContainers[0].securityContext.capabilities.drop"],
            "fail-volume-types.yaml": ["\(pod).volumes[1].hostPath", "\(pod).volumes[2].nfs", "\(pod).volumes[3].gitRepo"],
            "fail-host-ports.yaml": ["spec.containers[0].ports[0].hostPort"],
            "fail-apparmor.yaml": ["spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/api",
                                   "\(pod).securityContext.appArmorProfile.type"],
            "fail-selinux.yaml": ["spec.containers[0].securityContext.seLinuxOptions.role",
                                  "spec.containers[0].securityContext.seLinuxOptions.user",
                                  "spec.securityContext.seLinuxOptions.type"],
            "fail-proc-mount.yaml": ["spec.containers[0].securityContext.procMount"],
            "fail-seccomp.yaml": [
                "spec.jobTemplate.spec.template.spec.containers[1].securityContext.seccompProfile.type",
                "spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.seccompProfile.type",
            ],
            "fail-seccomp-pod-unconfined.yaml": ["spec.securityContext.seccompProfile.type"],
            "fail-sysctls.yaml": ["spec.securityContext.sysctls[0].name"],
            "fail-probe-host.yaml": ["spec.containers[0].lifecycle.preStop.tcpSocket.host",
                                     "spec.containers[0].livenessProbe.httpGet.host"],
            "fail-privilege-escalation.yaml": ["spec.containers[0].securityContext.allowPrivilegeEscalation",
                                               "spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation",
                                               "spec.initContainers[0].securityContext.allowPrivilegeEscalation"],
            "fail-run-as-root.yaml": ["\(pod).containers[1].securityContext.runAsNonRoot",
                                      "\(pod).initContainers[0].securityContext.runAsNonRoot"],
            "fail-run-as-user-zero.yaml": ["spec.containers[0].securityContext.runAsUser", "spec.securityContext.runAsUser"],
        ]
        let failing = try FileManager.default.contentsOfDirectory(atPath: Self.dir.path).filter { $0.hasPrefix("fail") }
        XCTAssertEqual(Set(failing), Set(expected.keys), "every fail fixture needs its expected paths here")
        for (fixture, paths) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(try self.paths(fixture), paths.sorted(), fixture)
        }
    }

    func testVersionMovesTheRulesAsAdmissionDoes() throws {
        // Sysctls: tcp_rmem is safe since 1.32, tcp_notsent_lowat since 1.37.
        XCTAssertEqual(try paths("fail-sysctls.yaml", version: KubernetesVersion(1, 31)),
                       (0...2).map { "spec.securityContext.sysctls[\($0)].name" })
        XCTAssertEqual(try paths("fail-sysctls.yaml", version: KubernetesVersion(1, 36)),
                       ["spec.securityContext.sysctls[0].name", "spec.securityContext.sysctls[2].name"])
        // SELinux: container_engine_t is allowed since 1.31.
        XCTAssertTrue(try paths("fail-selinux.yaml", version: KubernetesVersion(1, 30))
            .contains("spec.containers[1].securityContext.seLinuxOptions.type"))
        // Probe and lifecycle hosts are forbidden since 1.34.
        XCTAssertEqual(try paths("fail-probe-host.yaml", version: KubernetesVersion(1, 33)), [])
        // Since 1.35 a user-namespaced pod needs neither runAsNonRoot nor a non-zero runAsUser.
        XCTAssertEqual(try paths("pass-user-namespace.yaml", version: KubernetesVersion(1, 34)),
                       ["spec.template.spec.containers[0].securityContext.runAsNonRoot",
                        "spec.template.spec.securityContext.runAsUser"])
    }

    func testMessagesNameTheControlAndTheContainer() throws {
        let text = try String(contentsOf: Self.dir.appendingPathComponent("fail-privilege-escalation.yaml"), encoding: .utf8)
        let report = PolicyEngine().evaluate(try YAMLInput.objects(from: text, file: "f.yaml"))
        XCTAssertTrue(report.findings.filter { $0.check == Self.id }.map(\.message).contains(
            "Privilege Escalation: ephemeral container \"debugger\" does not set allowPrivilegeEscalation: false "
                + "(unset means true)"))
    }
}
