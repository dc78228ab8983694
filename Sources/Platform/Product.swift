import Components
import KubeModel

/// A product as data: its HTTP services and how its components talk to each other, its
/// operations settings, its own Secrets and CI jobs. The data tier (PostgreSQL, Redis), backups
/// and monitoring are built around this value; nothing downstream names a particular service
/// or product: every product-specific name is set here or derived from `app`.
public struct Product: Sendable {
    /// `app.kubernetes.io/part-of`, the Ingress's name, the prefix of cluster-wide names.
    public var app: String
    /// The product's name for people (dashboard titles).
    public var title: String
    /// Where CI pushes the images it builds (`<registry>/<service>`).
    public var registry: String
    /// The public domain of the environment-neutral base (environments set their own).
    public var domain: String
    /// Where the repository holding the generated tree is published (`https://github.com/<org>/<repo>`):
    /// alerts link to the runbooks under it.
    public var repository: String
    public var services: [AppService]
    /// The connections between the product's components that its services' routes and metrics
    /// do not already imply (those are derived: ingress controller → routed service, Prometheus →
    /// scraped service, DNS for every pod). Given the environment and its data stores.
    public var wiring: @Sendable (Environment, _ postgres: DataTier.Store, _ redis: DataTier.Store) -> [Connection]
    /// Vulnerabilities CI's image scan accepts, each with its reason (`ImageChecks.ignoreFile`).
    public var acceptedVulnerabilities: [AcceptedVulnerability] = []
    /// Contacts, alert channels and the backup bucket (by default named after `app`).
    public var operations: Operations
    /// The Secrets the product's own code reads (an `envFrom` or a variable of a service), besides
    /// those of the data tier, the backups and the TLS certificate, which every product has.
    public var secrets: [SecretDeclaration] = []
    /// Jobs `ci.yml` runs besides each built service's tests (an app without an image, end-to-end tests).
    public var ciJobs: [CIJob] = []
    /// The prefix of the product's Grafana dashboard uids (`<prefix>-application-overview-<env>`):
    /// Grafana caps a uid at 40 characters, so by default the initials of `app`'s words
    /// (`secure-messenger` → `sm`); set it when two products in one Grafana share initials.
    public var dashboardPrefix: String
    /// Scheduled jobs (`AppJob`): one CronJob each, not coloured.
    public var jobs: [AppJob] = []
    /// The executable of the product's Swift package that runs gen's command line (`gen` in this
    /// repository; `gen init` names it `<name>-gen`): what the workflows, runbooks and file
    /// headers run.
    public var generatorExecutable: String
    /// The application database on the product's PostgreSQL, and the role that owns it. By
    /// default `app` with `_` for `-` (a name psql takes unquoted).
    public var database: String

    public init(app: String, title: String, registry: String, domain: String, repository: String,
                generatorExecutable: String = "gen", operations: Operations? = nil, services: [AppService],
                wiring: @escaping @Sendable (Environment, DataTier.Store, DataTier.Store) -> [Connection]) {
        self.app = app
        self.title = title
        self.registry = registry
        self.domain = domain
        self.repository = repository
        self.generatorExecutable = generatorExecutable
        self.operations = operations ?? .conventional(app: app, domain: domain)
        self.database = app.replacingOccurrences(of: "-", with: "_")
        self.dashboardPrefix = app.split(separator: "-").compactMap(\.first).map(String.init).joined()
        self.services = services
        self.wiring = wiring
    }

    /// The command that regenerates `scope` (an environment's name; nil: every environment).
    public func regenerateCommand(_ scope: String? = nil) -> String {
        (["swift", "run", generatorExecutable] + (scope.map { [$0] } ?? [])).joined(separator: " ")
    }

    /// The Secret cert-manager writes the Ingress's certificate into.
    public var tlsSecret: String { "\(app)-tls" }
    /// The PriorityClass of the data tier's pods (cluster-wide, so named after the product).
    public var dataPriorityClass: String { "\(app)-data" }
    /// Where PostgreSQL's own image is pushed (`PostgresImage`), beside the services' images.
    public var postgresRepository: String { "\(registry)/postgres" }

    /// The pods of `service`, as one end of a connection.
    public func peer(_ service: AppService) -> Peer { service.peer(app: app) }

    /// The pods of `job`, as one end of a connection.
    public func peer(_ job: AppJob) -> Peer { job.peer(app: app) }

    /// The services CI builds an image for, with their recipes.
    public var builtServices: [(service: AppService, recipe: NodeImage)] {
        services.compactMap { service in
            if case .built(let recipe) = service.image { return (service, recipe) }
            return nil
        }
    }
}
