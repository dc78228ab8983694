import MonitoringModel

/// Metrics of the exporters and cluster components Secure Messenger's alerts and dashboards use,
/// with the labels each writes. The application's own metrics are in `Telemetry`.
public enum ExporterMetrics {
    // postgres-exporter (prometheus-community), sidecar of the PostgreSQL pod.
    public static let pgUp = Metric.gauge("pg_up", help: "Whether the exporter could reach PostgreSQL.")
    public static let pgBackends = Metric.gauge(
        "pg_stat_database_numbackends", help: "Connections open to each database.", labels: ["datid", "datname"])
    public static let pgMaxConnections = Metric.gauge(
        "pg_settings_max_connections", help: "The server's max_connections setting.")

    // redis_exporter (oliver006), sidecar of the Redis pod.
    public static let redisUp = Metric.gauge("redis_up", help: "Whether the exporter could reach Redis.")
    public static let redisCommands = Metric.counter(
        "redis_commands_processed_total", help: "Commands processed by Redis.")
    public static let redisHits = Metric.counter("redis_keyspace_hits_total", help: "Successful key lookups.")
    public static let redisMisses = Metric.counter("redis_keyspace_misses_total", help: "Failed key lookups.")

    // node-exporter.
    public static let filesystemAvailable = Metric.gauge(
        "node_filesystem_avail_bytes", help: "Filesystem space available to non-root users.",
        labels: ["device", "fstype", "mountpoint"])
    public static let filesystemSize = Metric.gauge(
        "node_filesystem_size_bytes", help: "Filesystem size.", labels: ["device", "fstype", "mountpoint"])

    // ingress-nginx's controller: one series per Ingress, backend Service and status, labelled with
    // the Ingress's namespace. It counts what clients got, the 502 and 503 of a backend that has
    // no pod to answer among them.
    public static let ingressRequests = Metric.counter(
        "nginx_ingress_controller_requests", help: "Requests the ingress controller answered.",
        labels: ["namespace", "ingress", "service", "status"], exporterNamed: true)

    // kube-state-metrics: its series describe other objects, so they carry their own namespace and pod.
    public static let containerRestarts = Metric.counter(
        "kube_pod_container_status_restarts_total", help: "Container restarts, per container.",
        labels: ["namespace", "pod", "container"])
    /// One series per Endpoints object, which Kubernetes names after its Service.
    public static let endpointInfo = Metric.gauge(
        "kube_endpoint_info", help: "Information about an Endpoints object.", labels: ["namespace", "endpoint"])
    /// One series per address of an Endpoints object; `ready="true"` for the addresses the
    /// Service sends traffic to (pods selected by it and ready).
    public static let endpointAddress = Metric.gauge(
        "kube_endpoint_address", help: "An address of an Endpoints object, ready or not.",
        labels: ["namespace", "endpoint", "ip", "ready"])
    public static let podPhase = Metric.gauge(
        "kube_pod_status_phase", help: "1 for the phase the pod is in.", labels: ["namespace", "pod", "phase"])
}

/// What the backup jobs push to the Pushgateway after every run, under `job="backup"` and the
/// grouping labels `namespace` and `kind` (`/metrics/job/backup/namespace/<ns>/kind/dump`); the
/// names are the scripts' (`BackupMetricNames`).
public enum BackupMetrics {
    /// Grouping label telling the logical dump (`dump`, every few minutes) from other kinds of
    /// backup (a daily base backup, WAL archiving), whose cadences differ.
    public static let kindLabel = BackupMetricNames.kindLabel
    /// The kind whose cadence the backup alerts watch: the scheduled logical dump.
    public static let scheduledKind = BackupMetricNames.Kind.dump.rawValue

    /// Unix time of the last backup that completed and was uploaded. Pushed only on success, so
    /// it ages while backups fail.
    public static let lastSuccess = Metric.gauge(
        BackupMetricNames.lastSuccess, help: "Unix time of the last successful backup.")
    public static let duration = Metric.gauge(BackupMetricNames.duration, help: "Duration of the last backup run.")
    public static let size = Metric.gauge(BackupMetricNames.size, help: "Size of the last backup uploaded.")
    public static let failures = Metric.counter(BackupMetricNames.failures, help: "Backup runs that failed.")
    /// Unix time of the last failed run: unlike the counter, whose first push is already 1, it
    /// tells a group's first failure from none.
    public static let lastFailure = Metric.gauge(BackupMetricNames.lastFailure, help: "Unix time of the last failed backup.")
    /// Duration of the last successful `restore.sh` run (the drill of `test-backup.sh` is one),
    /// pushed under `job="restore"`: a separate group, so a backup push never replaces it.
    public static let restoreDuration = Metric.gauge(
        BackupMetricNames.restoreDuration, help: "Duration of the last successful restore, start to verified data.")
    public static let restoreLastSuccess = Metric.gauge(
        BackupMetricNames.restoreLastSuccess, help: "Unix time of the last successful restore.")
    public static let restoreLastFailure = Metric.gauge(
        BackupMetricNames.restoreLastFailure, help: "Unix time of the last failed restore.")
}
