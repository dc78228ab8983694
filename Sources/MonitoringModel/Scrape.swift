import DocumentTree

/// Where series come from, with the `job` label they carry: a scrape job, or a group of metrics
/// that batch jobs push to the Pushgateway under their own `job`. Queries select a metric through
/// its source (`source.select(metric)`), so the job label is never typed twice.
public protocol MetricSource: Sendable {
    /// The value of the `job` label on the series.
    var jobLabel: String { get }
    var provides: [Metric] { get }
    /// Labels every series of the source carries beyond the metric's own.
    var targetLabels: [String] { get }
}

extension MetricSource {
    /// Whether the source's series include `metric` (a histogram provides its buckets, count and sum).
    public func hasSeries(_ metric: Metric) -> Bool {
        provides.contains { $0 == metric || ($0.kind == .histogram && [$0.bucket, $0.count, $0.sum].contains(metric)) }
    }

    /// `metric{job="<jobLabel>"}`; the metric must be one this source provides.
    public func select(_ metric: Metric) -> Selector {
        precondition(hasSeries(metric), "job \(jobLabel) does not provide \(metric.name)")
        return Selector(metric, [Matcher("job", .equal, jobLabel)])
    }

    /// `metric`, whatever its `job`: for a cluster component that the monitoring stack scrapes
    /// under a job name of its own choosing (kube-prometheus and Helm charts name the same
    /// exporter differently), whose metric names no other source writes.
    public func selectAnyJob(_ metric: Metric) -> Selector {
        precondition(hasSeries(metric), "job \(jobLabel) does not provide \(metric.name)")
        return Selector(metric)
    }
}

/// Metrics a batch job pushes to the Pushgateway (which cannot be scraped from a pod that has
/// already exited), with the grouping labels it pushes them under.
public struct PushedMetrics: MetricSource {
    public var jobLabel: String
    public var provides: [Metric]
    /// Grouping-key labels of the push URL beyond `job` (`/metrics/job/<job>/namespace/<ns>`).
    public var groupingLabels: [String]
    public var targetLabels: [String] { ["job", "instance"] + groupingLabels }

    public init(job: String, groupingLabels: [String], provides: [Metric]) {
        self.jobLabel = job
        self.groupingLabels = groupingLabels
        self.provides = provides
    }
}

/// A scrape job: which targets Kubernetes service discovery finds, and what they expose.
public struct ScrapeJob: MetricSource {
    public enum Targets: Sendable {
        /// Pods with these labels, on the container port with this name.
        case pods(labels: [(String, String)], port: String)
        /// The API servers: the `default/kubernetes` Service's https endpoints.
        case apiServers
        /// Every node's kubelet, through the API server's node proxy.
        case kubelets
        /// The endpoints of a Service, on its port with this name.
        case service(namespace: String, name: String, port: String)
    }

    public var name: String
    public var targets: Targets
    public var metricsPath: String
    public var interval: PromDuration?
    /// Keep the labels of scraped series over the target's (for the Pushgateway and
    /// kube-state-metrics, whose series describe other objects).
    public var honorLabels: Bool
    public var provides: [Metric]
    /// Batch jobs whose pushed metrics this job scrapes (Pushgateway only).
    public var pushed: [PushedMetrics]

    public init(_ name: String, targets: Targets, metricsPath: String = "/metrics", interval: PromDuration? = nil,
                honorLabels: Bool = false, provides: [Metric], pushed: [PushedMetrics] = []) {
        self.name = name
        self.targets = targets
        self.metricsPath = metricsPath
        self.interval = interval
        self.honorLabels = honorLabels
        self.provides = [Metric.up] + provides
        self.pushed = pushed
    }

    public var jobLabel: String { name }

    public var targetLabels: [String] {
        switch targets {
        case .pods: ["job", "instance", "namespace", "pod"]
        case .apiServers: ["job", "instance"]
        case .kubelets: ["job", "instance", "node"]
        case .service: ["job", "instance"]
        }
    }

    // MARK: Standalone prometheus.yml

    static let serviceAccount = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The job as a `scrape_configs` entry with Kubernetes service discovery.
    public var scrapeConfig: DocNode {
        var fields: [(String, DocNode)] = [("job_name", .string(name))]
        if let interval { fields.append(("scrape_interval", .string(interval.description))) }
        if honorLabels { fields.append(("honor_labels", .bool(true))) }
        let inCluster: [(String, DocNode)] = [
            ("scheme", .string("https")),
            ("tls_config", .map([("ca_file", .string("\(Self.serviceAccount)/ca.crt"))])),
            ("authorization", .map([("credentials_file", .string("\(Self.serviceAccount)/token"))])),
        ]
        var relabel: [DocNode] = []
        switch targets {
        case .pods(let labels, let port):
            fields.append(("metrics_path", .string(metricsPath)))
            fields.append(("kubernetes_sd_configs", .sequence([.map([("role", .string("pod"))])])))
            relabel.append(Self.keep(labels.map { "__meta_kubernetes_pod_label_\(Self.sanitised($0.0))" },
                                     labels.map(\.1)))
            relabel.append(Self.keep(["__meta_kubernetes_pod_container_port_name"], [port]))
            relabel.append(Self.copy("__meta_kubernetes_namespace", to: "namespace"))
            relabel.append(Self.copy("__meta_kubernetes_pod_name", to: "pod"))
        case .apiServers:
            fields.append(("metrics_path", .string(metricsPath)))
            fields += inCluster
            fields.append(("kubernetes_sd_configs", .sequence([.map([("role", .string("endpoints"))])])))
            relabel.append(Self.keep(["__meta_kubernetes_namespace", "__meta_kubernetes_service_name",
                                      "__meta_kubernetes_endpoint_port_name"], ["default", "kubernetes", "https"]))
        case .kubelets:
            fields += inCluster
            fields.append(("kubernetes_sd_configs", .sequence([.map([("role", .string("node"))])])))
            relabel.append(Self.copy("__meta_kubernetes_node_name", to: "node"))
            relabel.append(.map([("target_label", .string("__address__")),
                                 ("replacement", .string("kubernetes.default.svc:443"))]))
            relabel.append(.map([
                ("source_labels", .sequence([.string("__meta_kubernetes_node_name")])),
                ("target_label", .string("__metrics_path__")),
                ("replacement", .string("/api/v1/nodes/${1}/proxy\(metricsPath)")),
            ]))
        case .service(let namespace, let service, let port):
            fields.append(("metrics_path", .string(metricsPath)))
            fields.append(("kubernetes_sd_configs", .sequence([.map([
                ("role", .string("endpoints")),
                ("namespaces", .map([("names", .sequence([.string(namespace)]))])),
            ])])))
            relabel.append(Self.keep(["__meta_kubernetes_service_name", "__meta_kubernetes_endpoint_port_name"],
                                     [service, port]))
        }
        fields.append(("relabel_configs", .sequence(relabel)))
        return .map(fields)
    }

    static func keep(_ sources: [String], _ values: [String]) -> DocNode {
        .map([
            ("action", .string("keep")),
            ("source_labels", .sequence(sources.map { .string($0) })),
            ("regex", .string(values.joined(separator: ";"))),
        ])
    }

    static func copy(_ source: String, to target: String) -> DocNode {
        .map([("source_labels", .sequence([.string(source)])), ("target_label", .string(target))])
    }

    /// A label name as service discovery writes it in meta labels (`app.kubernetes.io/name` →
    /// `app_kubernetes_io_name`).
    static func sanitised(_ label: String) -> String {
        String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    // MARK: Prometheus Operator

    /// The `spec` of a PodMonitor that scrapes the same pods, port and path, giving the series the
    /// same `job` label (the operator would otherwise write `<namespace>/<podmonitor>`), or nil
    /// for jobs that are not pods.
    public var podMonitorSpec: DocNode? {
        guard case .pods(let labels, let port) = targets else { return nil }
        var endpoint: [(String, DocNode)] = [("port", .string(port)), ("path", .string(metricsPath))]
        if let interval { endpoint.append(("interval", .string(interval.description))) }
        if honorLabels { endpoint.append(("honorLabels", .bool(true))) }
        endpoint.append(("relabelings", .sequence([
            .map([("targetLabel", .string("job")), ("replacement", .string(name))]),
        ])))
        return .map([
            ("selector", .map([("matchLabels", .map(labels.map { ($0.0, .string($0.1)) }))])),
            ("podMetricsEndpoints", .sequence([.map(endpoint)])),
        ])
    }
}

/// A standalone Prometheus configuration: global settings, rule files, where Alertmanager is,
/// scrape jobs.
public struct PrometheusConfig: Sendable {
    public var scrapeInterval: PromDuration
    public var evaluationInterval: PromDuration
    public var externalLabels: [(String, String)]
    /// Rule file paths or globs, relative to the configuration file.
    public var ruleFiles: [String]
    /// Alertmanager addresses (`host:port`).
    public var alertmanagers: [String]
    public var jobs: [ScrapeJob]

    public init(scrapeInterval: PromDuration, evaluationInterval: PromDuration, externalLabels: [(String, String)],
                ruleFiles: [String], alertmanagers: [String], jobs: [ScrapeJob]) {
        self.scrapeInterval = scrapeInterval
        self.evaluationInterval = evaluationInterval
        self.externalLabels = externalLabels
        self.ruleFiles = ruleFiles
        self.alertmanagers = alertmanagers
        self.jobs = jobs
    }

    public var document: DocNode {
        .map([
            ("global", .map([
                ("scrape_interval", .string(scrapeInterval.description)),
                ("evaluation_interval", .string(evaluationInterval.description)),
                ("external_labels", .map(externalLabels.map { ($0.0, .string($0.1)) })),
            ])),
            ("rule_files", .sequence(ruleFiles.map { .string($0) })),
            ("alerting", .map([("alertmanagers", .sequence([
                .map([("static_configs", .sequence([.map([("targets", .sequence(alertmanagers.map { .string($0) }))])]))]),
            ]))])),
            ("scrape_configs", .sequence(jobs.map(\.scrapeConfig))),
        ])
    }
}
