import Components

/// The generated backup scripts (`scripts/backup/`), their shared constants and inputs.
///
/// Constants that every script needs (bucket layout, metric names, cipher, retention) are the
/// library's; environment variables are declared once here and listed by each script that reads
/// them, so that a script checks exactly what it needs before it does anything.
public enum BackupScripts {
    /// Where the scripts are mounted in the backup pods and in the PostgreSQL pod.
    public static let mountPath = "/scripts"
    /// Prefix of every backup's file and object name: the product's `app` (the seed's
    /// `secure-messenger_<date>_<time>`), so that one product's backups never match another's.
    static func namePrefix(_ product: Product) -> String { product.app }
    /// Bucket folders under `S3_PREFIX`: logical dumps, base backups, WAL segments, and uploads
    /// not yet verified (never read by a restore).
    static let dumpFolder = "database"
    static let baseFolder = "base"
    static let walFolder = "wal"
    static let incomingFolder = "incoming"
    /// gzip level of `pg_dump --compress` (the seed's 9).
    static let dumpCompression = 9
    /// The cipher GPG encrypts the data with (the session key is encrypted to the public key).
    static let cipher = "AES256"

    /// Every script of `product`, in the order they are written.
    public static func all(_ product: Product, plan: BackupPlan) -> [ShellScript] {
        [library(product, plan: plan), backup, baseBackup, walArchive, walFetch, workloads(plan: plan), restore(plan: plan), testBackup(plan: plan), roles]
    }

    // MARK: Inputs, declared once

    static let pgHost = ShellScript.Input("PGHOST", "PostgreSQL host (libpq)")
    static let pgPort = ShellScript.Input("PGPORT", "PostgreSQL port (libpq)", default: "5432")
    static let pgUser = ShellScript.Input("PGUSER", "PostgreSQL role (libpq); base backups need REPLICATION")
    static let pgDatabase = ShellScript.Input("PGDATABASE", "the application database (libpq)")
    static let pgPasswordFile = ShellScript.Input(
        "PGPASSWORD_FILE", "file holding PGUSER's password alone (mounted from a Secret); unset: trust, peer or PGPASSFILE",
        default: "")
    static let bucket = ShellScript.Input("S3_BUCKET", "bucket name (s3:// optional)")
    static let prefix = ShellScript.Input("S3_PREFIX", "folder of this environment in the bucket, e.g. production")
    static let awsCredentials = ShellScript.Input(
        "AWS_SHARED_CREDENTIALS_FILE", "AWS credentials file (mounted from a Secret)", default: "")
    static let awsEndpoint = ShellScript.Input(
        "AWS_ENDPOINT_URL", "S3 API endpoint when it is not AWS's (read by the aws CLI)", default: "")
    static let publicKey = ShellScript.Input(
        "BACKUP_PUBLIC_KEY_FILE", "GPG public key the backups are encrypted to (armored or binary)")
    static let privateKeys = ShellScript.Input(
        "BACKUP_PRIVATE_KEYS_FILE",
        "the keyring: GPG private keys that decrypt the backups, the current one and each earlier one whose backups "
            + "are retained (never given to the backup job)")
    static let privateKeyPassphrases = ShellScript.Input(
        "BACKUP_PRIVATE_KEY_PASSPHRASES_FILE", "the keyring's passphrases, one a line, in any order", default: "")
    static let pushgateway = ShellScript.Input(
        "PUSHGATEWAY_URL", "Prometheus Pushgateway, e.g. http://pushgateway.monitoring:9091; unset: no metrics",
        default: "")
    static let podNamespace = ShellScript.Input(
        "POD_NAMESPACE", "namespace label of the pushed metrics (downward API metadata.namespace)", default: "")
    static let slack = ShellScript.Input(
        "SLACK_WEBHOOK_URL_FILE", "file holding the Slack webhook URL notified on failure", default: "")
    static let backupDir = ShellScript.Input(
        "BACKUP_DIR", "local folder for the dump and the copies kept for the retention period", default: "/backups")
    static let workDir = ShellScript.Input("TMPDIR", "scratch space (decrypted data never leaves it)", default: "/tmp")

    /// What every script that talks to the bucket reads.
    static let bucketInputs = [bucket, prefix, awsCredentials, awsEndpoint]
    static let databaseInputs = [pgHost, pgPort, pgUser, pgPasswordFile]
    /// What every script that pushes metrics reads.
    static let metricsInputs = [pushgateway, podNamespace]
}
