import DocumentTree
import Environments
import KubeModel
import MonitoringModel
import Platform
import SecureMessenger
import XCTest

final class SecureMessengerMonitoringTests: XCTestCase {
    func everyAlert(_ env: Environment) throws -> [Alert] {
        try Monitoring.environmentRules(env).alerts + Monitoring.clusterRules(env.product).alerts
    }

    func testTheSeedsNineAlertsTheWatchdogAndTheSLOAlertsExist() throws {
        let names = Set(try everyAlert(production).map(\.rule.name))
        let seed = ["HighErrorRate", "ApplicationDown", "HighResponseTime", "DatabaseConnectionPoolExhausted", "DatabaseDown",
                    "BackupFailed", "BackupDurationHigh", "DiskSpaceLow", "HighPodRestartRate"]
        let slo = ["BackendAvailabilityBudgetBurn", "BackendAvailabilityBudgetBurnSlow", "BackendLatencyBudgetBurn",
                   "BackendLatencyBudgetBurnSlow"]
        let wal = ["WALArchivingFailing", "WALArchiveBehindRPO"]
        XCTAssertEqual(names, Set(seed + slo + wal + ["Watchdog"]))
    }

    func testEveryAlertHasARunbookAFiringAndAQuietSituation() throws {
        for alert in try everyAlert(staging) {
            XCTAssertEqual(alert.rule.runbookURL, Runbooks(secureMessenger).url(alert.rule.name))
            XCTAssertFalse(alert.runbook.firstChecks.isEmpty, alert.rule.name)
            XCTAssertFalse(alert.runbook.procedure.isEmpty, alert.rule.name)
            XCTAssertFalse(alert.fires.isEmpty, alert.rule.name)
            XCTAssertTrue(alert.quiet != nil || alert.rule.name == "Watchdog", alert.rule.name)
            XCTAssertTrue(alert.rule.severity != .none || alert.rule.name == "Watchdog", alert.rule.name)
        }
    }

    func testEveryQueryReadsSeriesThatSomeJobOrRuleProvides() throws {
        for env in allEnvironments { XCTAssertEqual(try Monitoring.problems(env), [], env.name) }
        for metric in Scraping.sources(secureMessenger).flatMap(\.provides) + SLOs.recordingRules(secureMessenger).map(\.record) {
            XCTAssertNil(metric.namingProblem)
        }
    }

    /// Thresholds come from the objectives: a different RPO moves the backup alerts and the RPO panel.
    func testBackupThresholdsFollowTheRPO() throws {
        var env = production
        env.objectives = Objectives(rpo: .minutes(10), rto: .minutes(60))
        let rules = try Monitoring.environmentRules(env).file.alerts
        let failed = try XCTUnwrap(rules.first { $0.name == "BackupFailed" })
        XCTAssertTrue(failed.expr.description.contains(") > 1080 or "), failed.expr.description)  // 10 min period + 8 min deadline
        // Absent for as long as a dump may be stale: a Pushgateway restart is not an outage.
        XCTAssertTrue(failed.expr.description.contains("absent_over_time(backup_last_success_timestamp_seconds{"), failed.expr.description)
        XCTAssertTrue(failed.expr.description.hasSuffix("[18m])"), failed.expr.description)
        XCTAssertNil(failed.holdFor)
        let behind = try XCTUnwrap(rules.first { $0.name == "WALArchiveBehindRPO" })
        XCTAssertEqual(behind.holdFor, .minutes(10), "pages once WAL uploads have failed for the RPO")
        let slow = try XCTUnwrap(rules.first { $0.name == "BackupDurationHigh" })
        XCTAssertTrue(slow.expr.description.hasSuffix("> 240"), slow.expr.description)  // half the 8 min deadline
        let rpoPanel = try XCTUnwrap(try Dashboards.all(env)[1].panels.first { $0.title == "RPO Status" })
        XCTAssertEqual(rpoPanel.thresholds.map { $0.value?.description }, [nil, "240", "600"])  // two archive timeouts, the RPO
        XCTAssertTrue(rpoPanel.targets[0].expr.description.contains("kind=\"wal\""), "the RPO is the archived WAL's age")
        let history = try XCTUnwrap(try Dashboards.all(env)[1].panels.first { $0.title == "Backup History" })
        XCTAssertEqual(history.thresholds.map { $0.value?.description }, [nil, "600", "1080"])
        let rtoPanel = try XCTUnwrap(try Dashboards.all(env)[1].panels.first { $0.title == "Recovery Time Estimate" })
        XCTAssertEqual(rtoPanel.thresholds.last?.value?.description, "3600")
    }

    func testSeedDashboardsHaveTheirPanelCounts() throws {
        let dashboards = try Dashboards.all(production)
        XCTAssertEqual(dashboards.map(\.panels.count), [10, 8])
        XCTAssertEqual(dashboards.map(\.uid), ["sm-application-overview-production", "sm-rto-rpo-production"])
        for d in dashboards { XCTAssertNil(d.problem) }
        // Every query is scoped to the environment's namespace.
        for target in dashboards.flatMap({ $0.panels.flatMap(\.targets) }) {
            XCTAssertTrue(target.expr.selectors.allSatisfy { $0.matchers.contains(Matcher("namespace", .equal, "production")) })
        }
    }

    func testTelemetryKeepsItsNames() throws {
        XCTAssertEqual(Telemetry.httpRequests.name, "http_requests_total")
        XCTAssertEqual("\(Telemetry.httpRequests)", "http_requests_total")
        XCTAssertTrue(Telemetry.httpRequests.labels.contains(Telemetry.httpStatusLabel))
        XCTAssertTrue(Telemetry.httpRequestDuration.buckets.contains(SLOs.latencyThreshold))
    }

    /// The PrometheusRule and the standalone rules file come from the same definitions; the
    /// PodMonitors select the pods the Deployments run, on a port their containers declare.
    func testOperatorObjectsMatchTheStandaloneFilesAndTheWorkloads() throws {
        let manifests = try ProductStack.monitoring(production)
        let rule = try XCTUnwrap(manifests.first { $0.id.kind == "PrometheusRule" })
        XCTAssertEqual(try rule.document()["spec"], try Monitoring.environmentRules(production).file.document)
        for service in production.product.services where !service.providedMetrics.isEmpty {
            let monitor = try XCTUnwrap(manifests.first { $0.id == ObjectID(kind: "PodMonitor", namespace: "production", name: service.name) })
            let spec = try XCTUnwrap(try monitor.document()["spec"])
            XCTAssertEqual(spec["selector"]?["matchLabels"],
                           try ProductStack.workload(service, production).selectorLabels.document())
            guard case .sequence(let endpoints) = spec["podMetricsEndpoints"] else { return XCTFail("no endpoints") }
            XCTAssertEqual(endpoints.first?["port"], .string(service.port.name))
            XCTAssertEqual(endpoints.first?["path"], .string(ProductStack.metricsPath))
        }
        XCTAssertEqual(manifests.filter { $0.id.kind == "ConfigMap" }.count, 2)
        XCTAssertTrue(try ProductStack.monitoring(.base).isEmpty)
    }

    /// A PodMonitor scrapes something only if a workload's pods carry its labels and one of their
    /// containers declares its port: checked against the objects the stack deploys, so renaming a
    /// component or a port cannot leave a job scraping nothing.
    func testEveryPodMonitorSelectsPodsThatDeclareItsPort() throws {
        for env in allEnvironments {
            let stack = try ProductStack.build(env)
            let documents = try (stack.shared + stack.workloads + stack.colours.flatMap(\.1)).map { try $0.document() }
            let monitors = documents.filter { $0["kind"] == .string("PodMonitor") }
            XCTAssertEqual(monitors.count, Scraping.applicationJobs(env).count, env.name)
            for monitor in monitors {
                guard case .mapping(let wanted) = monitor["spec"]?["selector"]?["matchLabels"],
                      case .sequence(let endpoints) = monitor["spec"]?["podMetricsEndpoints"],
                      let port = endpoints.first?["port"] else { return XCTFail("malformed \(monitor)") }
                let matches = documents.filter { doc in
                    guard case .mapping(let labels) = doc["spec"]?["template"]?["metadata"]?["labels"],
                          case .sequence(let containers) = doc["spec"]?["template"]?["spec"]?["containers"] else { return false }
                    let portNames = containers.flatMap { c -> [DocNode] in
                        guard case .sequence(let ports) = c["ports"] else { return [] }
                        return ports.compactMap { $0["name"] }
                    }
                    return wanted.allSatisfy(labels.contains) && portNames.contains(port)
                }
                XCTAssertFalse(matches.isEmpty, "\(env.name): \(monitor["metadata"]?["name"] ?? .null) selects no pod with port \(port)")
            }
        }
    }

    /// A managed PostgreSQL has no exporter pod: no PodMonitor for it, no alert reading it.
    func testAnExternalDatabaseIsNeitherScrapedNorAlertedOn() throws {
        var env = staging
        env.postgres = .external(host: "db.example.internal", cidrs: ["10.0.0.0/24"])
        let monitors = try ProductStack.monitoring(env).filter { $0.id.kind == "PodMonitor" }.map(\.id.name)
        XCTAssertEqual(monitors, Scraping.serviceJobs(env.product).map(\.name) + [DataTier.redis(env).peer.name])
        let names = try Monitoring.environmentRules(env).file.alerts.map(\.name)
        XCTAssertFalse(names.contains("DatabaseDown"))
        XCTAssertFalse(names.contains("DatabaseConnectionPoolExhausted"))
        XCTAssertTrue(names.contains("BackupFailed"))
    }
}
