import KustomizeTree
import MonitoringModel

/// The seed's nine alerts (section 5.3), corrected, plus the Watchdog. Each alert comes with its
/// runbook and the situations its promtool unit tests replay. Thresholds that follow from an
/// objective are computed from `Environment.objectives`.
///
/// Expressions aggregate `by (namespace, job)`: an environment's rules are scoped to its
/// namespace (`MonitoringRules`), and the inhibition of Alertmanager matches on `namespace`.
public enum Alerts {
    static let byService = ["namespace", "job"]
    static let rateWindow = PromDuration.minutes(5)

    /// The seed's error-rate threshold (5 % of requests).
    public static let errorRatioThreshold: PromNumber = "0.05"
    /// The seed's latency threshold for the 95th percentile (1 s).
    public static let p95Threshold: PromNumber = 1
    /// The share of `max_connections` in use that warns before the pool is exhausted (the seed's 80 %).
    public static let connectionsThreshold: PromNumber = "0.8"
    /// Free space under which a node filesystem warns (the seed's 10 %).
    public static let diskFreeThreshold: PromNumber = "0.1"
    /// Filesystems that are not disks: always full (squashfs) or not the node's storage.
    static let pseudoFilesystems = "tmpfs|overlay|squashfs|nsfs|ramfs"
    /// Restarts of one container within `restartWindow` that count as a restart loop.
    public static let restartThreshold: PromNumber = 2
    static let restartWindow = PromDuration.minutes(15)

    /// The 5xx share of requests, per service.
    public static func errorRatio(_ services: [ScrapeJob]) -> PromQL {
        let all = ScrapeJob.select(Telemetry.httpRequests, from: services)
        return .sum(by: byService, .rate(all.matching(Telemetry.httpStatusLabel, "5.."), rateWindow))
            / .sum(by: byService, .rate(all, rateWindow))
    }

    /// The 5xx share of the requests the ingress controller answered for each service's Service,
    /// labelled `job` like `errorRatio`: the 502 and 503 that no application pod counts (no pod
    /// ready, a pod that died mid-request) are here.
    public static func edgeErrorRatio(_ services: [ScrapeJob]) -> PromQL {
        let all = Scraping.ingressController.selectAnyJob(ExporterMetrics.ingressRequests)
            .matching("service", services.map(\.name).joined(separator: "|"))
        let byBackend = ["namespace", "service"]
        let ratio = PromQL.sum(by: byBackend, .rate(all.matching(Telemetry.httpStatusLabel, "5.."), rateWindow))
            / .sum(by: byBackend, .rate(all, rateWindow))
        return .max(by: byService, .copyLabel(ratio, from: "service", to: "job"))
    }

    /// The 95th percentile of request duration, per service.
    public static func p95(_ services: [ScrapeJob]) -> PromQL {
        .quantile("0.95", of: ScrapeJob.select(Telemetry.httpRequestDuration.bucket, from: services),
                  over: rateWindow, by: byService)
    }

    /// Alerts of one environment (its rules file and PrometheusRule), by rule group. The database
    /// alerts read postgres-exporter, which runs beside an in-cluster PostgreSQL only.
    public static func environment(_ env: Environment) throws -> [(group: String, alerts: [Alert])] {
        let plan = try Backups.plan(env)
        let ns = env.namespace ?? "default"
        let runbooks = Runbooks(env.product)
        let pg = Scraping.postgres(env.product.app)
        let database = DataTier.postgres(env).server == nil ? [] : [("database", [connectionPoolExhausted(ns, pg, runbooks), databaseDown(ns, pg, runbooks)])]
        let services = Scraping.serviceJobs(env.product)
        let http = Scraping.httpServiceJobs(env.product)
        let served = Set(env.product.services.filter { !$0.isWorker }.map(\.name))
        let application = services.isEmpty ? []
            : [("application", (http.isEmpty ? [] : [highErrorRate(ns, http, runbooks)])
                + [applicationDown(ns, services, served: served, runbooks)]
                + (http.isEmpty ? [] : [highResponseTime(ns, http, runbooks)]))]
        return application + database
            + [("backups", [backupFailed(ns, plan, bucket: Backups.bucket(env.product), runbooks), walArchivingFailing(ns, plan, runbooks), walArchiveBehindRPO(ns, plan, runbooks),
                            backupDurationHigh(ns, plan, runbooks)]),
               ("kubernetes", [highPodRestartRate(ns, runbooks)])]
    }

    /// Alerts about the cluster itself, once per Prometheus, by rule group.
    public static func cluster(_ product: Product) -> [(group: String, alerts: [Alert])] {
        let runbooks = Runbooks(product)
        return [("nodes", [diskSpaceLow(runbooks)]), ("meta", [watchdog(runbooks)])]
    }

    // MARK: Application

    /// `services[0]` is the service the test situations break; the others stay healthy.
    static func highErrorRate(_ ns: String, _ services: [ScrapeJob], _ runbooks: Runbooks) -> Alert {
        let name = "HighErrorRate"
        let requests = Telemetry.httpRequests
        let job = services[0].name
        func traffic(ok: Int, errors: Int, from start: Int, metric: Metric = requests,
                     labels: [(String, String)] = [("job", job), ("namespace", ns), ("pod", "\(job)-0")],
                     errorStatus: String = "500") -> [InputSeries] {
            [InputSeries(metric, labels + [("status", "200")], .steps(from: 0, by: PromNumber(ok), samples: 40)),
             InputSeries(metric, labels + [("status", errorStatus)],
                         SeriesValues.constant(0, samples: start + 1).then(.steps(from: PromNumber(errors), by: PromNumber(errors), samples: 40)))]
        }
        // The controller's series for the service's Service, as ingress-nginx labels them.
        let edge = [("job", Scraping.ingressController.name), ("namespace", ns), ("ingress", ns), ("service", job)]
        return Alert(
            AlertingRule(name, expr: errorRatio(services).above(errorRatioThreshold).or(edgeErrorRatio(services).above(errorRatioThreshold)),
                         for: .minutes(5), severity: .critical,
                         summary: "More than \(errorRatioThreshold.percent) % of \(label: "job") requests fail in \(label: "namespace")",
                         description: "Over 5 minutes, more than \(errorRatioThreshold.percent) % of the requests served by \(label: "job") in \(label: "namespace") answered 5xx.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "Users see errors: the share of 5xx answers of a service, over all its pods, exceeds \(errorRatioThreshold.percent) % for 5 minutes.",
                differsFromSeed: "The seed's `rate(http_requests_total{status=~\"5..\"}[5m]) > 0.05` compares a per-series rate (errors per second of one pod, route and status) with 0.05 while its summary claims a ratio: 0.05 errors/s is 3 a minute whatever the traffic, and every series is judged alone. This alert divides the 5xx rate by the rate of all requests, both summed per service and namespace, as the pods count them and as ingress-nginx does (`nginx_ingress_controller_requests` per backend Service): the 502 and 503 the controller answers when no pod can are counted by no pod.",
                firstChecks: ["Grafana, Application Overview → Error Rate: which service, since when, and whether Request Rate changed too.",
                              Runbooks.checkLogs,
                              "Is DatabaseDown firing? It inhibits this alert; the database is then the cause."],
                procedure: ["Database timeouts in the logs: check PostgreSQL (Database Connections panel); scale the database if it is saturated.",
                            "Memory growth before the errors (Memory Usage panel): " + Runbooks.restart,
                            "Errors began with a deployment: roll back. " + Runbooks.rollback]),
            fires: [AlertExample("9 % of \(job) requests answer 500", series: traffic(ok: 100, errors: 10, from: 10),
                                 breachStart: .minutes(10), settle: rateWindow, labels: [("job", job), ("namespace", ns)]),
                    AlertExample("the ingress answers 502 to 9 % of \(job) requests, which never reach a pod",
                                 series: traffic(ok: 100, errors: 0, from: 10)
                                    + traffic(ok: 100, errors: 10, from: 10, metric: ExporterMetrics.ingressRequests, labels: edge, errorStatus: "502"),
                                 breachStart: .minutes(10), settle: rateWindow, labels: [("job", job), ("namespace", ns)])],
            quiet: ("2 % of requests answer 500, at the pods and at the ingress",
                    traffic(ok: 100, errors: 2, from: 10)
                        + traffic(ok: 100, errors: 2, from: 10, metric: ExporterMetrics.ingressRequests, labels: edge)))
    }

    /// The services whose Service has no ready address: Kubernetes names a Service's Endpoints
    /// after it, and each service's Service is named after the service (the Ingress's backend, and
    /// in blue/green the one whose selector the switch moves), as is its scrape job. Labelled
    /// `job` like the scrape-based half of ApplicationDown, so that both halves give one alert.
    static func servingNothing(_ services: [ScrapeJob]) -> PromQL {
        let ksm = Scraping.kubeStateMetrics
        let names = services.map(\.name).joined(separator: "|")
        let endpoints = ksm.selectAnyJob(ExporterMetrics.endpointInfo).matching("endpoint", names)
        let ready = ksm.selectAnyJob(ExporterMetrics.endpointAddress).matching("endpoint", names).with("ready", "true")
        let empty = PromQL.selector(endpoints).unless(.selector(ready), .on(["namespace", "endpoint"]))
        return .max(by: byService, .copyLabel(empty, from: "endpoint", to: "job"))
    }

    /// `served`: the services behind a Service of their own (workers have none, so only their
    /// scrapes can tell that they are down).
    static func applicationDown(_ ns: String, _ services: [ScrapeJob], served: Set<String>, _ runbooks: Runbooks) -> Alert {
        let name = "ApplicationDown"
        let up = Metric.up
        let withService = services.filter { served.contains($0.name) }
        let job = (withService.first ?? services[0]).name
        let down = PromQL.sum(by: byService, .selector(ScrapeJob.select(up, from: services))).equals(0)
        let expr = services.reduce(withService.isEmpty ? down : down.or(servingNothing(withService))) { $0.or(.absent($1.select(up))) }
        func target(_ job: String, _ pod: String, _ value: PromNumber) -> InputSeries {
            InputSeries(up, [("job", job), ("namespace", ns), ("pod", pod)], .constant(value, samples: 10))
        }
        // The Service's Endpoints as kube-state-metrics reports them: one series per address.
        func endpoints(_ service: String, ready: [Bool]) -> [InputSeries] {
            let ksm = [("job", Scraping.kubeStateMetrics.name), ("namespace", ns), ("endpoint", service)]
            return [InputSeries(ExporterMetrics.endpointInfo, ksm, .constant(1, samples: 10))]
                + ready.enumerated().map { i, isReady in
                    InputSeries(ExporterMetrics.endpointAddress, ksm + [("ip", "10.0.0.\(i + 1)"), ("ready", String(isReady))],
                                .constant(1, samples: 10))
                }
        }
        // Every other service answers in every situation.
        let healthy = services.dropFirst().flatMap { [target($0.name, "\($0.name)-0", 1)] + endpoints($0.name, ready: [true]) }
        // Blue/green after a deploy: the idle colour keeps one pod, which Prometheus scrapes too.
        let idle = target(job, "\(job)-blue-0", 1)
        return Alert(
            AlertingRule(name, expr: expr, for: .minutes(2), severity: .critical,
                         summary: "No \(label: "job") pod answers in \(label: "namespace")",
                         description: "For 2 minutes, Prometheus could not scrape any \(label: "job") pod in \(label: "namespace"), finds none at all, or the \(label: "job") Service has no ready pod to send traffic to.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "The service is unavailable: every pod of the service is down, there is no pod left to scrape, or the pods its Service selects (in blue/green, the serving colour's) are all unready, whatever the other colour's pod does.",
                differsFromSeed: "The seed's `up{job=~\"backend|web\"} == 0` fires for any single pod that misses scrapes, which the HPA, the PodDisruptionBudget and the readiness probes absorb, and never fires when no pod exists at all (no target, no `up` series). This alert fires when the sum over the service's pods is 0, when `up` is absent for the service, or when the Service's Endpoints (kube-state-metrics' `kube_endpoint_info` and `kube_endpoint_address`) hold no ready address. The last part sees the serving colour only: after a blue/green deploy the other colour keeps one pod up, which the sum of `up` over both colours counts, and which the Service does not send traffic to.",
                // One command per Service (a worker has none, so `<job>` cannot stand for it).
                firstChecks: [Runbooks.checkPods, "`kubectl get pods -n <namespace> -l component=<job> -L \(Environment.Colour.labelKey)`: each pod's colour and whether it is ready."]
                    + (withService.isEmpty ? [] : ["Which colour a Service sends traffic to, and are that colour's pods ready? "
                        + withService.map { "`kubectl get service \($0.name) -n <namespace> -o jsonpath='{.spec.selector}'`" }.joined(separator: ", ")
                        + (withService.count < services.count ? ". A worker has no Service: its pods are all there is." : ".")])
                    + [Runbooks.checkLogs, runbooks.checkDatabase],
                procedure: ["Database down: see DatabaseDown; restore from backup only if the data is lost (seed 8.1).",
                            "Pods in CrashLoopBackOff after a release: roll back. " + Runbooks.rollback,
                            "No pod at all: `kubectl get deployment,replicaset -n <namespace>`; re-apply the overlay (`kubectl apply -f \(KustomizeTree.renderedFile(of: KustomizeTree.overlayDirectory(environment: "<env>")))`)."]),
            fires: [AlertExample("both \(job) pods fail their scrapes",
                                 series: [target(job, "\(job)-0", 0), target(job, "\(job)-1", 0)] + healthy,
                                 breachStart: .minutes(0), labels: [("job", job), ("namespace", ns)]),
                    AlertExample("no \(job) pod exists", series: healthy,
                                 breachStart: .minutes(0), labels: [("job", job), ("namespace", ns)]),
                    AlertExample("the serving colour's \(job) pods are unready while the other colour's pod answers",
                                 series: [target(job, "\(job)-green-0", 0), target(job, "\(job)-green-1", 0), idle]
                                    + endpoints(job, ready: [false, false]) + healthy,
                                 breachStart: .minutes(0), labels: [("job", job), ("namespace", ns)])],
            quiet: ("one \(job) pod of two fails its scrapes (the seed's alert fires here)",
                    [target(job, "\(job)-0", 0), target(job, "\(job)-1", 1)] + endpoints(job, ready: [false, true]) + healthy),
            alsoQuiet: [("the other colour's \(job) pod is down, the serving colour answers",
                         [target(job, "\(job)-green-0", 1), target(job, "\(job)-blue-0", 0)] + endpoints(job, ready: [true]) + healthy)])
    }

    static func highResponseTime(_ ns: String, _ services: [ScrapeJob], _ runbooks: Runbooks) -> Alert {
        let name = "HighResponseTime"
        let job = services[0].name
        let labels = [("job", job), ("namespace", ns), ("pod", "\(job)-0")]
        return Alert(
            AlertingRule(name, expr: p95(services).above(p95Threshold), for: .minutes(10), severity: .warning,
                         summary: "95th percentile latency of \(label: "job") above \(p95Threshold) s in \(label: "namespace")",
                         description: "For 10 minutes, 5 % of the requests served by \(label: "job") in \(label: "namespace") took longer than \(p95Threshold) s.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "The service is slow for a noticeable share of requests. The latency SLO's burn-rate alerts page when it threatens the objective; this one is a warning.",
                differsFromSeed: "The seed's `histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m]))` keeps every label of the buckets, so it computes one quantile per pod, route, method and status instead of one per service, and mixes services. This alert sums the bucket rates `by (le, namespace, job)` before taking the quantile, as `histogram_quantile` requires. Severity warning rather than page: the SLO alerts page.",
                firstChecks: ["Grafana, Application Overview → Response Time (P95), CPU Usage, Database Connections.",
                              "`kubectl top pods -n <namespace>`: pods at their CPU limit are throttled.",
                              Runbooks.checkLogs],
                procedure: ["CPU saturation: check the HPA (`kubectl get hpa -n <namespace>`) is not at its maximum; raise it in `environments/<env>.swift`.",
                            "Database slow: look for long queries (`pg_stat_activity`).",
                            "Began with a release: roll back. " + Runbooks.rollback]),
            fires: [AlertExample("every request takes 2 s",
                                 series: InputSeries.histogram(Telemetry.httpRequestDuration, labels, observations: [("2", 100)], samples: 30),
                                 breachStart: .minutes(0), settle: .minutes(2), labels: [("job", job), ("namespace", ns)])],
            quiet: ("requests take 0.2 s", InputSeries.histogram(Telemetry.httpRequestDuration, labels, observations: [("0.2", 100)], samples: 30)))
    }

    // MARK: Database

    static func connectionPoolExhausted(_ ns: String, _ pg: ScrapeJob, _ runbooks: Runbooks) -> Alert {
        let name = "DatabaseConnectionPoolExhausted"
        let byServer = ["namespace", "job", "pod"]
        let expr = (PromQL.sum(by: byServer, .selector(pg.select(ExporterMetrics.pgBackends)))
            / .max(by: byServer, .selector(pg.select(ExporterMetrics.pgMaxConnections)))).above(connectionsThreshold)
        func server(_ application: PromNumber, _ other: PromNumber) -> [InputSeries] {
            let target = [("job", "postgres"), ("namespace", ns), ("pod", "postgres-0")]
            return [InputSeries(ExporterMetrics.pgBackends, target + [("datname", "application")], .constant(application, samples: 15)),
                    InputSeries(ExporterMetrics.pgBackends, target + [("datname", "postgres")], .constant(other, samples: 15)),
                    InputSeries(ExporterMetrics.pgMaxConnections, target, .constant(100, samples: 15))]
        }
        return Alert(
            AlertingRule(name, expr: expr, for: .minutes(5), severity: .warning,
                         summary: "PostgreSQL \(label: "pod") uses more than \(connectionsThreshold.percent) % of max_connections",
                         description: "Connections to all databases of \(label: "pod") in \(label: "namespace") exceed \(connectionsThreshold.percent) % of max_connections for 5 minutes; new connections will soon be refused.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "The PostgreSQL server is close to refusing connections: the services' pools plus every other client use most of `max_connections`.",
                differsFromSeed: "The seed divides `pg_stat_database_numbackends` (one series per database, labelled `datname`) by `pg_settings_max_connections` (no `datname`): the label sets never match, so the division returns nothing and the alert can never fire. Connections count against the server, not a database: this alert sums them over databases per server and divides by that server's setting.",
                firstChecks: ["Grafana, Application Overview → Database Connections: which database holds them.",
                              "`kubectl exec -n <namespace> postgres-0 -c postgres -- psql -c \"SELECT datname, usename, state, count(*) FROM pg_stat_activity GROUP BY 1, 2, 3 ORDER BY 4 DESC\"`.",
                              "Did a service that connects to it scale out (`kubectl get hpa -n <namespace>`)? Each pod opens its own pool."],
                procedure: ["Idle connections piling up: restart that service's pods with a rolling update.",
                            "Scaled-out service: lower the pool size per pod or raise `max_connections` (and the pod's memory)."]),
            fires: [AlertExample("85 of 100 connections in use", series: server(70, 15), breachStart: .minutes(0),
                                 labels: [("job", "postgres"), ("namespace", ns), ("pod", "postgres-0")])],
            quiet: ("60 of 100 connections in use", server(50, 10)))
    }

    static func databaseDown(_ ns: String, _ pg: ScrapeJob, _ runbooks: Runbooks) -> Alert {
        let name = "DatabaseDown"
        let expr = PromQL.max(by: byService, .selector(pg.select(ExporterMetrics.pgUp))).equals(0)
            .or(PromQL.max(by: byService, .selector(pg.select(.up))).equals(0))
            .or(.absent(pg.select(.up)))
        func server(up: PromNumber, pgUp: PromNumber) -> [InputSeries] {
            let target = [("job", "postgres"), ("namespace", ns), ("pod", "postgres-0")]
            return [InputSeries(.up, target, .constant(up, samples: 10)),
                    InputSeries(ExporterMetrics.pgUp, target, .constant(pgUp, samples: 10))]
        }
        let labels = [("job", "postgres"), ("namespace", ns)]
        return Alert(
            AlertingRule(name, expr: expr, for: .minutes(2), severity: .critical,
                         summary: "PostgreSQL is down in \(label: "namespace")",
                         description: "For 2 minutes, postgres-exporter in \(label: "namespace") cannot reach PostgreSQL, cannot be scraped, or does not exist.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "The services cannot reach their database: requests that need it fail, nothing is stored. Alertmanager mutes the errors this causes (HighErrorRate, HighResponseTime, ApplicationDown, the SLO alerts, backup alerts) in the same namespace.",
                differsFromSeed: "The seed's `up{job=\"postgres\"} == 0` only says whether the exporter answers a scrape: when PostgreSQL is down and its exporter sidecar up, `up` is 1. This alert also fires on `pg_up == 0` (the exporter could not query PostgreSQL) and when no postgres target exists.",
                firstChecks: ["`kubectl get pods -n <namespace> -l component=postgres` and `kubectl describe pod postgres-0 -n <namespace>`.",
                              runbooks.checkDatabase,
                              "`kubectl logs -n <namespace> postgres-0 -c postgres --tail=100`; `kubectl get pvc -n <namespace>` (a full volume stops PostgreSQL)."],
                procedure: ["Pod evicted or node lost: the StatefulSet reschedules it; watch `kubectl get pods -w`.",
                            "Volume full: expand the PersistentVolumeClaim.",
                            "Data lost or corrupt: restore the latest backup, `./scripts/backup/restore.sh latest` (seed 4.2; RTO 30 min)."]),
            fires: [AlertExample("PostgreSQL down, exporter up (the seed's alert stays silent)", series: server(up: 1, pgUp: 0),
                                 breachStart: .minutes(0), labels: labels),
                    AlertExample("exporter unreachable", series: server(up: 0, pgUp: 1), breachStart: .minutes(0), labels: labels),
                    AlertExample("no postgres target at all", series: [InputSeries(.up, [("job", "any-service"), ("namespace", ns), ("pod", "any-service-0")], .constant(1, samples: 10))],
                                 breachStart: .minutes(0), labels: labels)],
            quiet: ("PostgreSQL and its exporter up", server(up: 1, pgUp: 1)))
    }

    // MARK: Backups

    static let byKind = ["namespace", "job", BackupMetrics.kindLabel]

    /// Groups (namespace, kind) among `kinds` whose last run failed: the last failure is newer
    /// than the last success, or no success was ever pushed. Timestamps rather than
    /// `increase(backup_failures_total)`: a group's first push of the counter is already 1, which
    /// `increase` cannot see, and a Pushgateway restart resets it.
    static func lastRunFailed(_ kinds: Matcher) -> PromQL {
        let failed = PromQL.max(by: byKind, .selector(Scraping.backups.select(BackupMetrics.lastFailure).adding(kinds)))
        let succeeded = PromQL.max(by: byKind, .selector(Scraping.backups.select(BackupMetrics.lastSuccess).adding(kinds)))
        return PromQL.binary(.greater, failed, succeeded, matching: nil).or(.binary(.unless, failed, succeeded, matching: nil))
    }

    /// The backup group of `kind` in `ns`, as the scripts push it.
    static func backupGroup(_ ns: String, _ kind: BackupMetricNames.Kind) -> [(String, String)] {
        [("job", BackupMetricNames.job), ("namespace", ns), (BackupMetrics.kindLabel, kind.rawValue)]
    }

    /// A run of `kind` that succeeds every minute until `failingFrom` minutes, then fails every
    /// minute (`recovering`: succeeds again `recovering` minutes later), over `samples` minutes.
    static func runs(_ group: [(String, String)], failingFrom: Int, recovering: Int? = nil, samples: Int = 15) -> [InputSeries] {
        let failing = (recovering ?? samples) - failingFrom
        let success = SeriesValues.steps(from: 0, by: 60, samples: failingFrom)
            .then(.constant(PromNumber((failingFrom - 1) * 60), samples: failing))
        let failure = SeriesValues.missing(samples: failingFrom)
            .then(.steps(from: PromNumber(failingFrom * 60), by: 60, samples: failing))
        guard let recovering, samples > recovering else {
            return [InputSeries(BackupMetrics.lastSuccess, group, success), InputSeries(BackupMetrics.lastFailure, group, failure)]
        }
        return [InputSeries(BackupMetrics.lastSuccess, group, success.then(.steps(from: PromNumber(recovering * 60), by: 60, samples: samples - recovering))),
                InputSeries(BackupMetrics.lastFailure, group, failure.then(.constant(PromNumber((recovering - 1) * 60), samples: samples - recovering)))]
    }

    static func backupFailed(_ ns: String, _ plan: BackupPlan, bucket: String, _ runbooks: Runbooks) -> Alert {
        let name = "BackupFailed"
        let rpo = PromDuration(seconds: plan.objectives.rpo.value)
        // A dump is due every period and may run until its deadline (`BackupPlan.dumpStaleAfter`).
        let stale = PromDuration(seconds: plan.dumpStaleAfter.value)
        let dumps = Scraping.backups.select(BackupMetrics.lastSuccess).with(BackupMetrics.kindLabel, BackupMetrics.scheduledKind)
        let age = PromQL.time() - .max(by: byKind, .selector(dumps))
        // WAL uploads have alerts of their own: PostgreSQL retries them by itself.
        let notWAL = Matcher(BackupMetrics.kindLabel, .notEqual, BackupMetricNames.Kind.wal.rawValue)
        let expr = age.above(PromNumber(stale.seconds))
            .or(lastRunFailed(notWAL))
            .or(.absentOverTime(dumps, stale))
        let group = backupGroup(ns, .dump)
        let base = backupGroup(ns, .base)
        let healthy = [InputSeries(BackupMetrics.lastSuccess, group, .steps(from: 0, by: 60, samples: 15))]
        return Alert(
            AlertingRule(name, expr: expr, severity: .critical,
                         summary: "Backups of \(label: "namespace") no longer meet the RPO (\(rpo))",
                         description: "In \(label: "namespace"), the last \(label: BackupMetrics.kindLabel) backup failed, no \(BackupMetrics.scheduledKind) completed for \(stale) (a dump period plus a run's deadline), or none was reported for as long.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "Backups are not keeping up with the RPO (\(rpo) of messages): the last dump or base backup failed (it fires at the next evaluation, well within the RPO), or no scheduled dump completed for a dump period plus a run's deadline (\(stale)), or Prometheus has had no dump metric for as long. WAL uploads have their own alerts (WALArchivingFailing, WALArchiveBehindRPO).",
                differsFromSeed: "The seed's `time() - backup_last_success_timestamp > 600` with `for: 5m` waits 15 minutes after the last success, three times the 5-minute RPO, and never fires when the backup never reported (no series, nothing to compare). Here the last run failing (`backup_last_failure_timestamp_seconds` newer than the last success, or no success at all: a group's first failure counts, which `increase()` of the counter, first pushed at 1, cannot see) fires at once; the staleness threshold is `BackupPlan.dumpStaleAfter`, derived from `Environment.objectives`: the dump period (the longest cron period within the RPO) plus the run's deadline (the CronJob kills a run then), so a healthy but slow run never pages, with no `for` since the age already measures duration; `absent_over_time` over the same window covers a backup that never reported without paging when a Pushgateway restart empties it until the next push. The metric is `backup_last_success_timestamp_seconds` (Prometheus' unit-suffix convention).",
                firstChecks: ["`kubectl get cronjob,job -n <namespace>`: is the CronJob suspended, are jobs failing or not scheduled?",
                              "`kubectl logs -n <namespace> -l component=postgres-backup --tail=100` (seed 8.3).",
                              "S3 credentials and bucket: `aws s3 ls s3://\(bucket)/<namespace>/database/` with the backup's credentials (each environment writes under its namespace).",
                              "Grafana, RTO/RPO Monitoring → RPO Status and Backup History."],
                procedure: [Runbooks.triggerBackup,
                            "Still failing: escalate to the database owner. **URGENT**: the RPO is at risk or already violated (seed 8.3)."]),
            fires: [AlertExample("no dump completed for \(stale + .minutes(1))", series: [
                        InputSeries(BackupMetrics.lastSuccess, group, .constant(0, samples: 15))],
                                 breachStart: stale, labels: group),
                    AlertExample("a dump fails after three successes", series: runs(group, failingFrom: 3),
                                 breachStart: .minutes(3), labels: group),
                    AlertExample("the first base backup fails (its failure counter is first pushed at 1)", series: healthy + [
                        InputSeries(BackupMetrics.failures, base, SeriesValues.missing(samples: 3).then(.constant(1, samples: 12))),
                        InputSeries(BackupMetrics.lastFailure, base, SeriesValues.missing(samples: 3).then(.constant(180, samples: 12)))],
                                 breachStart: .minutes(3), labels: base),
                    AlertExample("no backup ever reported", series: [
                        InputSeries(.up, [("job", "any-service"), ("namespace", ns), ("pod", "any-service-0")], .constant(1, samples: 10))],
                                 breachStart: .minutes(0), labels: group)],
            quiet: ("the last dump completed the RPO plus a minute ago, none failed (a run due every RPO, still within its budget)",
                    [InputSeries(BackupMetrics.lastSuccess, group, .steps(from: PromNumber(-(rpo.seconds + 60)), by: 60, samples: 15))]),
            alsoQuiet: [
                ("the Pushgateway restarts empty and has no dump yet", [
                    InputSeries(BackupMetrics.lastSuccess, group, SeriesValues.steps(from: 0, by: 60, samples: 5).then(.missing(samples: 10)))]),
                ("WAL uploads fail (PostgreSQL retries them; the WAL alerts watch them)",
                 healthy + runs(backupGroup(ns, .wal), failingFrom: 3)),
            ])
    }

    /// The names of the two WAL alerts: the page inhibits the warning (`Alerting.config`).
    public static let walArchivingFailingName = "WALArchivingFailing"
    public static let walArchiveBehindRPOName = "WALArchiveBehindRPO"

    /// The WAL archive's last upload failed. PostgreSQL retries it every minute and keeps the
    /// segment: a warning, until the failure has lasted the RPO (`walArchiveBehindRPO`).
    static func walArchivingFailing(_ ns: String, _ plan: BackupPlan, _ runbooks: Runbooks) -> Alert {
        let name = walArchivingFailingName
        let group = backupGroup(ns, .wal)
        return Alert(
            AlertingRule(name, expr: lastRunFailed(Matcher(BackupMetrics.kindLabel, .equal, BackupMetricNames.Kind.wal.rawValue)),
                         severity: .warning,
                         summary: "WAL archiving fails in \(label: "namespace")",
                         description: "The last WAL segment upload of \(label: "namespace") failed; PostgreSQL keeps the segment and retries.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "`archive_command` (wal-archive.sh) failed on its last attempt. PostgreSQL keeps the segment in `pg_wal` and retries every minute, so nothing is lost yet; WALArchiveBehindRPO pages if the failure lasts the RPO.",
                differsFromSeed: "The seed has no WAL alert; before issue 15 a WAL upload failure paged as BackupFailed.",
                firstChecks: ["`kubectl logs -n <namespace> \(DataTier.postgresName)-0 -c \(DataTier.postgresName) --tail=100 | grep wal-archive || echo 'no wal-archive line in the last 100'`: the script's error.",
                              "`kubectl exec -n <namespace> postgres-0 -c postgres -- psql -c 'SELECT * FROM pg_stat_archiver'`: failed count, last failed WAL.",
                              "S3 credentials and bucket reachable from the PostgreSQL pod."],
                procedure: ["Fix the cause (credentials, bucket, network); the next retry archives the waiting segments.",
                            "Watch `pg_wal` on the volume: segments accumulate while archiving fails."]),
            fires: [AlertExample("an upload fails after three successes", series: runs(group, failingFrom: 3),
                                 breachStart: .minutes(3), labels: group)],
            quiet: ("an upload fails once, its retry succeeds", runs(group, failingFrom: 3, recovering: 4)))
    }

    /// WAL uploads have failed for the RPO: the archive no longer holds the last RPO of writes.
    static func walArchiveBehindRPO(_ ns: String, _ plan: BackupPlan, _ runbooks: Runbooks) -> Alert {
        let name = walArchiveBehindRPOName
        let rpo = PromDuration(seconds: plan.objectives.rpo.value)
        let group = backupGroup(ns, .wal)
        return Alert(
            AlertingRule(name, expr: lastRunFailed(Matcher(BackupMetrics.kindLabel, .equal, BackupMetricNames.Kind.wal.rawValue)),
                         for: rpo, severity: .critical,
                         summary: "The WAL archive of \(label: "namespace") is more than the RPO (\(rpo)) behind",
                         description: "WAL uploads of \(label: "namespace") have failed for \(rpo): a lost server now loses more than the RPO of writes.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "WAL archiving has failed without a success for the RPO (\(rpo)): the writes since the last archived segment exist only on the PostgreSQL volume.",
                differsFromSeed: "The seed has no WAL alert. WALArchivingFailing warns at the first failure; this one pages once the failures have lasted the RPO.",
                firstChecks: ["As WALArchivingFailing: the script's error in the postgres container's log, `pg_stat_archiver`.",
                              "Free space of the PostgreSQL volume: `pg_wal` grows while archiving fails."],
                procedure: ["Fix the cause; the archive catches up by itself.",
                            "Until it has: take a dump now to bound the loss. " + Runbooks.triggerBackup]),
            fires: [AlertExample("uploads fail for longer than the RPO", series: runs(group, failingFrom: 3),
                                 breachStart: .minutes(3), labels: group)],
            quiet: ("uploads fail for less than the RPO, then succeed",
                    runs(group, failingFrom: 3, recovering: 3 + Int(rpo.seconds / 60) - 1)))
    }

    static func backupDurationHigh(_ ns: String, _ plan: BackupPlan, _ runbooks: Runbooks) -> Alert {
        let name = "BackupDurationHigh"
        let budget = PromNumber(plan.dumpDurationWarning.value)
        let group = [("job", "backup"), ("namespace", ns), (BackupMetrics.kindLabel, BackupMetrics.scheduledKind)]
        let runs = Scraping.backups.select(BackupMetrics.duration).with(BackupMetrics.kindLabel, BackupMetrics.scheduledKind)
        let expr = PromQL.max(by: ["namespace", "job", BackupMetrics.kindLabel], .selector(runs)).above(budget)
        return Alert(
            AlertingRule(name, expr: expr, severity: .warning,
                         summary: "The last backup of \(label: "namespace") took more than \(budget) s",
                         description: "A \(label: BackupMetrics.kindLabel) run in \(label: "namespace") took more than half its deadline: it will soon be killed and skip a dump.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "Backups are getting slow: past half the run's deadline, the CronJob will soon kill runs before they finish (and it forbids concurrency, so a late run delays the next).",
                differsFromSeed: "The seed's threshold of 300 s is written by hand; it is now half the dump's deadline (`BackupPlan.dumpDurationWarning`, derived from `Environment.objectives`: 120 s for the seed's 5 minutes, whose runs may last 240 s). The seed's 300 s is longer than the run may last at all.",
                firstChecks: ["Grafana, RTO/RPO Monitoring → Backup Duration and backup size: did the database grow?",
                              "`kubectl logs -n <namespace> -l component=postgres-backup --tail=100`: which step is slow (dump, encryption, upload)?"],
                procedure: ["Database growth: rely on WAL archiving for the RPO and run full dumps less often.",
                            "Slow upload: check the network path to S3 and the node's bandwidth."]),
            fires: [AlertExample("a run takes \(budget + 50) s", series: [InputSeries(BackupMetrics.duration, group, .constant(budget + 50, samples: 5))],
                                 breachStart: .minutes(0), labels: group)],
            quiet: ("a run takes 90 s (the seed's typical figure)", [InputSeries(BackupMetrics.duration, group, .constant(90, samples: 5))]))
    }

    // MARK: Infrastructure

    static func highPodRestartRate(_ ns: String, _ runbooks: Runbooks) -> Alert {
        let name = "HighPodRestartRate"
        let byContainer = ["namespace", "pod", "container"]
        let expr = PromQL.sum(by: byContainer, .increase(Scraping.kubeStateMetrics.select(ExporterMetrics.containerRestarts), restartWindow))
            .above(restartThreshold)
        let labels = [("job", "kube-state-metrics"), ("namespace", ns), ("pod", "any-service-0"), ("container", "any-service")]
        return Alert(
            AlertingRule(name, expr: expr, for: .minutes(5), severity: .warning,
                         summary: "Container \(label: "container") of \(label: "pod") restarts repeatedly",
                         description: "Container \(label: "container") of pod \(label: "pod") in \(label: "namespace") restarted more than \(restartThreshold) times in \(restartWindow).",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "A container is in a restart loop (CrashLoopBackOff, OOM kills, failing liveness probes).",
                differsFromSeed: "The seed's `rate(kube_pod_container_status_restarts_total[15m]) > 0.1` means more than 0.1 restarts per second, 6 a minute: the kubelet's back-off (up to 5 minutes between restarts) makes that impossible, so the alert never fires. This alert counts restarts with `increase` over 15 minutes: more than \(restartThreshold) (a loop at the maximum back-off restarts 3 times in 15 minutes).",
                firstChecks: ["`kubectl describe pod <pod> -n <namespace>`: last state, exit code, `OOMKilled`.",
                              "`kubectl logs <pod> -n <namespace> -c <container> --previous`."],
                procedure: ["OOMKilled: raise the memory limit in `environments/<env>.swift`, or find the leak.",
                            "Liveness probe failures: the service hangs, check its dependencies (database, Redis).",
                            "Began with a release: roll back. " + Runbooks.rollback]),
            fires: [AlertExample("a restart every 3 minutes", series: [
                        InputSeries(ExporterMetrics.containerRestarts, labels, .steps(from: 0, by: "0.3333", samples: 30))],
                                 breachStart: .minutes(0), settle: .minutes(10),
                                 labels: [("namespace", ns), ("pod", "any-service-0"), ("container", "any-service")])],
            quiet: ("one restart", [InputSeries(ExporterMetrics.containerRestarts, labels,
                                                SeriesValues.constant(0, samples: 5).then(.constant(1, samples: 25)))]))
    }

    static func diskSpaceLow(_ runbooks: Runbooks) -> Alert {
        let name = "DiskSpaceLow"
        let node = Scraping.nodeExporter
        let available = node.select(ExporterMetrics.filesystemAvailable).adding(Matcher("fstype", .notMatches, pseudoFilesystems))
        let size = node.select(ExporterMetrics.filesystemSize).adding(Matcher("fstype", .notMatches, pseudoFilesystems))
        let expr = (PromQL.selector(available) / .selector(size)).below(diskFreeThreshold)
        let disk = [("job", "node-exporter"), ("instance", "node-1"), ("device", "/dev/sda1"), ("fstype", "ext4"), ("mountpoint", "/")]
        let snap = [("job", "node-exporter"), ("instance", "node-1"), ("device", "/dev/loop0"), ("fstype", "squashfs"), ("mountpoint", "/snap/core")]
        func series(_ labels: [(String, String)], free: PromNumber) -> [InputSeries] {
            [InputSeries(ExporterMetrics.filesystemAvailable, labels, .constant(free, samples: 10)),
             InputSeries(ExporterMetrics.filesystemSize, labels, .constant(100, samples: 10))]
        }
        return Alert(
            AlertingRule(name, expr: expr, for: .minutes(5), severity: .warning,
                         summary: "Less than \(diskFreeThreshold.percent) % free on \(label: "mountpoint") of \(label: "instance")",
                         description: "Filesystem \(label: "mountpoint") (\(label: "device")) of node \(label: "instance") has less than \(diskFreeThreshold.percent) % space left.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "A node's disk is filling up; at 0 the kubelet evicts pods and PostgreSQL stops writing.",
                differsFromSeed: "The seed's expression includes every filesystem: squashfs images are always 100 % full and tmpfs/overlay are not the node's disk, so it alerts for ever on any node with snaps. Pseudo filesystems are now excluded.",
                firstChecks: ["`kubectl describe node <instance>`: DiskPressure condition, evictions.",
                              "On the node: `du -xh --max-depth=2 <mountpoint> | sort -h | tail` (container images, logs)."],
                procedure: ["Images: `crictl rmi --prune`.",
                            "Logs: check log rotation of the container runtime.",
                            "PostgreSQL volume: expand its PersistentVolumeClaim."]),
            fires: [AlertExample("5 % free on /", series: series(disk, free: 5), breachStart: .minutes(0), labels: disk)],
            quiet: ("50 % free on /, a full squashfs (the seed's alert fires here)", series(disk, free: 50) + series(snap, free: 0)))
    }

    /// The heartbeat's name: Alertmanager routes it to the dead man's switch, and the
    /// kube-prometheus-stack's own alert of that name is disabled (`ClusterPrerequisites`).
    public static let watchdogName = "Watchdog"

    static func watchdog(_ runbooks: Runbooks) -> Alert {
        let name = watchdogName
        return Alert(
            AlertingRule(name, expr: .vector(1), severity: .none,
                         summary: "Always firing: proves that rules are evaluated and alerts delivered",
                         description: "This alert always fires. Alertmanager sends it to the dead man's switch; if the switch stops hearing it, Prometheus, Alertmanager or the path between them is down.",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: "A heartbeat, not a problem. The dead man's switch pages when it stops receiving it: then alerting itself is broken and no other alert can be trusted.",
                firstChecks: ["`kubectl get pods -n monitoring`: Prometheus and Alertmanager running?",
                              "Prometheus → Status → Rules: rule groups evaluated without errors?",
                              "Alertmanager → Status: config loaded; logs of failed notifications."],
                procedure: ["Restart whichever of Prometheus or Alertmanager is unhealthy.",
                            "Both healthy: check the network path from Alertmanager to the dead man's switch."]),
            fires: [AlertExample("always", series: [], breachStart: .minutes(0), labels: [])],
            quiet: nil, quietExemption: "fires by design: its silence is what the dead man's switch detects")
    }
}
