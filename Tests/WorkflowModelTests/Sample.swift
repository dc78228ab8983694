import WorkflowModel

/// A workflow that uses every feature of the model, for the golden test and the checks.
enum Sample {
    static let release = WorkflowInput("release", description: "Release to ship")
    static let target = WorkflowInput("target", description: "Where", kind: .choice(["staging", "production"]), required: false)
    static let dryRun = WorkflowInput("dry-run", description: "Change nothing", kind: .boolean, required: false)

    static func build() -> Job {
        let meta = StepID("meta")
        return Job("build", name: "Build", permissions: Permissions([.packages: .write, .contents: .read]),
                   timeoutMinutes: 20, outputs: [("tags", .stepOutput(meta, "tags"))], steps: [
            .checkout(fetchDepth: 0),
            .dockerMetadata(id: meta, image: "ghcr.io/acme/app", tags: ["type=sha", "type=raw,value=\(Expression.input(release))"]),
        ])
    }

    static func workflow() -> Workflow {
        let build = build()
        let axis = MatrixAxis("shard", ["1", "2"])
        var test = Job("test", name: "Test", needs: [build], permissions: .readContents, timeoutMinutes: 15, steps: [
            Step("Run", env: [("SHARD", Value(.matrix(axis))), ("TAGS", Value(.output(build.output("tags"))))], run: """
                echo "shard $SHARD of $TAGS"
                test "$SHARD" != y
                """),
        ])
        test.matrix = Matrix([axis])
        test.services = [ServiceContainer("db", image: "postgres:16", env: [("POSTGRES_PASSWORD", "test")], ports: [5432],
                                          health: HealthCheck(command: "pg_isready -U postgres"))]
        let ship = Job("ship", name: "Ship", needs: [build, test],
                       if: Expression.input(target) == .literal("production") && !Expression.input(dryRun),
                       permissions: Permissions([.contents: .read]),
                       environment: DeploymentEnvironment("production", url: "https://example.org"),
                       timeoutMinutes: 10, steps: [
            Step("Ship", env: [("RELEASE", Value(.input(release)))], run: "echo \"$RELEASE\""),
            .slack("Tell", if: .always, webhook: .secret("SLACK"), text: "shipped \(Expression.github(.sha))"),
        ])
        var workflow = Workflow(file: "sample.yml", name: "Sample",
                                on: [.push(branches: ["main"], tags: ["v*"]), .pullRequest(branches: []),
                                     .workflowDispatch(inputs: [release, target, dryRun]), .schedule(crons: ["0 3 * * 1"])],
                                permissions: .none,
                                concurrency: Concurrency(group: "sample-\(Expression.github(.ref))", cancelInProgress: true),
                                jobs: [build, test, ship])
        workflow.env = [("CI", "true")]
        return workflow
    }
}
