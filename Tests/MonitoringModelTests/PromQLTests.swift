import MonitoringModel
import XCTest

final class PromQLTests: XCTestCase {
    let requests = Metric.counter("http_requests_total", help: "requests", labels: ["status"])
    let latency = Metric.histogram("http_request_duration_seconds", help: "latency", buckets: ["0.5", "1"])

    func testPrecedenceParenthesisesOnlyWhereNeeded() {
        let a = PromQL.selector(Selector(requests)), b = PromQL.number(2), c = PromQL.number(3)
        XCTAssertEqual((a + b / c).description, "http_requests_total + 2 / 3")
        XCTAssertEqual(((a + b) / c).description, "(http_requests_total + 2) / 3")
        XCTAssertEqual((a - (b - c)).description, "http_requests_total - (2 - 3)")
        XCTAssertEqual(((a - b) - c).description, "http_requests_total - 2 - 3")
        XCTAssertEqual((a / b).above("0.05").or(a.equals(0)).description,
                       "http_requests_total / 2 > 0.05 or http_requests_total == 0")
        XCTAssertEqual((1 - a / b).description, "1 - http_requests_total / 2")
    }

    func testSelectorsAndFunctions() {
        let errors = Selector(requests).with("job", "backend").matching("status", "5..")
        XCTAssertEqual(PromQL.sum(by: ["job"], .rate(errors, .minutes(5))).description,
                       #"sum by (job) (rate(http_requests_total{job="backend",status=~"5.."}[5m]))"#)
        XCTAssertEqual(PromQL.absent(Selector(requests).with("a", #"x"y\z"#)).description,
                       #"absent(http_requests_total{a="x\"y\\z"})"#)
        XCTAssertEqual(PromQL.time().description, "time()")
    }

    /// histogram_quantile needs the buckets summed by `le`; the builder cannot forget it.
    func testQuantileAggregatesByLe() {
        XCTAssertEqual(PromQL.quantile("0.95", of: Selector(latency.bucket), over: .minutes(5), by: ["job"]).description,
                       "histogram_quantile(0.95, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))")
    }

    func testScopingAddsTheMatcherToEverySelector() {
        let e = PromQL.selector(Selector(requests)) / .rate(Selector(requests), .minutes(1))
        XCTAssertEqual(e.scoped(Matcher("namespace", .equal, "prod")) { _ in true }.description,
                       #"http_requests_total{namespace="prod"} / rate(http_requests_total{namespace="prod"}[1m])"#)
    }

    func testDurationsUseTheLargestExactUnit() {
        XCTAssertEqual(["\(PromDuration.seconds(0))", "\(PromDuration.seconds(90))", "\(PromDuration.minutes(5))",
                        "\(PromDuration.minutes(60))", "\(PromDuration.hours(72))", "\(PromDuration.days(30))"],
                       ["0s", "90s", "5m", "1h", "3d", "30d"])
    }

    func testNumbersAreExactDecimals() {
        XCTAssertEqual((PromNumber(1) - "0.999").description, "0.001")
        XCTAssertEqual((PromNumber("14.4") * (1 - "0.999")).description, "0.0144")
        XCTAssertEqual(PromNumber("0.05").percent, "5")
        XCTAssertEqual((PromNumber(300) / 2).description, "150")
    }

    func testMetricNaming() {
        XCTAssertNil(requests.namingProblem)
        XCTAssertNil(latency.bucket.namingProblem)
        XCTAssertNotNil(Metric.counter("requests", help: "").namingProblem)
        XCTAssertNotNil(Metric.gauge("a:b", help: "").namingProblem)
        XCTAssertNil(Metric("slo:sli_error:ratio_rate5m", kind: .recorded, help: "").namingProblem)
    }
}
