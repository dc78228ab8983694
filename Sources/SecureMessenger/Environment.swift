import Components
import KubeModel

/// What differs between deployments of Secure Messenger. Defaults are the seed's values; an
/// environment file in `environments/` changes only what differs.
public struct Environment: Sendable {
    /// How new releases reach traffic.
    public enum Rollout: Equatable, Sendable {
        /// One Deployment per service, updated in place.
        case rolling
        /// Two colours rendered side by side; the public Services select `active`.
        case blueGreen(active: Colour)
    }

    public enum Colour: String, CaseIterable, Sendable {
        case blue, green

        /// The variant of the workloads that runs this colour.
        public var variant: Variant {
            Variant(nameSuffix: "-\(rawValue)", labels: [Colour.labelKey: rawValue])
        }

        /// The label that tells colours apart (the seed's `color`).
        public static let labelKey = "color"
    }

    /// Size of one service in this environment.
    public struct Sizing: Sendable {
        /// Fewest replicas (the HPA's minimum when the service autoscales).
        public var replicas: Int
        /// Most replicas, when the service autoscales.
        public var maxReplicas: Int?
        public var requests: ResourceList
        public var limits: ResourceList
    }

    public var name: String
    /// The namespace, or nil for the environment-neutral base.
    public var namespace: String?
    /// The release (image tag) deployed.
    public var release: String
    public var webHost: String
    public var apiHost: String
    public var backend: Sizing
    public var web: Sizing
    public var rollout: Rollout
    /// The cert-manager ClusterIssuer that signs the Ingress certificate.
    public var certificateIssuer: String
    /// Recovery objectives (RPO, RTO) this environment's backups must meet.
    public var objectives: Objectives = .seed

    /// The seed's values, used for the Kustomize base and as every environment's starting point.
    public static let base = Environment(
        name: "base", namespace: nil, release: "1.0.0",
        webHost: "secure-messenger.app", apiHost: "api.secure-messenger.app",
        backend: Sizing(replicas: 3, maxReplicas: 10,
                        requests: ResourceList(cpu: "250m", memory: "512Mi"),
                        limits: ResourceList(cpu: "1000m", memory: "1Gi")),
        web: Sizing(replicas: 2, maxReplicas: nil,
                    requests: ResourceList(cpu: "200m", memory: "256Mi"),
                    limits: ResourceList(cpu: "500m", memory: "512Mi")),
        rollout: .rolling,
        certificateIssuer: ClusterIssuers.letsEncryptProduction)

    /// An environment starting from the seed's values, changed by `configure`.
    public static func named(_ name: String, namespace: String? = nil,
                             _ configure: (inout Environment) -> Void) -> Environment {
        var env = base
        env.name = name
        env.namespace = namespace ?? name
        configure(&env)
        return env
    }

    /// The colours rendered in this environment (none for rolling updates).
    public var colours: [Colour] {
        if case .blueGreen = rollout { return Colour.allCases }
        return []
    }

    /// The variant the public Services select, if any.
    public var activeVariant: Variant? {
        if case .blueGreen(let active) = rollout { return active.variant }
        return nil
    }
}
