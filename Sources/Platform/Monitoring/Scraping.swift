import Components
import KubeModel
import MonitoringModel

/// The scrape jobs of Secure Messenger's Prometheus (seed 5.2), each with the metrics it provides.
///
/// A job's name is the `job` label of its series: alerts and dashboards select metrics through
/// these values (`ScrapeJob.select(Telemetry.httpRequests, from: Scraping.serviceJobs(product))`). Pods are found by the same
/// selector labels their Deployments and StatefulSets use, on the container port declared once
/// in `ProductStack`. Pods are scraped, not Services: in production the active and the
/// preview Services select the same pods, and scraping through both would count every request twice.
public enum Scraping {
    /// The namespace of the cluster's monitoring stack (Prometheus, Alertmanager, Grafana,
    /// Pushgateway, node-exporter, kube-state-metrics): Prometheus's, as the NetworkPolicies know it.
    public static let monitoringNamespace: String = {
        guard case .podsIn(let namespace, _) = ClusterServices.standard.prometheus.location else {
            preconditionFailure("Prometheus is expected in a namespace of its own")
        }
        return namespace
    }()

    /// The job of a scraped service: its pods, on its port, at `metricsPath` (nil when the
    /// service declares no metrics).
    public static func job(_ service: AppService, app: String) -> ScrapeJob? {
        guard case .scraped(let metrics) = service.metrics else { return nil }
        return ScrapeJob(service.name, targets: pods(service.name, app: app, port: service.port),
                         metricsPath: ProductStack.metricsPath, provides: metrics)
    }

    /// The jobs of the product's scraped services, in declaration order.
    public static func serviceJobs(_ product: Product) -> [ScrapeJob] {
        product.services.compactMap { job($0, app: product.app) }
    }

    /// The jobs of the services that count their HTTP requests and their latency (a worker may
    /// expose process metrics only): what the error-rate and latency alerts and panels read.
    public static func httpServiceJobs(_ product: Product) -> [ScrapeJob] {
        serviceJobs(product).filter { $0.hasSeries(Telemetry.httpRequests) && $0.hasSeries(Telemetry.httpRequestDuration) }
    }

    /// postgres-exporter, the sidecar of the PostgreSQL StatefulSet's pods (issue 5).
    public static func postgres(_ app: String) -> ScrapeJob { ScrapeJob(
        "postgres", targets: pods("postgres", app: app, port: ProductStack.postgresExporterMetrics),
        provides: [ExporterMetrics.pgUp, ExporterMetrics.pgBackends, ExporterMetrics.pgMaxConnections]) }

    /// redis_exporter, the sidecar of the Redis StatefulSet's pods (issue 5).
    public static func redis(_ app: String) -> ScrapeJob { ScrapeJob(
        "redis", targets: pods("redis", app: app, port: ProductStack.redisExporterMetrics),
        provides: [ExporterMetrics.redisUp, ExporterMetrics.redisCommands, ExporterMetrics.redisHits,
                   ExporterMetrics.redisMisses]) }

    public static let apiServer = ScrapeJob("kubernetes-apiservers", targets: .apiServers, provides: [])
    public static let kubelet = ScrapeJob("kubernetes-nodes", targets: .kubelets, provides: [])

    public static let nodeExporter = ScrapeJob(
        "node-exporter", targets: .service(namespace: monitoringNamespace, name: "node-exporter", port: "metrics"),
        provides: [ExporterMetrics.filesystemAvailable, ExporterMetrics.filesystemSize])

    public static let kubeStateMetrics = ScrapeJob(
        "kube-state-metrics", targets: .service(namespace: monitoringNamespace, name: "kube-state-metrics", port: "http"),
        honorLabels: true, provides: [ExporterMetrics.containerRestarts, ExporterMetrics.podPhase, ExporterMetrics.endpointInfo,
                                      ExporterMetrics.endpointAddress])

    /// The ingress controller's metrics Service (ingress-nginx's Helm chart with
    /// `controller.metrics.enabled`, which `ingress-nginx/values.yaml` sets, names it
    /// `<controller Service>-metrics`: templates/controller-service-metrics.yaml), in the controller's
    /// namespace. `honor_labels` keeps each series' `namespace`, the Ingress's.
    public static let ingressController: ScrapeJob = {
        guard case .podsIn(let namespace, _) = ClusterServices.standard.ingressController.location else {
            preconditionFailure("the ingress controller is expected in a namespace of its own")
        }
        return ScrapeJob("ingress-nginx", targets: .service(namespace: namespace, name: "\(ClusterPrerequisites.ingressControllerService)-metrics",
                                                            port: "metrics"),
                         honorLabels: true, provides: [ExporterMetrics.ingressRequests])
    }()

    /// Backup runs push their outcome (issue 8), grouped by namespace and by kind of backup.
    public static let backups = PushedMetrics(
        job: BackupMetricNames.job, groupingLabels: [BackupMetricNames.namespaceLabel, BackupMetrics.kindLabel],
        provides: [BackupMetrics.lastSuccess, BackupMetrics.duration, BackupMetrics.size, BackupMetrics.failures,
                   BackupMetrics.lastFailure])
    /// Every restore pushes how long it took, or when it failed.
    public static let restores = PushedMetrics(job: BackupMetricNames.restoreJob, groupingLabels: [BackupMetricNames.namespaceLabel],
                                               provides: [BackupMetrics.restoreDuration, BackupMetrics.restoreLastSuccess,
                                                          BackupMetrics.restoreLastFailure])

    /// The Pushgateway keeps what batch jobs pushed; `honor_labels` keeps their `job` and `namespace`.
    public static let pushgateway = ScrapeJob(
        "pushgateway", targets: .service(namespace: monitoringNamespace, name: ClusterPrerequisites.pushgatewayService,
                                        port: ClusterServices.pushgatewayPort.name),
        honorLabels: true, provides: [], pushed: [backups, restores])

    /// Every scrape job of `product`, in the order of `prometheus.yml`.
    public static func jobs(_ product: Product) -> [ScrapeJob] {
        [apiServer, kubelet, nodeExporter, kubeStateMetrics, ingressController] + serviceJobs(product)
            + [postgres(product.app), redis(product.app), pushgateway]
    }

    /// Every source of series: the jobs and what is pushed through the Pushgateway.
    public static func sources(_ product: Product) -> [any MetricSource] {
        let all = jobs(product)
        return all + all.flatMap(\.pushed)
    }

    /// The application's own jobs in an environment, scraped in its namespace: what the
    /// Prometheus Operator's PodMonitors cover (the cluster components are the monitoring stack's
    /// business). A data store placed outside the cluster has no exporter pod to scrape.
    public static func applicationJobs(_ env: Environment) -> [ScrapeJob] {
        serviceJobs(env.product) + [(DataTier.postgres(env), postgres(env.product.app)), (DataTier.redis(env), redis(env.product.app))]
            .filter { store, _ in store.server != nil }.map(\.1)
    }

    /// Alertmanager as Prometheus reaches it.
    public static let alertmanagerAddress = "alertmanager.\(monitoringNamespace).svc:9093"

    static func pods(_ component: String, app: String, port: ContainerPort) -> ScrapeJob.Targets {
        .pods(labels: StandardLabels.selector(app: app, component: component).pairs.map { ($0.key, $0.value) },
              port: port.name)
    }
}
