import Components
import KubeModel

/// PostgreSQL 16 and Redis 7 (seed section 3), each with its Prometheus exporter as a sidecar, in
/// the namespace or outside the cluster as the environment chooses (`Environment.Placement`).
public enum DataTier {
    /// The database the backend uses, and its owner. Not secret: the password is.

    public static let postgresPort = ContainerPort(name: "postgres", 5432)
    /// The PostgreSQL StatefulSet and its server container.
    public static let postgresName = "postgres"
    public static let redisPort = ContainerPort(name: "redis", 6379)

    /// The Secret holding the PostgreSQL owner's password (key `password`).
    public static let postgresCredentials = "postgres-credentials"
    /// The Secret holding Redis's password (key `password`).
    public static let redisCredentials = "redis-credentials"
    public static let passwordKey = "password"

    /// An image by tag, with the digest an environment may pin it to.
    public struct PinnedImage: Sendable {
        public var repository: String
        public var tag: String
        public var digest: String
    }

    /// The data tier's images. Each digest is the one public repositories pin for the tag
    /// (several independent sources agree on each, looked up with the team's code search); an
    /// environment deploys them by digest through `imageDigests`. PostgreSQL's server runs
    /// `PostgresImage`, built from `postgresImage` by digest; CI's test databases run it as it is.
    public static let postgresImage = PinnedImage(
        repository: "postgres", tag: "16.10-alpine",
        digest: "sha256:029660641a0cfc575b14f336ba448fb8a75fd595d42e1fa316b9fb4378742297")
    public static let redisImage = PinnedImage(
        repository: "redis", tag: "7.4.5-alpine",
        digest: "sha256:bb186d083732f669da90be8b0f975a37812b15e913465bb14d845db72a4e3e08")
    public static let postgresExporterImage = PinnedImage(
        repository: "quay.io/prometheuscommunity/postgres-exporter", tag: "v0.17.1",
        digest: "sha256:38606faa38c54787525fb0ff2fd6b41b4cfb75d455c1df294927c5f611699b17")
    public static let redisExporterImage = PinnedImage(
        repository: "oliver006/redis_exporter", tag: "v1.73.0",
        digest: "sha256:1a8f5e48b2af0fb02d182be3ddd623e7e39881b6464bdb5bf843b1f6d45ed050")

    /// The digest of every data-tier image deployed as published, by repository, for
    /// `Environment.imageDigests`.
    public static var digests: [String: String] {
        Dictionary(uniqueKeysWithValues: [redisImage, postgresExporterImage, redisExporterImage]
            .map { ($0.repository, $0.digest) })
    }

    /// One data store of an environment: the in-cluster server, or where the external one is.
    public struct Store: Sendable {
        /// The store as a connection's target.
        public var peer: Peer
        /// The host name clients use.
        public var host: String
        /// The in-cluster server, when there is one.
        public var server: DataStore?
    }

    static let passwordFolder = "/run/secrets/credentials"

    /// PostgreSQL: `PostgresImage` (the official image and the backup tools) as the image's own
    /// non-root user (70), the data in `PGDATA` below the volume's root (which holds `lost+found`
    /// on most volumes, and initdb wants an empty folder), the password read from a file, and
    /// `DatabaseAccess`'s `pg_hba.conf`. The stack switches WAL archiving on
    /// (`WALArchiving.enable`), with the environment's backup plan.
    ///
    /// Probes run `pg_isready` against the TCP listener that clients use. The startup probe gives
    /// crash recovery (replaying WAL after an unclean stop) up to the RTO before the pod is killed
    /// and recovery starts over: killing it sooner could only make recovery longer.
    public static func postgres(_ env: Environment) -> Store {
        let name = postgresName
        guard case .inCluster(let sizing) = env.postgres else { return external(name, env.postgres) }
        let password = SecretFile(secret: postgresCredentials, key: passwordKey, directory: passwordFolder)
        let ready = ["pg_isready", "--host=127.0.0.1", "--port=\(postgresPort.containerPort)",
                     "--username=\(env.product.database)", "--dbname=\(env.product.database)"]
        var server = ContainerTemplate(
            name: name, image: PostgresImage.image(env), ports: [postgresPort],
            resources: ResourceRequirements(requests: sizing.requests, limits: sizing.limits))
        server.env = [
            EnvVar("POSTGRES_USER", env.product.database), EnvVar("POSTGRES_DB", env.product.database),
            EnvVar("POSTGRES_PASSWORD_FILE", password.path), EnvVar("PGDATA", postgresDataDirectory),
        ]
        server.secretFiles = [password]
        // /var/run/postgresql holds only the server's Unix socket and its lock file.
        server.writablePaths = [WritableDirectory("/var/run/postgresql", sizeLimit: "16Mi"),
                                WritableDirectory("/tmp", sizeLimit: "256Mi")]
        server.readiness = .command(ready, period: 5, failureThreshold: 3)
        server.liveness = .command(ready, period: 10, failureThreshold: 6)
        let startupPeriod = 10
        server.startup = .command(ready, period: Seconds(startupPeriod),
                                  failureThreshold: max(1, env.objectives.rto.value / startupPeriod))

        var exporter = ContainerTemplate(
            name: "postgres-exporter", image: env.image(postgresExporterImage), ports: [ProductStack.postgresExporterMetrics],
            resources: ResourceRequirements(requests: ResourceList(cpu: "20m", memory: "32Mi"),
                                            limits: ResourceList(memory: "128Mi")))
        exporter.env = [
            EnvVar("DATA_SOURCE_URI", "127.0.0.1:\(postgresPort.containerPort)/\(env.product.database)?sslmode=disable"),
            EnvVar("DATA_SOURCE_USER", env.product.database), EnvVar("DATA_SOURCE_PASS_FILE", password.path),
        ]
        exporter.secretFiles = [password]
        // The landing page answers without querying the server: an exporter restart would not
        // bring a stopped database back, so the probes test the exporter alone.
        exporter.readiness = .http("/", port: ProductStack.postgresExporterMetrics, period: 10)
        exporter.liveness = .http("/", port: ProductStack.postgresExporterMetrics, period: 20, failureThreshold: 3)

        var store = DataStore(app: env.product.app, name: name, server: server, dataPath: postgresDataPath,
                              storage: sizing.storage, userID: 70)
        store.sidecars = [exporter]
        store.storageClass = env.storageClass
        store.priorityClassName = env.product.dataPriorityClass
        store.terminationGracePeriod = 60
        store.configFiles = [DatabaseAccess.hbaFileName: DatabaseAccess.hbaFile]
        store.server.args = ["postgres", "-c", "hba_file=\(store.configPath)/\(DatabaseAccess.hbaFileName)"]
        return Store(peer: store.peer, host: store.host, server: store)
    }

    static let postgresDataPath = "/var/lib/postgresql/data"
    /// `PGDATA`: below the volume's root (see `postgres`).
    static let postgresDataDirectory = "\(postgresDataPath)/pgdata"

    /// Redis with append-only persistence, as the image's `redis` user (999). The password comes
    /// from the Secret as an environment variable: Redis reads it only from its command line or
    /// configuration, and Kubernetes expands `$(REDIS_PASSWORD)` in the arguments at start.
    /// `REDISCLI_AUTH` lets the probes' `redis-cli` authenticate without the password in argv.
    public static func redis(_ env: Environment) -> Store {
        let name = "redis"
        guard case .inCluster(let sizing) = env.redis else { return external(name, env.redis) }
        let password = EnvVarSource.secret(redisCredentials, key: passwordKey)
        // `redis-cli ping` exits 0 on an error reply (NOAUTH, LOADING): compare the answer.
        let pong = ["sh", "-c", "test \"$(redis-cli -h 127.0.0.1 -p \(redisPort.containerPort) ping)\" = PONG"]
        var server = ContainerTemplate(
            name: name, image: env.image(redisImage), ports: [redisPort],
            resources: ResourceRequirements(requests: sizing.requests, limits: sizing.limits))
        server.args = ["redis-server", "--port", String(redisPort.containerPort), "--dir", "/data",
                       "--appendonly", "yes", "--requirepass", "$(REDIS_PASSWORD)"]
        server.env = [EnvVar("REDIS_PASSWORD", from: password), EnvVar("REDISCLI_AUTH", from: password)]
        server.writablePaths = [WritableDirectory("/tmp", sizeLimit: "256Mi")]
        server.readiness = .command(pong, period: 5, failureThreshold: 3)
        server.liveness = .command(pong, period: 10, failureThreshold: 6)
        server.startup = .command(pong, period: 5, failureThreshold: 60)

        var exporter = ContainerTemplate(
            name: "redis-exporter", image: env.image(redisExporterImage), ports: [ProductStack.redisExporterMetrics],
            resources: ResourceRequirements(requests: ResourceList(cpu: "20m", memory: "32Mi"),
                                            limits: ResourceList(memory: "64Mi")))
        exporter.env = [EnvVar("REDIS_ADDR", "redis://127.0.0.1:\(redisPort.containerPort)"),
                        EnvVar("REDIS_PASSWORD", from: password)]
        exporter.readiness = .http("/health", port: ProductStack.redisExporterMetrics, period: 10)
        exporter.liveness = .http("/health", port: ProductStack.redisExporterMetrics, period: 20, failureThreshold: 3)

        var store = DataStore(app: env.product.app, name: name, server: server, dataPath: "/data",
                              storage: sizing.storage, userID: 999)
        store.sidecars = [exporter]
        store.storageClass = env.storageClass
        store.priorityClassName = env.product.dataPriorityClass
        store.terminationGracePeriod = 30
        return Store(peer: store.peer, host: store.host, server: store)
    }

    private static func external(_ name: String, _ placement: Environment.Placement) -> Store {
        guard case .external(let host, let cidrs) = placement else { preconditionFailure("called for external stores") }
        return Store(peer: Peer(name, .addresses(cidrs)), host: host, server: nil)
    }

    /// The PriorityClass of the data tier (cluster-wide, `Product.dataPriorityClass`): scheduled
    /// (and kept) before the stateless services, which cannot serve without it anyway.
    static func priority(_ product: Product) -> Manifest {
        Manifest(PriorityClass(
            metadata: ObjectMeta(name: product.dataPriorityClass, labels: [StandardLabels.partOf: product.app,
                                                               StandardLabels.managedBy: "gen"]),
            value: 100_000, preemptionPolicy: "PreemptLowerPriority",
            description: "\(product.title)'s PostgreSQL and Redis: scheduled before the stateless services."),
                 component: "data-tier", source: SourceLocation())
    }
}
