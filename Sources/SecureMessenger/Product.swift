import Components
import KubeModel

/// A product as data: its HTTP services and how its components talk to each other. The data
/// tier (PostgreSQL, Redis), backups and monitoring are built around this list; nothing
/// downstream names a particular service.
public struct Product: Sendable {
    /// `app.kubernetes.io/part-of`, the Ingress's name, the prefix of cluster-wide names.
    public var app: String
    /// The product's name for people (dashboard titles).
    public var title: String
    /// Where CI pushes the images it builds (`<registry>/<service>`).
    public var registry: String
    /// The public domain of the environment-neutral base (environments set their own).
    public var domain: String
    public var services: [AppService]
    /// The connections between the product's components that its services' routes and metrics
    /// do not already imply (those are derived: ingress controller → routed service, Prometheus →
    /// scraped service, DNS for every pod). Given the environment and its data stores.
    public var wiring: @Sendable (Environment, _ postgres: DataTier.Store, _ redis: DataTier.Store) -> [Connection]
    /// Vulnerabilities CI's image scan accepts, each with its reason (`ImageChecks.ignoreFile`).
    public var acceptedVulnerabilities: [AcceptedVulnerability] = []

    public init(app: String, title: String, registry: String, domain: String, services: [AppService],
                wiring: @escaping @Sendable (Environment, DataTier.Store, DataTier.Store) -> [Connection]) {
        self.app = app
        self.title = title
        self.registry = registry
        self.domain = domain
        self.services = services
        self.wiring = wiring
    }

    /// The pods of `service`, as one end of a connection.
    public func peer(_ service: AppService) -> Peer { service.peer(app: app) }

    /// The services CI builds an image for, with their recipes.
    public var builtServices: [(service: AppService, recipe: NodeImage)] {
        services.compactMap { service in
            if case .built(let recipe) = service.image { return (service, recipe) }
            return nil
        }
    }
}
