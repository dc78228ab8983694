/// A Prometheus duration (`5m`, `1h`, `30d`): whole seconds, written in the largest unit that
/// divides them exactly, so that the same duration is always spelled the same way.
public struct PromDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) {
        precondition(seconds >= 0, "a duration cannot be negative")
        self.seconds = seconds
    }

    public static func seconds(_ s: Int) -> PromDuration { PromDuration(seconds: s) }
    public static func minutes(_ m: Int) -> PromDuration { PromDuration(seconds: m * 60) }
    public static func hours(_ h: Int) -> PromDuration { PromDuration(seconds: h * 3600) }
    public static func days(_ d: Int) -> PromDuration { PromDuration(seconds: d * 86400) }

    public static func < (a: PromDuration, b: PromDuration) -> Bool { a.seconds < b.seconds }
    public static func + (a: PromDuration, b: PromDuration) -> PromDuration { PromDuration(seconds: a.seconds + b.seconds) }
    public static func - (a: PromDuration, b: PromDuration) -> PromDuration { PromDuration(seconds: a.seconds - b.seconds) }
    public static func * (a: PromDuration, n: Int) -> PromDuration { PromDuration(seconds: a.seconds * n) }

    public var description: String {
        if seconds == 0 { return "0s" }
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
