import Components
import KubeModel

/// Smoke tests run from inside the namespace: a suspended CronJob per colour (one for a rolling
/// environment) whose pod GETs every service's health path through the Services a deploy is about
/// to send traffic to: a colour's preview Services, or a rolling environment's own Services.
///
/// The deploy workflows run it with `kubectl create job --from=cronjob/…` and wait for it. Its
/// connections are declared in the topology like any other (`Wiring.topology`), so the
/// NetworkPolicies admit exactly this pod to exactly these ports. The API server's service proxy,
/// which the workflows used before, reaches pods from the control plane, which a CNI that enforces
/// policy for control-plane traffic refuses; and the deployer needs no `services/proxy` right.
public enum SmokeTests {
    /// The CronJob's name stem; a colour's test is `smoke-test-<colour>`.
    static let name = "smoke-test"
    /// How long a test may run: curl's retries (6 × at most 15 s per service) fit well within it.
    static let deadline = Seconds.minutes(5)
    /// How long a workflow waits for a test's Job: its own deadline ends it first; the wait only
    /// bounds a Job that never starts.
    static var waitTimeout: String { "\(deadline.value / 60 + 1)m" }

    /// The smoke tests of `env`: one per colour (nil for a rolling environment).
    public static func colours(_ env: Environment) -> [Environment.Colour?] {
        env.colours.isEmpty ? [nil] : env.colours.map { $0 }
    }

    /// The CronJob that tests `colour` (nil: the environment's own Services).
    public static func cronJob(_ colour: Environment.Colour?) -> String {
        colour.map { "\(name)-\($0.rawValue)" } ?? name
    }

    /// The pods of every smoke test of `env`, as connection ends.
    public static func peers(_ env: Environment) -> [Peer] {
        colours(env).map { Peer.component(cronJob($0), app: env.product.app) }
    }

    /// Each smoke test's connection to every service's pods, on the service's port.
    static func connections(_ env: Environment) -> [Connection] {
        let product = env.product
        return zip(colours(env), peers(env)).flatMap { colour, peer in
            product.services.filter { !$0.isWorker }.map { service in
                Connection(from: peer, to: product.peer(service), ports: [service.port],
                           purpose: "smoke-tests \(service.healthPath)\(colour.map { " of \($0.rawValue)" } ?? "")",
                           source: service.source)
            }
        }
    }

    /// The URLs a colour's test GETs: each service's health path through the Service that reaches
    /// that colour (its preview Service) or, in a rolling environment, through the Service itself.
    public static func urls(_ env: Environment, colour: Environment.Colour?) -> [String] {
        env.product.services.filter { !$0.isWorker }.map { service in
            let workload = ProductStack.workload(service, env)
            let target = colour.map { workload.previewServiceName($0.variant) } ?? service.name
            return "http://\(target):\(service.port.containerPort)\(service.healthPath)"
        }
    }

    /// The suspended CronJobs. curl stops at the first URL that fails (`--fail-early`) and retries
    /// each while new pods warm up (`--retry-all-errors`: also on HTTP errors and refused
    /// connections, which `--retry` alone does not retry). The image is the backup jobs' own
    /// (`PostgresImage`): already built, scanned and pinned by CI, and it carries curl.
    static func jobs(_ env: Environment) -> [ScheduledJob] {
        colours(env).map { colour in
            var container = ContainerTemplate(
                name: cronJob(colour), image: PostgresImage.image(env), ports: [],
                resources: ResourceRequirements(requests: ResourceList(cpu: "10m", memory: "16Mi"),
                                                limits: ResourceList(memory: "64Mi")))
            container.command = ["curl", "--fail-early", "--fail", "--silent", "--show-error",
                                 "--retry", "6", "--retry-delay", "10", "--retry-all-errors", "--max-time", "5",
                                 "--write-out", "%{url_effective}: HTTP %{http_code}\\n"]
                // One --output per URL (curl pairs them in order): only the status line is logged.
                + urls(env, colour: colour).flatMap { ["--output", "/dev/null", $0] }
            var job = ScheduledJob(app: env.product.app, name: cronJob(colour), container: container,
                                   schedule: "0 0 1 1 *", startingDeadline: .minutes(5), activeDeadline: deadline)
            job.suspended = true
            job.backoffLimit = 0   // curl already retried; a failed test is a failed deploy
            job.scratch = []
            return job
        }
    }
}
