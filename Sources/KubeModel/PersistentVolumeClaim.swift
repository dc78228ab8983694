import DocumentTree

/// v1 PersistentVolumeClaim (also the element of a StatefulSet's `volumeClaimTemplates`).
public struct PersistentVolumeClaim: KubernetesObject, Equatable, Hashable {
    public var apiVersion: String { "v1" }
    public var kind: String { "PersistentVolumeClaim" }
    public var metadata: ObjectMeta
    public var spec: PersistentVolumeClaimSpec

    public init(metadata: ObjectMeta, spec: PersistentVolumeClaimSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}

public struct PersistentVolumeClaimSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var accessModes: [String]
    public var storageClassName: String?
    public var volumeMode: String?
    public var resources: VolumeResources

    public init(accessModes: [String] = ["ReadWriteOnce"], storageClassName: String? = nil, storage: Quantity) {
        self.accessModes = accessModes
        self.storageClassName = storageClassName
        self.resources = VolumeResources(requests: StorageRequest(storage: storage))
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("accessModes", accessModes)
        try fields.add("storageClassName", storageClassName)
        try fields.add("volumeMode", volumeMode)
        try fields.add("resources", resources)
        return fields.node
    }
}

public struct VolumeResources: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var requests: StorageRequest

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("requests", requests)
        return fields.node
    }
}

public struct StorageRequest: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var storage: Quantity

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("storage", storage)
        return fields.node
    }
}
