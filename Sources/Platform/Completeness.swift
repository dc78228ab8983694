import Components
import KubeModel

/// What `gen` refuses before building anything: a product declaration that is incomplete or
/// refers to something that does not exist. Each problem names the model path and the Swift line
/// that declared (or, in an environment file, set) the offending value.
///
/// Some gaps cannot be written at all: a service must say whether it is routed or internal,
/// where its image comes from and whether it is scraped (`AppService`'s initialiser takes all
/// three), and a route and a scrape job are derived from the declaration, never listed apart.
enum Completeness {
    static func check(_ env: Environment, topology: Topology, stores: [DataTier.Store]) throws {
        var problems: [ComponentError] = []
        let product = env.product
        var names = Set<String>()
        var hosts: [String: String] = [:]
        let smokeTests = SmokeTests.peers(env)
        for service in product.services {
            let at = { (message: String) in ComponentError(message, path: [env.name, service.name], source: service.source) }
            if !names.insert(service.name).inserted { problems.append(at("a second service has this name")) }
            if let host = service.host(env) {
                if let other = hosts[host] {
                    problems.append(at("is routed at \(host), like \(other): give it a subdomain of its own"))
                }
                hosts[host] = service.name
            }
            if case .internal(let reason) = service.exposure, reason.allSatisfy(\.isWhitespace) {
                problems.append(at("an internal service needs a reason (.internal(because: \"…\"))"))
            }
            if case .worker(let consumes) = service.exposure {
                if consumes.allSatisfy(\.isWhitespace) {
                    problems.append(at("a worker needs to say what it consumes (.worker(consumes: \"…\"))"))
                }
                // The switch sets a worker's replicas (0 on the idle colour): an HPA would fight it, and
                // `kubectl apply` of a tree without spec.replicas would reset the count to 1.
                if !env.colours.isEmpty, env[service].maxReplicas != nil {
                    problems.append(ComponentError(
                        "a worker has a fixed replica count in blue/green (the switch scales it); drop maxReplicas",
                        path: [env.name, service.name], source: service.source, setAt: env.sizeSource(of: service.name)))
                }
            }
            if case .none(let reason) = service.metrics, reason.allSatisfy(\.isWhitespace) {
                problems.append(at("a service without metrics needs a reason (.none(because: \"…\"))"))
            }
            if case .external(let image) = service.image, image.digest == nil {
                problems.append(at("runs \(image), which nothing here builds, by tag only: pin its digest"))
            }
            let peer = product.peer(service)
            // DNS, scraping and smoke tests do not count: they give a pod nothing to do.
            let connected = topology.connections.contains {
                ($0.from == peer || $0.to == peer) && $0.to != env.cluster.dns && $0.from != env.cluster.prometheus
                    && !smokeTests.contains($0.from)
            }
            if !connected, service.isolation == nil {
                problems.append(at("has no route and no connection: declare one in the product's wiring, "
                                   + "or declare it isolated (isolated(because: \"…\"))"))
            }
        }
        for job in product.jobs {
            let at = { (message: String) in ComponentError(message, path: [env.name, job.name], source: job.source) }
            if !names.insert(job.name).inserted { problems.append(at("a second component has this name")) }
            if case .external(let image) = job.image, image.digest == nil {
                problems.append(at("runs \(image), which nothing here builds, by tag only: pin its digest"))
            }
            if case .service(let service) = job.image, !product.services.contains(where: { $0.name == service.name }) {
                problems.append(at("runs the image of \(service.name), which the product does not declare"))
            }
        }
        // A connection may only name pods that the environment deploys.
        let deployed = Set(product.services.map { product.peer($0) } + product.jobs.map { product.peer($0) }
            + stores.filter { $0.server != nil }.map(\.peer)
            + Backups.jobNames.map { Peer.component($0, app: product.app) } + smokeTests)
        var reported = Set<Peer>()
        let workers = Set(product.services.filter(\.isWorker).map { product.peer($0) })
        for connection in topology.connections where workers.contains(connection.to) && connection.from != env.cluster.prometheus {
            problems.append(ComponentError(
                "a connection (\(connection.purpose)) goes to the worker \"\(connection.to.name)\", which has no Service: "
                    + "a worker takes its work from a queue or a store; connect both to that",
                path: [env.name, "wiring"], source: connection.source))
        }
        for connection in topology.connections {
            // Reported once, at the first connection that names it (the declared one; DNS is derived).
            for end in [connection.from, connection.to] where end.isLocal && !deployed.contains(end) && reported.insert(end).inserted {
                problems.append(ComponentError(
                    "a connection (\(connection.purpose)) names \"\(end.name)\", which \(env.name) does not deploy",
                    path: [env.name, "wiring"], source: connection.source))
            }
        }
        for (name, line) in env.sizedServices where !names.contains(name) {
            problems.append(ComponentError("sizes the service \"\(name)\", which the product does not declare",
                                           path: [env.name], setAt: line))
        }
        if !problems.isEmpty { throw CompletenessError(problems: problems) }
    }
}

/// Every completeness problem of one environment, reported together.
public struct CompletenessError: Error, CustomStringConvertible, Sendable {
    public var problems: [ComponentError]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
