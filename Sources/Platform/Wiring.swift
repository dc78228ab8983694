import Components
import KubeModel

/// Who talks to whom in a product: the connections its routes, metrics, data tier and backups
/// imply, plus the product's own (`Product.wiring`). NetworkPolicies, the clients' settings
/// (ConfigMaps, environment), `docs/architecture.md` and the policy tests are all derived from it.
public enum Wiring {
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
                             purpose: "scrapes \(ProductStack.metricsPath)", source: service.source))
        }
        for (store, port) in [(postgres, ProductStack.postgresExporterMetrics),
                              (redis, ProductStack.redisExporterMetrics)] where store.server != nil {
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
            // The point-in-time restore replays into the server's volume with a server of its own.
            t.add(Connection(from: job(Backups.pointInTimeJobName), to: cluster.objectStore, ports: [ClusterServices.objectStorePort],
                             purpose: "downloads the base backup and the WAL"))
            t.add(Connection(from: job(Backups.pointInTimeJobName), to: cluster.pushgateway, ports: [ClusterServices.pushgatewayPort],
                             purpose: "pushes restore metrics"))
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
