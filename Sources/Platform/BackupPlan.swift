import DocumentTree
import KubeModel

/// What the recovery objectives demand of backups, derived from `Objectives` and nothing else:
/// schedules, deadlines, WAL archive timeout and the thresholds of the backup alerts and of the
/// RPO dashboard. A change of RPO moves all of them together.
///
/// The RPO is held by continuous WAL archiving: a segment is forced out every `archiveTimeout`,
/// so at most that much committed work sits only on the server's disk, plus the upload time.
/// The logical dumps run every `dumpPeriod` (the seed's 5 minutes, no longer than the RPO), as an
/// independent second line that restores without WAL; physical base backups bound WAL replay, and
/// so the RTO.
public struct BackupPlan: Equatable, Sendable {
    public let objectives: Objectives
    /// Longest a WAL segment may wait before PostgreSQL switches to a new one: a fifth of the RPO,
    /// which leaves four fifths for the upload and its retries.
    public let archiveTimeout: Seconds
    /// Time between two logical dumps: the longest cron period (a divisor of an hour or of a day)
    /// that is no longer than the RPO.
    public let dumpPeriod: Seconds
    /// Time between two physical base backups (daily).
    public let baseBackupPeriod: Seconds
    /// A run that cannot start within this much of its scheduled time is skipped.
    public let startingDeadline: Seconds
    /// A run is stopped after this long; with `startingDeadline` it always ends before the next run.
    public let dumpDeadline: Seconds
    /// A base backup that cannot start within this much of its time is skipped.
    public let baseBackupStartingDeadline: Seconds
    /// A base backup is stopped after this long (a quarter of its period).
    public let baseBackupDeadline: Seconds
    /// Days backups are kept, in the bucket and on local disk (the seed's 30 days).
    public let retentionDays: Int
    /// Days between two rotations of the backup key (the seed's 90, section 10.1): new backups are
    /// encrypted to the new key at once; the old key stays in the restore keyring while backups made
    /// under it are retained.
    public let keyRotationDays: Int

    /// Cron periods that fire at regular intervals: minutes dividing an hour, hours dividing a day.
    static let cronPeriods: [Seconds] = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30].map { Seconds.minutes($0) }
        + [1, 2, 3, 4, 6, 8, 12, 24].map { Seconds.hours($0) }

    /// The plan for `objectives`; throws when no schedule can meet them.
    public init(_ objectives: Objectives, retentionDays: Int = 30, keyRotationDays: Int = 90) throws {
        guard objectives.rpo >= Seconds.minutes(1) else {
            throw InvalidValue("RPO of \(objectives.rpo.value) s is shorter than one minute, the shortest period a "
                + "CronJob can run a backup at (and WAL archive_timeout would be \(objectives.rpo.value / 5) s)",
                at: FieldPath([.key("objectives"), .key("rpo")]))
        }
        guard objectives.rto >= Seconds.minutes(5) else {
            throw InvalidValue("RTO of \(objectives.rto.value) s leaves no time to download, decrypt and restore a "
                + "backup; five minutes is the least this plan supports",
                at: FieldPath([.key("objectives"), .key("rto")]))
        }
        guard retentionDays >= 1 else {
            throw InvalidValue("retention of \(retentionDays) days would delete the backup just taken",
                               at: FieldPath([.key("backups"), .key("retentionDays")]))
        }
        guard keyRotationDays >= 1 else {
            throw InvalidValue("a backup key rotated every \(keyRotationDays) days is never used",
                               at: FieldPath([.key("backups"), .key("keyRotationDays")]))
        }
        self.objectives = objectives
        self.retentionDays = retentionDays
        self.keyRotationDays = keyRotationDays
        archiveTimeout = Seconds(objectives.rpo.value / 5)
        dumpPeriod = Self.cronPeriods.last { $0 <= objectives.rpo }!
        baseBackupPeriod = .hours(24)
        baseBackupStartingDeadline = .hours(1)
        baseBackupDeadline = Seconds(baseBackupPeriod.value / 4)
        startingDeadline = Seconds(dumpPeriod.value / 5)
        dumpDeadline = Seconds(dumpPeriod.value - startingDeadline.value)
    }

    /// The cron expression that runs every `period` (which must be one of `cronPeriods`).
    public static func cron(every period: Seconds, minute: Int = 0, hour: Int = 3) -> String {
        let minutes = period.value / 60
        if minutes < 60 { return "*/\(minutes) * * * *" }
        let hours = minutes / 60
        return hours == 24 ? "\(minute) \(hour) * * *" : "\(minute) */\(hours) * * *"
    }

    /// How many keys the restore keyring holds at most: the current one, and every earlier key
    /// that was current within the retention period (a key retired `retentionDays` ago still
    /// encrypted the oldest backup kept). Two for the seed's 90-day rotation and 30-day retention.
    public var retainedKeys: Int { 1 + (retentionDays + keyRotationDays - 1) / keyRotationDays }

    /// The logical dump's schedule (the seed's `*/5 * * * *` for a 5-minute RPO).
    public var dumpSchedule: String { Self.cron(every: dumpPeriod) }
    /// The base backup's schedule: daily at 03:17, off the hour when other jobs start.
    public var baseBackupSchedule: String { Self.cron(every: baseBackupPeriod, minute: 17) }
    /// The restore drill's schedule: daily at 04:47, off the hour and after the base backup has
    /// usually ended, so the drill restores the night's dumps while the cluster is quiet.
    public var restoreDrillSchedule: String { Self.cron(every: baseBackupPeriod, minute: 47, hour: 4) }

    // MARK: Thresholds for alerts and dashboards

    /// The last dump is older than one period plus the longest run: a scheduled run failed or was
    /// skipped (the seed's `> 600` with `for: 5m` fired only after 15 minutes, three RPOs).
    public var dumpStaleAfter: Seconds { Seconds(dumpPeriod.value + dumpDeadline.value) }
    /// A dump that takes longer than half its deadline will soon be killed by it.
    public var dumpDurationWarning: Seconds { Seconds(dumpDeadline.value / 2) }
    /// The last base backup is older than a period plus a run.
    public var baseBackupStaleAfter: Seconds { Seconds(baseBackupPeriod.value + baseBackupDeadline.value) }
    /// Age of the last archived WAL segment at which data loss would exceed the RPO: the RPO itself
    /// (dashboard red, critical alert). The seed's dashboard was yellow up to 6 minutes, already a
    /// breach of a 5-minute RPO.
    public var walArchiveAgeCritical: Seconds { objectives.rpo }
    /// Age of the last archived WAL segment at which archiving is late: two archive timeouts
    /// (dashboard yellow, warning).
    public var walArchiveAgeWarning: Seconds { Seconds(archiveTimeout.value * 2) }
}
