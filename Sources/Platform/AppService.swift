import Components
import KubeModel
import MonitoringModel

/// One service of a product, declared once: its port, how clients reach it, where its image
/// comes from, what it exposes to Prometheus, and its default size. Everything downstream (the
/// Deployment and its Service, the Ingress rule, the NetworkPolicies, the Dockerfile and CI's
/// build matrix, the deploy workflows' rollout waits, smoke tests and selector switch, the
/// PodMonitor, alerts, dashboards, quotas and docs) iterates over the product's services.
///
/// The value is also the handle an environment sizes it by: `env[notifier].replicas = 3`.
public struct AppService: Sendable {
    /// How clients outside the namespace reach the service.
    public enum Exposure: Sendable {
        /// The public Ingress routes `https://<subdomain>.<env.domain>/` (the domain itself when
        /// `subdomain` is nil) to the service.
        case route(subdomain: String?, purpose: String)
        /// No route: only the components that declare a connection to it reach it.
        case `internal`(because: String)
        /// A worker: it takes its work from a queue or a store (a connection it declares), and
        /// nothing connects to it. No Service, no route, no smoke test; its port serves only its
        /// probes and metrics. In blue/green only the serving colour's workers run: two colours
        /// consuming one queue would process messages with code that serves no traffic (or with
        /// the old code after a switch), so the idle colour's are rendered at 0 replicas and the
        /// deploy's switch scales the new colour's up before the old colour's down.
        case worker(consumes: String)
    }

    /// Where the service's image comes from.
    public enum ImageSource: Sendable {
        /// Built by CI from `docker/<name>/Dockerfile`, which gen writes from this recipe; tagged
        /// with the environment's release.
        case built(NodeImage)
        /// Built elsewhere and run by digest: nothing here builds it, so a tag alone is refused.
        case external(Image)
    }

    /// What Prometheus scrapes from the service.
    public enum Metrics: Sendable {
        /// `metricsPath` on the service's port, providing these series.
        case scraped([Metric])
        /// Nothing to scrape (the reason is kept in the model).
        case none(because: String)
    }

    public let name: String
    /// The one port the service listens on; probes, the Service, routes, NetworkPolicies, the
    /// Dockerfile's HEALTHCHECK and the smoke tests reference it.
    public let port: ContainerPort
    public var exposure: Exposure
    public var image: ImageSource
    public var metrics: Metrics
    /// Liveness and readiness path, also the smoke tests' target.
    public var healthPath = "/health"
    /// The size every environment starts from; an environment changes it with `env[service]`.
    public var sizing: Sizing
    /// How CI tests the service: its job in `ci.yml`.
    public var tests = Tests()
    /// Availability and latency objectives, with their recording rules and burn-rate alerts.
    public var objectives = false
    /// Why the service talks to nothing and nothing talks to it, when that is intended; without
    /// a reason, a service with no route and no connection stops generation.
    public private(set) var isolation: String?
    /// Everything else about the service's pods (settings, probes, shutdown, opt-outs), given the
    /// environment and the service's size in it.
    public var configure: @Sendable (inout WebService, Environment, Sizing) -> Void
    /// Where the service was declared: model errors and completeness checks point here.
    public let source: SourceLocation

    public init(_ name: String, port: ContainerPort, exposure: Exposure, image: ImageSource, metrics: Metrics,
                sizing: Sizing, tests: Tests = Tests(), objectives: Bool = false, fileID: StaticString = #fileID, line: UInt = #line,
                configure: @escaping @Sendable (inout WebService, Environment, Sizing) -> Void) {
        self.name = name
        self.port = port
        self.exposure = exposure
        self.image = image
        self.metrics = metrics
        self.sizing = sizing
        self.tests = tests
        self.objectives = objectives
        self.configure = configure
        self.source = SourceLocation(fileID: fileID, line: line)
    }

    /// The service, declared to have no route and no connection on purpose.
    public func isolated(because reason: String) -> AppService {
        var s = self
        s.isolation = reason
        return s
    }

    /// The service's pods as one end of a connection (before or without building it).
    public func peer(app: String) -> Peer { .component(name, app: app) }

    /// Whether the service is a worker (`Exposure.worker`): no Service, and in blue/green only
    /// the serving colour's pods run.
    public var isWorker: Bool {
        if case .worker = exposure { return true }
        return false
    }

    /// The public host of the service in `env`, when it has a route.
    public func host(_ env: Environment) -> String? {
        guard case .route(let subdomain, _) = exposure else { return nil }
        return subdomain.map { "\($0).\(env.domain)" } ?? env.domain
    }

    /// The series the service exposes (none when it is not scraped).
    public var providedMetrics: [Metric] {
        if case .scraped(let metrics) = metrics { return metrics }
        return []
    }

    /// A service's CI job: Jest in its workspace folder, and what else it needs.
    public struct Tests: Sendable {
        /// The tests run against PostgreSQL and Redis service containers.
        public var usesDataTier: Bool
        /// Jest collects coverage, kept as an artifact.
        public var coverage: Bool
        /// The name of a step that also builds the app (with the image's build variables); nil
        /// when the image build is the only build.
        public var buildStep: String?

        public init(usesDataTier: Bool = false, coverage: Bool = false, buildStep: String? = nil) {
            self.usesDataTier = usesDataTier
            self.coverage = coverage
            self.buildStep = buildStep
        }
    }

    /// Size of one service in an environment.
    public struct Sizing: Sendable {
        /// Fewest replicas (the HPA's minimum when the service autoscales).
        public var replicas: Int
        /// Most replicas; nil for a fixed count.
        public var maxReplicas: Int?
        public var requests: ResourceList
        public var limits: ResourceList

        public init(replicas: Int, maxReplicas: Int? = nil, requests: ResourceList, limits: ResourceList) {
            self.replicas = replicas
            self.maxReplicas = maxReplicas
            self.requests = requests
            self.limits = limits
        }
    }
}

/// An image gen writes a Dockerfile for: a Node.js app of the pnpm workspace, built in three
/// stages (dependencies from the lockfile, build, non-root runtime). See `Dockerfiles`. Paths and
/// commands are functions of the app's workspace folder (`apps/<service>`), named once.
public struct NodeImage: Sendable {
    /// Variables set while building (and kept at run time).
    public var buildEnv: [(String, String)]
    /// Variables set at run time only.
    public var runtimeEnv: [(String, String)]
    /// Commands run after the workspace's build, in the builder stage.
    public var build: @Sendable (_ app: String) -> [String]
    /// What the runtime stage copies from the builder: (source, destination).
    public var copies: @Sendable (_ app: String) -> [(String, String)]
    /// The runtime command, after dumb-init.
    public var command: @Sendable (_ app: String) -> [String]
    /// The largest final image CI pushes, in MiB (`ImageChecks`).
    public var maxSizeMiB: Int
    /// Names of the service's configuration values that its build inlines (Next.js writes every
    /// `NEXT_PUBLIC_*` into the client bundle at `next build`: a value set only at run time never
    /// reaches the browser). Each is an `ARG` of the builder stage; CI passes the value of the
    /// environment that deploys the build (`ImageBuilds`).
    public var buildArguments: [String]

    public init(buildEnv: [(String, String)] = [], runtimeEnv: [(String, String)] = [],
                build: @escaping @Sendable (_ app: String) -> [String] = { _ in [] },
                copies: @escaping @Sendable (_ app: String) -> [(String, String)],
                command: @escaping @Sendable (_ app: String) -> [String],
                buildArguments: [String] = [], maxSizeMiB: Int = ImageChecks.defaultBudgetMiB) {
        self.maxSizeMiB = maxSizeMiB
        self.buildArguments = buildArguments
        self.buildEnv = buildEnv
        self.runtimeEnv = runtimeEnv
        self.build = build
        self.copies = copies
        self.command = command
    }
}
