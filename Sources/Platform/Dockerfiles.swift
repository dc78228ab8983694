import Components
import DockerfileModel
import KubeModel
import KustomizeTree
import WorkflowModel

/// The images of the product's built services (seed section 2): three stages each (deps,
/// builder, runtime), built from the repository root with `docker/<service>/Dockerfile`.
///
/// The port, the health path and the user are the Kubernetes model's values: the HEALTHCHECK probes
/// what the kubelet probes, and the image runs as the UID the pod's securityContext demands.
public enum Dockerfiles {
    /// One service's image: the Dockerfile and the files kept out of its build context.
    public struct Image: Sendable {
        public var service: String
        public var dockerfile: Dockerfile
        public var ignore: DockerIgnore
    }

    /// The base image of every stage, by tag and digest. No registry is reachable from where this
    /// is generated, so the digest is the one public repositories pin for `node:24-alpine3.22`:
    /// `node:24-alpine3.22@sha256:191c9f00…` in seven Dockerfiles and scripts of at least four
    /// projects (searched December 2026; two other digests, one file each, are other builds of
    /// the tag). Changing `Toolchain.nodeMajor` needs a new digest (`docker buildx imagetools
    /// inspect node:<tag>`); Renovate keeps it fresh.
    public static let base = BaseImage("node", tag: "\(Toolchain.nodeMajor)-alpine3.22",
                                       digest: "sha256:191c9f0080fcbbc6547a85dc0ff7988072214a355aabdc1d2ec55a7dae5eea8a")
    /// dumb-init, PID 1: forwards SIGTERM to node and reaps zombies. `=~1.2.5` pins the upstream
    /// release (its last) and accepts Alpine's package revisions.
    static let dumbInit = "dumb-init=~1.2.5"
    /// pnpm's content-addressed store, filled from the lockfile in the deps stage.
    static let store = "/pnpm-store"

    /// The folder of the Dockerfiles, at the repository root.
    public static let folder = "docker"
    /// `docker/<service>/Dockerfile`, relative to the repository root (the build context); the
    /// service may be an expression (a matrix value).
    public static func path(_ service: Value) -> Value { "\(folder)/\(service)/Dockerfile" }
    public static func path(_ service: String) -> String { path(Value(stringLiteral: service)).text }

    /// Every image gen writes a Dockerfile for: the product's built services (one Dockerfile each;
    /// a service with build arguments is built from it once per environment: `ImageBuilds`) and
    /// PostgreSQL's (`PostgresImage`).
    public static func images(_ product: Product) -> [Image] {
        product.builtServices.map { service, recipe in
            // The USER is the UID the pod's securityContext demands.
            image(service, recipe: recipe, userID: ProductStack.workload(service, .base(of: product)).userID)
        } + [PostgresImage.build]
    }

    static func image(_ service: AppService, recipe: NodeImage, userID uid: Int) -> Image {
        let app = ProductRepository.app(service.name)
        let port = service.port
        let buildEnv = recipe.buildEnv
        let deps = Stage("deps", comment: "Stage 1: dependencies, from the lockfile alone (rebuilt when it changes)",
                         from: base, [
            .workdir("/app"),
            .env([("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0")]),
            .run(["corepack enable"]),
            .copy(from: nil, sources: ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"], destination: "./"),
            .run(["pnpm fetch --store-dir \(store)"]),
        ])
        let builder = Stage("builder", comment: "Stage 2: build \(app)", from: base, [
            .workdir("/app"),
            .env([("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0")] + buildEnv),
            .run(["corepack enable"]),
            .copy(from: deps, sources: [store], destination: store),
            .copy(from: nil, sources: ["."], destination: "."),
        // Declared last: a value changes only the layers after it (the build), not the install.
        ] + recipe.buildArguments.map { .arg($0) } + [
            .run(["pnpm install --offline --frozen-lockfile --store-dir \(store)", "&& pnpm --filter ./\(app) build"]
                 + recipe.build(app).map { "&& \($0)" }),
        ])
        let runtime = Stage("runtime", comment: "Stage 3: runtime, non-root, dumb-init as PID 1", from: base, [
            .run(["apk add --no-cache \(dumbInit)", "&& addgroup -S -g \(uid) app", "&& adduser -S -D -H -u \(uid) -G app app"]),
            .workdir("/app"),
            .env([("NODE_ENV", "production"), ("PORT", String(port.containerPort))] + buildEnv + recipe.runtimeEnv),
            // Code stays owned by root: the app can read it, not rewrite it.
        ] + recipe.copies(app).map { .copy(from: builder, sources: [$0.0], destination: $0.1) } + [
            .user(uid),
            .expose(port.containerPort),
            .healthcheck(intervalSeconds: 30, timeoutSeconds: 5, startPeriodSeconds: 30, retries: 3, command: [
                "node", "-e",
                "fetch('http://127.0.0.1:\(port.containerPort)\(service.healthPath)')"
                    + ".then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
            ]),
            .entrypoint(["dumb-init", "--"]),
            .cmd(recipe.command(app)),
        ])
        return Image(service: service.name, dockerfile: Dockerfile(stages: [deps, builder, runtime]),
                     ignore: ignore(app: app))
    }

    /// The context of the image of `app` (a workspace folder): of the other apps only their
    /// package.json, which pnpm needs to check the workspace's lockfile, whatever apps the
    /// workspace holds (an app with no image, one added later); build outputs, local state and
    /// secrets of none, not even of `app`: those patterns come after its exception, as the last
    /// pattern that matches a path decides (Docker's `.dockerignore` rules). A fixed number of
    /// patterns per image, not one per other app.
    static func ignore(app: String) -> DockerIgnore {
        let everyApp = ProductRepository.app("*")
        return DockerIgnore([
            "\(everyApp)/**", "!\(everyApp)/package.json", "!\(app)/**",
            ".git", ".github", "**/node_modules", "**/.next", "**/dist", "**/coverage", "**/*.log",
            "**/.env", "**/.env.*", KustomizeTree.defaultRoot, folder, ProductRepository.genPackage,
        ])
    }
}
