/// The PostgreSQL server settings for continuous WAL archiving, derived from the backup plan.
///
/// The PostgreSQL StatefulSet writes them into its configuration; its container must carry the
/// backup scripts at `BackupScripts.mountPath` and the tools they call (bash, gpg, aws CLI),
/// and the files of `Backups.archiveSecrets`.
public enum WALArchiving {
    /// `name = value` pairs for postgresql.conf, in this order.
    public static func settings(for plan: BackupPlan) -> [(name: String, value: String)] {
        [
            // `replica` keeps what archive recovery and pg_basebackup need; `logical` is not needed.
            ("wal_level", "replica"),
            ("archive_mode", "on"),
            ("archive_command", "bash \(BackupScripts.mountPath)/\(BackupScripts.walArchive.name) %p %f"),
            ("archive_timeout", "\(plan.archiveTimeout.value)s"),
            // pg_basebackup and a standby each take a WAL sender.
            ("max_wal_senders", "3"),
        ]
    }

    /// The settings as postgresql.conf lines (values single-quoted).
    public static func configuration(for plan: BackupPlan) -> String {
        settings(for: plan).map { "\($0.name) = '\($0.value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''"))'\n" }.joined()
    }
}
