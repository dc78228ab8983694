import DocumentTree

/// Sample values of an input series in promtool's expanding notation: `0+60x30 _x5 1800`.
public struct SeriesValues: Hashable, Sendable, CustomStringConvertible {
    public private(set) var segments: [String]

    private init(_ segments: [String]) { self.segments = segments }

    /// `value` repeated for `samples` samples (one per interval).
    public static func constant(_ value: PromNumber, samples: Int) -> SeriesValues {
        .steps(from: value, by: 0, samples: samples)
    }
    /// `samples` samples from `start`, growing by `step` each interval.
    public static func steps(from start: PromNumber, by step: PromNumber, samples: Int) -> SeriesValues {
        precondition(samples >= 1)
        let sign = step < 0 ? "-" : "+"
        let magnitude = step < 0 ? PromNumber(0) - step : step
        return SeriesValues(["\(start)\(sign)\(magnitude)x\(samples - 1)"])
    }
    /// `samples` missing samples: the series does not exist then.
    public static func missing(samples: Int) -> SeriesValues { SeriesValues(["_x\(samples)"]) }

    /// This series followed by `next`.
    public func then(_ next: SeriesValues) -> SeriesValues { SeriesValues(segments + next.segments) }

    public var description: String { segments.joined(separator: " ") }
}

/// One input series of a promtool unit test: a catalogue metric, exact labels, values.
public struct InputSeries: Hashable, Sendable {
    public var metric: Metric
    public var labels: [(String, String)]
    public var values: SeriesValues

    public init(_ metric: Metric, _ labels: [(String, String)], _ values: SeriesValues) {
        self.metric = metric
        self.labels = labels
        self.values = values
    }

    public static func == (a: InputSeries, b: InputSeries) -> Bool {
        a.metric == b.metric && a.labels.elementsEqual(b.labels, by: ==) && a.values == b.values
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(metric) }

    public var seriesText: String {
        labels.isEmpty ? metric.name
            : metric.name + "{" + labels.map { "\($0.0)=\(PromQL.quoted($0.1))" }.joined(separator: ",") + "}"
    }
}

/// The alerts expected to fire for one alert name at one evaluation time (none: it stays quiet).
public struct AlertCheck: Sendable {
    public var at: PromDuration
    public var alertname: String
    /// Each expected alert: its full label set and annotations.
    public var expected: [(labels: [(String, String)], annotations: [(String, String)])]

    public init(at: PromDuration, alertname: String, expected: [(labels: [(String, String)], annotations: [(String, String)])]) {
        self.at = at
        self.alertname = alertname
        self.expected = expected
    }

    var document: DocNode {
        .map([
            ("eval_time", .string(at.description)),
            ("alertname", .string(alertname)),
            ("exp_alerts", .sequence(expected.map { alert in
                .map([
                    ("exp_labels", .map(alert.labels.map { ($0.0, .string($0.1)) })),
                    ("exp_annotations", .map(alert.annotations.map { ($0.0, .string($0.1)) })),
                ])
            })),
        ])
    }
}

/// One promtool test case: input series and the alerts expected at given times.
public struct RuleTestCase: Sendable {
    public var name: String
    public var interval: PromDuration
    public var series: [InputSeries]
    public var checks: [AlertCheck]

    public init(name: String, interval: PromDuration = .minutes(1), series: [InputSeries], checks: [AlertCheck]) {
        self.name = name
        self.interval = interval
        self.series = series
        self.checks = checks
    }

    var document: DocNode {
        .map([
            ("name", .string(name)),
            ("interval", .string(interval.description)),
            ("input_series", .sequence(series.map {
                .map([("series", .string($0.seriesText)), ("values", .string($0.values.description))])
            })),
            ("alert_rule_test", .sequence(checks.map(\.document))),
        ])
    }
}

/// A promtool unit-test file (`promtool test rules FILE`).
public struct RuleTestFile: Sendable {
    /// Rule files under test, relative to the test file.
    public var ruleFiles: [String]
    public var evaluationInterval: PromDuration
    public var tests: [RuleTestCase]

    public init(ruleFiles: [String], evaluationInterval: PromDuration = .minutes(1), tests: [RuleTestCase]) {
        self.ruleFiles = ruleFiles
        self.evaluationInterval = evaluationInterval
        self.tests = tests
    }

    public var document: DocNode {
        .map([
            ("rule_files", .sequence(ruleFiles.map { .string($0) })),
            ("evaluation_interval", .string(evaluationInterval.description)),
            ("tests", .sequence(tests.map(\.document))),
        ])
    }
}
