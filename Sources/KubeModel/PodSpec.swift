import DocumentTree

/// The pod-level `securityContext`.
public struct PodSecurityContext: Equatable, Hashable, Sendable, Encodable {
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
}

public struct Toleration: Equatable, Hashable, Sendable, Encodable {
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
}

public struct PodSpec: Equatable, Hashable, Sendable, Encodable {
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
}

public struct PodTemplateSpec: Equatable, Hashable, Sendable, Encodable {
    public var metadata: TemplateMeta
    public var spec: PodSpec

    public init(metadata: TemplateMeta, spec: PodSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

/// A volume: its name and exactly one source.
public struct Volume: Equatable, Hashable, Sendable, Encodable {
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

    public func encode(to encoder: any Encoder) throws {
        let sources = [emptyDir != nil, secret != nil, configMap != nil, persistentVolumeClaim != nil, hostPath != nil]
        guard sources.filter({ $0 }).count == 1 else {
            throw InvalidValue("volume \"\(name)\" needs exactly one source", codingPath: encoder.codingPath)
        }
        try encoder.check(NameRules.dnsLabelProblem(name), name, what: "volume name", at: CodingKeys.name)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(emptyDir, forKey: .emptyDir)
        try c.encodeIfPresent(secret, forKey: .secret)
        try c.encodeIfPresent(configMap, forKey: .configMap)
        try c.encodeIfPresent(persistentVolumeClaim, forKey: .persistentVolumeClaim)
        try c.encodeIfPresent(hostPath, forKey: .hostPath)
    }

    enum CodingKeys: String, CodingKey { case name, emptyDir, secret, configMap, persistentVolumeClaim, hostPath }
}

public struct EmptyDirSource: Equatable, Hashable, Sendable, Encodable {
    public var medium: String?
    public var sizeLimit: Quantity?
    public init(medium: String? = nil, sizeLimit: Quantity? = nil) {
        self.medium = medium
        self.sizeLimit = sizeLimit
    }
}

public struct KeyToPath: Equatable, Hashable, Sendable, Encodable {
    public var key: String
    public var path: String

    public init(key: String, path: String) {
        self.key = key
        self.path = path
    }
}

public struct SecretVolumeSource: Equatable, Hashable, Sendable, Encodable {
    public var secretName: String
    public var items: [KeyToPath]?
    /// File mode as the API stores it (decimal of the octal mode: 0o400 is 256).
    public var defaultMode: Int?

    public init(secretName: String, items: [KeyToPath]? = nil, defaultMode: Int? = nil) {
        self.secretName = secretName
        self.items = items
        self.defaultMode = defaultMode
    }
}

public struct ConfigMapVolumeSource: Equatable, Hashable, Sendable, Encodable {
    public var name: String
    public var items: [KeyToPath]?
    public var defaultMode: Int?

    public init(name: String, items: [KeyToPath]? = nil, defaultMode: Int? = nil) {
        self.name = name
        self.items = items
        self.defaultMode = defaultMode
    }
}

public struct PVCVolumeSource: Equatable, Hashable, Sendable, Encodable {
    public var claimName: String
    public var readOnly: Bool?

    public init(claimName: String, readOnly: Bool? = nil) {
        self.claimName = claimName
        self.readOnly = readOnly
    }
}

public struct HostPathSource: Equatable, Hashable, Sendable, Encodable {
    public var path: String
    public var type: String?

    public init(path: String, type: String? = nil) {
        self.path = path
        self.type = type
    }
}

/// `selector` of workloads, PDBs, affinity terms and NetworkPolicies.
public struct LabelSelector: Equatable, Hashable, Sendable, Encodable {
    public var matchLabels: Labels?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: Labels? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Selects everything (`{}`), as a NetworkPolicy's `podSelector` does for a whole namespace.
    public static let all = LabelSelector()

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let matchLabels, !matchLabels.isEmpty { try c.encode(matchLabels, forKey: .matchLabels) }
        try c.encodeIfPresent(matchExpressions, forKey: .matchExpressions)
    }

    enum CodingKeys: String, CodingKey { case matchLabels, matchExpressions }
}

public struct LabelSelectorRequirement: Equatable, Hashable, Sendable, Encodable {
    public var key: String
    public var `operator`: String
    public var values: [String]?

    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}

public struct Affinity: Equatable, Hashable, Sendable, Encodable {
    public var podAntiAffinity: PodAntiAffinity?
    public init(podAntiAffinity: PodAntiAffinity? = nil) { self.podAntiAffinity = podAntiAffinity }
}

public struct PodAntiAffinity: Equatable, Hashable, Sendable, Encodable {
    public var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
    public var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?

    public init(required: [PodAffinityTerm]? = nil, preferred: [WeightedPodAffinityTerm]? = nil) {
        self.requiredDuringSchedulingIgnoredDuringExecution = required
        self.preferredDuringSchedulingIgnoredDuringExecution = preferred
    }
}

public struct PodAffinityTerm: Equatable, Hashable, Sendable, Encodable {
    public var labelSelector: LabelSelector
    public var topologyKey: String
    public init(labelSelector: LabelSelector, topologyKey: String) {
        self.labelSelector = labelSelector
        self.topologyKey = topologyKey
    }
}

public struct WeightedPodAffinityTerm: Equatable, Hashable, Sendable, Encodable {
    public var weight: Int
    public var podAffinityTerm: PodAffinityTerm

    public init(weight: Int, _ term: PodAffinityTerm) {
        self.weight = weight
        self.podAffinityTerm = term
    }

    public func encode(to encoder: any Encoder) throws {
        guard (1...100).contains(weight) else {
            throw InvalidValue("weight \(weight) is outside 1–100", codingPath: encoder.codingPath)
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(weight, forKey: .weight)
        try c.encode(podAffinityTerm, forKey: .podAffinityTerm)
    }

    enum CodingKeys: String, CodingKey { case weight, podAffinityTerm }
}

public struct TopologySpreadConstraint: Equatable, Hashable, Sendable, Encodable {
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
}

/// Well-known node labels used as topology keys.
public enum TopologyKey {
    public static let hostname = "kubernetes.io/hostname"
    public static let zone = "topology.kubernetes.io/zone"
}
