/// How serious a finding is. `gen` stops on `error`; `gen lint --fail-on` picks the threshold.
public enum Severity: String, Comparable, CaseIterable, Sendable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
