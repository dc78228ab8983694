/// The product repository the generated tree is laid into, as is: its root holds `kubernetes/`,
/// `docker/`, `.github/workflows/` and `.gen-manifest`, beside the pnpm workspace of the seed
/// (`apps/<app>`, one per service and any with no image, such as a mobile app) and this
/// generator's package.
public enum ProductRepository {
    /// Where the product repository keeps this Swift package; workflows run it with
    /// `swift run --package-path <genPackage> gen … --output .`.
    public static let genPackage = "deploy/gen"
    /// The pnpm workspace package of each app (seed section 2: `apps/backend/Dockerfile`); `*`
    /// gives the pattern of every app's folder.
    public static func app(_ name: String) -> String { "apps/\(name)" }
    /// The script that creates or updates an environment's operator-supplied Secrets from
    /// environment variables (written by gen from the secret catalogue).
    public static func secretsScript(_ env: Environment) -> String { "secrets/create-\(env.name).sh" }
    /// Where the backup scripts are written (`scripts/backup/<name>`).
    public static let backupScriptsFolder = "scripts/backup"
    /// The creation script of the cluster's own Secrets (the monitoring stack's).
    public static let clusterSecretsScript = "secrets/create-cluster.sh"
    /// The branch that production is deployed from, and that colour-switch pull requests target.
    public static let mainBranch = "main"
    /// Pushes to this branch deploy staging (seed 1.2).
    public static let stagingBranch = "develop"
}

/// Versions of the tools the workflows install, each declared once.
public enum Toolchain {
    /// Node.js major version, for CI and for the images' base (`node:<major>-alpine…`): the seed's
    /// 20 reached end of life in April 2026, 24 is the active LTS line.
    public static let nodeMajor = "24"
    /// kubectl used by the deploy workflows; the same minor as the test tools' kubectl.
    public static let kubectl = "v1.37.1"
    /// The Swift toolchain image that regenerates and checks the tree (the team's 6.3.1). The full
    /// image, not `-slim`: it ships git, which SwiftPM needs to fetch dependencies (read in
    /// swiftlang/swift-docker, `6.3/ubuntu/24.04/Dockerfile`). By digest: the image index of
    /// `swift:6.3.1-noble` as Docker's official-images bot recorded it (docker-library/repo-info,
    /// `repos/swift/remote/6.3.1-noble.md`, read in the fork maxmood96/repo-info at 1da659a).
    public static let swiftImage = "swift:6.3.1-noble@sha256:af0181a2fe491b45c935a962a45ab77db3d0b867016e481ac164704f09c656fa"
}
