import Components
import DocumentTree
import KubeModel

/// The backup jobs of one environment: the logical dump (the seed's `postgres-backup`, every
/// `BackupPlan.dumpPeriod`), the daily base backup, and their scripts as a ConfigMap. WAL
/// archiving runs in the PostgreSQL pod (`WALArchiving`).
///
/// The seed's commands work against these names: `kubectl create job --from=cronjob/postgres-backup
/// manual-backup-$(date +%s)` takes a backup now; a restore runs `restore.sh` from the same image
/// with the restore Secret (README, Backups).
public enum Backups {
    /// The logical dump's CronJob and ServiceAccount (the seed's name).
    public static let dumpJob = "postgres-backup"
    /// The base backup's CronJob and ServiceAccount.
    public static let baseBackupJob = "postgres-base-backup"
    /// The restore's CronJob (suspended, run by hand) and ServiceAccount.
    public static let restoreJobName = "postgres-restore"
    /// The ConfigMap holding the generated scripts, mounted at `BackupScripts.mountPath`.
    public static let scriptsConfigMap = "postgres-backup-scripts"
    /// Image with bash, PostgreSQL 16 client tools (pg_dump, pg_basebackup, psql), gpg, aws CLI, curl.
    public static let image = "\(SecureMessengerStack.registry)/postgres-backup"
    /// The PostgreSQL port and the database the application uses (the data tier's); the host is
    /// the environment's (`DataTier.postgres(env).host`).
    static let postgresPort = DataTier.postgresPort.containerPort
    static let database = DataTier.databaseName
    /// The role the jobs connect as: `pg_read_all_data` for dumps, `REPLICATION` for base backups.
    public static let role = "backup"
    /// The role a restore connects as: it creates and renames the application database (its owner,
    /// the official image's superuser).
    public static let restoreRole = DataTier.databaseUser
    /// One bucket; each environment writes under its own folder, named after its namespace
    /// (`S3_PREFIX` from the downward API: the same objects in every overlay).
    public static let bucket = "secure-messenger-backups"
    /// The Pushgateway the scripts push to (monitoring's Service, in its namespace).
    public static let pushgatewayURL = "http://pushgateway.monitoring.svc:9091"

    /// The files the Secrets hold (values never enter git) and where they are mounted.
    static let awsCredentialsKey = "aws-credentials"
    static let publicKeyKey = "public-key.asc"
    static let pgpassKey = "pgpass"
    static let slackKey = "slack-webhook-url"
    static let privateKeyKey = "private-key.asc"
    static let passphraseKey = "passphrase"
    /// Bucket credentials and the public key: backup jobs and the PostgreSQL pod (archive_command).
    public static let storageSecret = SecretDeclaration(
        "postgres-backup-storage",
        keys: [(awsCredentialsKey, "an AWS credentials file ([default] aws_access_key_id, aws_secret_access_key) of "
                   + "a user limited to s3:PutObject, GetObject, DeleteObject and ListBucket on \(bucket)"),
               (publicKeyKey, "gpg --armor --export <backup key>: the public half only")],
        purpose: "backup bucket access and the key backups are encrypted to (backup jobs, WAL archiving)")
    /// The backup role's password file and the Slack webhook: backup jobs only.
    public static let jobSecret = SecretDeclaration(
        "postgres-backup-job",
        keys: [(pgpassKey, "a libpq password file: *:\(postgresPort):*:\(role):<password>"),
               (slackKey, "the Slack incoming webhook URL for backup failures")],
        purpose: "the backup role's password and the Slack webhook (backup jobs)")
    /// The private key and the restoring role's password file: the restore job only, never a backup
    /// job or the PostgreSQL pod.
    public static let restoreSecret = SecretDeclaration(
        "postgres-restore",
        keys: [(privateKeyKey, "gpg --armor --export-secret-keys <backup key>; kept offline otherwise"),
               (passphraseKey, "the private key's passphrase"),
               (pgpassKey, "a libpq password file: *:\(postgresPort):*:\(restoreRole):<password>")],
        purpose: "decrypts backups and owns the database during a restore (restore job only)")
    /// The Secrets of the backup jobs, for the environment's catalogue.
    public static let secrets = [storageSecret, jobSecret, restoreSecret]
    static let storageMount = "/secrets/storage"
    static let jobMount = "/secrets/job"
    static let restoreMount = "/secrets/restore"

    static let awsCredentialsFile = SecretFile(secret: storageSecret.name, key: awsCredentialsKey, directory: storageMount)
    static let publicKeyFile = SecretFile(secret: storageSecret.name, key: publicKeyKey, directory: storageMount)

    /// What archive_command needs in the PostgreSQL container: these files and variables, and the
    /// scripts' ConfigMap at `BackupScripts.mountPath`.
    public static let archiveSecretFiles = [awsCredentialsFile, publicKeyFile]
    public static let archiveEnvironment: [EnvVar] = [
        EnvVar("S3_BUCKET", bucket),
        EnvVar("S3_PREFIX", from: .field("metadata.namespace")),
        EnvVar("AWS_SHARED_CREDENTIALS_FILE", awsCredentialsFile.path),
        EnvVar("BACKUP_PUBLIC_KEY_FILE", publicKeyFile.path),
        EnvVar("PUSHGATEWAY_URL", pushgatewayURL),
        EnvVar("POD_NAMESPACE", from: .field("metadata.namespace")),
    ]

    /// The plan of `env`, or the objectives' problem located in the model.
    public static func plan(_ env: Environment) throws -> BackupPlan {
        do {
            return try BackupPlan(env.objectives)
        } catch let problem as InvalidValue {
            throw ComponentError("\(env.name) › backups › \(problem)\n  declared at environments/\(env.name).swift")
        }
    }

    /// The first comment of each script in the ConfigMap (the file copies carry gen's file header).
    static let scriptHeader = ["Generated by gen from the typed model (Sources/SecureMessenger/BackupScripts)."]

    /// ServiceAccounts, the scripts' ConfigMap, both backup CronJobs and the suspended restore one.
    public static func manifests(_ env: Environment) throws -> [Manifest] {
        let plan = try plan(env)
        let ns = env.namespace
        let dump = backupJob(dumpJob, script: BackupScripts.backup, env: env, schedule: plan.dumpSchedule,
                             startingDeadline: plan.startingDeadline, deadline: plan.dumpDeadline)
        let base = backupJob(baseBackupJob, script: BackupScripts.baseBackup, env: env,
                             schedule: plan.baseBackupSchedule, startingDeadline: plan.baseBackupStartingDeadline,
                             deadline: plan.baseBackupDeadline)
        let restore = restoreJob(env, plan: plan)
        let configMap = ConfigMap(
            metadata: ObjectMeta(name: scriptsConfigMap, namespace: ns,
                                 labels: [StandardLabels.partOf: SecureMessengerStack.app, StandardLabels.managedBy: "gen"]),
            data: StringMap(BackupScripts.all(plan: plan).map { ($0.name, $0.render(header: scriptHeader)) }))
        return try [dump, base, restore].flatMap { try $0.objects(namespace: ns) }
            + [Manifest(configMap, component: dumpJob, source: SourceLocation())]
    }

    /// A job of the backup image running one script, with the scripts mounted.
    static func scriptJob(_ name: String, script: ShellScript, arguments: [String] = [], env: Environment,
                          schedule: String, startingDeadline: Seconds, deadline: Seconds,
                          line: UInt = #line) -> ScheduledJob {
        var container = ContainerTemplate(
            name: name, image: Image(image, tag: env.release), ports: [],
            resources: ResourceRequirements(requests: ResourceList(cpu: "100m", memory: "128Mi"),
                                            limits: ResourceList(memory: "512Mi")))
        container.command = ["bash", "\(BackupScripts.mountPath)/\(script.name)"] + arguments
        var job = ScheduledJob(app: SecureMessengerStack.app, name: name, container: container, schedule: schedule,
                               startingDeadline: startingDeadline, activeDeadline: deadline, line: line)
        job.configFiles = [.init(configMap: scriptsConfigMap, mountPath: BackupScripts.mountPath)]
        return job
    }

    static func backupJob(_ name: String, script: ShellScript, env: Environment, schedule: String,
                          startingDeadline: Seconds, deadline: Seconds, line: UInt = #line) -> ScheduledJob {
        var job = scriptJob(name, script: script, env: env, schedule: schedule, startingDeadline: startingDeadline,
                            deadline: deadline, line: line)
        let pgpass = SecretFile(secret: jobSecret.name, key: pgpassKey, directory: jobMount)
        let slack = SecretFile(secret: jobSecret.name, key: slackKey, directory: jobMount)
        job.container.env = [
            EnvVar("PGHOST", DataTier.postgres(env).host), EnvVar("PGPORT", String(postgresPort)), EnvVar("PGUSER", role),
            EnvVar("PGDATABASE", database), EnvVar("PGPASSFILE", pgpass.path),
            EnvVar("SLACK_WEBHOOK_URL_FILE", slack.path), EnvVar("BACKUP_DIR", "/backups"),
        ] + archiveEnvironment
        job.container.secretFiles = archiveSecretFiles + [pgpass, slack]
        // The dump (or base backup) and its encrypted copy are on disk at the same time.
        job.scratch = [.init("/tmp", sizeLimit: "256Mi"), .init("/backups", sizeLimit: "8Gi")]
        return job
    }

    /// The restore, suspended: `kubectl create job --from=cronjob/postgres-restore restore-$(date +%s)`
    /// restores the latest dump by swap (restore.sh latest), within the RTO.
    static func restoreJob(_ env: Environment, plan: BackupPlan) -> ScheduledJob {
        var job = scriptJob(restoreJobName, script: BackupScripts.restore(plan: plan), arguments: ["latest"], env: env,
                            schedule: "0 0 1 1 *", startingDeadline: plan.startingDeadline,
                            deadline: plan.objectives.rto)
        job.suspended = true
        job.backoffLimit = 0   // a failed restore is looked at, not retried
        let pgpass = SecretFile(secret: restoreSecret.name, key: pgpassKey, directory: restoreMount)
        let privateKey = SecretFile(secret: restoreSecret.name, key: privateKeyKey, directory: restoreMount)
        let passphrase = SecretFile(secret: restoreSecret.name, key: passphraseKey, directory: restoreMount)
        job.container.env = [
            EnvVar("PGHOST", DataTier.postgres(env).host), EnvVar("PGPORT", String(postgresPort)),
            EnvVar("PGUSER", restoreRole), EnvVar("PGDATABASE", database), EnvVar("PGPASSFILE", pgpass.path),
            EnvVar("S3_BUCKET", bucket), EnvVar("S3_PREFIX", from: .field("metadata.namespace")),
            EnvVar("AWS_SHARED_CREDENTIALS_FILE", awsCredentialsFile.path),
            EnvVar("BACKUP_PRIVATE_KEY_FILE", privateKey.path),
            EnvVar("BACKUP_PRIVATE_KEY_PASSPHRASE_FILE", passphrase.path),
        ]
        job.container.secretFiles = [awsCredentialsFile, pgpass, privateKey, passphrase]
        // The encrypted download and the decrypted dump.
        job.scratch = [.init("/tmp", sizeLimit: "16Gi")]
        return job
    }
}
