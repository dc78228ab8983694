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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}

public struct HPASpec: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        guard minReplicas >= 1, minReplicas <= maxReplicas else {
            throw InvalidValue("minReplicas \(minReplicas) must be between 1 and maxReplicas \(maxReplicas)",
                               at: FieldPath([.key("minReplicas")]))
        }
        var fields = Fields()
        try fields.add("scaleTargetRef", scaleTargetRef)
        try fields.add("minReplicas", minReplicas)
        try fields.add("maxReplicas", maxReplicas)
        try fields.add("metrics", metrics)
        try fields.add("behavior", behavior)
        return fields.node
    }
}

public struct CrossVersionObjectReference: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var apiVersion: String
    public var kind: String
    public var name: String

    /// A reference to a Deployment, made from the Deployment itself so it cannot dangle.
    public init(_ deployment: Deployment) {
        apiVersion = deployment.apiVersion
        kind = deployment.kind
        name = deployment.metadata.name
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("apiVersion", apiVersion)
        try fields.add("kind", kind)
        try fields.add("name", name)
        return fields.node
    }
}

public struct MetricSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("type", type)
        try fields.add("resource", resource)
        return fields.node
    }
}

public struct ResourceMetricSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var target: MetricTarget

    public init(name: String, target: MetricTarget) {
        self.name = name
        self.target = target
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("target", target)
        return fields.node
    }
}

public struct MetricTarget: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var type: String
    public var averageUtilization: Int?

    public init(type: String, averageUtilization: Int? = nil) {
        self.type = type
        self.averageUtilization = averageUtilization
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("type", type)
        try fields.add("averageUtilization", averageUtilization)
        return fields.node
    }
}

public struct HPABehavior: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var scaleUp: HPAScalingRules?
    public var scaleDown: HPAScalingRules?
    public init(scaleUp: HPAScalingRules? = nil, scaleDown: HPAScalingRules? = nil) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("scaleUp", scaleUp)
        try fields.add("scaleDown", scaleDown)
        return fields.node
    }
}

public struct HPAScalingRules: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var stabilizationWindowSeconds: Seconds?
    public var selectPolicy: String?
    public var policies: [HPAScalingPolicy]

    public init(stabilizationWindow: Seconds? = nil, selectPolicy: String? = nil, policies: [HPAScalingPolicy]) {
        self.stabilizationWindowSeconds = stabilizationWindow
        self.selectPolicy = selectPolicy
        self.policies = policies
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("stabilizationWindowSeconds", stabilizationWindowSeconds)
        try fields.add("selectPolicy", selectPolicy)
        try fields.add("policies", policies)
        return fields.node
    }
}

public struct HPAScalingPolicy: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("type", type)
        try fields.add("value", value)
        try fields.add("periodSeconds", periodSeconds)
        return fields.node
    }
}
