import Foundation

import MonitoringModel

/// A service level objective: the share of good events over a window, and how the bad share
/// (the SLI's error ratio) is computed over any window.
public struct ServiceLevelObjective: Sendable {
    public var name: String
    public var objective: PromNumber
    public var window: PromDuration
    /// The error ratio over a window, per namespace.
    public var errorRatio: @Sendable (PromDuration) -> PromQL
    public var summary: String
    /// The scrape job whose requests the SLI counts.
    public var job: String
    /// What a bad event is.
    public var measures: Measure

    public enum Measure: Sendable { case availability, latency }

    /// The error budget: the bad share the objective allows.
    public var budget: PromNumber { 1 - objective }
}

/// The SLOs of every service declared with `objectives`, and their multi-window, multi-burn-rate alerts (Google SRE workbook,
/// chapter 5, table 5-8), generated as Sloth and Pyrra generate them: one recording rule per
/// SLO and window, then a page alert and a ticket alert per SLO.
public enum SLOs {
    static let byNamespace = ["namespace"]
    /// The latency objective's threshold: a bucket bound of `Telemetry.httpRequestDuration`.
    public static let latencyThreshold: PromNumber = "0.5"

    /// 99.9 % of the service's requests over 30 days answer something other than 5xx: the larger
    /// of the error ratios the pods count and the ingress controller counts for the service's
    /// Service (`Alerts.edgeErrorRatio`), so that the 502 and 503 no pod answered burn the budget
    /// too; the pods' alone where the controller's series are missing.
    public static func availability(_ job: ScrapeJob) -> ServiceLevelObjective {
        ServiceLevelObjective(
            name: "\(job.name)-availability", objective: "0.999", window: .days(30),
            errorRatio: { w in
                func ratio(_ requests: Selector) -> PromQL {
                    .sum(by: byNamespace, .rate(requests.matching(Telemetry.httpStatusLabel, "5.."), w))
                        / .sum(by: byNamespace, .rate(requests, w))
                }
                let pods = ratio(job.select(Telemetry.httpRequests))
                let edge = ratio(Scraping.ingressController.selectAnyJob(ExporterMetrics.ingressRequests).with("service", job.name))
                return PromQL.binary(.greaterOrEqual, pods, edge, matching: nil).or(edge).or(pods)
            },
            summary: "\(job.name) requests answered without a 5xx", job: job.name, measures: .availability)
    }

    /// 99 % of the service's requests over 30 days are served within 500 ms.
    public static func latency(_ job: ScrapeJob) -> ServiceLevelObjective {
        ServiceLevelObjective(
            name: "\(job.name)-latency", objective: "0.99", window: .days(30),
            errorRatio: { w in
                let histogram = Telemetry.httpRequestDuration
                precondition(histogram.buckets.contains(latencyThreshold), "the latency threshold must be a bucket bound")
                let fast = job.select(histogram.bucket).with(Metric.le, latencyThreshold.description)
                return 1 - .sum(by: byNamespace, .rate(fast, w)) / .sum(by: byNamespace, .rate(job.select(histogram.count), w))
            },
            summary: "\(job.name) requests served within \(latencyThreshold) s", job: job.name, measures: .latency)
    }

    /// Every SLO of `product`: availability and latency of each service declared with objectives.
    public static func all(_ product: Product) -> [ServiceLevelObjective] {
        product.services.filter(\.objectives).compactMap { Scraping.job($0, app: product.app) }
            .flatMap { [availability($0), latency($0)] }
    }

    /// One burn-rate condition: the error ratio exceeds `factor` × budget over both windows.
    public struct BurnWindow: Sendable {
        public var long: PromDuration
        public var short: PromDuration
        public var factor: PromNumber
    }

    /// Page: 2 % of a 30-day budget spent in 1 hour (14.4×) or 5 % in 6 hours (6×).
    public static let page = [BurnWindow(long: .hours(1), short: .minutes(5), factor: "14.4"),
                              BurnWindow(long: .hours(6), short: .minutes(30), factor: 6)]
    /// Ticket: 10 % of the budget in 1 day (3×) or in 3 days (1×).
    public static let ticket = [BurnWindow(long: .days(1), short: .hours(2), factor: 3),
                                BurnWindow(long: .days(3), short: .hours(6), factor: 1)]

    /// Every window a recording rule is needed for.
    static var windows: [PromDuration] {
        Array(Set((page + ticket).flatMap { [$0.long, $0.short] })).sorted()
    }

    /// `slo:sli_error:ratio_rate<window>`: the recorded error ratio over one window, labelled with the SLO.
    public static func errorRatioMetric(_ window: PromDuration) -> Metric {
        Metric("slo:sli_error:ratio_rate\(window)", kind: .recorded,
               help: "Error ratio of an SLO's SLI over \(window).", labels: ["namespace", "slo"])
    }

    /// Recording rules of every SLO: the windows of the alerts, and the SLO's own window (for
    /// dashboards), averaged from the 5-minute ratio as Sloth does rather than one 30-day rate.
    public static func recordingRules(_ product: Product) -> [RecordingRule] {
        all(product).flatMap { slo -> [RecordingRule] in
            let label = [("slo", slo.name)]
            let short = windows.map { RecordingRule(errorRatioMetric($0), expr: slo.errorRatio($0), labels: label) }
            let first = errorRatioMetric(windows[0])
            let long = RecordingRule(errorRatioMetric(slo.window),
                                     expr: .call("avg_over_time", [.range(Selector(first).with("slo", slo.name), slo.window)]),
                                     labels: label)
            return short + [long]
        }
    }

    /// The page and ticket alerts of every SLO.
    public static func alerts(_ product: Product, namespace ns: String) -> [Alert] {
        let runbooks = Runbooks(product)
        return all(product).flatMap { slo in
            [burnAlert(slo, windows: page, severity: .critical, suffix: "", ns: ns, runbooks),
             burnAlert(slo, windows: ticket, severity: .warning, suffix: "Slow", ns: ns, runbooks)]
        }
    }

    static func alertName(_ slo: ServiceLevelObjective, suffix: String) -> String {
        slo.name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "BudgetBurn" + suffix
    }

    static func burnAlert(_ slo: ServiceLevelObjective, windows: [BurnWindow], severity: Severity, suffix: String,
                          ns: String, _ runbooks: Runbooks) -> Alert {
        let name = alertName(slo, suffix: suffix)
        func ratio(_ w: PromDuration) -> PromQL { .selector(Selector(errorRatioMetric(w)).with("slo", slo.name)) }
        let conditions = windows.map { w in
            ratio(w.long).above(w.factor * slo.budget).and(ratio(w.short).above(w.factor * slo.budget))
        }
        let expr = conditions.dropFirst().reduce(conditions[0]) { $0.or($1) }
        let spent = windows.map { "\($0.factor)× the budget over \($0.long) and \($0.short)" }.joined(separator: ", or ")
        let isPage = severity == .critical
        let examples = burnExamples(slo, isPage: isPage, ns: ns)
        return Alert(
            AlertingRule(name, expr: expr, severity: severity,
                         summary: "\(label: "namespace"): the \(slo.name) SLO (\(slo.objective.percent) % of \(slo.summary)) burns its error budget \(isPage ? "fast" : "steadily")",
                         description: "The error ratio of \(slo.name) in \(label: "namespace") is above \(spent).",
                         runbookURL: runbooks.url(name)),
            runbook: Runbook(
                meaning: isPage
                    ? "At this pace the 30-day error budget of \(slo.name) (\(slo.budget.percent) % of requests) is gone within days: users are affected now."
                    : "The error budget of \(slo.name) is being spent faster than it accrues: not urgent, but the objective will be missed this month if it continues.",
                differsFromSeed: "Not in the seed: SLOs and their multi-window, multi-burn-rate alerts follow the Google SRE workbook (chapter 5), as Sloth and Pyrra generate them. Each condition needs the long window (significance) and the short one (the alert resets soon after the problem stops).",
                firstChecks: ["Grafana, Application Overview → Error Rate and Response Time (P95); RTO/RPO Monitoring → Application Uptime.",
                              "`slo:sli_error:ratio_rate5m{slo=\"\(slo.name)\"}` in Prometheus: is the problem still going on?",
                              Runbooks.checkLogs.replacingOccurrences(of: "<job>", with: slo.job)],
                procedure: isPage
                    ? ["Follow HighErrorRate's or HighResponseTime's procedure (database, memory, release).",
                       "Began with a release: roll back. " + Runbooks.rollback]
                    : ["Open a ticket with the windows and the current ratio; find the routes that fail or are slow.",
                       "Freeze risky releases until the budget recovers."]),
            fires: examples.fires, quiet: examples.quiet)
    }

    /// A situation that burns `factor`-times the budget (fires) and one at half the budget (quiet);
    /// for availability, also the same burn counted at the ingress only (fires).
    static func burnExamples(_ slo: ServiceLevelObjective, isPage: Bool, ns: String)
        -> (fires: [AlertExample], quiet: (name: String, series: [InputSeries]))
    {
        // Fast: 20× the budget trips both page windows; slow: 2× trips only the 3-day ticket window.
        let factor: PromNumber = isPage ? 20 : 2
        let total: PromNumber = 10000
        let bad = total * slo.budget * factor
        let quietBad = total * slo.budget / 2
        let target = [("job", slo.job), ("namespace", ns), ("pod", "\(slo.job)-0")]
        func series(_ bad: PromNumber) -> [InputSeries] {
            if slo.measures == .availability {
                return [InputSeries(Telemetry.httpRequests, target + [("status", "200")], .steps(from: 0, by: total - bad, samples: 15)),
                        InputSeries(Telemetry.httpRequests, target + [("status", "500")], .steps(from: 0, by: bad, samples: 15))]
            }
            return InputSeries.histogram(Telemetry.httpRequestDuration, target,
                                         observations: [("0.1", total - bad), ("2", bad)], samples: 15)
        }
        let labels = [("namespace", ns), ("slo", slo.name)]
        var fires = [AlertExample("\(factor)× the error budget", series: series(bad), breachStart: .minutes(0), settle: .minutes(2),
                                  labels: labels)]
        if slo.measures == .availability {
            let edge = [("job", Scraping.ingressController.name), ("namespace", ns), ("ingress", ns), ("service", slo.job)]
            fires.append(AlertExample(
                "\(factor)× the error budget in 502s of the ingress, none at the pods",
                series: series(0) + [InputSeries(ExporterMetrics.ingressRequests, edge + [("status", "200")], .steps(from: 0, by: total - bad, samples: 15)),
                                     InputSeries(ExporterMetrics.ingressRequests, edge + [("status", "502")], .steps(from: 0, by: bad, samples: 15))],
                breachStart: .minutes(0), settle: .minutes(2), labels: labels))
        }
        return (fires, ("half the error budget", series(quietBad)))
    }
}
