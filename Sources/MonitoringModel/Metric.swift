/// One metric of the catalogue: its name, type and the labels its exporter writes. Alerts,
/// recording rules, dashboards and promtool tests refer to a `Metric` value, never to its name
/// typed again, so a rename reaches every query.
public struct Metric: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case counter, gauge, histogram
        /// A series computed by a recording rule.
        case recorded
        /// A series Prometheus itself writes (`up`, `ALERTS`).
        case synthetic
    }

    public let name: String
    public let kind: Kind
    public let help: String
    /// Labels the exporter (or the recording rule) writes, beyond the scrape's target labels.
    public let labels: [String]
    /// Upper bounds of a histogram's buckets, in its unit (seconds for durations).
    public let buckets: [PromNumber]
    /// A counter an exporter we do not write names without `_total` (ingress-nginx's
    /// `nginx_ingress_controller_requests`): its name is the exporter's, not ours to fix.
    public let exporterNamed: Bool

    public init(_ name: String, kind: Kind, help: String, labels: [String] = [], buckets: [PromNumber] = [],
                exporterNamed: Bool = false) {
        self.name = name
        self.kind = kind
        self.help = help
        self.labels = labels
        self.buckets = buckets
        self.exporterNamed = exporterNamed
    }

    public static func counter(_ name: String, help: String, labels: [String] = [], exporterNamed: Bool = false) -> Metric {
        Metric(name, kind: .counter, help: help, labels: labels, exporterNamed: exporterNamed)
    }

    public static func gauge(_ name: String, help: String, labels: [String] = []) -> Metric {
        Metric(name, kind: .gauge, help: help, labels: labels)
    }

    public static func histogram(_ name: String, help: String, labels: [String] = [], buckets: [PromNumber]) -> Metric {
        Metric(name, kind: .histogram, help: help, labels: labels, buckets: buckets)
    }

    /// The metric's name, so that `"\(metric)"` and `metric.name` read the same.
    public var description: String { name }

    /// `<histogram>_bucket`, with its `le` label.
    public var bucket: Metric { part("_bucket", extraLabels: [Self.le]) }
    /// `<histogram>_count`: how many observations.
    public var count: Metric { part("_count", extraLabels: []) }
    /// `<histogram>_sum`: the total of observations.
    public var sum: Metric { part("_sum", extraLabels: []) }

    /// The bucket label of histograms.
    public static let le = "le"

    private func part(_ suffix: String, extraLabels: [String]) -> Metric {
        precondition(kind == .histogram, "\(name) is not a histogram")
        return Metric(name + suffix, kind: .counter, help: help, labels: labels + extraLabels, buckets: buckets)
    }

    /// Why this name breaks Prometheus' naming rules, or nil (`_total` on counters, a valid name).
    public var namingProblem: String? {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
        if name.isEmpty || !allowed || name.first!.isNumber { return "\"\(name)\" is not a valid metric name" }
        if kind != .recorded && name.contains(":") { return "\"\(name)\": colons are reserved for recording rules" }
        if kind == .recorded && name.split(separator: ":").count != 3 {
            return "\"\(name)\": recorded series are named level:metric:operations"
        }
        if kind == .counter && !exporterNamed && !name.hasSuffix("_total") && !["_bucket", "_count", "_sum"].contains(where: name.hasSuffix) {
            return "counter \"\(name)\" must end in _total"
        }
        return nil
    }

    /// Prometheus' own: 1 when the target's last scrape succeeded.
    public static let up = Metric("up", kind: .synthetic, help: "Whether the last scrape of the target succeeded.")
    /// Prometheus' own: one series per pending or firing alert.
    public static let alerts = Metric("ALERTS", kind: .synthetic, help: "Pending and firing alerts.",
                                      labels: ["alertname", "alertstate", "severity"])
}
