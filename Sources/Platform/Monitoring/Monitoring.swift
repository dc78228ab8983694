import Components
import DocumentTree
import Foundation
import KubeModel
import MonitoringModel
import Render

/// Secure Messenger's monitoring assembled: rule files per environment and for the cluster, the
/// standalone Prometheus configuration, the catalogue every query is checked against, and the
/// Prometheus Operator objects and dashboard ConfigMaps of the Kustomize tree.
public enum Monitoring {
    /// Rule evaluation and scrape interval; promtool tests use the same.
    public static let interval = PromDuration.seconds(30)
    /// Sample spacing of promtool unit tests.
    public static let testInterval = PromDuration.minutes(1)
    /// Standalone layout, relative to `prometheus.yml`.
    public static let rulesFolder = "rules"

    /// One rules file's content and the alerts it holds (with runbooks and test situations).
    public struct Rules: Sendable {
        public var name: String
        public var file: RuleFile
        public var alerts: [Alert]
    }

    /// An environment's rules: the seed's alerts and the SLOs, every selector scoped to its namespace.
    public static func environmentRules(_ env: Environment) throws -> Rules {
        let ns = env.namespace ?? "default"
        let scope = Matcher("namespace", .equal, ns)
        let alertGroups = try Alerts.environment(env) + [("slo", SLOs.alerts(env.product, namespace: ns))]
        var groups = alertGroups.map { name, alerts in
            RuleGroup("\(env.name).\(name)", alerting: alerts.map(\.rule))
        }
        groups.insert(RuleGroup("\(env.name).slo-recording", recording: SLOs.recordingRules(env.product)), at: 0)
        return Rules(name: env.name, file: RuleFile(groups: groups.map { $0.scoped(scope) { _ in true } }),
                     alerts: alertGroups.flatMap(\.1).map { alert in
                         var a = alert
                         a.rule.expr = a.rule.expr.scoped(scope) { _ in true }
                         return a
                     })
    }

    /// Rules about the cluster (nodes, the Watchdog), loaded once per Prometheus.
    public static func clusterRules(_ product: Product) -> Rules {
        let groups = Alerts.cluster(product)
        return Rules(name: "cluster", file: RuleFile(groups: groups.map { RuleGroup("cluster.\($0.group)", alerting: $0.alerts.map(\.rule)) }),
                     alerts: groups.flatMap(\.alerts))
    }

    /// promtool unit tests of `rules`, for a test file next to `rules/` (`tests/<name>.test.yml`).
    public static func unitTests(_ rules: Rules) -> RuleTestFile {
        RuleTestFile(ruleFiles: ["../\(rulesFolder)/\(rules.name).rules.yml"], evaluationInterval: testInterval,
                     tests: rules.alerts.flatMap { $0.testCases(interval: testInterval) })
    }

    /// The standalone `prometheus.yml`: every scrape job, every rules file beside it.
    public static func prometheusConfig(_ product: Product) -> PrometheusConfig {
        PrometheusConfig(scrapeInterval: interval, evaluationInterval: interval,
                         externalLabels: [("cluster", product.app)],
                         ruleFiles: ["\(rulesFolder)/*.rules.yml"], alertmanagers: [Scraping.alertmanagerAddress],
                         jobs: Scraping.jobs(product))
    }

    /// What Prometheus has: every source's metrics and every recorded series.
    public static func catalogue(_ product: Product) -> Catalogue {
        Catalogue(sources: Scraping.sources(product), recorded: SLOs.recordingRules(product).map(\.record))
    }

    /// Selectors, in rules and dashboards, that select series nobody provides (empty when none).
    public static func problems(_ env: Environment) throws -> [String] {
        let rules = [try environmentRules(env), clusterRules(env.product)]
        let dashboards = try Dashboards.all(env)
        let exprs = rules.flatMap { $0.file.alerts.map(\.expr) + $0.file.recordings.map(\.expr) }
            + dashboards.flatMap { $0.panels.flatMap { $0.targets.map(\.expr) } }
        let catalogue = catalogue(env.product)
        return exprs.flatMap(catalogue.problems(in:))
            + dashboards.compactMap { d in d.problem.map { "\(d.uid): \($0)" } }
            + (Alerting.config(env.product).problem.map { ["alertmanager: \($0)"] } ?? [])
    }
}

extension ProductStack {
    /// The Prometheus Operator and Grafana objects of one environment: a PodMonitor per
    /// application job, a PrometheusRule with the environment's rules, and the dashboards as
    /// ConfigMaps for Grafana's sidecar. None in the namespace-less base: rules and dashboards
    /// are scoped to a namespace.
    public static func monitoring(_ env: Environment) throws -> [Manifest] {
        guard let ns = env.namespace else { return [] }
        let labels: Labels = [StandardLabels.partOf: env.product.app, StandardLabels.managedBy: "gen"]
        var out = Scraping.applicationJobs(env).compactMap { job -> Manifest? in
            guard let spec = job.podMonitorSpec else { return nil }
            return Manifest(CustomResource(apiVersion: Monitoring.operatorAPI, kind: "PodMonitor",
                                           metadata: ObjectMeta(name: job.name, namespace: ns, labels: labels),
                                           body: [DocNode.Field("spec", spec)]),
                            component: "monitoring", source: SourceLocation())
        }
        out.append(Monitoring.prometheusRule(try Monitoring.environmentRules(env), app: env.product.app, namespace: ns, labels: labels))
        for dashboard in try Dashboards.all(env) {
            var cmLabels = labels
            cmLabels[Dashboards.sidecarLabel.0] = Dashboards.sidecarLabel.1
            out.append(Manifest(ConfigMap(metadata: ObjectMeta(name: "grafana-dashboard-\(dashboard.uid)", namespace: ns, labels: cmLabels),
                                          data: [Dashboards.fileName(dashboard): JSONRenderer.render(dashboard.document)]),
                                component: "monitoring", source: SourceLocation()))
        }
        return out
    }

    /// The cluster's rules (nodes, Watchdog) as a PrometheusRule in the monitoring namespace.
    public static func clusterMonitoring(_ product: Product) -> [Manifest] {
        [Monitoring.prometheusRule(Monitoring.clusterRules(product), app: product.app, namespace: Scraping.monitoringNamespace,
                                   labels: [StandardLabels.partOf: product.app, StandardLabels.managedBy: "gen"])]
    }
}

extension Monitoring {
    /// The Prometheus Operator's API group and version.
    public static let operatorAPI = "monitoring.coreos.com/v1"

    static func prometheusRule(_ rules: Rules, app: String, namespace: String, labels: Labels) -> Manifest {
        Manifest(CustomResource(apiVersion: operatorAPI, kind: "PrometheusRule",
                                metadata: ObjectMeta(name: "\(app)-\(rules.name)", namespace: namespace, labels: labels),
                                body: [DocNode.Field("spec", rules.file.document)]),
                 component: "monitoring", source: SourceLocation())
    }
}
