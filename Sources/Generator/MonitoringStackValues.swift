import DocumentTree
import Render
import Platform

/// `monitoring/kube-prometheus-stack/values.yaml`: the chart's values that make the stack serve
/// the tree (`ClusterPrerequisites.monitoringStack`).
///
/// - Prometheus selects every PodMonitor, ServiceMonitor and PrometheusRule: with the chart's
///   default (`…SelectorNilUsesHelmValues: true`) it selects only objects labelled
///   `release: <release>`, and gen's carry no such label, so nothing would be scraped and no
///   alert would exist (templates/prometheus/prometheus.yaml at kube-prometheus-stack-88.5.3).
/// - Alertmanager runs gen's routing (`Alerting.config`) and mounts the Secrets it reads.
/// - The chart's own Watchdog is disabled: gen's cluster rules define the heartbeat, with the
///   labels the dead man's switch route matches; two would send every heartbeat twice.
enum MonitoringStackValues {
    static func yaml(_ product: Product) throws -> String {
        let everything = ["podMonitor", "rule", "serviceMonitor"].map { ("\($0)SelectorNilUsesHelmValues", DocNode.bool(false)) }
        let doc = DocNode.map([
            ("defaultRules", .map([("disabled", .map([(Alerts.watchdogName, .bool(true))]))])),
            ("prometheus", .map([("prometheusSpec", .map(everything))])),
            ("alertmanager", .map([
                ("config", Alerting.config(product).document),
                ("alertmanagerSpec", .map([("secrets", .sequence(Alerting.secrets(product).map { .string($0.name) }))])),
            ])),
        ])
        return try YAMLRenderer.render(doc, header: FileHeader.lines(command: product.regenerateCommand()))
    }
}
