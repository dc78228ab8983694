import DocumentTree

/// A job: where it runs, what it needs, its rights and its steps.
///
/// `needs` holds the jobs themselves, not their names: a job can only depend on a job that exists
/// as a value, and since a job's value is complete before another can need it, a cycle cannot be
/// written. `Workflow.document()` checks that every needed job belongs to the workflow.
public struct Job: Sendable {
    /// The job's key in `jobs:`.
    public let id: String
    public var name: String
    public var runsOn = "ubuntu-24.04"
    public var needs: [Job]
    public var condition: Expression?
    /// What this job's token may do; nothing unless widened.
    public var permissions: Permissions
    public var environment: DeploymentEnvironment?
    public var concurrency: Concurrency?
    /// Required: a hung job must not hold a runner (and a deploy lock) for GitHub's six hours.
    public var timeoutMinutes: Int
    public var matrix: Matrix?
    /// Runs the steps in this image instead of on the runner itself.
    public var container: String?
    public var services: [ServiceContainer] = []
    public var env: [(String, Value)] = []
    /// Values other jobs read through `output(_:)`.
    public var outputs: [(String, Expression)] = []
    public var steps: [Step]

    public init(_ id: String, name: String, needs: [Job] = [], if condition: Expression? = nil,
                permissions: Permissions = .none, environment: DeploymentEnvironment? = nil, timeoutMinutes: Int,
                outputs: [(String, Expression)] = [], steps: [Step]) {
        self.id = id
        self.name = name
        self.needs = needs
        self.condition = condition
        self.permissions = permissions
        self.environment = environment
        self.timeoutMinutes = timeoutMinutes
        self.outputs = outputs
        self.steps = steps
    }

    /// A reference to one of this job's outputs, for jobs that need it.
    public func output(_ name: String) -> JobOutput { JobOutput(job: id, name: name) }
}

/// An output of a job, read by another job as `Expression.output(_:)`.
public struct JobOutput: Hashable, Sendable {
    public let job: String
    public let name: String
}

/// A GitHub deployment environment: its protection rules (required reviewers, branch rules) are
/// set in the repository's settings, and its URL is shown on the run.
public struct DeploymentEnvironment: Sendable {
    public var name: String
    public var url: String?
    public init(_ name: String, url: String? = nil) {
        self.name = name
        self.url = url
    }
}

/// Runs a job once per value of each axis.
public struct Matrix: Sendable {
    public var axes: [MatrixAxis]
    /// Stop the other combinations when one fails.
    public var failFast: Bool
    public init(_ axes: [MatrixAxis], failFast: Bool = false) {
        self.axes = axes
        self.failFast = failFast
    }
}

/// One dimension of a matrix; `Expression.matrix(axis)` reads its current value.
public struct MatrixAxis: Sendable {
    public let name: String
    public var values: [String]
    public init(_ name: String, _ values: [String]) {
        self.name = name
        self.values = values
    }
}

/// A service container started beside the job (a database for the tests), reachable on
/// `localhost:<port>`; the job's steps start only once its health check passes.
public struct ServiceContainer: Sendable {
    public var name: String
    public var image: String
    public var env: [(String, Value)]
    public var ports: [Int]
    public var health: HealthCheck

    public init(_ name: String, image: String, env: [(String, Value)] = [], ports: [Int], health: HealthCheck) {
        self.name = name
        self.image = image
        self.env = env
        self.ports = ports
        self.health = health
    }

    var document: DocNode {
        var fields: [(String, DocNode)] = [("image", .string(image))]
        if !env.isEmpty { fields.append(("env", .mapping(env.map { .init($0.0, .string($0.1.text)) }))) }
        fields.append(("ports", .sequence(ports.map { .string("\($0):\($0)") })))
        fields.append(("options", .string(health.options)))
        return .map(fields)
    }
}

/// Docker's health options for a service container.
public struct HealthCheck: Sendable {
    public var command: String
    public var intervalSeconds: Int
    public var timeoutSeconds: Int
    public var retries: Int

    public init(command: String, intervalSeconds: Int = 10, timeoutSeconds: Int = 5, retries: Int = 5) {
        self.command = command
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
    }

    /// `--health-cmd "…" --health-interval 10s …`, as `docker create` takes them.
    var options: String {
        "--health-cmd \"\(command)\" --health-interval \(intervalSeconds)s --health-timeout \(timeoutSeconds)s "
            + "--health-retries \(retries)"
    }
}
