import Components
import WorkflowModel

/// The images CI builds on every push. A build that inlines configuration
/// (`NodeImage.buildArguments`: Next.js writes `NEXT_PUBLIC_*` into the client bundle at
/// `next build`) makes an image specific to one environment: such a service is built once per
/// environment, with that environment's values, and its tags carry the environment's name
/// (`web:1.2.0-production`, `web:sha-<commit>-staging`), so that no environment can run another's
/// build. A service without build arguments is built once for all environments.
public enum ImageBuilds {
    /// One image build: a service's, for one environment when it has build arguments.
    public struct Build: Sendable {
        public var service: AppService
        public var recipe: NodeImage
        public var environment: Environment?
        /// `NAME=value`: the environment's configuration values of the build arguments.
        public var arguments: [String]

        /// Its name in CI's matrix.
        public var name: String { service.name + tagSuffix }
        /// What its tags end with.
        public var tagSuffix: String { environment.map { ImageBuilds.tagSuffix(recipe, $0) } ?? "" }
    }

    /// What `service`'s tags end with in `env` (nothing unless it has build arguments; nothing
    /// in the environment-neutral base, which no one deploys).
    public static func tagSuffix(_ recipe: NodeImage, _ env: Environment) -> String {
        recipe.buildArguments.isEmpty || env.namespace == nil ? "" : "-\(env.name)"
    }

    /// Every build CI runs for `environments` (those with a namespace: the deployed ones).
    /// Throws when an environment's configuration lacks a build argument.
    public static func builds(_ product: Product, environments: [Environment]) throws -> [Build] {
        try product.builtServices.flatMap { service, recipe -> [Build] in
            guard !recipe.buildArguments.isEmpty else { return [Build(service: service, recipe: recipe, environment: nil, arguments: [])] }
            return try environments.filter { $0.namespace != nil }.map { env in
                Build(service: service, recipe: recipe, environment: env, arguments: try arguments(service, recipe, env))
            }
        }
    }

    /// `service`'s build arguments in `env`, `NAME=value`, from its configuration there.
    public static func arguments(_ service: AppService, _ recipe: NodeImage, _ env: Environment) throws -> [String] {
        guard !recipe.buildArguments.isEmpty else { return [] }
        let config = ProductStack.workload(service, env).config
        return try recipe.buildArguments.map { name in
            guard let value = config[name] else {
                throw PipelineError("\(env.name) › \(service.name) › image.buildArguments: \(name) is a build argument, "
                                    + "and the service's configuration in \(env.name) does not set it\n  declared at \(service.source)")
            }
            return "\(name)=\(value)"
        }
    }

    /// A step (id `id`) that resolves the matrix's build (`build`, `Build.name`) into its outputs
    /// `service`, `suffix` (the tags') and `args` (`NAME=value` lines, for `build-args`).
    static func resolveStep(_ builds: [Build], id: StepID, build: Value) -> Step {
        let cases = builds.map { b in
            (["  \(Shell.word(b.name)))",
              "    " + ShellCommand(["echo", ShellWord("service=\(b.service.name)")]).rendered,
              "    " + ShellCommand(["echo", ShellWord("suffix=\(b.tagSuffix)")]).rendered,
              "    echo 'args<<EOF'"]
             + b.arguments.map { "    " + ShellCommand(["printf", "%s\\n", ShellWord($0)]).rendered }
             + ["    echo EOF", "    ;;"]).joined(separator: "\n")
        }
        return Step("Resolve the build", id: id, env: [("BUILD", build)], run: """
            {
              case "$BUILD" in
            \(cases.joined(separator: "\n"))
                *) echo "::error::unknown build $BUILD" >&2; exit 1 ;;
              esac
            } >> "$GITHUB_OUTPUT"
            """)
    }
}
