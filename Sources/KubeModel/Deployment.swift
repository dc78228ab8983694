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

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct DeploymentSpec: Equatable, Hashable, Sendable, Encodable {
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
}

public struct DeploymentStrategy: Equatable, Hashable, Sendable, Encodable {
    public var type: String
    public var rollingUpdate: RollingUpdate?

    public static func rollingUpdate(maxSurge: IntOrString, maxUnavailable: IntOrString) -> DeploymentStrategy {
        DeploymentStrategy(type: "RollingUpdate", rollingUpdate: RollingUpdate(maxSurge: maxSurge, maxUnavailable: maxUnavailable))
    }

    public init(type: String, rollingUpdate: RollingUpdate? = nil) {
        self.type = type
        self.rollingUpdate = rollingUpdate
    }
}

public struct RollingUpdate: Equatable, Hashable, Sendable, Encodable {
    public var maxSurge: IntOrString?
    public var maxUnavailable: IntOrString?

    public init(maxSurge: IntOrString? = nil, maxUnavailable: IntOrString? = nil) {
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
    }
}
