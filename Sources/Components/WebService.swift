import KubeModel

/// How a pod of a service stops during a rollout or a drain, so that no request or WebSocket is
/// cut: endpoints are removed asynchronously (kube-proxy, the ingress controller), so the pod keeps
/// serving for `preStopDelay` before it gets SIGTERM, then has `drain` to close its connections.
public struct Shutdown: Equatable, Sendable {
    public var preStopDelay: Seconds
    public var drain: Seconds

    public init(preStopDelay: Seconds, drain: Seconds) {
        self.preStopDelay = preStopDelay
        self.drain = drain
    }

    /// `terminationGracePeriodSeconds`: the kubelet counts the preStop hook inside it.
    public var gracePeriod: Seconds { Seconds(preStopDelay.value + drain.value) }
}

/// A stateless HTTP service: Deployment, Service and ServiceAccount, plus a HorizontalPodAutoscaler
/// and a PodDisruptionBudget when asked, wired by construction.
///
/// - Selectors come from one set of labels, so the Service, the PDB and the spreading rules always
///   select the Deployment's pods; the HPA is made from the Deployment value itself.
/// - Ports are declared once (`ports`) and referenced by name from probes, the Service and routes.
/// - Secure defaults: non-root with a fixed non-zero UID, read-only root filesystem with an
///   `emptyDir` for each writable path, no privilege escalation, all capabilities dropped,
///   `RuntimeDefault` seccomp, no service-account token. `allowing(_:because:)` opts out, and the
///   reason is written as an annotation that the policy checks read.
public struct WebService: Component {
    /// Replica count: fixed, or owned by an autoscaler (then the Deployment omits `replicas`).
    public enum Scaling: Equatable, Sendable {
        case fixed(Int)
        case autoscaled(min: Int, max: Int, metrics: [MetricSpec], behavior: HPABehavior?)

        /// The fewest replicas that will run.
        public var minimum: Int {
            switch self {
            case .fixed(let n): n
            case .autoscaled(let min, _, _, _): min
            }
        }
    }

    public let app: String
    public let name: String
    public var image: Image
    /// The ports, declared once; `ports[0]` is the one probes and routes use by default.
    public var ports: [ContainerPort]
    public var resources: ResourceRequirements
    public var scaling: Scaling
    public var liveness: Probe?
    public var readiness: Probe?
    public var startup: Probe?
    public var env: [EnvVar] = []
    public var envFrom: [EnvFromSource] = []
    /// Non-secret settings, written to a ConfigMap named after its content (see `configMap`).
    public var config = StringMap()
    public var strategy: DeploymentStrategy?
    /// Spread replicas over zones and nodes (see `Spreading`).
    public var spread = true
    /// ClientIP session affinity on the Service, for protocols that keep state per client.
    public var sessionAffinityTimeout: Seconds?
    /// Writable directories, each backed by its own size-limited `emptyDir` (the root filesystem
    /// is read-only); the same /tmp as a scheduled job's by default.
    public var writablePaths: [WritableDirectory] = [WritableDirectory("/tmp", sizeLimit: "256Mi")]
    /// The UID and GID the container runs as, and the image's `USER` (gen writes both). The seed's
    /// 1001 is in the range of real login users on common node images (1000+): without user
    /// namespaces, a container escape would run as that host user. 10001 is outside it.
    public var userID = 10001
    /// How a pod stops: see `Shutdown`.
    public var shutdown: Shutdown?
    /// PodDisruptionBudget: at most this many pods down at once during voluntary disruptions.
    public var maxUnavailableDuringDisruption: IntOrString?
    public private(set) var optOuts = Suppressions()
    public let source: SourceLocation

    public init(app: String, name: String, image: Image, ports: [ContainerPort], resources: ResourceRequirements,
                scaling: Scaling, fileID: StaticString = #fileID, line: UInt = #line) {
        self.init(app: app, name: name, image: image, ports: ports, resources: resources, scaling: scaling,
                  source: SourceLocation(fileID: fileID, line: line))
    }

    /// A service declared elsewhere (a product's service list), located at `source`.
    public init(app: String, name: String, image: Image, ports: [ContainerPort], resources: ResourceRequirements,
                scaling: Scaling, source: SourceLocation) {
        self.app = app
        self.name = name
        self.image = image
        self.ports = ports
        self.resources = resources
        self.scaling = scaling
        self.source = source
    }

    /// Opts out of one secure default, with the reason kept in the output.
    public mutating func allowing(_ exception: SecureDefault, because reason: String) {
        optOuts.allow(exception.rawValue, because: reason)
    }

    /// Lets the Deployment fail one policy check (`gen checks` lists the ids), with the reason
    /// kept in the output and listed in every policy report.
    public mutating func allowing(_ check: String, because reason: String) {
        optOuts.allow(check, because: reason)
    }

    /// The port that probes and routes use unless told otherwise.
    public var primaryPort: ContainerPort { ports[0] }


    // MARK: Objects shared by all variants

    public var serviceAccountName: String { name }

    /// The ServiceAccount (shared by all variants, which keeps RBAC independent of colours). It
    /// carries the component's suppressions too, since token checks look at it.
    public func serviceAccount(namespace: String?) throws -> Manifest {
        let annotations = try optOuts.annotations(component: name)
        return manifest(ServiceAccount(
            metadata: ObjectMeta(name: serviceAccountName, namespace: namespace, labels: commonLabels,
                                 annotations: annotations.isEmpty ? nil : annotations),
            automountServiceAccountToken: Hardening(optOuts: optOuts, userID: userID).automountToken))
    }

    /// The Service that clients use; with `selecting`, it routes only to that variant's pods.
    public func service(namespace: String?, selecting variant: Variant? = nil) -> Manifest {
        manifest(makeService(name: name, namespace: namespace, selector: selectorLabels.merging(variant?.labels ?? [:]),
                             labels: commonLabels))
    }

    /// The Service port clients reach `port` through (same name, same number).
    public func servicePort(_ port: ContainerPort) -> ServicePort { ServicePort(port) }

    private func makeService(name: String, namespace: String?, selector: Labels, labels: Labels) -> Service {
        var spec = ServiceSpec(selector: selector, ports: ports.map(servicePort))
        if let sessionAffinityTimeout {
            spec.sessionAffinity = "ClientIP"
            spec.sessionAffinityConfig = SessionAffinityConfig(timeoutSeconds: sessionAffinityTimeout)
        }
        return Service(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: spec)
    }

    // MARK: Objects of one variant

    /// The name of the Deployment (and its HPA and PDB) of `variant`: `<name><suffix>`.
    public func workloadName(_ variant: Variant?) -> String { name + (variant?.nameSuffix ?? "") }

    /// The preview Service of `variant` (`<name>-preview<suffix>`), which reaches that variant's pods
    /// only, so that a new colour can be tested before traffic is switched to it.
    public func previewServiceName(_ variant: Variant?) -> String { "\(name)-preview\(variant?.nameSuffix ?? "")" }

    /// The Deployment, and the HPA, PDB and (when `preview`) preview Service that belong to it.
    ///
    /// The preview Service (`<name>-preview<suffix>`) reaches one variant directly, so a new colour
    /// can be tested before traffic is switched to it.
    public func workloads(namespace: String?, variant: Variant? = nil, preview: Bool = false) throws -> [Manifest] {
        let extra = variant?.labels ?? [:]
        let selector = selectorLabels.merging(extra)
        let labels = commonLabels.merging(extra)
        let deployment = try makeDeployment(name: workloadName(variant), namespace: namespace, selector: selector, labels: labels)
        var out = [manifest(deployment)]
        if case .autoscaled(let min, let max, let metrics, let behavior) = scaling {
            out.append(manifest(HorizontalPodAutoscaler(
                metadata: ObjectMeta(name: workloadName(variant), namespace: namespace, labels: labels),
                spec: HPASpec(scaleTargetRef: CrossVersionObjectReference(deployment), minReplicas: min,
                              maxReplicas: max, metrics: metrics, behavior: behavior))))
        }
        if let maxUnavailableDuringDisruption {
            out.append(manifest(PodDisruptionBudget(
                metadata: ObjectMeta(name: workloadName(variant), namespace: namespace, labels: labels),
                spec: PDBSpec(maxUnavailable: maxUnavailableDuringDisruption, selector: deployment.spec.selector))))
        }
        if preview {
            out.append(manifest(makeService(name: previewServiceName(variant), namespace: namespace,
                                            selector: selector, labels: labels)))
        }
        return out
    }

    /// The ConfigMap of `config`, named `<name>-config-<hash>`: a change of any setting renames
    /// it, which changes the pod template and rolls the pods (nil when there is no setting).
    public func configMap(namespace: String?) -> Manifest? {
        configMapObject(namespace: namespace).map(manifest)
    }

    private func configMapObject(namespace: String?) -> ConfigMap? {
        config.isEmpty ? nil : ConfigMap.hashed("\(name)-config", namespace: namespace, labels: commonLabels, data: config)
    }

    private func makeDeployment(name: String, namespace: String?, selector: Labels, labels: Labels) throws -> Deployment {
        let hardening = Hardening(optOuts: optOuts, userID: userID)
        var template = ContainerTemplate(name: self.name, image: image, ports: ports, resources: resources)
        template.env = env
        template.envFrom = (configMapObject(namespace: namespace).map { [.configMap($0.metadata.name)] } ?? []) + envFrom
        template.liveness = liveness
        template.readiness = readiness
        template.startup = startup
        template.writablePaths = writablePaths
        var (container, volumes) = try template.build(hardening: hardening)
        container.lifecycle = shutdown.map { Lifecycle(preStop: .sleep($0.preStopDelay)) }

        var pod = PodSpec(containers: [container])
        pod.serviceAccountName = serviceAccountName
        pod.automountServiceAccountToken = hardening.automountToken
        pod.terminationGracePeriodSeconds = shutdown?.gracePeriod
        pod.securityContext = hardening.pod
        pod.enableServiceLinks = false
        if spread { pod.topologySpreadConstraints = Spreading.constraints(selecting: selector) }
        pod.volumes = volumes.isEmpty ? nil : volumes

        let annotations = try optOuts.annotations(component: self.name)
        var spec = DeploymentSpec(
            selector: LabelSelector(matchLabels: selector), strategy: strategy,
            template: PodTemplateSpec(metadata: TemplateMeta(labels: labels), spec: pod))
        if case .fixed(let n) = scaling { spec.replicas = n }
        spec.revisionHistoryLimit = 5
        return Deployment(
            metadata: ObjectMeta(name: name, namespace: namespace, labels: labels,
                                 annotations: annotations.isEmpty ? nil : annotations),
            spec: spec)
    }

    private func manifest(_ object: some KubernetesObject) -> Manifest {
        Manifest(object, component: name, source: source)
    }
}
