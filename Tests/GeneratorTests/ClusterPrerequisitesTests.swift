import Components
import Foundation
import Platform
import SecureMessenger
import XCTest
import Yams

/// Every prerequisite's install command names the version, namespace and files the model
/// declares, the procedure installs each one, and the values that wire it to the tree are there
/// (the rehearsal runs the commands against its emulation of the charts: Tests/Rehearsal/prerequisites.py).
final class ClusterPrerequisitesTests: XCTestCase {
    /// The word after `flag` in `command`, each time it appears.
    static func arguments(_ flag: String, in command: ShellCommand) -> [String] {
        let words = command.words.map(\.rendered)
        return words.indices.dropLast().filter { words[$0] == flag }.map { words[$0 + 1] }
    }

    func testEachCommandPinsTheModelsVersionAndNamespace() throws {
        for prerequisite in ClusterPrerequisites.all {
            let command = prerequisite.installCommand
            switch prerequisite.source {
            case .helm(let release, let chart, _, let valuesFiles, _):
                XCTAssertEqual(Array(command.words.prefix(5).map(\.rendered)),
                               ["helm", "upgrade", "--install", ShellWord(release).rendered, ShellWord(chart).rendered], prerequisite.name)
                XCTAssertEqual(Self.arguments("--version", in: command), [ShellWord(prerequisite.version).rendered], prerequisite.name)
                XCTAssertEqual(Self.arguments("--namespace", in: command), [ShellWord(prerequisite.namespace).rendered], prerequisite.name)
                XCTAssertEqual(Self.arguments("--values", in: command), valuesFiles.map { ShellWord($0).rendered }, prerequisite.name)
                for file in valuesFiles {
                    XCTAssertTrue(FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("generated/\(file)").path),
                                  "\(prerequisite.name): \(file) is not in generated/")
                }
            case .manifest(let url):
                XCTAssertTrue(url.contains("/releases/download/\(prerequisite.version)/"), "\(prerequisite.name): \(url) is not pinned to \(prerequisite.version)")
                XCTAssertEqual(Self.arguments("--filename", in: command), [ShellWord(url).rendered], prerequisite.name)
            }
        }
    }

    func testTheProcedureInstallsEachPrerequisite() throws {
        let page = try String(contentsOf: repositoryRoot.appendingPathComponent("generated/docs/disaster-recovery.md"), encoding: .utf8)
        for prerequisite in ClusterPrerequisites.all {
            for command in prerequisite.installCommands {
                XCTAssertTrue(page.contains("\n\(command.rendered)\n"), "the procedure lacks `\(command.rendered)`")
            }
        }
    }

    /// The backup jobs push to the Pushgateway's Service by name: the chart must be given that name.
    func testThePushgatewayServiceIsTheOneTheBackupJobsPushTo() throws {
        guard case .helm(_, _, _, _, let settings) = ClusterPrerequisites.pushgateway.source else {
            return XCTFail("the Pushgateway is expected from its chart")
        }
        let host = try XCTUnwrap(URL(string: Backups.pushgatewayURL)?.host)
        XCTAssertEqual(host, "\(settings.first { $0.key == "fullnameOverride" }?.value ?? "").\(ClusterPrerequisites.pushgateway.namespace).svc")
    }

    /// kube-prometheus-stack's values: Prometheus selects gen's objects (they carry no `release`
    /// label), Alertmanager mounts every Secret its configuration reads, and runs gen's routing.
    func testTheMonitoringStackValuesWireTheTree() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("generated/\(ClusterPrerequisites.monitoringValuesFile)"),
                              encoding: .utf8)
        let values = try XCTUnwrap(try Yams.load(yaml: text) as? [String: Any])
        let spec = try XCTUnwrap((values["prometheus"] as? [String: Any])?["prometheusSpec"] as? [String: Any])
        for selector in ["podMonitor", "rule", "serviceMonitor"] {
            XCTAssertEqual(spec["\(selector)SelectorNilUsesHelmValues"] as? Bool, false, selector)
        }
        let alertmanager = try XCTUnwrap(values["alertmanager"] as? [String: Any])
        let mounted = try XCTUnwrap((alertmanager["alertmanagerSpec"] as? [String: Any])?["secrets"] as? [String])
        let config = try XCTUnwrap(alertmanager["config"] as? [String: Any])
        // The standalone alertmanager.yml, which amtool checks (make monitoring), is the same configuration.
        let standalone = try String(contentsOf: repositoryRoot.appendingPathComponent("generated/monitoring/alertmanager/alertmanager.yml"),
                                    encoding: .utf8)
        XCTAssertEqual(try Yams.dump(object: config, sortKeys: true), try Yams.dump(object: Yams.load(yaml: standalone), sortKeys: true))
        let files = try Yams.dump(object: config)
        let read = Set(files.matches(of: /\/etc\/alertmanager\/secrets\/([^\/]+)\//).map { String($0.1) })
        XCTAssertFalse(read.isEmpty, "the Alertmanager configuration reads no Secret file")
        XCTAssertEqual(Set(mounted), read, "mounted Secrets and the Secrets the configuration reads differ")
        XCTAssertEqual(Set(mounted), Set(Secrets.cluster(secureMessenger).secrets.map(\.name)), "mounted Secrets and the cluster's declared ones differ")
        let disabled = (values["defaultRules"] as? [String: Any])?["disabled"] as? [String: Any]
        XCTAssertEqual(disabled?[Alerts.watchdogName] as? Bool, true, "the chart's own Watchdog would duplicate gen's")
    }
}
