import Components
import KubeModel

/// Who talks to whom in Secure Messenger, declared once per connection. NetworkPolicies, the
/// clients' settings (ConfigMaps, environment), `docs/architecture.md` and the policy tests are
/// all derived from this list.
enum Wiring {
    static func topology(_ env: Environment, backend: WebService, web: WebService,
                         postgres: DataTier.Store, redis: DataTier.Store) -> Topology {
        let cluster = env.cluster
        var t = Topology()
        t.add(Connection(from: cluster.ingressController, to: web.peer, ports: [SecureMessengerStack.webHTTP],
                         purpose: "HTTPS for \(env.webHost)"))
        t.add(Connection(from: cluster.ingressController, to: backend.peer, ports: [SecureMessengerStack.backendHTTP],
                         purpose: "API and WebSockets for \(env.apiHost)"))
        t.add(Connection(from: web.peer, to: backend.peer, ports: [SecureMessengerStack.backendHTTP],
                         purpose: "server-side rendering calls the API",
                         clientConfig: ["API_INTERNAL_URL": "http://\(backend.name):\(SecureMessengerStack.backendHTTP.containerPort)"]))
        t.add(Connection(from: backend.peer, to: postgres.peer, ports: [DataTier.postgresPort], purpose: "SQL",
                         clientConfig: [
                             "DATABASE_HOST": postgres.host, "DATABASE_PORT": String(DataTier.postgresPort.containerPort),
                             "DATABASE_NAME": DataTier.databaseName, "DATABASE_USER": DataTier.databaseUser,
                         ],
                         clientEnv: [
                             EnvVar("DATABASE_PASSWORD", from: .secret(DataTier.postgresCredentials, key: DataTier.passwordKey)),
                             // Composed by the kubelet from the variables above: the URL the seed kept
                             // whole in a Secret, without a host that a rename could leave stale.
                             EnvVar("DATABASE_URL", "postgresql://$(DATABASE_USER):$(DATABASE_PASSWORD)@$(DATABASE_HOST):$(DATABASE_PORT)/$(DATABASE_NAME)"),
                         ]))
        t.add(Connection(from: backend.peer, to: redis.peer, ports: [DataTier.redisPort], purpose: "sessions, pub/sub",
                         clientConfig: ["REDIS_HOST": redis.host, "REDIS_PORT": String(DataTier.redisPort.containerPort)],
                         clientEnv: [
                             EnvVar("REDIS_PASSWORD", from: .secret(DataTier.redisCredentials, key: DataTier.passwordKey)),
                             EnvVar("REDIS_URL", "redis://:$(REDIS_PASSWORD)@$(REDIS_HOST):$(REDIS_PORT)"),
                         ]))
        for (service, port) in [(backend.peer, SecureMessengerStack.backendHTTP), (web.peer, SecureMessengerStack.webHTTP)] {
            t.add(Connection(from: cluster.prometheus, to: service, ports: [port],
                             purpose: "scrapes \(SecureMessengerStack.metricsPath)"))
        }
        for (store, port) in [(postgres, SecureMessengerStack.postgresExporterMetrics),
                              (redis, SecureMessengerStack.redisExporterMetrics)] where store.server != nil {
            t.add(Connection(from: cluster.prometheus, to: store.peer, ports: [port], purpose: "scrapes the exporter"))
        }
        // Backups: the jobs read (or restore) the database, write to the object store, and the
        // scheduled ones push their metrics. Their pods are the ScheduledJobs of `Backups`.
        let job = { (name: String) in Peer.component(name, app: SecureMessengerStack.app) }
        // WAL archiving: archive_command runs in the server's container (`WALArchiving`).
        if postgres.server != nil {
            t.add(Connection(from: postgres.peer, to: cluster.objectStore, ports: [ClusterServices.objectStorePort],
                             purpose: "archives encrypted WAL"))
            t.add(Connection(from: postgres.peer, to: cluster.pushgateway, ports: [ClusterServices.pushgatewayPort],
                             purpose: "pushes WAL archiving metrics"))
        }
        t.add(Connection(from: job(Backups.rolesJob), to: postgres.peer, ports: [DataTier.postgresPort],
                         purpose: "sets the backup role"))
        for name in [Backups.dumpJob, Backups.baseBackupJob, Backups.restoreJobName] {
            let restores = name == Backups.restoreJobName
            t.add(Connection(from: job(name), to: postgres.peer, ports: [DataTier.postgresPort],
                             purpose: restores ? "restores the database" : "reads the database"))
            t.add(Connection(from: job(name), to: cluster.objectStore, ports: [ClusterServices.objectStorePort],
                             purpose: restores ? "downloads backups" : "uploads encrypted backups"))
            if !restores {
                t.add(Connection(from: job(name), to: cluster.pushgateway, ports: [ClusterServices.pushgatewayPort],
                                 purpose: "pushes backup metrics"))
            }
        }
        for peer in t.localPeers {
            t.add(Connection(from: peer, to: cluster.dns, ports: ClusterServices.dnsPorts, purpose: "DNS"))
        }
        return t
    }
}
