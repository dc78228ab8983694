import DocumentTree

/// How urgently an alert needs a person: the `severity` label Alertmanager routes on.
public enum Severity: String, Hashable, Sendable, CaseIterable {
    /// Pages the on-call engineer now.
    case critical
    /// A ticket: needs attention within working hours.
    case warning
    /// Not routed to anyone (the Watchdog heartbeat).
    case none

    public static let label = "severity"
}

/// An alerting rule with its annotations. `runbook_url` is required: every alert says what to do.
public struct AlertingRule: Hashable, Sendable {
    public var name: String
    public var expr: PromQL
    /// How long the condition must hold before the alert fires (nil: at the first evaluation).
    public var holdFor: PromDuration?
    public var severity: Severity
    /// Labels added to the alert beyond `severity`.
    public var labels: [(String, String)]
    public var summary: AlertText
    public var description: AlertText
    public var runbookURL: String

    public init(_ name: String, expr: PromQL, for holdFor: PromDuration? = nil, severity: Severity,
                labels: [(String, String)] = [], summary: AlertText, description: AlertText, runbookURL: String) {
        self.name = name
        self.expr = expr
        self.holdFor = holdFor
        self.severity = severity
        self.labels = labels
        self.summary = summary
        self.description = description
        self.runbookURL = runbookURL
    }

    /// Every label the alert carries beyond those of its expression's result, in output order.
    public var staticLabels: [(String, String)] { [(Severity.label, severity.rawValue)] + labels }

    public var annotations: [(String, AlertText)] {
        [("summary", summary), ("description", description), ("runbook_url", AlertText(stringLiteral: runbookURL))]
    }

    public static func == (a: AlertingRule, b: AlertingRule) -> Bool { a.name == b.name && a.expr == b.expr }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public var document: DocNode {
        var fields: [(String, DocNode)] = [("alert", .string(name)), ("expr", .string(expr.description))]
        if let holdFor, holdFor.seconds > 0 { fields.append(("for", .string(holdFor.description))) }
        fields.append(("labels", .map(staticLabels.map { ($0.0, .string($0.1)) })))
        fields.append(("annotations", .map(annotations.map { ($0.0, .string($0.1.description)) })))
        return .map(fields)
    }
}

/// A recording rule: the series `record` computed from `expr`.
public struct RecordingRule: Hashable, Sendable {
    /// The recorded series, as a catalogue metric other queries refer to.
    public var record: Metric
    public var expr: PromQL
    public var labels: [(String, String)]

    public init(_ record: Metric, expr: PromQL, labels: [(String, String)] = []) {
        precondition(record.kind == .recorded, "\(record.name) is not declared as a recorded metric")
        self.record = record
        self.expr = expr
        self.labels = labels
    }

    public static func == (a: RecordingRule, b: RecordingRule) -> Bool {
        a.record == b.record && a.expr == b.expr && a.labels.elementsEqual(b.labels, by: ==)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(record) }

    public var document: DocNode {
        var fields: [(String, DocNode)] = [("record", .string(record.name)), ("expr", .string(expr.description))]
        if !labels.isEmpty { fields.append(("labels", .map(labels.map { ($0.0, .string($0.1)) }))) }
        return .map(fields)
    }
}

/// Rules evaluated together, in order, at the group's interval.
public struct RuleGroup: Sendable {
    public var name: String
    public var interval: PromDuration?
    public var recording: [RecordingRule]
    public var alerting: [AlertingRule]

    public init(_ name: String, interval: PromDuration? = nil, recording: [RecordingRule] = [], alerting: [AlertingRule] = []) {
        self.name = name
        self.interval = interval
        self.recording = recording
        self.alerting = alerting
    }

    public var document: DocNode {
        var fields: [(String, DocNode)] = [("name", .string(name))]
        if let interval { fields.append(("interval", .string(interval.description))) }
        fields.append(("rules", .sequence(recording.map(\.document) + alerting.map(\.document))))
        return .map(fields)
    }

    /// The group with `matcher` added to the selectors of metrics for which `applies` holds.
    public func scoped(_ matcher: Matcher, where applies: (Metric) -> Bool) -> RuleGroup {
        var g = self
        g.recording = recording.map { var r = $0; r.expr = r.expr.scoped(matcher, where: applies); return r }
        g.alerting = alerting.map { var a = $0; a.expr = a.expr.scoped(matcher, where: applies); return a }
        return g
    }
}

/// A Prometheus rules file (`groups:`); also the `spec` of a Prometheus Operator PrometheusRule.
public struct RuleFile: Sendable {
    public var groups: [RuleGroup]
    public init(groups: [RuleGroup]) { self.groups = groups }

    public var document: DocNode { .map([("groups", .sequence(groups.map(\.document)))]) }

    public var alerts: [AlertingRule] { groups.flatMap(\.alerting) }
    public var recordings: [RecordingRule] { groups.flatMap(\.recording) }
}
