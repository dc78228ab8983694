import DocumentTree

/// At most one run of a group at a time.
public struct Concurrency: Hashable, Sendable {
    public var group: Value
    /// Cancel the running one when a new run starts (right for CI, wrong for deploys).
    public var cancelInProgress: Bool

    public init(group: Value, cancelInProgress: Bool) {
        self.group = group
        self.cancelInProgress = cancelInProgress
    }

    var document: DocNode {
        .map([("group", .string(group.text)), ("cancel-in-progress", .bool(cancelInProgress))])
    }
}
