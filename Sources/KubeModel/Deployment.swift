import DocumentTree

/// apps/v1 Deployment.
public struct Deployment: KubernetesObject, Equatable {
    public var apiVersion: String { "apps/v1" }
    public var kind: String { "Deployment" }
    public var metadata: ObjectMeta
    public var spec: DeploymentSpec

    public init(metadata: ObjectMeta, spec: DeploymentSpec) {
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

public struct DeploymentSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    /// Omitted when an HPA owns the replica count (otherwise every apply resets the scale).
    public var replicas: Int?
    public var revisionHistoryLimit: Int?
    public var minReadySeconds: Seconds?
    public var progressDeadlineSeconds: Seconds?
    public var selector: LabelSelector
    public var strategy: DeploymentStrategy?
    public var template: PodTemplateSpec

    public init(replicas: Int? = nil, selector: LabelSelector, strategy: DeploymentStrategy? = nil,
                template: PodTemplateSpec) {
        self.replicas = replicas
        self.selector = selector
        self.strategy = strategy
        self.template = template
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("replicas", replicas)
        try fields.add("revisionHistoryLimit", revisionHistoryLimit)
        try fields.add("minReadySeconds", minReadySeconds)
        try fields.add("progressDeadlineSeconds", progressDeadlineSeconds)
        try fields.add("selector", selector)
        try fields.add("strategy", strategy)
        try fields.add("template", template)
        return fields.node
    }
}

public struct DeploymentStrategy: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var type: String
    public var rollingUpdate: RollingUpdate?

    public static func rollingUpdate(maxSurge: IntOrString, maxUnavailable: IntOrString) -> DeploymentStrategy {
        DeploymentStrategy(type: "RollingUpdate", rollingUpdate: RollingUpdate(maxSurge: maxSurge, maxUnavailable: maxUnavailable))
    }

    public init(type: String, rollingUpdate: RollingUpdate? = nil) {
        self.type = type
        self.rollingUpdate = rollingUpdate
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("type", type)
        try fields.add("rollingUpdate", rollingUpdate)
        return fields.node
    }
}

public struct RollingUpdate: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var maxSurge: IntOrString?
    public var maxUnavailable: IntOrString?

    public init(maxSurge: IntOrString? = nil, maxUnavailable: IntOrString? = nil) {
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("maxSurge", maxSurge)
        try fields.add("maxUnavailable", maxUnavailable)
        return fields.node
    }
}
