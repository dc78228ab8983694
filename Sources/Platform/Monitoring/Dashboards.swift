import Foundation
import MonitoringModel

/// The seed's two Grafana dashboards (section 5.4), one pair per environment (queries scoped to
/// its namespace, uids suffixed with its name). Thresholds are the alerts' and the objectives'
/// values, never restated.
public enum Dashboards {
    /// The label the Grafana sidecar looks for on ConfigMaps (kube-prometheus-stack's default).
    public static let sidecarLabel = ("grafana_dashboard", "1")
    static let window = PromDuration.minutes(5)

    /// Both dashboards of an environment, scoped to its namespace.
    public static func all(_ env: Environment) throws -> [Dashboard] {
        let ns = env.namespace ?? "default"
        let scope = Matcher("namespace", .equal, ns)
        return [applicationOverview(env), try rtoRpo(env)].map { d in
            var d = d
            d.uid += "-\(env.name)"
            d.title += " (\(env.name))"
            d.panels = d.panels.map { p in
                var p = p
                p.targets = p.targets.map { PanelTarget($0.expr.scoped(scope) { _ in true }, legend: $0.legend, instant: $0.instant) }
                return p
            }
            return d
        }
    }

    /// The dashboard's file name, in the provisioning folder and as the ConfigMap's key.
    public static func fileName(_ d: Dashboard) -> String { "\(d.uid).json" }

    static func grid(_ i: Int, w: Int = 12, h: Int = 8) -> GridPos {
        let perRow = 24 / w
        return GridPos(x: (i % perRow) * w, y: (i / perRow) * h, w: w, h: h)
    }

    static func applicationOverview(_ env: Environment) -> Dashboard {
        let services = Scraping.httpServiceJobs(env.product)
        // Panels of metrics only some services expose (Secure Messenger's WebSocket gateway): over
        // those services, and absent when none does.
        let websocket = services.filter { $0.hasSeries(Telemetry.websocketConnections) }
        let messaging = services.filter { $0.hasSeries(Telemetry.messagesSent) && $0.hasSeries(Telemetry.messagesReceived) }
        let requests = ScrapeJob.select(Telemetry.httpRequests, from: services)
        let pg = Scraping.postgres(env.product.app)
        let panels: [Panel] = [
            Panel(id: 1, title: "Request Rate", kind: .timeseries, grid: grid(0),
                  targets: [PanelTarget(.sum(by: ["job"], .rate(requests, window)), legend: "{{job}}")], unit: "reqps"),
            Panel(id: 2, title: "Error Rate", kind: .timeseries, grid: grid(1),
                  targets: [PanelTarget(Alerts.errorRatio(services), legend: "{{job}}")], unit: "percentunit",
                  thresholds: [ThresholdStep("green", from: nil), ThresholdStep("red", from: Alerts.errorRatioThreshold)], min: 0,
                  description: "5xx answers over all requests; red from the HighErrorRate threshold."),
            Panel(id: 3, title: "Response Time (P95)", kind: .timeseries, grid: grid(2),
                  targets: [PanelTarget(Alerts.p95(services), legend: "{{job}}")], unit: "s",
                  thresholds: [ThresholdStep("green", from: nil), ThresholdStep("red", from: Alerts.p95Threshold)], min: 0),
        ] + (websocket.isEmpty ? [] : [
            Panel(id: 4, title: "Active WebSocket Connections", kind: .timeseries, grid: grid(3),
                  targets: [PanelTarget(.sum(.selector(ScrapeJob.select(Telemetry.websocketConnections, from: websocket))), legend: "connections")],
                  unit: "short", min: 0),
        ]) + (messaging.isEmpty ? [] : [
            Panel(id: 5, title: "Messages Sent (Rate)", kind: .timeseries, grid: grid(4),
                  targets: [PanelTarget(.sum(.rate(ScrapeJob.select(Telemetry.messagesSent, from: messaging), window)), legend: "sent"),
                            PanelTarget(.sum(.rate(ScrapeJob.select(Telemetry.messagesReceived, from: messaging), window)), legend: "received")],
                  unit: "short", min: 0),
        ]) + [
            Panel(id: 6, title: "CPU Usage", kind: .timeseries, grid: grid(5),
                  targets: [PanelTarget(.sum(by: ["job", "pod"], .rate(ScrapeJob.select(Telemetry.processCPU, from: services), window)),
                                        legend: "{{pod}}")], unit: "short", min: 0, description: "CPU cores used per pod."),
            Panel(id: 7, title: "Memory Usage", kind: .timeseries, grid: grid(6),
                  targets: [PanelTarget(.sum(by: ["job", "pod"], .selector(ScrapeJob.select(Telemetry.processMemory, from: services))),
                                        legend: "{{pod}}")], unit: "bytes", min: 0),
            Panel(id: 8, title: "Database Connections", kind: .timeseries, grid: grid(7),
                  targets: [PanelTarget(.sum(by: ["datname"], .selector(pg.select(ExporterMetrics.pgBackends))), legend: "{{datname}}"),
                            PanelTarget(.max(.selector(pg.select(ExporterMetrics.pgMaxConnections))), legend: "max_connections")],
                  unit: "short", min: 0),
            Panel(id: 9, title: "Redis Operations", kind: .timeseries, grid: grid(8),
                  targets: [PanelTarget(.sum(.rate(Scraping.redis(env.product.app).select(ExporterMetrics.redisCommands), window)), legend: "commands")],
                  unit: "ops", min: 0),
            Panel(id: 10, title: "Pod Status", kind: .table, grid: grid(9),
                  targets: [PanelTarget(.sum(by: ["pod", "phase"], .selector(Scraping.kubeStateMetrics.select(ExporterMetrics.podPhase))).above(0),
                                        instant: true)]),
        ]
        return Dashboard(uid: "\(env.product.dashboardPrefix)-application-overview", title: "\(env.product.title) — Application Overview",
                         tags: [env.product.app, env.name], panels: panels)
    }

    static func rtoRpo(_ env: Environment) throws -> Dashboard {
        let plan = try Backups.plan(env)
        let rpo = PromNumber(env.objectives.rpo.value)
        let rto = PromNumber(env.objectives.rto.value)
        let backups = Scraping.backups
        let ofKind = { (metric: Metric, kind: BackupMetricNames.Kind) in backups.select(metric).with(BackupMetrics.kindLabel, kind.rawValue) }
        let lastSuccess = PromQL.max(.selector(ofKind(BackupMetrics.lastSuccess, .dump)))
        let age = PromQL.time() - lastSuccess
        // Green while the last dump is within the RPO; yellow while the next one is due and may
        // still be running; red from BackupFailed's threshold (`BackupPlan.dumpStaleAfter`). The
        // seed's red at 6/5 of the RPO would turn red during every healthy run.
        let dumpBands = [ThresholdStep("green", from: nil), ThresholdStep("yellow", from: rpo),
                         ThresholdStep("red", from: PromNumber(plan.dumpStaleAfter.value))]
        // With WAL archiving, the data a lost server would lose is what the last archived segment
        // does not hold: yellow once two archive timeouts passed, red at the RPO.
        let walAge = PromQL.time() - .max(.selector(ofKind(BackupMetrics.lastSuccess, .wal)))
        let rpoBands = [ThresholdStep("green", from: nil), ThresholdStep("yellow", from: PromNumber(plan.walArchiveAgeWarning.value)),
                        ThresholdStep("red", from: PromNumber(plan.walArchiveAgeCritical.value))]
        // Uptime is the first availability objective's (Secure Messenger: the API's); no panel
        // when no service declares objectives.
        let uptime = SLOs.all(env.product).first { $0.measures == .availability }.map { availability in
            Panel(id: 4, title: "Application Uptime", kind: .stat, grid: grid(3, w: 6),
                  targets: [PanelTarget(1 - PromQL.selector(Selector(SLOs.errorRatioMetric(availability.window))
                      .with("slo", availability.name)))],
                  unit: "percentunit",
                  thresholds: [ThresholdStep("red", from: nil), ThresholdStep("green", from: availability.objective)],
                  description: "Share of \(availability.job) requests without a 5xx over \(availability.window), against the \(availability.objective.percent) % SLO.")
        }
        let monitored: [any MetricSource] = Scraping.serviceJobs(env.product) + [Scraping.postgres(env.product.app), Scraping.redis(env.product.app)]
        let panels: [Panel] = [
            Panel(id: 1, title: "Last Successful Backup", kind: .stat, grid: grid(0, w: 6),
                  targets: [PanelTarget(lastSuccess * 1000)], unit: "dateTimeFromNow",
                  description: "When the last backup completed (Grafana's date units take milliseconds)."),
            Panel(id: 2, title: "Backup Duration", kind: .timeseries, grid: grid(1, w: 6),
                  targets: [PanelTarget(.max(.selector(ofKind(BackupMetrics.duration, .dump))), legend: "duration")], unit: "s",
                  thresholds: [ThresholdStep("green", from: nil), ThresholdStep("red", from: PromNumber(plan.dumpDurationWarning.value))],
                  min: 0, description: "Red from BackupDurationHigh's threshold: half the dump's deadline."),
            Panel(id: 3, title: "RPO Status", kind: .gauge, grid: grid(2, w: 6), targets: [PanelTarget(walAge)], unit: "s",
                  thresholds: rpoBands, min: 0, max: rpo * 2,
                  description: "Time since the last WAL segment was archived: the data a lost server would lose now. "
                      + "It grows without loss while nothing is written (PostgreSQL switches no empty segment)."),
        ] + (uptime.map { [$0] } ?? []) + [
            Panel(id: 5, title: "Recovery Time Estimate", kind: .stat, grid: grid(2, w: 12),
                  targets: [PanelTarget(.max(.selector(Scraping.restores.select(BackupMetrics.restoreDuration))))], unit: "s",
                  thresholds: [ThresholdStep("green", from: nil), ThresholdStep("red", from: rto)],
                  description: "Duration of the last restore drill, download to verified data, against the RTO."),
            Panel(id: 6, title: "Backup History", kind: .timeseries, grid: grid(3, w: 12),
                  targets: [PanelTarget(age, legend: "time since last dump")], unit: "s", thresholds: dumpBands, min: 0),
            Panel(id: 7, title: "Downtime Events", kind: .table, grid: grid(4, w: 12),
                  targets: [PanelTarget(1 - .avg(by: ["job"], .avgOverTime(ScrapeJob.select(.up, from: monitored), .days(1))),
                                        instant: true)],
                  unit: "percentunit", description: "Share of the last 24 hours each job's targets were down."),
            Panel(id: 8, title: "Alert History", kind: .timeseries, grid: grid(5, w: 12),
                  targets: [PanelTarget(.sum(by: ["alertname", "severity"], .selector(Selector(.alerts).with("alertstate", "firing"))),
                                        legend: "{{alertname}}")], unit: "short", min: 0),
        ]
        return Dashboard(uid: "\(env.product.dashboardPrefix)-rto-rpo", title: "\(env.product.title) — RTO/RPO Monitoring",
                         tags: [env.product.app, env.name], panels: panels)
    }
}
