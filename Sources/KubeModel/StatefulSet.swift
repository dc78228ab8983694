import DocumentTree

/// apps/v1 StatefulSet.
public struct StatefulSet: KubernetesObject, Equatable {
    public var apiVersion: String { "apps/v1" }
    public var kind: String { "StatefulSet" }
    public var metadata: ObjectMeta
    public var spec: StatefulSetSpec

    public init(metadata: ObjectMeta, spec: StatefulSetSpec) {
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

public struct StatefulSetSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var serviceName: String
    public var replicas: Int?
    public var podManagementPolicy: String?
    public var selector: LabelSelector
    public var template: PodTemplateSpec
    public var volumeClaimTemplates: [PersistentVolumeClaim]?

    public init(serviceName: String, replicas: Int? = nil, selector: LabelSelector, template: PodTemplateSpec,
                volumeClaimTemplates: [PersistentVolumeClaim]? = nil) {
        self.serviceName = serviceName
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.volumeClaimTemplates = volumeClaimTemplates
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("serviceName", serviceName)
        try fields.add("replicas", replicas)
        try fields.add("podManagementPolicy", podManagementPolicy)
        try fields.add("selector", selector)
        try fields.add("template", template)
        try fields.add("volumeClaimTemplates", volumeClaimTemplates)
        return fields.node
    }
}
