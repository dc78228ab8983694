import Components
import KubeModel

/// What differs between deployments of Secure Messenger. Defaults are the seed's values; an
/// environment file in `environments/` changes only what differs.
public struct Environment: Sendable {
    /// How new releases reach traffic.
    public enum Rollout: Equatable, Sendable {
        /// One Deployment per service, updated in place.
        case rolling
        /// Two colours rendered side by side, each pinning its own release; the public Services
        /// select the active one. The state is recorded data (`DeployState`, read from the output
        /// folder by `gen`); an environment file writes `.blueGreen` for the state before any is
        /// recorded: blue active, both colours on `release`.
        case blueGreen(DeployState?)

        public static var blueGreen: Rollout { .blueGreen(nil) }
    }

    public enum Colour: String, CaseIterable, Sendable {
        case blue, green

        /// The variant of the workloads that runs this colour.
        public var variant: Variant {
            Variant(nameSuffix: "-\(rawValue)", labels: [Colour.labelKey: rawValue])
        }

        /// The colour that is not this one.
        public var other: Colour { self == .blue ? .green : .blue }

        /// The label that tells colours apart (the seed's `color`).
        public static let labelKey = "color"
    }

    /// Where a data store runs.
    public enum Placement: Sendable {
        /// A StatefulSet in the namespace, sized so.
        case inCluster(DataStoreSizing)
        /// A managed server outside the cluster: its host name and the address ranges it lives in
        /// (the NetworkPolicy opens egress to those ranges only).
        case external(host: String, cidrs: [String])
    }

    /// Size of an in-cluster data store.
    public struct DataStoreSizing: Sendable {
        public var requests: ResourceList
        public var limits: ResourceList
        /// The volume claim's size.
        public var storage: Quantity

        public init(requests: ResourceList, limits: ResourceList, storage: Quantity) {
            self.requests = requests
            self.limits = limits
            self.storage = storage
        }
    }

    /// The image `repository:tag`, with this environment's digest for it when it has one.
    public func image(_ repository: String, tag: String) -> Image {
        Image(repository, tag: tag, digest: imageDigests[repository])
    }

    /// A pinned image, by digest when this environment pins it.
    public func image(_ pinned: DataTier.PinnedImage) -> Image { image(pinned.repository, tag: pinned.tag) }

    /// A service's size in this environment and the line of the environment file that set it.
    struct SizeOverride: Sendable {
        var sizing: AppService.Sizing
        var source: SourceLocation
    }

    /// The product this environment deploys.
    public var product: Product
    public var name: String
    /// The namespace, or nil for the environment-neutral base.
    public var namespace: String?
    /// The release (image tag) deployed; in a blue/green environment, that of a colour its
    /// deploy state does not list (`release(of:)`).
    public var release: String
    /// The public domain: a service routed with a subdomain is served at `<subdomain>.<domain>`,
    /// one routed without at the domain itself.
    public var domain: String
    /// Sizes set by this environment, by service name (see `subscript(_:)`).
    private var sizes: [String: SizeOverride] = [:]
    public var rollout: Rollout
    /// The cert-manager ClusterIssuer that signs the Ingress certificate.
    public var certificateIssuer: String
    /// Recovery objectives (RPO, RTO) this environment's backups must meet.
    public var objectives: Objectives = .seed
    /// Where PostgreSQL runs: in the namespace, or a managed server outside the cluster.
    public var postgres: Placement = .inCluster(DataStoreSizing(
        requests: ResourceList(cpu: "250m", memory: "512Mi"), limits: ResourceList(memory: "1Gi"), storage: "20Gi"))
    /// Where Redis runs.
    public var redis: Placement = .inCluster(DataStoreSizing(
        requests: ResourceList(cpu: "100m", memory: "256Mi"), limits: ResourceList(memory: "512Mi"), storage: "5Gi"))
    /// The storage class of the data tier's volumes (nil: the cluster's default).
    public var storageClass: String?
    /// The cluster's ingress controller, Prometheus and DNS.
    public var cluster: ClusterServices = .standard
    /// Image digests (`sha256:…`) by repository: an image listed here is deployed by tag and
    /// digest, so a re-pushed tag cannot change what runs.
    public var imageDigests: [String: String] = [:]

    /// The environment-neutral values of `product`: the Kustomize base, and every environment's
    /// starting point.
    public static func base(of product: Product) -> Environment {
        Environment(product: product, name: "base", namespace: nil, release: "1.0.0", domain: product.domain,
                    rollout: .rolling, certificateIssuer: ClusterIssuers.letsEncryptProduction)
    }

    /// An environment starting from the seed's values, changed by `configure`.
    public static func named(_ name: String, namespace: String? = nil, of product: Product,
                             _ configure: (inout Environment) -> Void) -> Environment {
        var env = base(of: product)
        env.name = name
        env.namespace = namespace ?? name
        configure(&env)
        return env
    }

    /// The size of `service` here: its declared default until this environment sets it
    /// (`env[notifier].replicas = 3`); the line that set it is kept for errors.
    public subscript(_ service: AppService, fileID: StaticString = #fileID, line: UInt = #line) -> AppService.Sizing {
        get { sizes[service.name]?.sizing ?? service.sizing }
        set { sizes[service.name] = SizeOverride(sizing: newValue, source: SourceLocation(fileID: fileID, line: line)) }
    }

    /// The environment-file line that set the size of the service `name`, if one did.
    public func sizeSource(of name: String) -> SourceLocation? { sizes[name]?.source }

    /// Names of the services this environment sizes: each must be a service of the product.
    public var sizedServices: [(name: String, source: SourceLocation)] {
        sizes.map { ($0.key, $0.value.source) }.sorted { $0.name < $1.name }
    }

    /// The colours rendered in this environment (none for rolling updates).
    public var colours: [Colour] {
        if case .blueGreen = rollout { return Colour.allCases }
        return []
    }

    /// The deploy state of a blue/green environment (the recorded one, or the initial one: blue
    /// active, every colour on `release`); nil for rolling updates.
    public var deployState: DeployState? {
        get {
            guard case .blueGreen(let state) = rollout else { return nil }
            return state ?? DeployState(active: .blue, releases: [:])
        }
        set { if case .blueGreen = rollout { rollout = .blueGreen(newValue) } }
    }

    /// The deploy state with every colour's release written out (those the state does not list
    /// run `release`): what `gen state` records.
    public var recordedDeployState: DeployState? {
        guard var state = deployState else { return nil }
        for colour in Colour.allCases { state.releases[colour] = release(of: colour) }
        return state
    }

    /// The release `colour` runs (the environment's `release` for rolling updates, or for a
    /// colour the state does not list).
    public func release(of colour: Colour?) -> String {
        colour.flatMap { deployState?.releases[$0] } ?? release
    }

    /// The variant the public Services select, if any.
    public var activeVariant: Variant? { deployState?.active.variant }
}
