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

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct PersistentVolumeClaimSpec: Equatable, Hashable, Sendable, Encodable {
    public var accessModes: [String]
    public var storageClassName: String?
    public var volumeMode: String?
    public var resources: VolumeResources

    public init(accessModes: [String] = ["ReadWriteOnce"], storageClassName: String? = nil, storage: Quantity) {
        self.accessModes = accessModes
        self.storageClassName = storageClassName
        self.resources = VolumeResources(requests: StorageRequest(storage: storage))
    }
}

public struct VolumeResources: Equatable, Hashable, Sendable, Encodable {
    public var requests: StorageRequest
}

public struct StorageRequest: Equatable, Hashable, Sendable, Encodable {
    public var storage: Quantity
}
