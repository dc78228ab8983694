import Foundation

/// A label matcher of a series selector: `status=~"5.."`.
public struct Matcher: Hashable, Sendable, CustomStringConvertible {
    public enum Op: String, Hashable, Sendable {
        case equal = "=", notEqual = "!=", matches = "=~", notMatches = "!~"
    }

    public let label: String
    public let op: Op
    public let value: String

    public init(_ label: String, _ op: Op, _ value: String) {
        self.label = label
        self.op = op
        self.value = value
    }

    public var description: String { "\(label)\(op.rawValue)\(PromQL.quoted(value))" }
}

/// A series selector on a catalogue metric: `http_requests_total{job="backend",status=~"5.."}`.
public struct Selector: Hashable, Sendable, CustomStringConvertible {
    public let metric: Metric
    public let matchers: [Matcher]

    public init(_ metric: Metric, _ matchers: [Matcher] = []) {
        self.metric = metric
        self.matchers = matchers
    }

    /// This selector with `label="value"` added.
    public func with(_ label: String, _ value: String) -> Selector { adding(Matcher(label, .equal, value)) }
    /// This selector with `label=~"regex"` added.
    public func matching(_ label: String, _ regex: String) -> Selector { adding(Matcher(label, .matches, regex)) }
    /// This selector with `label!="value"` added.
    public func without(_ label: String, _ value: String) -> Selector { adding(Matcher(label, .notEqual, value)) }

    public func adding(_ matcher: Matcher) -> Selector { Selector(metric, matchers + [matcher]) }

    public var description: String {
        matchers.isEmpty ? metric.name : metric.name + "{" + matchers.map(\.description).joined(separator: ",") + "}"
    }
}

/// A PromQL expression built from typed parts: selectors on catalogue metrics, functions,
/// aggregations and binary operators, written with the parentheses PromQL's precedence needs.
/// `.raw` is the escape hatch for what the builder does not cover.
public indirect enum PromQL: Hashable, Sendable, CustomStringConvertible {
    case selector(Selector)
    case range(Selector, PromDuration)
    case number(PromNumber)
    case call(String, [PromQL])
    case aggregate(String, by: [String], PromQL, parameter: PromQL?)
    case binary(BinaryOp, PromQL, PromQL, matching: VectorMatching?)
    case raw(String)

    /// Binary operators, with PromQL's precedence.
    public enum BinaryOp: String, Hashable, Sendable {
        case multiply = "*", divide = "/", add = "+", subtract = "-"
        case greater = ">", less = "<", greaterOrEqual = ">=", lessOrEqual = "<=", equal = "==", notEqual = "!="
        case and, or, unless

        var precedence: Int {
            switch self {
            case .multiply, .divide: 5
            case .add, .subtract: 4
            case .greater, .less, .greaterOrEqual, .lessOrEqual, .equal, .notEqual: 3
            case .and, .unless: 2
            case .or: 1
            }
        }
    }

    /// `on (labels)` / `ignoring (labels)`, optionally `group_left`.
    public struct VectorMatching: Hashable, Sendable {
        public var on: [String]?
        public var ignoring: [String]?
        public var groupLeft: [String]?
        public static func on(_ labels: [String], groupLeft: [String]? = nil) -> VectorMatching {
            VectorMatching(on: labels, ignoring: nil, groupLeft: groupLeft)
        }
        public static func ignoring(_ labels: [String]) -> VectorMatching {
            VectorMatching(on: nil, ignoring: labels, groupLeft: nil)
        }
        var text: String {
            var parts: [String] = []
            if let on { parts.append("on (\(on.joined(separator: ", ")))") }
            if let ignoring { parts.append("ignoring (\(ignoring.joined(separator: ", ")))") }
            if let groupLeft { parts.append(groupLeft.isEmpty ? "group_left" : "group_left (\(groupLeft.joined(separator: ", ")))") }
            return parts.joined(separator: " ")
        }
    }

    // MARK: Builders

    public static func rate(_ s: Selector, _ window: PromDuration) -> PromQL { .call("rate", [.range(s, window)]) }
    public static func increase(_ s: Selector, _ window: PromDuration) -> PromQL { .call("increase", [.range(s, window)]) }
    public static func absent(_ s: Selector) -> PromQL { .call("absent", [.selector(s)]) }
    public static func absentOverTime(_ s: Selector, _ window: PromDuration) -> PromQL { .call("absent_over_time", [.range(s, window)]) }
    public static func time() -> PromQL { .call("time", []) }
    public static func vector(_ n: PromNumber) -> PromQL { .call("vector", [.number(n)]) }
    public static func maxOverTime(_ s: Selector, _ window: PromDuration) -> PromQL { .call("max_over_time", [.range(s, window)]) }
    public static func avgOverTime(_ s: Selector, _ window: PromDuration) -> PromQL { .call("avg_over_time", [.range(s, window)]) }
    public static func sum(by labels: [String] = [], _ e: PromQL) -> PromQL { .aggregate("sum", by: labels, e, parameter: nil) }
    public static func max(by labels: [String] = [], _ e: PromQL) -> PromQL { .aggregate("max", by: labels, e, parameter: nil) }
    public static func min(by labels: [String] = [], _ e: PromQL) -> PromQL { .aggregate("min", by: labels, e, parameter: nil) }
    public static func avg(by labels: [String] = [], _ e: PromQL) -> PromQL { .aggregate("avg", by: labels, e, parameter: nil) }
    public static func count(by labels: [String] = [], _ e: PromQL) -> PromQL { .aggregate("count", by: labels, e, parameter: nil) }

    /// `label_replace(e, "destination", "$1", "source", "(.*)")`: `e` with `source`'s value copied to `destination`.
    public static func copyLabel(_ e: PromQL, from source: String, to destination: String) -> PromQL {
        .call("label_replace", [e, .raw(quoted(destination)), .raw(quoted("$1")), .raw(quoted(source)), .raw(quoted("(.*)"))])
    }

    /// `histogram_quantile(q, sum by (le, …) (rate(bucket[w])))`: the quantile across every
    /// series of `labels`, aggregated by `le` as the function requires.
    public static func quantile(_ q: PromNumber, of histogram: Selector, over window: PromDuration, by labels: [String]) -> PromQL {
        .call("histogram_quantile", [.number(q), .sum(by: [Metric.le] + labels, .rate(histogram, window))])
    }

    public static func / (a: PromQL, b: PromQL) -> PromQL { .binary(.divide, a, b, matching: nil) }
    public static func * (a: PromQL, b: PromQL) -> PromQL { .binary(.multiply, a, b, matching: nil) }
    public static func - (a: PromQL, b: PromQL) -> PromQL { .binary(.subtract, a, b, matching: nil) }
    public static func + (a: PromQL, b: PromQL) -> PromQL { .binary(.add, a, b, matching: nil) }

    public func above(_ n: PromNumber) -> PromQL { .binary(.greater, self, .number(n), matching: nil) }
    public func below(_ n: PromNumber) -> PromQL { .binary(.less, self, .number(n), matching: nil) }
    public func equals(_ n: PromNumber) -> PromQL { .binary(.equal, self, .number(n), matching: nil) }
    public func and(_ e: PromQL, _ matching: VectorMatching? = nil) -> PromQL { .binary(.and, self, e, matching: matching) }
    public func or(_ e: PromQL, _ matching: VectorMatching? = nil) -> PromQL { .binary(.or, self, e, matching: matching) }
    public func unless(_ e: PromQL, _ matching: VectorMatching? = nil) -> PromQL { .binary(.unless, self, e, matching: matching) }
    public func divided(by e: PromQL, _ matching: VectorMatching) -> PromQL { .binary(.divide, self, e, matching: matching) }

    // MARK: Queries about the expression

    /// Every selector in the expression, in order.
    public var selectors: [Selector] {
        switch self {
        case .selector(let s), .range(let s, _): [s]
        case .number, .raw: []
        case .call(_, let args): args.flatMap(\.selectors)
        case .aggregate(_, _, let e, let p): (p?.selectors ?? []) + e.selectors
        case .binary(_, let a, let b, _): a.selectors + b.selectors
        }
    }

    /// The expression with `matcher` added to every selector for which `applies` holds: scopes
    /// shared definitions to one namespace.
    public func scoped(_ matcher: Matcher, where applies: (Metric) -> Bool) -> PromQL {
        switch self {
        case .selector(let s): .selector(applies(s.metric) ? s.adding(matcher) : s)
        case .range(let s, let w): .range(applies(s.metric) ? s.adding(matcher) : s, w)
        case .number, .raw: self
        case .call(let f, let args): .call(f, args.map { $0.scoped(matcher, where: applies) })
        case .aggregate(let op, let by, let e, let p):
            .aggregate(op, by: by, e.scoped(matcher, where: applies), parameter: p?.scoped(matcher, where: applies))
        case .binary(let op, let a, let b, let m):
            .binary(op, a.scoped(matcher, where: applies), b.scoped(matcher, where: applies), matching: m)
        }
    }

    // MARK: Text

    public var description: String {
        switch self {
        case .selector(let s): s.description
        case .range(let s, let w): "\(s)[\(w)]"
        case .number(let n): n.description
        case .call(let f, let args): "\(f)(" + args.map(\.description).joined(separator: ", ") + ")"
        case .aggregate(let op, let by, let e, let p):
            op + (by.isEmpty ? "" : " by (\(by.joined(separator: ", ")))") + " ("
                + (p.map { "\($0), " } ?? "") + e.description + ")"
        case .binary(let op, let a, let b, let m):
            operand(a, of: op, right: false) + " \(op.rawValue) " + (m.map { $0.text + " " } ?? "")
                + operand(b, of: op, right: true)
        case .raw(let text): text
        }
    }

    /// Parenthesises an operand whose operator binds less tightly (or equally, on the right:
    /// PromQL's operators are left-associative).
    private func operand(_ e: PromQL, of op: BinaryOp, right: Bool) -> String {
        guard case .binary(let inner, _, _, _) = e else {
            if case .raw = e { return "(\(e))" }
            return e.description
        }
        let wrap = inner.precedence < op.precedence || (right && inner.precedence == op.precedence)
        return wrap ? "(\(e))" : e.description
    }

    /// A PromQL double-quoted string literal.
    static func quoted(_ s: String) -> String {
        // Byte by byte: Foundation's replacingOccurrences, twice per label of every rule test,
        // was 4 % of generating 300 services (perf).
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(s.utf8.count + 2)
        for byte in s.utf8 {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}

extension PromQL: ExpressibleByIntegerLiteral {
    /// A number in an expression: `1 - ratio`.
    public init(integerLiteral value: Int) { self = .number(PromNumber(integerLiteral: value)) }
}
