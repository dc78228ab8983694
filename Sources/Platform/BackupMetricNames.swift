/// Names of the metrics the backup scripts push to the Prometheus Pushgateway, declared once.
///
/// The scripts are generated with these values; the backup alerts and the RPO dashboard
/// (monitoring) take their metric names from here, never from a name typed again. Every backup
/// series is pushed under the grouping key `job="backup"`, `namespace` (the pod's) and `kind`
/// (`dump`, `base` or `wal`): alerts on the dump cadence select `kind="dump"`.
public enum BackupMetricNames {
    /// The Pushgateway job label of every backup series.
    public static let job = "backup"
    /// Grouping label: the namespace the job ran in (the environment).
    public static let namespaceLabel = "namespace"
    /// Grouping label that tells a logical dump, a physical base backup and WAL archiving apart.
    public static let kindLabel = "kind"
    /// Gauge: Unix time of the last backup that reached the bucket under its final name.
    public static let lastSuccess = "backup_last_success_timestamp_seconds"
    /// Gauge: wall time of the last successful backup, dump (or base backup) through verified upload.
    public static let duration = "backup_duration_seconds"
    /// Gauge: bytes of the last successful backup object (encrypted, as stored).
    public static let size = "backup_size_bytes"
    /// Counter: failed runs since the Pushgateway started (the script reads it and pushes it + 1).
    public static let failures = "backup_failures_total"
    /// Gauge: Unix time of the last failed run.
    public static let lastFailure = "backup_last_failure_timestamp_seconds"
    /// The Pushgateway job label of `restore.sh`'s series (a group of its own).
    public static let restoreJob = "restore"
    /// Gauge: wall time of the last successful restore (restore.sh, and so the drill of
    /// test-backup.sh), start to verified data.
    public static let restoreDuration = "restore_duration_seconds"
    /// Gauge: Unix time of the last successful restore.
    public static let restoreLastSuccess = "restore_last_success_timestamp_seconds"
    /// Gauge: Unix time of the last failed restore; newer than the last success while restores fail.
    public static let restoreLastFailure = "restore_last_failure_timestamp_seconds"

    /// The values of `kindLabel`.
    public enum Kind: String, CaseIterable, Sendable {
        /// `pg_dump --format=custom` of the application database (backup.sh).
        case dump
        /// `pg_basebackup` of the whole cluster (base-backup.sh), the start of point-in-time recovery.
        case base
        /// One WAL segment archived by archive_command (wal-archive.sh): each success and failure.
        case wal
    }
}
