import KubeModel

/// Recovery objectives of one environment (seed section 6: RPO ≤ 5 min, RTO ≤ 30 min), declared
/// once. Backup schedule, WAL archive timeout, backup alert thresholds and the RPO dashboard's
/// thresholds are derived from these values, never restated.
public struct Objectives: Equatable, Sendable {
    /// Recovery point objective: the most committed data a disaster may lose.
    public var rpo: Seconds
    /// Recovery time objective: the longest a restore may keep the service down.
    public var rto: Seconds

    public init(rpo: Seconds, rto: Seconds) {
        self.rpo = rpo
        self.rto = rto
    }

    /// The seed's objectives.
    public static let seed = Objectives(rpo: .minutes(5), rto: .minutes(30))
}
