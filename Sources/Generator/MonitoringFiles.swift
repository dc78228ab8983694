import DocumentTree
import MonitoringModel
import Output
import Render
import Platform

/// The standalone monitoring files: what a Prometheus, Alertmanager and Grafana outside the
/// Prometheus Operator load, the promtool unit tests of every alert, and the runbooks.
///
/// ```
/// monitoring/prometheus/prometheus.yml            scrape jobs (Kubernetes SD), rule_files: rules/*.rules.yml
/// monitoring/prometheus/rules/<env>.rules.yml     an environment's rules, scoped to its namespace
/// monitoring/prometheus/rules/cluster.rules.yml   nodes and the Watchdog
/// monitoring/prometheus/tests/<name>.test.yml     promtool unit tests of the rules file of the same name
/// monitoring/alertmanager/alertmanager.yml        routing, receivers, inhibitions
/// monitoring/grafana/<env>/<uid>.json             dashboards for file provisioning
/// docs/runbooks/<Alert>.md                        one page per alert, the target of its runbook_url
/// ```
public enum MonitoringFiles {
    public static let root = "monitoring"
    public static let prometheus = "\(root)/prometheus"

    /// `all`: every environment of the product (the shared runbooks describe each), whichever
    /// ones this run writes.
    public static func files(for environments: [Environment], all: [Environment], product: Product) throws -> [FilePlan.File] {
        let problems = try environments.flatMap { env in try Monitoring.problems(env).map { "\(env.name): \($0)" } }
        guard problems.isEmpty else { throw InvalidMonitoring(problems: problems) }
        var files = [
            try yaml(Monitoring.prometheusConfig(product).document, "\(prometheus)/prometheus.yml", scope: nil, product: product),
            try yaml(Alerting.config(product).document, "\(root)/alertmanager/alertmanager.yml", scope: nil, product: product),
        ]
        files += try rules(Monitoring.clusterRules(product), scope: nil, product: product)
        for env in environments {
            files += try rules(Monitoring.environmentRules(env), scope: env.name, product: product)
            files += try Dashboards.all(env).map { dashboard in
                FilePlan.File(path: "\(root)/grafana/\(env.name)/\(Dashboards.fileName(dashboard))",
                              contents: JSONRenderer.render(dashboard.document), scope: env.name)
            }
        }
        // Runbooks describe the alerts with the seed's objectives and no namespace (environments
        // add `namespace="<env>"` to every selector): one page per alert, shared by all.
        let alerts = try Alerts.environment(.base(of: product)).flatMap(\.alerts) + SLOs.alerts(product, namespace: "<namespace>")
            + Alerts.cluster(product).flatMap(\.alerts)
        let clusterAlerts = Set(Monitoring.clusterRules(product).alerts.map(\.rule.name))
        // A page that sends the reader to the environment's commands gets them, for every environment.
        let commands = try RunbookCommands.markdown(all)
        files += alerts.map { alert in
            let note = clusterAlerts.contains(alert.rule.name) ? nil
                : "Each environment's rules add `namespace=\"<namespace>\"` to every selector, and thresholds come from its objectives (shown: the seed's)."
            let appendix = alert.runbook.procedure.contains { $0.contains(Runbooks.seeCommands) } ? commands : nil
            return FilePlan.File(path: "\(Runbooks.folder)/\(alert.rule.name).md",
                                 contents: Runbook.markdown(alert, header: FileHeader.lines(command: product.regenerateCommand()), queryNote: note,
                                                            appendix: appendix),
                                 scope: "shared")
        }
        return files
    }

    static func rules(_ rules: Monitoring.Rules, scope: String?, product: Product) throws -> [FilePlan.File] {
        [try yaml(rules.file.document, "\(prometheus)/\(Monitoring.rulesFolder)/\(rules.name).rules.yml", scope: scope, product: product),
         try yaml(Monitoring.unitTests(rules).document, "\(prometheus)/tests/\(rules.name).test.yml", scope: scope, product: product)]
    }

    static func yaml(_ document: DocNode, _ path: String, scope: String?, product: Product) throws -> FilePlan.File {
        let command = product.regenerateCommand(scope)
        return FilePlan.File(path: path, contents: try YAMLRenderer.render(document, header: FileHeader.lines(command: command)),
                             scope: scope ?? "shared")
    }
}

/// Queries that select series no scrape job or recording rule provides, malformed dashboards,
/// or an inconsistent Alertmanager routing: nothing is written.
public struct InvalidMonitoring: Error, CustomStringConvertible, Sendable {
    public var problems: [String]
    public var description: String { "monitoring model:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
}
