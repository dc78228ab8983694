/// An action pinned to the full commit SHA of a release tag.
///
/// A tag can be moved to other code by whoever controls the action's repository (as happened to
/// tj-actions/changed-files in March 2025); a commit SHA cannot.
/// The tag is kept as a comment beside `uses:` so that readers and Dependabot see the version.
public struct PinnedAction: Hashable, Sendable {
    /// `owner/name`, plus `/path` for an action in a subfolder (`github/codeql-action/upload-sarif`).
    public let action: String
    /// The commit the tag points to (for an annotated tag, the peeled `^{}` commit, not the tag object).
    public let sha: String
    /// The release tag, e.g. `v4.2.2`.
    public let version: String

    /// What `uses:` says: `owner/name@sha`.
    public var reference: String { "\(action)@\(sha)" }
}

/// Every action our workflows use, each pinned once: an upgrade is a one-line change here.
///
/// How each SHA was verified (2026-11-25): the action's repository was fetched as a snapshot and
/// `git show-ref --tags -d <tag>` read; for annotated tags (marked "annotated") the peeled commit
/// `<tag>^{}` is the one pinned. The snapshot's date is given with each one; newer releases may
/// exist upstream. `PinnedActionsTests` checks the format (40 hex digits, `v` + semantic version)
/// and that no action is listed twice.
public enum PinnedActions {
    /// Lightweight tag; snapshot of 2026-07-20.
    public static let checkout = PinnedAction(
        action: "actions/checkout", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1")
    /// Lightweight tag; snapshot of 2026-08-18.
    public static let setupNode = PinnedAction(
        action: "actions/setup-node", sha: "820762786026740c76f36085b0efc47a31fe5020", version: "v7.0.0")
    /// Lightweight tag; snapshot of 2026-02-25.
    public static let uploadArtifact = PinnedAction(
        action: "actions/upload-artifact", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", version: "v7.0.0")
    /// Annotated tag (tag object a9c7b0f06e461e9d4b4d1711f154ee024b8d7ab8); snapshot of 2026-06-30.
    /// Its composite steps pin aquasecurity/setup-trivy and actions/cache by SHA themselves.
    public static let trivy = PinnedAction(
        action: "aquasecurity/trivy-action", sha: "ed142fd0673e97e23eac54620cfb913e5ce36c25", version: "v0.36.0")
    /// Annotated tag (tag object 1a818fd5f97ed0ee9a823421bd5b171add01227f); snapshot of 2026-06-13.
    public static let uploadSARIF = PinnedAction(
        action: "github/codeql-action/upload-sarif", sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e",
        version: "v4.36.2")
    /// Lightweight tag; snapshot of 2026-04-27.
    public static let dockerLogin = PinnedAction(
        action: "docker/login-action", sha: "4907a6ddec9925e35a0a9e82d7399ccc52663121", version: "v4.1.0")
    /// Lightweight tag; snapshot of 2026-08-17.
    public static let setupBuildx = PinnedAction(
        action: "docker/setup-buildx-action", sha: "37fe631027851001ddb9b187196cc803df7f5f0e", version: "v4.3.0")
    /// Lightweight tag; snapshot of 2026-07-02.
    public static let dockerMetadata = PinnedAction(
        action: "docker/metadata-action", sha: "dc802804100637a589fabce1cb79ff13a1411302", version: "v6.2.0")
    /// Lightweight tag; snapshot of 2026-07-09.
    public static let buildPush = PinnedAction(
        action: "docker/build-push-action", sha: "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a", version: "v7.3.0")
    /// Lightweight tag; snapshot of 2026-07-16.
    public static let setupKubectl = PinnedAction(
        action: "Azure/setup-kubectl", sha: "829323503d1be3d00ca8346e5391ca0b07a9ab0d", version: "v5.1.0")
    /// Lightweight tag (commit of 2026-01-26); snapshot of 2026-12-05. Its default kind is v0.31.0.
    public static let kind = PinnedAction(
        action: "helm/kind-action", sha: "ef37e7f390d99f746eb8b610417061a60e82a6cc", version: "v1.14.0")
    /// Lightweight tag; snapshot of 2026-08-12.
    public static let slack = PinnedAction(
        action: "slackapi/slack-github-action", sha: "dcb1066f776dd043e64d0e8ba94ca15cc7e1875d", version: "v4.0.0")

    /// The table, in one list (for tests and for the version comments).
    public static let all: [PinnedAction] = [
        checkout, setupNode, uploadArtifact, trivy, uploadSARIF, dockerLogin, setupBuildx, dockerMetadata,
        buildPush, setupKubectl, kind, slack,
    ]

    /// Adds ` # <version>` after every `uses: <pinned reference>` line of rendered YAML (YAML
    /// emitters write no comments, so the version is added to the text afterwards).
    public static func annotatingVersions(_ yaml: String) -> String {
        let versions = Dictionary(uniqueKeysWithValues: all.map { ($0.reference, $0.version) })
        let marker = Array("uses: ".utf8)
        var yaml = yaml
        return yaml.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var lineStart = 0
            while lineStart <= bytes.count {
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let line = bytes[lineStart..<lineEnd]
                out.append(contentsOf: line)
                if let u = line.firstIndex(of: marker),
                   let version = versions[String(decoding: line[(u + marker.count)...], as: UTF8.self)] {
                    out.append(contentsOf: " # \(version)".utf8)
                }
                if lineEnd < bytes.count { out.append(UInt8(ascii: "\n")) }
                lineStart = lineEnd + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
