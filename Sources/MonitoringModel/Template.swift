/// An annotation text with label references, written as a Go template
/// (`{{ $labels.job }}`) for Prometheus, and expanded for promtool's expected alerts.
///
/// Built by string interpolation: `"errors on \(label: "job")"`. Only label references are
/// allowed (no `$value`), so the expected annotations of a unit test follow from its labels.
public struct AlertText: Hashable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public enum Part: Hashable, Sendable {
        case text(String)
        case label(String)
    }

    public private(set) var parts: [Part]

    public init(stringLiteral value: String) { parts = [.text(value)] }
    public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { parts.append(.text(literal)) } }
        /// A reference to a label of the alert.
        public mutating func appendInterpolation(label: String) { parts.append(.label(label)) }
        /// A fixed value known when the rule is built (a threshold, a duration).
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            parts.append(.text(value.description))
        }
    }

    /// The text with each label reference written by `label`.
    func rendered(_ label: (String) -> String) -> String {
        parts.map {
            switch $0 {
            case .text(let t): t
            case .label(let l): label(l)
            }
        }.joined()
    }

    /// The Go template Prometheus evaluates.
    public var description: String { rendered { "{{ $labels.\($0) }}" } }

    /// The text Prometheus produces for an alert with `labels` (missing labels expand to "").
    public func expanded(_ labels: [String: String]) -> String { rendered { labels[$0] ?? "" } }

    /// The text for documentation: label references shown as `<job>`.
    public var documented: String { rendered { "<\($0)>" } }

    /// Labels the text refers to.
    public var labels: [String] {
        parts.compactMap { if case .label(let l) = $0 { l } else { nil } }
    }
}
