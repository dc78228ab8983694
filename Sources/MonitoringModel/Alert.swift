/// A situation that must fire an alert, for its promtool unit test: input series, when the
/// condition starts to hold, and the labels of the expression's result.
public struct AlertExample: Sendable {
    public var name: String
    public var series: [InputSeries]
    /// Before this time the alert's expression is false.
    public var breachStart: PromDuration
    /// How long after `breachStart` the expression is surely true (rate windows filling up).
    public var settle: PromDuration
    /// Labels of the expression's result (the alert adds `severity` and its own labels).
    public var labels: [(String, String)]

    public init(_ name: String, series: [InputSeries], breachStart: PromDuration, settle: PromDuration = .minutes(1),
                labels: [(String, String)]) {
        self.name = name
        self.series = series
        self.breachStart = breachStart
        self.settle = settle
        self.labels = labels
    }
}

/// An alert with everything that belongs to it: the rule, its runbook, a situation that fires
/// it and one that must not.
public struct Alert: Sendable {
    public var rule: AlertingRule
    public var runbook: Runbook
    public var fires: [AlertExample]
    /// A healthy (or nearly breaching) situation in which the alert stays silent; nil only for an
    /// alert that fires by design (the Watchdog), with `quietExemption` saying why.
    public var quiet: (name: String, series: [InputSeries])?
    public var quietExemption: String?
    /// Further situations in which the alert stays silent (a transient the alert must ride out).
    public var alsoQuiet: [(name: String, series: [InputSeries])]

    public init(_ rule: AlertingRule, runbook: Runbook, fires: [AlertExample],
                quiet: (name: String, series: [InputSeries])?, quietExemption: String? = nil,
                alsoQuiet: [(name: String, series: [InputSeries])] = []) {
        precondition(!fires.isEmpty, "\(rule.name): an alert needs a situation that fires it")
        precondition((quiet == nil) != (quietExemption == nil), "\(rule.name): give a quiet situation or say why there is none")
        self.rule = rule
        self.runbook = runbook
        self.fires = fires
        self.quiet = quiet
        self.quietExemption = quietExemption
        self.alsoQuiet = alsoQuiet
    }

    /// promtool test cases: each firing situation is silent one interval before the `for` can have
    /// elapsed, and firing after it; the quiet situation is silent when the first one fires.
    public func testCases(interval: PromDuration) -> [RuleTestCase] {
        let hold = rule.holdFor ?? PromDuration(seconds: 0)
        var cases = fires.map { example -> RuleTestCase in
            var checks: [AlertCheck] = []
            let notYet = example.breachStart + hold
            if notYet.seconds >= interval.seconds {
                checks.append(AlertCheck(at: notYet - interval, alertname: rule.name, expected: []))
            }
            checks.append(AlertCheck(at: firingTime(example), alertname: rule.name, expected: [expectedAlert(example.labels)]))
            return RuleTestCase(name: "\(rule.name) fires: \(example.name)", interval: interval,
                                series: example.series, checks: checks)
        }
        for quiet in (quiet.map { [$0] } ?? []) + alsoQuiet {
            cases.append(RuleTestCase(name: "\(rule.name) stays quiet: \(quiet.name)", interval: interval,
                                      series: quiet.series,
                                      checks: [AlertCheck(at: firingTime(fires[0]), alertname: rule.name, expected: [])]))
        }
        return cases
    }

    func firingTime(_ example: AlertExample) -> PromDuration {
        example.breachStart + example.settle + (rule.holdFor ?? PromDuration(seconds: 0))
    }

    /// The labels and annotations Prometheus gives the alert for a result with `labels`.
    func expectedAlert(_ labels: [(String, String)]) -> (labels: [(String, String)], annotations: [(String, String)]) {
        let all = labels + rule.staticLabels
        let values = Dictionary(all, uniquingKeysWith: { _, last in last })
        return (all, rule.annotations.map { ($0.0, $0.1.expanded(values)) })
    }
}
