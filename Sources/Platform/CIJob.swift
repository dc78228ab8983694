import WorkflowModel

/// A job of `ci.yml` that a product adds beside the ones derived from its services (each built
/// service's tests): an app without an image, end-to-end tests. CI gives it the workspace
/// (checkout, Node.js, dependencies from the lockfile), read-only permissions and, when asked,
/// the test databases; the image build waits for it like for every other check.
public struct CIJob: Sendable {
    /// The job's id in `ci.yml`.
    public var id: String
    /// The job's name as GitHub shows it.
    public var name: String
    public var timeoutMinutes: Int
    /// The job runs once every service's tests have passed (end-to-end tests do).
    public var afterServiceTests: Bool
    /// PostgreSQL and Redis run beside the job, as for a service whose tests use the data tier.
    public var usesDataTier: Bool
    /// The steps after the workspace is installed, given the variables that reach the test
    /// databases (empty unless `usesDataTier`).
    public var steps: @Sendable (_ dataTierEnv: [(String, Value)]) -> [Step]

    public init(_ id: String, name: String, timeoutMinutes: Int, afterServiceTests: Bool = false, usesDataTier: Bool = false,
                steps: @escaping @Sendable (_ dataTierEnv: [(String, Value)]) -> [Step]) {
        self.id = id
        self.name = name
        self.timeoutMinutes = timeoutMinutes
        self.afterServiceTests = afterServiceTests
        self.usesDataTier = usesDataTier
        self.steps = steps
    }
}
