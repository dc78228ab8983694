import DocumentTree
import DockerfileModel
import KubeModel

/// `<registry>/postgres` (`Product.postgresRepository`): the official PostgreSQL image (by digest) with the tools
/// the backup scripts call. The server runs it, so that `archive_command` can encrypt and upload
/// WAL (`WALArchiving`), and so do the backup, restore and roles jobs, so that pg_dump and
/// pg_basebackup are always the server's own version (pg_dump refuses a newer server).
///
/// Its tag is the PostgreSQL version and a hash of the Dockerfile: a changed Dockerfile is a new
/// tag, which rolls the server and the jobs, and CI pushes a tag only when it does not exist yet,
/// so a tag never changes what it points to.
public enum PostgresImage {
    /// The folder of its Dockerfile under `Dockerfiles.folder`.
    public static let name = "postgres"
    /// The largest image CI pushes, in MiB (`ImageChecks`): the seed's budget for every image.
    public static let maxSizeMiB = ImageChecks.defaultBudgetMiB
    /// The official image it starts from.
    static let base = DataTier.postgresImage
    /// The postgres user of the official Alpine image.
    public static let userID = 70

    /// What the scripts call beyond the base image, pinned to the upstream release of Alpine 3.22
    /// (the base image's release) and accepting Alpine's package revisions: bash runs the scripts;
    /// coreutils, findutils and tar are the GNU tools they rely on (`date -d`, `find -mtime`,
    /// `tar --occurrence`), where BusyBox's differ; GnuPG encrypts; aws-cli talks to the bucket;
    /// curl pushes metrics and the Slack notice. curl to its major version only: Alpine has moved it
    /// to new upstream releases within a stable branch (3.20 and 3.21 both went to 8.14.1), and a
    /// branch keeps only its newest build (gnupg 2.4.7 is 2.4.9 in 3.22 now).
    static let packages = [
        "bash=~5.2", "coreutils=~9.7", "findutils=~4.10", "tar=~1.35", "gnupg=~2.4", "aws-cli=~2.27", "curl=~8",
    ]

    public static var dockerfile: Dockerfile {
        Dockerfile(stages: [
            Stage("server", comment: "PostgreSQL \(base.tag) with the backup scripts' tools (bash, GNU tools, GnuPG, aws CLI, curl)",
                  from: BaseImage(base.repository, tag: base.tag, digest: base.digest), [
                .run(["apk add --no-cache \(packages.joined(separator: " "))"]),
                .user(userID),
            ]),
        ])
    }

    /// The image's tag: the PostgreSQL version and the first 10 hex digits of the Dockerfile's
    /// SHA-256 (`gen` renders and checks the Dockerfile itself with the other images).
    public static var tag: String { tag(of: dockerfile) }

    /// The tag of an image built from `dockerfile`.
    public static func tag(of dockerfile: Dockerfile) -> String {
        let version = base.tag.split(separator: "-").first.map(String.init) ?? base.tag
        return "\(version)-\(SHA256.hex(dockerfile.text(header: [])).prefix(10))"
    }

    /// The image as `env` deploys it (by digest when the environment pins one).
    public static func image(_ env: Environment) -> Image { env.image(env.product.postgresRepository, tag: tag) }

    /// The image with its build context's ignore file: the Dockerfile copies nothing in.
    public static var build: Dockerfiles.Image {
        Dockerfiles.Image(service: name, dockerfile: dockerfile, ignore: DockerIgnore(["**"]))
    }
}
