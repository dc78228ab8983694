import DocumentTree

/// The pod-level `securityContext`.
public struct PodSecurityContext: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var runAsNonRoot: Bool?
    public var runAsUser: Int?
    public var runAsGroup: Int?
    public var fsGroup: Int?
    public var fsGroupChangePolicy: String?
    public var seccompProfile: SeccompProfile?

    public init(runAsNonRoot: Bool? = nil, runAsUser: Int? = nil, runAsGroup: Int? = nil, fsGroup: Int? = nil,
                fsGroupChangePolicy: String? = nil, seccompProfile: SeccompProfile? = nil) {
        self.runAsNonRoot = runAsNonRoot
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.fsGroup = fsGroup
        self.fsGroupChangePolicy = fsGroupChangePolicy
        self.seccompProfile = seccompProfile
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("runAsNonRoot", runAsNonRoot)
        try fields.add("runAsUser", runAsUser)
        try fields.add("runAsGroup", runAsGroup)
        try fields.add("fsGroup", fsGroup)
        try fields.add("fsGroupChangePolicy", fsGroupChangePolicy)
        try fields.add("seccompProfile", seccompProfile)
        return fields.node
    }
}

public struct Toleration: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var key: String?
    public var `operator`: String?
    public var value: String?
    public var effect: String?

    public init(key: String? = nil, operator: String? = nil, value: String? = nil, effect: String? = nil) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("key", key)
        try fields.add("operator", `operator`)
        try fields.add("value", value)
        try fields.add("effect", effect)
        return fields.node
    }
}

public struct PodSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var serviceAccountName: String?
    public var automountServiceAccountToken: Bool?
    public var priorityClassName: String?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Seconds?
    public var activeDeadlineSeconds: Seconds?
    public var enableServiceLinks: Bool?
    public var hostNetwork: Bool?
    public var hostPID: Bool?
    public var hostIPC: Bool?
    public var nodeSelector: StringMap?
    public var securityContext: PodSecurityContext?
    public var affinity: Affinity?
    public var topologySpreadConstraints: [TopologySpreadConstraint]?
    public var tolerations: [Toleration]?
    public var initContainers: [Container]?
    public var containers: [Container]
    public var volumes: [Volume]?

    public init(containers: [Container]) {
        self.containers = containers
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("serviceAccountName", serviceAccountName)
        try fields.add("automountServiceAccountToken", automountServiceAccountToken)
        try fields.add("priorityClassName", priorityClassName)
        try fields.add("restartPolicy", restartPolicy)
        try fields.add("terminationGracePeriodSeconds", terminationGracePeriodSeconds)
        try fields.add("activeDeadlineSeconds", activeDeadlineSeconds)
        try fields.add("enableServiceLinks", enableServiceLinks)
        try fields.add("hostNetwork", hostNetwork)
        try fields.add("hostPID", hostPID)
        try fields.add("hostIPC", hostIPC)
        try fields.add("nodeSelector", nodeSelector)
        try fields.add("securityContext", securityContext)
        try fields.add("affinity", affinity)
        try fields.add("topologySpreadConstraints", topologySpreadConstraints)
        try fields.add("tolerations", tolerations)
        try fields.add("initContainers", initContainers)
        try fields.add("containers", containers)
        try fields.add("volumes", volumes)
        return fields.node
    }
}

public struct PodTemplateSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var metadata: TemplateMeta
    public var spec: PodSpec

    public init(metadata: TemplateMeta, spec: PodSpec) {
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

/// A volume: its name and exactly one source.
public struct Volume: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var emptyDir: EmptyDirSource?
    public var secret: SecretVolumeSource?
    public var configMap: ConfigMapVolumeSource?
    public var persistentVolumeClaim: PVCVolumeSource?
    public var hostPath: HostPathSource?

    public init(name: String, emptyDir: EmptyDirSource? = nil, secret: SecretVolumeSource? = nil,
                configMap: ConfigMapVolumeSource? = nil, persistentVolumeClaim: PVCVolumeSource? = nil,
                hostPath: HostPathSource? = nil) {
        self.name = name
        self.emptyDir = emptyDir
        self.secret = secret
        self.configMap = configMap
        self.persistentVolumeClaim = persistentVolumeClaim
        self.hostPath = hostPath
    }

    public func document() throws -> DocNode {
        let sources = [emptyDir != nil, secret != nil, configMap != nil, persistentVolumeClaim != nil, hostPath != nil]
        guard sources.filter({ $0 }).count == 1 else {
            throw InvalidValue("volume \"\(name)\" needs exactly one source", at: FieldPath())
        }
        try check(NameRules.dnsLabelProblem(name), name, what: "volume name", at: "name")
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("emptyDir", emptyDir)
        try fields.add("secret", secret)
        try fields.add("configMap", configMap)
        try fields.add("persistentVolumeClaim", persistentVolumeClaim)
        try fields.add("hostPath", hostPath)
        return fields.node
    }
}

public struct EmptyDirSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var medium: String?
    public var sizeLimit: Quantity?
    public init(medium: String? = nil, sizeLimit: Quantity? = nil) {
        self.medium = medium
        self.sizeLimit = sizeLimit
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("medium", medium)
        try fields.add("sizeLimit", sizeLimit)
        return fields.node
    }
}

public struct KeyToPath: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var key: String
    public var path: String

    public init(key: String, path: String) {
        self.key = key
        self.path = path
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("key", key)
        try fields.add("path", path)
        return fields.node
    }
}

public struct SecretVolumeSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var secretName: String
    public var items: [KeyToPath]?
    /// File mode as the API stores it (decimal of the octal mode: 0o400 is 256).
    public var defaultMode: Int?

    public init(secretName: String, items: [KeyToPath]? = nil, defaultMode: Int? = nil) {
        self.secretName = secretName
        self.items = items
        self.defaultMode = defaultMode
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("secretName", secretName)
        try fields.add("items", items)
        try fields.add("defaultMode", defaultMode)
        return fields.node
    }
}

public struct ConfigMapVolumeSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var items: [KeyToPath]?
    public var defaultMode: Int?

    public init(name: String, items: [KeyToPath]? = nil, defaultMode: Int? = nil) {
        self.name = name
        self.items = items
        self.defaultMode = defaultMode
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("items", items)
        try fields.add("defaultMode", defaultMode)
        return fields.node
    }
}

public struct PVCVolumeSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var claimName: String
    public var readOnly: Bool?

    public init(claimName: String, readOnly: Bool? = nil) {
        self.claimName = claimName
        self.readOnly = readOnly
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("claimName", claimName)
        try fields.add("readOnly", readOnly)
        return fields.node
    }
}

public struct HostPathSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var path: String
    public var type: String?

    public init(path: String, type: String? = nil) {
        self.path = path
        self.type = type
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("path", path)
        try fields.add("type", type)
        return fields.node
    }
}

/// `selector` of workloads, PDBs, affinity terms and NetworkPolicies.
public struct LabelSelector: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var matchLabels: Labels?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: Labels? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Selects everything (`{}`), as a NetworkPolicy's `podSelector` does for a whole namespace.
    public static let all = LabelSelector()

    public func document() throws -> DocNode {
        var fields = Fields()
        if let matchLabels, !matchLabels.isEmpty { try fields.add("matchLabels", matchLabels) }
        try fields.add("matchExpressions", matchExpressions)
        return fields.node
    }
}

public struct LabelSelectorRequirement: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var key: String
    public var `operator`: String
    public var values: [String]?

    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("key", key)
        try fields.add("operator", `operator`)
        try fields.add("values", values)
        return fields.node
    }
}

public struct Affinity: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var podAntiAffinity: PodAntiAffinity?
    public init(podAntiAffinity: PodAntiAffinity? = nil) { self.podAntiAffinity = podAntiAffinity }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("podAntiAffinity", podAntiAffinity)
        return fields.node
    }
}

public struct PodAntiAffinity: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
    public var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?

    public init(required: [PodAffinityTerm]? = nil, preferred: [WeightedPodAffinityTerm]? = nil) {
        self.requiredDuringSchedulingIgnoredDuringExecution = required
        self.preferredDuringSchedulingIgnoredDuringExecution = preferred
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("requiredDuringSchedulingIgnoredDuringExecution", requiredDuringSchedulingIgnoredDuringExecution)
        try fields.add("preferredDuringSchedulingIgnoredDuringExecution", preferredDuringSchedulingIgnoredDuringExecution)
        return fields.node
    }
}

public struct PodAffinityTerm: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var labelSelector: LabelSelector
    public var topologyKey: String
    public init(labelSelector: LabelSelector, topologyKey: String) {
        self.labelSelector = labelSelector
        self.topologyKey = topologyKey
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("labelSelector", labelSelector)
        try fields.add("topologyKey", topologyKey)
        return fields.node
    }
}

public struct WeightedPodAffinityTerm: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var weight: Int
    public var podAffinityTerm: PodAffinityTerm

    public init(weight: Int, _ term: PodAffinityTerm) {
        self.weight = weight
        self.podAffinityTerm = term
    }

    public func document() throws -> DocNode {
        guard (1...100).contains(weight) else {
            throw InvalidValue("weight \(weight) is outside 1–100", at: FieldPath())
        }
        var fields = Fields()
        try fields.add("weight", weight)
        try fields.add("podAffinityTerm", podAffinityTerm)
        return fields.node
    }
}

public struct TopologySpreadConstraint: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var maxSkew: Int
    public var topologyKey: String
    public var whenUnsatisfiable: String
    public var labelSelector: LabelSelector
    /// Pod label keys whose values join the selector (`pod-template-hash`: spread each rollout's
    /// new pods on their own rather than against the old ones).
    public var matchLabelKeys: [String]?
    /// `Honor`: nodes the pod cannot tolerate do not count as domains to spread over.
    public var nodeTaintsPolicy: String?

    public init(maxSkew: Int, topologyKey: String, whenUnsatisfiable: String, labelSelector: LabelSelector,
                matchLabelKeys: [String]? = nil, nodeTaintsPolicy: String? = nil) {
        self.maxSkew = maxSkew
        self.topologyKey = topologyKey
        self.whenUnsatisfiable = whenUnsatisfiable
        self.labelSelector = labelSelector
        self.matchLabelKeys = matchLabelKeys
        self.nodeTaintsPolicy = nodeTaintsPolicy
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("maxSkew", maxSkew)
        try fields.add("topologyKey", topologyKey)
        try fields.add("whenUnsatisfiable", whenUnsatisfiable)
        try fields.add("labelSelector", labelSelector)
        try fields.add("matchLabelKeys", matchLabelKeys)
        try fields.add("nodeTaintsPolicy", nodeTaintsPolicy)
        return fields.node
    }
}

/// Well-known node labels used as topology keys.
public enum TopologyKey {
    public static let hostname = "kubernetes.io/hostname"
    public static let zone = "topology.kubernetes.io/zone"
}
