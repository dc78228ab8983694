import Components
import KustomizeTree
import WorkflowModel

/// `ci.yml` (seed 1.1): security scan, lint and type-check, each built service's tests (against
/// PostgreSQL and Redis, with a build of the app, as each declares), the product's own jobs
/// (`Product.ciJobs`: Secure Messenger's mobile tests and Playwright end-to-end tests), the
/// deployment tree regenerated and linted by gen, and the images built and pushed to GHCR once
/// everything else passes.
public enum CI {
    /// The workflow's `name:`, which `workflow_run` triggers (staging's deploy) refer to.
    public static let name = "CI"
    /// The tag CI gives every image it pushes of commit `sha` (docker/metadata-action's
    /// `type=sha,format=long`): what staging deploys.
    public static func commitTag(_ sha: ShellWord) -> ShellWord { "sha-" + sha }
    /// Test databases: the images production runs (`DataTier`, by digest), the seed's PostgreSQL 16
    /// and Redis 7, with the product's database and user, as its Deployments are configured.
    static let testPassword = "test"
    static func postgres(_ product: Product) -> ServiceContainer {
        ServiceContainer(
            "postgres", image: pinned(DataTier.postgresImage),
            env: [("POSTGRES_USER", "\(product.database)"), ("POSTGRES_PASSWORD", "\(testPassword)"),
                  ("POSTGRES_DB", "\(product.database)")],
            ports: [DataTier.postgresPort.containerPort],
            health: HealthCheck(command: "pg_isready -U \(product.database) -d \(product.database)"))
    }
    static let redis = ServiceContainer("redis", image: pinned(DataTier.redisImage), ports: [DataTier.redisPort.containerPort],
                                        health: HealthCheck(command: "redis-cli ping"))
    /// How the tests reach them (service containers publish on the runner's localhost), in the
    /// variables the services' Deployments set.
    static func databaseEnv(_ product: Product) -> [(String, Value)] {
        [
            ("DATABASE_URL", "postgresql://\(product.database):\(testPassword)@localhost:\(DataTier.postgresPort.containerPort)/\(product.database)"),
            ("REDIS_URL", "redis://localhost:\(DataTier.redisPort.containerPort)"),
        ]
    }

    static func pinned(_ image: DataTier.PinnedImage) -> String {
        "\(image.repository):\(image.tag)@\(image.digest)"
    }

    /// Node.js, pnpm through corepack (at the version the workspace's `packageManager` pins) and
    /// the workspace's dependencies from the lockfile.
    static func installWorkspace() -> [Step] {
        [
            .checkout(),
            .setupNode(version: Toolchain.nodeMajor),
            Step("Install dependencies", env: [("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0")], run: """
                corepack enable
                pnpm install --frozen-lockfile
                """),
        ]
    }

    /// `stacks`: every environment's stack (the `kind` job deploys each that has a namespace).
    public static func workflow(_ product: Product, stacks: [Stack]) throws -> Workflow {
        let read = Permissions.readContents
        let security = Job("security", name: "Security scan", permissions: read, timeoutMinutes: 15,
                           steps: installWorkspace() + [
            .trivyFilesystemScan(severities: ["CRITICAL", "HIGH"]),
            // The seed's `npm audit`, for a pnpm workspace.
            Step("Audit dependencies", run: "pnpm audit --audit-level high"),
        ])
        let lint = Job("lint", name: "Lint and type-check", permissions: read, timeoutMinutes: 15,
                       steps: installWorkspace() + [
            Step("ESLint", run: "pnpm -r --if-present run lint"),
            Step("TypeScript", run: "pnpm -r --if-present run typecheck"),
        ])
        let serviceTests = product.builtServices.map { service, recipe in tests(service, recipe, product) }
        let productJobs = product.ciJobs.map { declared in
            var job = Job(declared.id, name: declared.name, needs: declared.afterServiceTests ? serviceTests : [],
                          permissions: read, timeoutMinutes: declared.timeoutMinutes,
                          steps: installWorkspace() + declared.steps(declared.usesDataTier ? databaseEnv(product) : []))
            if declared.usesDataTier { job.services = [postgres(product), redis] }
            return job
        }

        let sarif = "gen-lint.sarif"
        let gen = ShellCommand(["swift", "run", "--package-path", ShellWord(ProductRepository.genPackage), ShellWord(product.generatorExecutable)]).rendered
        // security-events: write to upload SARIF; actions: read lets upload-sarif read the run in a private repository.
        var deploymentTree = Job("deployment-tree", name: "Deployment tree (gen)",
                                 permissions: Permissions([.contents: .read, .securityEvents: .write, .actions: .read]),
                                 timeoutMinutes: 20, steps: [
            .checkout(),
            Step("Regenerate and compare with the committed tree", run: "\(gen) --check --output ."),
            // With kubectl on PATH, gen lint checks what each overlay builds (namespaces, colours,
            // patches applied), not the base's files one by one.
            .setupKubectl(version: Toolchain.kubectl),
            // Findings go to code scanning even when the gate fails, so they show on the pull request.
            Step("Lint the Kubernetes tree", run: "\(gen) lint --format sarif \(Shell.word(KustomizeTree.defaultRoot)) > \(Shell.word(sarif))"),
            .uploadSARIF(sarif, category: "gen-lint"),
        ])
        deploymentTree.container = Toolchain.swiftImage

        let kind = try ClusterRehearsal.job(product, stacks: stacks, needs: [deploymentTree])
        let isPush = Expression.github(.eventName) == .literal("push")
        // packages: write to push the images and their layer cache to GHCR.
        var images = Job("images", name: "Build and push images", needs: [security, lint] + productJobs + [deploymentTree, kind],
                         if: isPush, permissions: Permissions([.contents: .read, .packages: .write]), timeoutMinutes: 30, steps: [])
        let builds = try ImageBuilds.builds(product, environments: stacks.map(\.environment))
        let build = MatrixAxis("build", builds.map(\.name))
        images.matrix = Matrix([build])
        let resolved = StepID("build")
        let service = Value(.stepOutput(resolved, "service"))
        let meta = StepID("meta")
        let imageName = Value("\(product.registry)/\(Expression.stepOutput(resolved, "service"))")
        // Each build's own layer cache: two builds of one Dockerfile with other arguments would evict each other's.
        let cache = Value("\(imageName):buildcache\(Expression.stepOutput(resolved, "suffix"))")
        let buildArgs = Value(.stepOutput(resolved, "args"))
        // Each service's budget, by the resolved service: `case "$SERVICE" in backend) echo 500 ;; … esac`.
        let budgets = product.builtServices.map { "\(Shell.word($0.service.name))) echo \($0.recipe.maxSizeMiB) ;;" }
        let scanned = Value("\(imageName):ci-\(Expression.github(.sha))")
        images.steps = [
            .checkout(),
            .setupBuildx(),
            .dockerLogin(registry: "ghcr.io", username: .github(.actor), password: .secret("GITHUB_TOKEN")),
            ImageBuilds.resolveStep(builds, id: resolved, build: Value(.matrix(build))),
            .buildLocal(dockerfile: Dockerfiles.path(service), tag: scanned, buildArgs: buildArgs, cache: cache),
        ] + ImageChecks.steps(image: scanned, budgetMiB: "$(case \"$SERVICE\" in \(budgets.joined(separator: " ")) esac)",
                              env: [("SERVICE", service)]) + [
            .dockerMetadata(id: meta, image: imageName, tags: [
                "type=semver,pattern={{version}}", "type=ref,event=branch", "type=sha,format=long",
            ], flavor: "suffix=\(Expression.stepOutput(resolved, "suffix"))"),
            .buildPush(dockerfile: Dockerfiles.path(service), push: isPush,
                       tags: Value(.stepOutput(meta, "tags")), labels: Value(.stepOutput(meta, "labels")),
                       buildArgs: buildArgs, cache: cache),
        ]
        return Workflow(
            file: "ci.yml", name: name,
            on: [.push(branches: [ProductRepository.mainBranch, ProductRepository.stagingBranch], tags: ["v*"]),
                 .pullRequest(branches: [ProductRepository.mainBranch, ProductRepository.stagingBranch])],
            permissions: .none,
            concurrency: Concurrency(group: "ci-\(Expression.github(.ref))", cancelInProgress: true),
            jobs: [security, lint] + serviceTests + productJobs + [deploymentTree, kind, images,
                   postgresImage(product, after: deploymentTree, if: isPush)])
    }

    /// A built service's tests (its job id is the service's name): Jest in its workspace folder,
    /// with coverage, the data tier and a build of the app when the declaration asks for them.
    static func tests(_ service: AppService, _ recipe: NodeImage, _ product: Product) -> Job {
        let app = ProductRepository.app(service.name)
        let t = service.tests
        let title = service.name.prefix(1).uppercased() + service.name.dropFirst()
        var steps = installWorkspace() + [
            Step(t.coverage ? "Jest with coverage" : "Jest", env: t.usesDataTier ? databaseEnv(product) : [],
                 run: ShellCommand(["pnpm", "--filter", ShellWord("./" + app), "test"] + (t.coverage ? ["--", "--coverage"] : [])).rendered),
        ]
        if t.coverage {
            steps.append(.uploadArtifact(name: "\(service.name)-coverage", path: "\(app)/coverage", retentionDays: 14))
        }
        if let build = t.buildStep {
            steps.append(Step(build, env: recipe.buildEnv.map { ($0.0, Value(stringLiteral: $0.1)) }, run: ShellCommand(["pnpm", "--filter", ShellWord("./" + app), "build"]).rendered))
        }
        var job = Job(service.name, name: "\(title) tests" + (t.buildStep == nil ? "" : " and build"),
                      permissions: .readContents, timeoutMinutes: 20, steps: steps)
        if t.usesDataTier { job.services = [postgres(product), redis] }
        return job
    }

    /// PostgreSQL's image (`PostgresImage`), once the tree that names its tag is known to be current.
    /// Its tag is a hash of its Dockerfile: pushed only when absent, so a deployed tag never moves.
    static func postgresImage(_ product: Product, after deploymentTree: Job, if isPush: Expression) -> Job {
        let image = "\(product.postgresRepository):\(PostgresImage.tag)"
        let pushed = StepID("pushed")
        let notPushed = Expression.stepOutput(pushed, "pushed") == .literal("false")
        // packages: write to push the image and its layer cache to GHCR.
        return Job("postgres-image", name: "Build and push PostgreSQL's image", needs: [deploymentTree], if: isPush,
                   permissions: Permissions([.contents: .read, .packages: .write]), timeoutMinutes: 20, steps: [
            .checkout(),
            .setupBuildx(),
            .dockerLogin(registry: "ghcr.io", username: .github(.actor), password: .secret("GITHUB_TOKEN")),
            Step("Check whether \(image) is pushed", id: pushed, env: [("IMAGE", "\(image)")], run: """
                if docker buildx imagetools inspect "$IMAGE" > /dev/null 2>&1; then
                  echo "$IMAGE is pushed already: a tag is never overwritten"
                  echo "pushed=true" >> "$GITHUB_OUTPUT"
                else
                  echo "pushed=false" >> "$GITHUB_OUTPUT"
                fi
                """),
        ] + ([.buildLocal(dockerfile: "\(Dockerfiles.path(PostgresImage.name))", tag: "\(image)",
                          cache: "\(product.postgresRepository):buildcache")]
             + ImageChecks.steps(image: "\(image)", budgetMiB: "\(PostgresImage.maxSizeMiB)")).map { step in
            var step = step
            step.condition = notPushed
            return step
        } + [
            .buildPush(if: notPushed, dockerfile: "\(Dockerfiles.path(PostgresImage.name))", push: isPush, tags: "\(image)",
                       cache: "\(product.postgresRepository):buildcache"),
        ])
    }
}
