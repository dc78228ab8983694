import MonitoringModel
import Render
import XCTest

final class ModelTests: XCTestCase {
    let requests = Metric.counter("http_requests_total", help: "requests", labels: ["status"])
    lazy var backend = ScrapeJob("backend", targets: .pods(labels: [("app.kubernetes.io/name", "backend")], port: "http"),
                                 provides: [requests])

    func testCatalogueFindsQueriesThatMeasureNothing() {
        let catalogue = Catalogue(sources: [backend], recorded: [])
        XCTAssertEqual(catalogue.problems(in: .rate(backend.select(requests).matching("status", "5.."), .minutes(5))), [])
        XCTAssertEqual(catalogue.problems(in: .selector(backend.select(.up).with("namespace", "x"))), [])
        // A metric nobody exposes, a job that does not expose it, a label it does not carry.
        let renamed = Metric.counter("http_requests_count_total", help: "")
        XCTAssertEqual(catalogue.problems(in: .selector(Selector(renamed))), ["no source provides http_requests_count_total"])
        XCTAssertEqual(catalogue.problems(in: .selector(Selector(requests).with("job", "web"))).count, 1)
        XCTAssertEqual(catalogue.problems(in: .selector(backend.select(requests).with("route", "/"))).count, 1)
        let recorded = Metric("job:x:rate5m", kind: .recorded, help: "", labels: ["job"])
        XCTAssertEqual(catalogue.problems(in: .selector(Selector(recorded))), ["job:x:rate5m is recorded by no rule"])
    }

    /// A selector without `job` is checked against the sources of its series only: a histogram's
    /// bucket, count and sum series come from the source of the histogram.
    func testSelectorsWithoutAJobMeetTheSourcesOfTheirSeries() {
        let latency = Metric.histogram("http_request_duration_seconds", help: "latency", labels: ["route"], buckets: ["0.1", "1"])
        let web = ScrapeJob("web", targets: .pods(labels: [("app.kubernetes.io/name", "web")], port: "http"), provides: [latency])
        let catalogue = Catalogue(sources: [backend, web], recorded: [])
        for series in [latency.bucket, latency.count, latency.sum] {
            XCTAssertEqual(catalogue.problems(in: .selector(Selector(series))), [], series.name)
        }
        XCTAssertEqual(catalogue.problems(in: .selector(Selector(requests).with("status", "500"))), [])
        XCTAssertEqual(catalogue.problems(in: .selector(Selector(latency.bucket).with("status", "500"))).count, 1)
        XCTAssertEqual(catalogue.problems(in: .selector(Selector(requests).with("route", "/"))).count, 1)
    }

    func testAlertTextIsAGoTemplateAndExpandsForTests() {
        let text: AlertText = "Errors on \(label: "job") above \(PromNumber("0.05").percent) %"
        XCTAssertEqual(text.description, "Errors on {{ $labels.job }} above 5 %")
        XCTAssertEqual(text.expanded(["job": "backend"]), "Errors on backend above 5 %")
        XCTAssertEqual(text.documented, "Errors on <job> above 5 %")
    }

    func testUnitTestsCheckSilenceBeforeTheForAndFiringAfter() {
        let rule = AlertingRule("X", expr: .selector(backend.select(requests)), for: .minutes(5), severity: .warning,
                                summary: "x on \(label: "job")", description: "d", runbookURL: "https://r/X.md")
        let series = [InputSeries(requests, [("job", "backend")], .constant(1, samples: 20))]
        let alert = Alert(rule, runbook: Runbook(meaning: "m", firstChecks: ["c"], procedure: ["p"]),
                          fires: [AlertExample("e", series: series, breachStart: .minutes(2), labels: [("job", "backend")])],
                          quiet: ("q", []))
        let cases = alert.testCases(interval: .minutes(1))
        XCTAssertEqual(cases.count, 2)
        XCTAssertEqual(cases[0].checks.map(\.at), [.minutes(6), .minutes(8)])
        XCTAssertTrue(cases[0].checks[0].expected.isEmpty)
        XCTAssertEqual(cases[0].checks[1].expected[0].labels.map { "\($0.0)=\($0.1)" }, ["job=backend", "severity=warning"])
        XCTAssertEqual(cases[0].checks[1].expected[0].annotations.map(\.1), ["x on backend", "d", "https://r/X.md"])
        XCTAssertEqual(cases[1].checks.map(\.at), [.minutes(8)])
        XCTAssertTrue(cases[1].checks[0].expected.isEmpty)
    }

    func testSeriesValuesNotation() {
        XCTAssertEqual(SeriesValues.constant(0, samples: 11).then(.steps(from: 10, by: 10, samples: 5)).description, "0+0x10 10+10x4")
        XCTAssertEqual(SeriesValues.steps(from: 5, by: -1, samples: 3).then(.missing(samples: 2)).description, "5-1x2 _x2")
    }

    func testDashboardProblems() {
        func panel(_ id: Int, x: Int, y: Int) -> Panel {
            Panel(id: id, title: "p", kind: .stat, grid: GridPos(x: x, y: y, w: 12, h: 8), targets: [])
        }
        XCTAssertNil(Dashboard(uid: "u", title: "t", tags: [], panels: [panel(1, x: 0, y: 0), panel(2, x: 12, y: 0)]).problem)
        XCTAssertNotNil(Dashboard(uid: "u", title: "t", tags: [], panels: [panel(1, x: 0, y: 0), panel(1, x: 12, y: 0)]).problem)
        XCTAssertNotNil(Dashboard(uid: "u", title: "t", tags: [], panels: [panel(1, x: 0, y: 0), panel(2, x: 6, y: 4)]).problem)
        XCTAssertNotNil(Dashboard(uid: "u", title: "t", tags: [], panels: [panel(1, x: 18, y: 0)]).problem)
    }

    func testSlackChannelsMustNotShareAWebhook() {
        func slack(_ file: String, _ channel: String) -> Receiver.Slack { Receiver.Slack(apiURLFile: file, channel: channel, title: "t", text: "x") }
        let route = Route(receiver: "a", routes: [Route(receiver: "b", matchers: [Matcher("severity", .equal, "critical")])])
        func config(_ a: Receiver.Slack, _ b: Receiver.Slack) -> AlertmanagerConfig {
            AlertmanagerConfig(resolveTimeout: .minutes(5), route: route,
                               receivers: [Receiver("a", slack: [a]), Receiver("b", slack: [b])], inhibitRules: [])
        }
        XCTAssertNil(config(slack("/a", "#one"), slack("/b", "#two")).problem)
        XCTAssertNil(config(slack("/a", "#one"), slack("/a", "#one")).problem, "one channel may be reached from two receivers")
        XCTAssertEqual(config(slack("/a", "#one"), slack("/a", "#two")).problem,
                       "Slack channels #one and #two share the webhook /a; a webhook posts to one channel only")
    }

    func testAlertmanagerReceiversMustBeRoutedAndDeclared() {
        let route = Route(receiver: "a", routes: [Route(receiver: "b", matchers: [Matcher("severity", .equal, "critical")])])
        XCTAssertNil(AlertmanagerConfig(resolveTimeout: .minutes(5), route: route, receivers: [Receiver("a"), Receiver("b")],
                                        inhibitRules: []).problem)
        XCTAssertEqual(AlertmanagerConfig(resolveTimeout: .minutes(5), route: route, receivers: [Receiver("a")], inhibitRules: []).problem,
                       "route names unknown receiver b")
        XCTAssertEqual(AlertmanagerConfig(resolveTimeout: .minutes(5), route: Route(receiver: "a"),
                                          receivers: [Receiver("a"), Receiver("b")], inhibitRules: []).problem,
                       "receiver b is never routed to")
    }

    func testPodMonitorKeepsTheJobLabelOfTheStandaloneConfig() throws {
        let yaml = try YAMLRenderer.render(try XCTUnwrap(backend.podMonitorSpec))
        XCTAssertTrue(yaml.contains("- targetLabel: job\n    replacement: backend"), yaml)
        XCTAssertNil(ScrapeJob("n", targets: .kubelets, provides: []).podMonitorSpec)
    }

    /// Golden rendering of a rules file, a unit-test file and a scrape job.
    func testGoldenRendering() throws {
        let rule = AlertingRule("HighErrorRate", expr: (PromQL.sum(by: ["job"], .rate(backend.select(requests).matching("status", "5.."), .minutes(5)))
                                    / .sum(by: ["job"], .rate(backend.select(requests), .minutes(5)))).above("0.05"),
                                for: .minutes(5), severity: .critical, summary: "5xx on \(label: "job")",
                                description: "More than 5 % of \(label: "job") requests fail.", runbookURL: "https://r/HighErrorRate.md")
        let record = RecordingRule(Metric("job:http_requests:rate5m", kind: .recorded, help: "", labels: ["job"]),
                                   expr: .sum(by: ["job"], .rate(backend.select(requests), .minutes(5))))
        let file = RuleFile(groups: [RuleGroup("example", recording: [record], alerting: [rule])])
        let alert = Alert(rule, runbook: Runbook(meaning: "m", firstChecks: [], procedure: []),
                          fires: [AlertExample("errors", series: [InputSeries(requests, [("job", "backend"), ("status", "500")],
                                                                              .steps(from: 0, by: 10, samples: 20))],
                                               breachStart: .minutes(0), settle: .minutes(5), labels: [("job", "backend")])],
                          quiet: ("no traffic", []))
        let tests = RuleTestFile(ruleFiles: ["rules.yml"], tests: alert.testCases(interval: .minutes(1)))
        let rendered = try [file.document, tests.document, backend.scrapeConfig].map { try YAMLRenderer.render($0) }
            .joined(separator: "---\n")
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/example.yml")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" { try rendered.write(to: golden, atomically: true, encoding: .utf8) }
        XCTAssertEqual(rendered, try String(contentsOf: golden, encoding: .utf8))
    }
}
