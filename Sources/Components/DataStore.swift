import KubeModel

/// A single-instance stateful server (a database, a cache): StatefulSet with a volume claim per
/// pod, a headless Service giving the pod its stable name (`postgres-0.postgres`), a ServiceAccount
/// without token, and optional sidecars (its Prometheus exporter), hardened like every component.
///
/// One replica: these servers do not replicate by themselves, so a second pod would be a second,
/// diverging database. No PodDisruptionBudget therefore (one that allows no disruption would block
/// node drains forever); the PriorityClass keeps the pod scheduled before stateless ones, and
/// recovery is the backups' job.
public struct DataStore: Component {
    public let app: String
    public let name: String
    /// The server's container; `server.ports[0]` is the port clients connect to.
    public var server: ContainerTemplate
    public var sidecars: [ContainerTemplate] = []
    /// Where the server keeps its data, backed by the pod's volume claim.
    public var dataPath: String
    public var storage: Quantity
    /// The storage class of the volume claim (nil: the cluster's default class).
    public var storageClass: String?
    /// The image's own non-root user (the official images: postgres 70, redis 999).
    public var userID: Int
    public var priorityClassName: String?
    /// The server's configuration files (`pg_hba.conf`), by file name, in an immutable ConfigMap
    /// named after their content and mounted read-only at `configPath`: a change rolls the pod.
    public var configFiles: StringMap = [:]
    public var configPath: String { "/etc/\(name)" }
    /// Time to flush and stop cleanly (a checkpoint, an AOF rewrite) before SIGKILL.
    public var terminationGracePeriod: Seconds?
    public private(set) var optOuts = Suppressions()
    public let source: SourceLocation

    public init(app: String, name: String, server: ContainerTemplate, dataPath: String, storage: Quantity,
                userID: Int, fileID: StaticString = #fileID, line: UInt = #line) {
        self.app = app
        self.name = name
        self.server = server
        self.dataPath = dataPath
        self.storage = storage
        self.userID = userID
        self.source = SourceLocation(fileID: fileID, line: line)
    }

    /// Lets the store fail one policy check, with the reason kept in the output.
    public mutating func allowing(_ check: String, because reason: String) {
        optOuts.allow(check, because: reason)
    }

    /// The port clients connect to.
    public var clientPort: ContainerPort { server.ports[0] }
    /// The in-cluster host name clients use (the headless Service).
    public var host: String { name }
    /// Every port of the pod (server and sidecars), which the headless Service lists.
    public var allPorts: [ContainerPort] { ([server] + sidecars).flatMap(\.ports) }

    private static let dataVolume = "data"

    /// The volume claim of the server's pod, as the StatefulSet controller names it
    /// (`<claim template>-<StatefulSet>-<ordinal>`, the one pod being ordinal 0):
    /// https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage
    public var podClaim: String { "\(Self.dataVolume)-\(name)-0" }

    public func objects(namespace: String?) throws -> [Manifest] {
        let hardening = Hardening(optOuts: optOuts, userID: userID)
        let annotations = try optOuts.annotations(component: name)
        let account = ServiceAccount(
            metadata: ObjectMeta(name: name, namespace: namespace, labels: commonLabels,
                                 annotations: annotations.isEmpty ? nil : annotations),
            automountServiceAccountToken: hardening.automountToken)
        var headless = ServiceSpec(selector: selectorLabels, ports: allPorts.map { ServicePort($0) })
        headless.clusterIP = "None"
        let service = Service(metadata: ObjectMeta(name: name, namespace: namespace, labels: commonLabels), spec: headless)

        let config = configFiles.isEmpty ? nil
            : ConfigMap.hashed("\(name)-config", namespace: namespace, labels: commonLabels, data: configFiles)
        var server = server
        if let config { server.configFiles.append(ConfigFiles(configMap: config.metadata.name, mountPath: configPath)) }
        let (container, serverVolumes) = try server.build(
            hardening: hardening, mounts: [VolumeMount(name: Self.dataVolume, mountPath: dataPath)])
        var containers = [container]
        var volumes = serverVolumes
        for sidecar in sidecars {
            let (c, v) = try sidecar.build(hardening: hardening)
            containers.append(c)
            volumes += v
        }
        var pod = PodSpec(containers: containers)
        pod.serviceAccountName = name
        pod.automountServiceAccountToken = hardening.automountToken
        pod.priorityClassName = priorityClassName
        pod.terminationGracePeriodSeconds = terminationGracePeriod
        pod.securityContext = hardening.pod
        pod.securityContext?.fsGroupChangePolicy = "OnRootMismatch"
        pod.enableServiceLinks = false
        pod.volumes = volumes.isEmpty ? nil : volumes
        var spec = StatefulSetSpec(
            serviceName: name, replicas: 1, selector: LabelSelector(matchLabels: selectorLabels),
            template: PodTemplateSpec(metadata: TemplateMeta(labels: commonLabels), spec: pod),
            volumeClaimTemplates: [PersistentVolumeClaim(
                metadata: ObjectMeta(name: Self.dataVolume, labels: commonLabels),
                spec: PersistentVolumeClaimSpec(storageClassName: storageClass, storage: storage))])
        spec.podManagementPolicy = "OrderedReady"
        let set = StatefulSet(
            metadata: ObjectMeta(name: name, namespace: namespace, labels: commonLabels,
                                 annotations: annotations.isEmpty ? nil : annotations),
            spec: spec)
        let objects: [any KubernetesObject] = [account, service] + (config.map { [$0] } ?? []) + [set]
        return objects.map { Manifest($0, component: name, source: source) }
    }
}
