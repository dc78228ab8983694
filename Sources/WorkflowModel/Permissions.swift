import DocumentTree

/// The `GITHUB_TOKEN`'s permissions, for a workflow or one job.
///
/// Workflows start from `.none` (`permissions: {}`) and each job widens only what it needs, so a
/// compromised step in one job cannot use another job's rights.
public struct Permissions: Hashable, Sendable {
    public enum Scope: String, Hashable, Sendable, CaseIterable {
        case actions, checks, contents, deployments, issues, packages, statuses
        case idToken = "id-token"
        case pullRequests = "pull-requests"
        case securityEvents = "security-events"
    }

    public enum Access: String, Hashable, Sendable {
        case read, write
    }

    /// One access per scope, by construction.
    public private(set) var grants: [Scope: Access]

    public init(_ grants: [Scope: Access]) { self.grants = grants }

    /// No permission at all: `permissions: {}`.
    public static let none = Permissions([:])
    /// Read the repository: what `actions/checkout` needs.
    public static let readContents = Permissions([.contents: .read])

    /// Written in a fixed order (the scopes' declaration order), whatever order they were given in.
    var document: DocNode {
        .mapping(Scope.allCases.compactMap { scope in
            grants[scope].map { DocNode.Field(scope.rawValue, .string($0.rawValue)) }
        })
    }
}
