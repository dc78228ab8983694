import Components
import KubeModel

/// Continuous WAL archiving, derived from the backup plan: the PostgreSQL server's settings, and
/// what its container needs to run `archive_command` (`wal-archive.sh`).
///
/// The command runs inside the server's container, so the server runs `PostgresImage` (the
/// official image plus bash, GnuPG and the aws CLI) with the scripts' ConfigMap, the bucket
/// credentials and the public key mounted. An archiving sidecar fed through a spool folder would
/// keep the official image, but PostgreSQL would then count a segment archived once it is in the
/// spool: `pg_stat_archiver` would stop telling whether the RPO holds, and a stopped sidecar would
/// lose the RPO silently.
public enum WALArchiving {
    /// `name = value` pairs for postgresql.conf, in this order.
    /// Without `uploading`, the command is empty: PostgreSQL then marks every finished file ready
    /// and keeps it, uploading nothing, until a server with the command starts on the data.
    public static func settings(for plan: BackupPlan, uploading: Bool = true) -> [(name: String, value: String)] {
        [
            // `replica` keeps what archive recovery and pg_basebackup need; `logical` is not needed.
            ("wal_level", "replica"),
            ("archive_mode", "on"),
            ("archive_command", uploading ? "bash \(BackupScripts.mountPath)/\(BackupScripts.walArchive.name) %p %f" : ""),
            ("archive_timeout", "\(plan.archiveTimeout.value)s"),
            // pg_basebackup and a standby each take a WAL sender.
            ("max_wal_senders", "3"),
        ]
    }

    /// The settings as postgresql.conf lines (values single-quoted).
    public static func configuration(for plan: BackupPlan) -> String {
        settings(for: plan).map { "\($0.name) = '\($0.value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''"))'\n" }.joined()
    }

    /// Switches archiving on in the PostgreSQL server: the settings as `-c` arguments of the
    /// server (after the image's `postgres` command and the arguments already there), the scripts,
    /// the bucket credentials and the public key mounted, and the variables `wal-archive.sh` reads.
    public static func enable(on store: inout DataStore, plan: BackupPlan, product: Product) {
        store.server.args = (store.server.args ?? ["postgres"])
            + settings(for: plan).flatMap { ["-c", "\($0.name)=\($0.value)"] }
        store.server.configFiles.append(Backups.scriptsFiles)
        store.server.secretFiles += Backups.archiveSecretFiles
        store.server.env += Backups.archiveEnvironment(product)
    }
}
