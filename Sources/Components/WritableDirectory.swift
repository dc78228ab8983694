import KubeModel

/// A writable folder in a container whose root filesystem is read-only: an `emptyDir` of limited
/// size. The limit bounds what the container can write to the node's disk (the kubelet evicts
/// the pod past it), so a runaway temp file fills its own volume, not the node.
public struct WritableDirectory: Equatable, Sendable {
    public var path: String
    public var sizeLimit: Quantity
    public init(_ path: String, sizeLimit: Quantity) {
        self.path = path
        self.sizeLimit = sizeLimit
    }
}
