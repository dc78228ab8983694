import Components
import KubeModel

/// A product's scheduled job (a clean-up, a digest mail, a report), declared once: its schedule,
/// the image and command it runs, its size and deadlines. The stack renders it as one CronJob
/// with its own ServiceAccount, hardened like every component (`ScheduledJob`); its pods resolve
/// names and reach exactly what the product's wiring connects them to (`product.peer(job)`),
/// and get the settings those connections give their client.
///
/// A scheduled job is not coloured. Two CronJobs, one per colour, would both fire: the idle
/// colour's copy would run the next release's code against production data before any switch.
/// So there is one CronJob, and its image follows the live release: the release of the colour
/// the public Services select (the environment's release for rolling updates). The deploy's switch
/// step moves the CronJob's image with the selectors (`DeployProduction.moveJobs`; switch-back
/// moves it back), and the recorded switch (`gen state`) makes the tree say the same: a job never
/// runs code that does not serve traffic.
public struct AppJob: Sendable {
    /// Where the job's image comes from.
    public enum ImageSource: Sendable {
        /// The image of one of the product's services, at the live release, with the job's own
        /// command: a job that shares a service's code needs no image of its own, so CI builds
        /// nothing more and the job always runs the code that serves.
        case service(AppService)
        /// Built elsewhere and run by digest: a tag alone is refused (`Completeness`).
        case external(Image)
    }

    public let name: String
    /// Standard cron syntax, in the cluster's time zone (UTC).
    public var schedule: String
    public var image: ImageSource
    /// The container's command (the image's entrypoint is replaced).
    public var command: [String]
    public var resources: ResourceRequirements
    /// A run that cannot start within this long of its scheduled time is skipped.
    public var startingDeadline: Seconds
    /// A run is stopped after this long.
    public var activeDeadline: Seconds
    /// Where the job was declared: model errors point here.
    public let source: SourceLocation

    public init(_ name: String, schedule: String, image: ImageSource, command: [String], resources: ResourceRequirements,
                startingDeadline: Seconds = .minutes(5), activeDeadline: Seconds,
                fileID: StaticString = #fileID, line: UInt = #line) {
        self.name = name
        self.schedule = schedule
        self.image = image
        self.command = command
        self.resources = resources
        self.startingDeadline = startingDeadline
        self.activeDeadline = activeDeadline
        self.source = SourceLocation(fileID: fileID, line: line)
    }

    /// The job's pods as one end of a connection.
    public func peer(app: String) -> Peer { .component(name, app: app) }

    /// The image the job runs in `env`: its service's at the live release, or the external one.
    public func image(_ env: Environment) -> Image {
        switch image {
        case .service(let service): ProductStack.image(service, env, colour: env.deployState?.active)
        case .external(let image): image
        }
    }

    /// The CronJob of `env`, with the settings and variables its connections in `topology` give it.
    func scheduledJob(_ env: Environment, topology: Topology) throws -> ScheduledJob {
        let peer = peer(app: env.product.app)
        var container = ContainerTemplate(name: name, image: image(env), ports: [], resources: resources)
        container.command = command
        container.env = try topology.config(of: peer).pairs.map { EnvVar($0.0, $0.1) } + topology.env(of: peer)
        return ScheduledJob(app: env.product.app, name: name, container: container, schedule: schedule,
                            startingDeadline: startingDeadline, activeDeadline: activeDeadline,
                            source: source)
    }
}
