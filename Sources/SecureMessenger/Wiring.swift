import Components
import KubeModel

/// Who talks to whom in Secure Messenger, declared once per connection. NetworkPolicies, the
/// clients' settings (ConfigMaps, environment), `docs/architecture.md` and the policy tests are
/// all derived from this list.
public enum Wiring {
    /// Secure Messenger's own connections: what its services' routes and metrics do not imply.
    @Sendable static func product(_ env: Environment, postgres: DataTier.Store, redis: DataTier.Store) -> [Connection] {
        let p = env.product
        return [
            Connection(from: p.peer(web), to: p.peer(backend), ports: [backend.port],
                       purpose: "server-side rendering calls the API",
                       clientConfig: ["API_INTERNAL_URL": "http://\(backend.name):\(backend.port.containerPort)"]),
            Connection(from: p.peer(backend), to: postgres.peer, ports: [DataTier.postgresPort], purpose: "SQL",
                       clientConfig: [
                           "DATABASE_HOST": postgres.host, "DATABASE_PORT": String(DataTier.postgresPort.containerPort),
                           "DATABASE_NAME": DataTier.databaseName, "DATABASE_USER": DataTier.databaseUser,
                       ],
                       clientEnv: [
                           EnvVar("DATABASE_PASSWORD", from: .secret(DataTier.postgresCredentials, key: DataTier.passwordKey)),
                           // Composed by the kubelet from the variables above: the URL the seed kept
                           // whole in a Secret, without a host that a rename could leave stale.
                           EnvVar("DATABASE_URL", "postgresql://$(DATABASE_USER):$(DATABASE_PASSWORD)@$(DATABASE_HOST):$(DATABASE_PORT)/$(DATABASE_NAME)"),
                       ]),
            Connection(from: p.peer(backend), to: redis.peer, ports: [DataTier.redisPort], purpose: "sessions, pub/sub",
                       clientConfig: ["REDIS_HOST": redis.host, "REDIS_PORT": String(DataTier.redisPort.containerPort)],
                       clientEnv: [
                           EnvVar("REDIS_PASSWORD", from: .secret(DataTier.redisCredentials, key: DataTier.passwordKey)),
                           EnvVar("REDIS_URL", "redis://:$(REDIS_PASSWORD)@$(REDIS_HOST):$(REDIS_PORT)"),
                       ]),
        ]
    }

    /// Every connection of `env`: routes and scrapes derived from the services' declarations, the
    /// product's own wiring, the data tier's exporters, backups and WAL archiving, DNS for every pod.
    static func topology(_ env: Environment, postgres: DataTier.Store, redis: DataTier.Store) -> Topology {
        let cluster = env.cluster
        let product = env.product
        var t = Topology()
        for service in product.services {
            if case .route(_, let purpose) = service.exposure, let host = service.host(env) {
                t.add(Connection(from: cluster.ingressController, to: product.peer(service), ports: [service.port],
                                 purpose: "\(purpose) for \(host)", source: service.source))
            }
        }
        for connection in product.wiring(env, postgres, redis) { t.add(connection) }
        for service in product.services where !service.providedMetrics.isEmpty {
            t.add(Connection(from: cluster.prometheus, to: product.peer(service), ports: [service.port],
                             purpose: "scrapes \(SecureMessengerStack.metricsPath)", source: service.source))
        }
        for (store, port) in [(postgres, SecureMessengerStack.postgresExporterMetrics),
                              (redis, SecureMessengerStack.redisExporterMetrics)] where store.server != nil {
            t.add(Connection(from: cluster.prometheus, to: store.peer, ports: [port], purpose: "scrapes the exporter"))
        }
        // Backups: the jobs read (or restore) the database, write to (or read) the object store,
        // and push their outcome. Their pods are the ScheduledJobs of `Backups`.
        let job = { (name: String) in Peer.component(name, app: product.app) }
        // WAL archiving: archive_command runs in the server's container (`WALArchiving`).
        if postgres.server != nil {
            t.add(Connection(from: postgres.peer, to: cluster.objectStore, ports: [ClusterServices.objectStorePort],
                             purpose: "archives encrypted WAL"))
            t.add(Connection(from: postgres.peer, to: cluster.pushgateway, ports: [ClusterServices.pushgatewayPort],
                             purpose: "pushes WAL archiving metrics"))
        }
        t.add(Connection(from: job(Backups.rolesJob), to: postgres.peer, ports: [DataTier.postgresPort],
                         purpose: "sets the backup role"))
        for name in [Backups.dumpJob, Backups.baseBackupJob] + Backups.restoringJobs {
            let restores = Backups.restoringJobs.contains(name)
            t.add(Connection(from: job(name), to: postgres.peer, ports: [DataTier.postgresPort],
                             purpose: restores ? "restores the database" : "reads the database"))
            t.add(Connection(from: job(name), to: cluster.objectStore, ports: [ClusterServices.objectStorePort],
                             purpose: restores ? "downloads backups" : "uploads encrypted backups"))
            t.add(Connection(from: job(name), to: cluster.pushgateway, ports: [ClusterServices.pushgatewayPort],
                             purpose: restores ? "pushes restore metrics" : "pushes backup metrics"))
        }
        // The API server's ranges less the managed stores' addresses inside each: the rule must not
        // open those stores on the API's ports.
        let stores = [postgres, redis].compactMap { store -> [String]? in
            if case .addresses(let cidrs, _) = store.peer.location { return cidrs }
            return nil
        }.flatMap { $0 }
        var apiServer = [cluster.apiServer]
        if case .addresses(let ranges, let except) = cluster.apiServer.location {
            apiServer = ranges.map { range in
                let inside = stores.filter { store in
                    IPv4Block(range).flatMap { outer in IPv4Block(store).map(outer.contains) } ?? false
                }
                return Peer(cluster.apiServer.name, .addresses([range], except: except + inside))
            }
        }
        for target in apiServer {
            t.add(Connection(from: job(Backups.restoreJobName), to: target, ports: ClusterServices.apiServerPorts,
                             purpose: "stops and starts the applications around the restore"))
        }
        // The deploys' smoke tests reach every service from inside the namespace.
        for connection in SmokeTests.connections(env) { t.add(connection) }
        // Every pod resolves names, also a service that talks to nothing else.
        var resolving = t.localPeers
        for peer in product.services.map(product.peer) + product.jobs.map(product.peer) where !resolving.contains(peer) {
            resolving.append(peer)
        }
        for peer in resolving {
            t.add(Connection(from: peer, to: cluster.dns, ports: ClusterServices.dnsPorts, purpose: "DNS"))
        }
        return t
    }
}
