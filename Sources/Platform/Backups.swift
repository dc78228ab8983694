import Components
import DocumentTree
import KubeModel

/// The backup jobs of one environment: the logical dump (the seed's `postgres-backup`, every
/// `BackupPlan.dumpPeriod`), the daily base backup, the restore and the backup role's job, and
/// their scripts as a ConfigMap. WAL archiving runs in the PostgreSQL pod (`WALArchiving`). Every
/// job runs `PostgresImage`, the server's own image: its client tools are the server's version.
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
    /// The restore drill's CronJob: restores the latest dump into a scratch database, checks and
    /// drops it, and pushes the time it took (`restore.sh latest --drill`).
    public static let restoreDrillJob = "postgres-restore-drill"
    /// The point-in-time restore's CronJob (suspended, run by `pointInTimeCommands`) and
    /// ServiceAccount: the WAL archive replayed into the in-cluster server's own volume.
    public static let pointInTimeJobName = "postgres-pitr"
    /// The point-in-time restore's target, a variable of its container: `latest` (everything
    /// archived, the default) or a time `date -d` reads, UTC.
    public static let recoveryTargetVariable = "RECOVERY_TARGET_TIME"
    /// The jobs that restore (they read the private keys and connect as the owner).
    public static let restoringJobs = [restoreJobName, restoreDrillJob]
    /// The CronJob (suspended) that brings the backup role to its declared state; every deploy runs
    /// it once the data tier is ready (`kubectl create job --from=cronjob/postgres-roles`).
    public static let rolesJob = "postgres-roles"
    /// Every job's name: the pods that connections may name besides the services and stores.
    public static let jobNames = [dumpJob, baseBackupJob, restoreJobName, restoreDrillJob, pointInTimeJobName, rolesJob]
    /// The ConfigMap holding the generated scripts, mounted at `BackupScripts.mountPath`.
    public static let scriptsConfigMap = "postgres-backup-scripts"
    /// The PostgreSQL port and the database the application uses (the data tier's); the host is
    /// the environment's (`DataTier.postgres(env).host`).
    static let postgresPort = DataTier.postgresPort.containerPort
    /// The role the jobs connect as: `pg_read_all_data` for dumps, `REPLICATION` for base backups.
    public static let role = DatabaseAccess.backupRole.name
    /// One bucket per product (`Operations.backupBucket`); each environment writes under its own
    /// folder, named after its namespace (`S3_PREFIX` from the downward API: the same objects in
    /// every overlay).
    public static func bucket(_ product: Product) -> String { product.operations.backupBucket }
    /// The Pushgateway the scripts push to (monitoring's Service, in its namespace).
    public static let pushgatewayURL = "http://\(ClusterPrerequisites.pushgatewayService).\(Scraping.monitoringNamespace).svc:\(ClusterServices.pushgatewayPort.containerPort)"

    /// The files the Secrets hold (values never enter git) and where they are mounted.
    static let awsCredentialsKey = "aws-credentials"
    static let publicKeyKey = "public-key.asc"
    static let passwordKey = "password"
    static let slackKey = "slack-webhook-url"
    static let privateKeysKey = "private-keys.asc"
    static let passphrasesKey = "passphrases"
    /// The Secret of the bucket credentials and the public key (`storageSecret`).
    public static let storageSecretName = "postgres-backup-storage"
    /// Bucket credentials and the public key: backup jobs and the PostgreSQL pod (archive_command).
    public static func storageSecret(_ product: Product) -> SecretDeclaration {
        SecretDeclaration(
        storageSecretName,
        keys: [(awsCredentialsKey, "an AWS credentials file ([default] aws_access_key_id, aws_secret_access_key) of "
                   + "a user limited to s3:PutObject, GetObject, DeleteObject and ListBucket on \(bucket(product))"),
               (publicKeyKey, "gpg --armor --export <backup key>: the public half only")],
        purpose: "backup bucket access and the key backups are encrypted to (backup jobs, WAL archiving)")
    }
    /// The backup role's password and the Slack webhook: backup jobs; the roles job reads the
    /// password only, to set it.
    public static let jobSecret = SecretDeclaration(
        "postgres-backup-job",
        keys: [(passwordKey, Secrets.randomHex), (slackKey, "the Slack incoming webhook URL for backup failures")],
        purpose: "the backup role's password (backup jobs, roles job) and the Slack webhook (backup jobs)")
    /// The private keys: the restore job only, never a backup job or the PostgreSQL pod. A keyring,
    /// so that a key rotation leaves the backups made before it readable (`KeyRotation`).
    public static let restoreSecret = SecretDeclaration(
        "postgres-restore",
        keys: [(privateKeysKey, "gpg --armor --export-secret-keys <current key> <each earlier key whose backups are "
                    + "retained>; kept offline otherwise (" + KeyRotation.documentPath + ")"),
               (passphrasesKey, "those keys' passphrases, one a line")],
        purpose: "decrypts backups: the keyring of the current and retained backup keys (restore job only)")
    /// The Secrets of the backup jobs, for the environment's catalogue.
    public static func secrets(_ product: Product) -> [SecretDeclaration] { [storageSecret(product), jobSecret, restoreSecret] }
    static let storageMount = "/secrets/storage"
    static let jobMount = "/secrets/job"
    static let restoreMount = "/secrets/restore"

    static let awsCredentialsFile = SecretFile(secret: storageSecretName, key: awsCredentialsKey, directory: storageMount)
    static let backupPasswordFile = SecretFile(secret: jobSecret.name, key: passwordKey, directory: jobMount)
    /// The owner's password, from the data tier's Secret (one value for the server, the backend,
    /// the restore and the roles job).
    static let ownerPasswordFile = SecretFile(secret: DataTier.postgresCredentials, key: DataTier.passwordKey,
                                              directory: "/secrets/owner")
    static let publicKeyFile = SecretFile(secret: storageSecretName, key: publicKeyKey, directory: storageMount)

    /// What archive_command needs in the PostgreSQL container: these files and variables, and the
    /// scripts' ConfigMap at `BackupScripts.mountPath`.
    public static let archiveSecretFiles = [awsCredentialsFile, publicKeyFile]
    public static func archiveEnvironment(_ product: Product) -> [EnvVar] {
        [
        EnvVar("S3_BUCKET", bucket(product)),
        EnvVar("S3_PREFIX", from: .field("metadata.namespace")),
        EnvVar("AWS_SHARED_CREDENTIALS_FILE", awsCredentialsFile.path),
        EnvVar("BACKUP_PUBLIC_KEY_FILE", publicKeyFile.path),
    ] + metricsEnvironment
    }
    /// Where every script that reports its outcome pushes it, labelled with its namespace.
    static let metricsEnvironment: [EnvVar] = [
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
    static let scriptHeader = ["Generated by gen from the typed model (Sources/Platform/BackupScripts)."]

    /// ServiceAccounts, the scripts' ConfigMap, both backup CronJobs and the suspended restore and
    /// roles ones.
    /// `deployments`: the product's Deployments in `env`, every colour, which the restore stops.
    public static func manifests(_ env: Environment, deployments: [String]) throws -> [Manifest] {
        let plan = try plan(env)
        let ns = env.namespace
        let dump = backupJob(dumpJob, script: BackupScripts.backup, env: env, schedule: plan.dumpSchedule,
                             startingDeadline: plan.startingDeadline, deadline: plan.dumpDeadline)
        let base = backupJob(baseBackupJob, script: BackupScripts.baseBackup, env: env,
                             schedule: plan.baseBackupSchedule, startingDeadline: plan.baseBackupStartingDeadline,
                             deadline: plan.baseBackupDeadline)
        let restore = restoreJob(env, plan: plan, deployments: deployments)
        let drill = restoreJob(env, plan: plan, drill: true)
        let roles = rolesJob(env, plan: plan)
        let pointInTime = pointInTimeJob(env, plan: plan).map { [$0] } ?? []
        let configMap = ConfigMap(
            metadata: ObjectMeta(name: scriptsConfigMap, namespace: ns,
                                 labels: [StandardLabels.partOf: env.product.app, StandardLabels.managedBy: "gen"]),
            data: StringMap(BackupScripts.all(env.product, plan: plan).map { ($0.name, $0.render(header: scriptHeader)) }))
        return try ([dump, base, restore, drill] + pointInTime + [roles]).flatMap { try $0.objects(namespace: ns) }
            + [Manifest(configMap, component: dumpJob, source: SourceLocation())]
    }

    /// A job of the backup image running one script, with the scripts mounted.
    static func scriptJob(_ name: String, script: ShellScript, arguments: [String] = [], env: Environment,
                          schedule: String, startingDeadline: Seconds, deadline: Seconds,
                          line: UInt = #line) -> ScheduledJob {
        var container = ContainerTemplate(
            name: name, image: PostgresImage.image(env), ports: [],
            resources: ResourceRequirements(requests: ResourceList(cpu: "100m", memory: "128Mi"),
                                            limits: ResourceList(memory: "512Mi")))
        container.command = ["bash", "\(BackupScripts.mountPath)/\(script.name)"] + arguments
        var job = ScheduledJob(app: env.product.app, name: name, container: container, schedule: schedule,
                               startingDeadline: startingDeadline, activeDeadline: deadline, line: line)
        job.container.configFiles = [scriptsFiles]
        return job
    }

    /// The scripts' ConfigMap as the pods mount it.
    static let scriptsFiles = ConfigFiles(configMap: scriptsConfigMap, mountPath: BackupScripts.mountPath, mode: 0o555)

    /// libpq's variables for `user` on the environment's PostgreSQL, its password from `password`.
    static func connection(_ env: Environment, as user: String, password: SecretFile) -> [EnvVar] {
        [EnvVar("PGHOST", DataTier.postgres(env).host), EnvVar("PGPORT", String(postgresPort)), EnvVar("PGUSER", user),
         EnvVar("PGDATABASE", env.product.database), EnvVar("PGPASSWORD_FILE", password.path)]
    }

    static func backupJob(_ name: String, script: ShellScript, env: Environment, schedule: String,
                          startingDeadline: Seconds, deadline: Seconds, line: UInt = #line) -> ScheduledJob {
        var job = scriptJob(name, script: script, env: env, schedule: schedule, startingDeadline: startingDeadline,
                            deadline: deadline, line: line)
        job.container.env = connection(env, as: role, password: backupPasswordFile) + [
            EnvVar(BackupScripts.slack.name, slackFile.path), EnvVar("BACKUP_DIR", "/backups"),
        ] + archiveEnvironment(env.product)
        job.container.secretFiles = archiveSecretFiles + [backupPasswordFile, slackFile]
        // The dump (or base backup) and its encrypted copy are on disk at the same time.
        job.scratch = [.init("/tmp", sizeLimit: "256Mi"), .init("/backups", sizeLimit: "8Gi")]
        return job
    }

    /// The restore, suspended: `kubectl create job --from=cronjob/postgres-restore restore-$(date +%s)`
    /// restores the latest dump by swap (restore.sh latest), within the RTO. With `drill`, the
    /// scheduled drill: the same job restoring into a scratch database it drops
    /// (`restore.sh latest --drill`), so that the Recovery Time Estimate shows a measured figure.
    ///
    /// The restore stops the applications around the swap (`workloads.sh` as its hooks, through
    /// the API with its own token and `restoreRole`), and notifies Slack when it fails.
    static func restoreJob(_ env: Environment, plan: BackupPlan, deployments: [String] = [], drill: Bool = false) -> ScheduledJob {
        var job = scriptJob(drill ? restoreDrillJob : restoreJobName, script: BackupScripts.restore(plan: plan),
                            arguments: drill ? ["latest", "--drill"] : ["latest"], env: env,
                            schedule: drill ? plan.restoreDrillSchedule : "0 0 1 1 *",
                            startingDeadline: drill ? plan.baseBackupStartingDeadline : plan.startingDeadline,
                            deadline: plan.objectives.rto)
        job.suspended = !drill
        job.backoffLimit = 0   // a failed restore is looked at, not retried
        job.container.env = connection(env, as: env.product.database, password: ownerPasswordFile) + restoreEnvironment(env)
        job.container.secretFiles = restoreSecretFiles
        if !drill {
            let workloads = "bash \(BackupScripts.mountPath)/\(BackupScripts.workloads(plan: plan).name)"
            // First: an overlay patches its value (the Deployments of every colour), and a strategic
            // merge puts the patched entry first, so the built object keeps the model's order.
            job.container.env.insert(EnvVar(BackupScripts.appDeployments.name, deployments.joined(separator: " ")), at: 0)
            job.container.env += [
                EnvVar("APP_STOP_COMMAND", "\(workloads) stop"), EnvVar("APP_START_COMMAND", "\(workloads) start"),
                EnvVar(BackupScripts.slack.name, slackFile.path),
            ]
            job.container.secretFiles.append(slackFile)
            job.allowing(.noServiceAccountToken, because: "scales the product's Deployments to zero and back around "
                + "the restore (workloads.sh), with the Role \(restoreJobName): deployments/scale get and patch, "
                + "deployments get, nothing else")
        }
        // The encrypted download and the decrypted dump.
        job.scratch = [.init("/tmp", sizeLimit: "16Gi")]
        return job
    }

    /// The Slack webhook's URL, which the jobs that notify read (`BackupScripts.slack`).
    static let slackFile = SecretFile(secret: jobSecret.name, key: slackKey, directory: jobMount)
    static let privateKeysFile = SecretFile(secret: restoreSecret.name, key: privateKeysKey, directory: restoreMount)
    static let passphrasesFile = SecretFile(secret: restoreSecret.name, key: passphrasesKey, directory: restoreMount)
    /// What every restore reads besides its connection: the bucket, the private keys, where to report.
    static func restoreEnvironment(_ env: Environment) -> [EnvVar] {
        [EnvVar("S3_BUCKET", bucket(env.product)), EnvVar("S3_PREFIX", from: .field("metadata.namespace")),
         EnvVar("AWS_SHARED_CREDENTIALS_FILE", awsCredentialsFile.path),
         EnvVar(BackupScripts.privateKeys.name, privateKeysFile.path),
         EnvVar(BackupScripts.privateKeyPassphrases.name, passphrasesFile.path)] + metricsEnvironment
    }
    static let restoreSecretFiles = [awsCredentialsFile, ownerPasswordFile, privateKeysFile, passphrasesFile]

    /// The point-in-time restore of the in-cluster server, suspended: `restore.sh latest --to-time
    /// $(RECOVERY_TARGET_TIME) --in-place` in a pod that mounts the server's own volume claim and
    /// runs as the server's user (the data files are its), the server itself scaled to zero first.
    /// It sets the damaged data directory aside, unpacks the newest base backup before the target,
    /// replays the archive with its own server on a Unix socket only (WAL fetched one segment at a
    /// time) and stops it cleanly after promotion. The StatefulSet then starts on the recovered
    /// data. This pod's server archives with no command (it has not the archive's public key):
    /// the new timeline's history and segments wait in `pg_wal`, marked ready, until the
    /// StatefulSet's server uploads them.
    ///
    /// Stopping the applications and the server, and starting them again, are the caller's
    /// (`pointInTimeCommands`): a pod cannot stop the server whose volume it mounts before it
    /// starts (a ReadWriteOnce volume is attached to one node), nor wait for the server to start on
    /// that volume while it still holds it. None for an external database (no volume to restore into).
    static func pointInTimeJob(_ env: Environment, plan: BackupPlan) -> ScheduledJob? {
        guard let server = DataTier.postgres(env).server else { return nil }
        var job = scriptJob(pointInTimeJobName, script: BackupScripts.restore(plan: plan),
                            arguments: ["latest", "--to-time", "$(\(recoveryTargetVariable))", "--in-place"], env: env,
                            schedule: "0 0 1 1 *", startingDeadline: plan.startingDeadline, deadline: plan.objectives.rto)
        job.suspended = true
        job.backoffLimit = 0   // a failed restore is looked at, not retried
        job.userID = server.userID
        job.claims = [(server.podClaim, server.dataPath)]
        let socket = "/tmp"
        let options = [("listen_addresses", ""), ("unix_socket_directories", socket)] + WALArchiving.settings(for: plan, uploading: false)
        job.container.env = [
            EnvVar(recoveryTargetVariable, "latest"),
            EnvVar("PGHOST", socket), EnvVar("PGPORT", String(postgresPort)), EnvVar("PGUSER", env.product.database),
            EnvVar("PGDATABASE", env.product.database), EnvVar("PGPASSWORD_FILE", ownerPasswordFile.path),
            EnvVar("PGDATA", DataTier.postgresDataDirectory),
            EnvVar("PG_SERVER_OPTIONS", options.map { "-c " + ShellWord("\($0)=\($1)").rendered }.joined(separator: " ")),
        ] + restoreEnvironment(env)
        job.container.env.append(EnvVar(BackupScripts.slack.name, slackFile.path))
        job.container.secretFiles = restoreSecretFiles + [slackFile]
        // The encrypted and the decrypted base backup (the WAL comes one segment at a time).
        job.scratch = [.init("/tmp", sizeLimit: "16Gi")]
        return job
    }

    /// The point-in-time restore as an operator (or the disaster-recovery procedure) runs it in
    /// the cluster, `TARGET_TIME` set (UTC, or `latest`): the applications of every colour and the
    /// server scaled to zero, the Job (`pointInTimeJob`, its target set from `TARGET_TIME`) run to
    /// completion with its log shown, the server started on the recovered data, then the
    /// applications at their declared size (the serving colour's; the other colour's services at
    /// one replica and its workers at none, as a deploy leaves them). The sizes are set explicitly:
    /// a Deployment scaled to zero stays there (its HorizontalPodAutoscaler pauses, and an
    /// autoscaled Deployment's manifest carries no replica count for `apply` to restore).
    /// None for an external database.
    static func pointInTimeCommands(_ env: Environment, kubectl: Kubectl, plan: BackupPlan) -> [String]? {
        guard let server = DataTier.postgres(env).server else { return nil }
        let serving = env.deployState?.active
        var stop: [String] = [], start: [String] = []
        for service in env.product.services {
            let workload = ProductStack.workload(service, env)
            for colour in env.colours.isEmpty ? [nil] : env.colours.map(Optional.some) {
                let name = workload.workloadName(colour?.variant)
                stop.append(kubectl.scaleIfPresent(deployment: name, to: 0))
                let size = colour == serving ? env[service].replicas : (service.isWorker ? 0 : 1)
                if size > 0 { start.append(kubectl.scaleIfPresent(deployment: name, to: size)) }
            }
        }
        return stop
            + [kubectl.scale(statefulSet: server.name, to: 0), kubectl.waitDeleted(pod: "\(server.name)-0", timeout: "5m")]
            + kubectl.runJob(from: pointInTimeJobName, prefix: "pitr", timeout: "\(plan.objectives.rto.value)s", showingLogs: true,
                             settingVariable: (recoveryTargetVariable, .variable("TARGET_TIME")))
            + [kubectl.scale(statefulSet: server.name, to: 1), kubectl.rolloutStatus(server.name, kind: "statefulset")]
            + start
    }

    /// The restore job's Role and its binding, applied with the bootstrap (the deployer may not
    /// grant roles): exactly the requests `workloads.sh` makes, on the environment's Deployments.
    static func restoreAccess(namespace: String, app: String, deployments: [String]) -> [Manifest] {
        let labels: Labels = [StandardLabels.partOf: app, StandardLabels.managedBy: "gen"]
        let meta = ObjectMeta(name: restoreJobName, namespace: namespace, labels: labels)
        let role = Role(metadata: meta, rules: BackupScripts.workloadsRequests.map {
            var rule = $0
            rule.resourceNames = deployments
            return rule
        })
        let binding = RoleBinding(metadata: meta, roleRef: RoleRef(role),
                                  subjects: [Subject(ServiceAccount(metadata: ObjectMeta(name: restoreJobName, namespace: namespace)))])
        let objects: [any KubernetesObject] = [role, binding]
        return objects.map { Manifest($0, component: restoreJobName, source: SourceLocation()) }
    }

    /// The command that restores the latest dump in the cluster (applications stopped around it),
    /// for runbooks.
    public static let restoreCommand = "kubectl create job --from=cronjob/\(restoreJobName) \(restoreJobName)-$(date +%s)"

    /// The backup role's job, suspended: deploys run it once the data tier is ready; run it by hand
    /// after changing the role's password in its Secret.
    static func rolesJob(_ env: Environment, plan: BackupPlan) -> ScheduledJob {
        var job = scriptJob(rolesJob, script: BackupScripts.roles, env: env, schedule: "0 0 1 1 *",
                            startingDeadline: plan.startingDeadline, deadline: .minutes(5))
        job.suspended = true
        job.container.env = connection(env, as: env.product.database, password: ownerPasswordFile)
            + [EnvVar("BACKUP_ROLE_PASSWORD_FILE", backupPasswordFile.path)]
        job.container.secretFiles = [ownerPasswordFile, backupPasswordFile]
        return job
    }
}
