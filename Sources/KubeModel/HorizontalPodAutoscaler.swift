import DocumentTree

/// autoscaling/v2 HorizontalPodAutoscaler.
public struct HorizontalPodAutoscaler: KubernetesObject, Equatable {
    public var apiVersion: String { "autoscaling/v2" }
    public var kind: String { "HorizontalPodAutoscaler" }
    public var metadata: ObjectMeta
    public var spec: HPASpec

    public init(metadata: ObjectMeta, spec: HPASpec) {
        self.metadata = metadata
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct HPASpec: Equatable, Hashable, Sendable, Encodable {
    public var scaleTargetRef: CrossVersionObjectReference
    public var minReplicas: Int
    public var maxReplicas: Int
    public var metrics: [MetricSpec]
    public var behavior: HPABehavior?

    public init(scaleTargetRef: CrossVersionObjectReference, minReplicas: Int, maxReplicas: Int,
                metrics: [MetricSpec], behavior: HPABehavior? = nil) {
        self.scaleTargetRef = scaleTargetRef
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.metrics = metrics
        self.behavior = behavior
    }

    public func encode(to encoder: any Encoder) throws {
        guard minReplicas >= 1, minReplicas <= maxReplicas else {
            throw InvalidValue("minReplicas \(minReplicas) must be between 1 and maxReplicas \(maxReplicas)",
                               codingPath: encoder.codingPath + [CodingKeys.minReplicas])
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scaleTargetRef, forKey: .scaleTargetRef)
        try c.encode(minReplicas, forKey: .minReplicas)
        try c.encode(maxReplicas, forKey: .maxReplicas)
        try c.encode(metrics, forKey: .metrics)
        try c.encodeIfPresent(behavior, forKey: .behavior)
    }

    enum CodingKeys: String, CodingKey { case scaleTargetRef, minReplicas, maxReplicas, metrics, behavior }
}

public struct CrossVersionObjectReference: Equatable, Hashable, Sendable, Encodable {
    public var apiVersion: String
    public var kind: String
    public var name: String

    /// A reference to a Deployment, made from the Deployment itself so it cannot dangle.
    public init(_ deployment: Deployment) {
        apiVersion = deployment.apiVersion
        kind = deployment.kind
        name = deployment.metadata.name
    }
}

public struct MetricSpec: Equatable, Hashable, Sendable, Encodable {
    public var type: String
    public var resource: ResourceMetricSource

    /// Average utilisation of a resource, in percent of the pods' requests.
    public static func utilization(_ resource: String, percent: Int) -> MetricSpec {
        MetricSpec(type: "Resource", resource: ResourceMetricSource(
            name: resource, target: MetricTarget(type: "Utilization", averageUtilization: percent)))
    }

    public init(type: String, resource: ResourceMetricSource) {
        self.type = type
        self.resource = resource
    }
}

public struct ResourceMetricSource: Equatable, Hashable, Sendable, Encodable {
    public var name: String
    public var target: MetricTarget

    public init(name: String, target: MetricTarget) {
        self.name = name
        self.target = target
    }
}

public struct MetricTarget: Equatable, Hashable, Sendable, Encodable {
    public var type: String
    public var averageUtilization: Int?

    public init(type: String, averageUtilization: Int? = nil) {
        self.type = type
        self.averageUtilization = averageUtilization
    }
}

public struct HPABehavior: Equatable, Hashable, Sendable, Encodable {
    public var scaleUp: HPAScalingRules?
    public var scaleDown: HPAScalingRules?
    public init(scaleUp: HPAScalingRules? = nil, scaleDown: HPAScalingRules? = nil) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

public struct HPAScalingRules: Equatable, Hashable, Sendable, Encodable {
    public var stabilizationWindowSeconds: Seconds?
    public var selectPolicy: String?
    public var policies: [HPAScalingPolicy]

    public init(stabilizationWindow: Seconds? = nil, selectPolicy: String? = nil, policies: [HPAScalingPolicy]) {
        self.stabilizationWindowSeconds = stabilizationWindow
        self.selectPolicy = selectPolicy
        self.policies = policies
    }
}

public struct HPAScalingPolicy: Equatable, Hashable, Sendable, Encodable {
    public var type: String
    public var value: Int
    public var periodSeconds: Seconds

    public static func percent(_ value: Int, every period: Seconds) -> HPAScalingPolicy {
        HPAScalingPolicy(type: "Percent", value: value, periodSeconds: period)
    }

    public static func pods(_ value: Int, every period: Seconds) -> HPAScalingPolicy {
        HPAScalingPolicy(type: "Pods", value: value, periodSeconds: period)
    }

    public init(type: String, value: Int, periodSeconds: Seconds) {
        self.type = type
        self.value = value
        self.periodSeconds = periodSeconds
    }
}
