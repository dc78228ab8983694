import DocumentTree

/// The pod template of any pod-owning object, with the paths of its parts, so that checks are
/// written once for Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods.
public struct PodTemplateView: Sendable {
    /// Path of the PodSpec (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, `spec`).
    public let specPath: FieldPath
    /// Path of the pod's metadata.
    public let metadataPath: FieldPath
    public let spec: DocNode
    public let labels: [String: String]
    /// Init, regular and ephemeral containers in that order, with their paths: built once, as
    /// every per-container check asks for them (building them per call was 8 % of `gen lint`).
    private let allContainers: [ContainerView]

    public static let workloadKinds: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "ReplicationController",
    ]

    public init?(_ object: PolicyObject) {
        guard let view = object.podTemplate else { return nil }
        self = view
    }

    /// The view of a `kind` object's `document`; `PolicyObject` builds it once.
    init?(document: DocNode, kind: String) {
        let template: FieldPath
        switch kind {
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController":
            template = FieldPath("spec", "template")
        case "CronJob":
            template = FieldPath("spec", "jobTemplate", "spec", "template")
        case "Pod":
            guard let spec = document["spec"] else { return nil }
            specPath = FieldPath("spec")
            metadataPath = FieldPath("metadata")
            self.spec = spec
            labels = document["metadata"]?["labels"]?.stringMap ?? [:]
            allContainers = Self.containerViews(spec, at: specPath)
            return
        default:
            return nil
        }
        guard let spec = document.value(at: template / "spec") else { return nil }
        specPath = template / "spec"
        metadataPath = template / "metadata"
        self.spec = spec
        labels = document.value(at: template / "metadata" / "labels")?.stringMap ?? [:]
        allContainers = Self.containerViews(spec, at: specPath)
    }

    private static func containerViews(_ spec: DocNode, at specPath: FieldPath) -> [ContainerView] {
        ["initContainers", "containers", "ephemeralContainers"].flatMap { key in
            (spec[key]?.items ?? []).enumerated().map { i, c in
                ContainerView(node: c, path: specPath / key / i, isInit: key == "initContainers",
                              isEphemeral: key == "ephemeralContainers")
            }
        }
    }

    /// Every container (init containers included when `includingInit`, the ephemeral containers of
    /// a Pod when `includingEphemeral`), with its path.
    public func containers(includingInit: Bool = false, includingEphemeral: Bool = false) -> [ContainerView] {
        allContainers.filter { ($0.isInit && includingInit) || ($0.isEphemeral && includingEphemeral) || (!$0.isInit && !$0.isEphemeral) }
    }

    /// The ports all containers declare: name and number.
    public var declaredPorts: [(name: String?, number: Int)] {
        containers().flatMap { c in
            (c.node["ports"]?.items ?? []).compactMap { p in
                p["containerPort"]?.intValue.map { (p["name"]?.stringValue, $0) }
            }
        }
    }

    /// Whether a port reference (`8080` or `http`) names a declared container port.
    public func exposes(_ port: DocNode) -> Bool {
        switch port {
        case .int(let n): return declaredPorts.contains { $0.number == n }
        case .string(let s):
            if let n = Int(s) { return declaredPorts.contains { $0.number == n } }
            return declaredPorts.contains { $0.name == s }
        default: return true
        }
    }
}

/// One container and its path.
public struct ContainerView: Sendable {
    public let node: DocNode
    public let path: FieldPath
    public let isInit: Bool
    /// An ephemeral (debug) container, added to a running Pod by `kubectl debug`.
    public let isEphemeral: Bool

    public var name: String { node["name"]?.stringValue ?? "" }
    public subscript(_ key: String) -> DocNode? { node[key] }
    public var securityContext: DocNode? { node["securityContext"] }
}

/// A label selector as the API evaluates it (`matchLabels` and `matchExpressions`, or a
/// Service's plain map).
public struct LabelSelectorView: Sendable {
    public var matchLabels: [String: String]
    public var expressions: [(key: String, op: String, values: [String])]

    /// A `LabelSelector` node (`matchLabels`/`matchExpressions`).
    public init(selector node: DocNode) {
        matchLabels = node["matchLabels"]?.stringMap ?? [:]
        expressions = (node["matchExpressions"]?.items ?? []).map {
            ($0["key"]?.stringValue ?? "", $0["operator"]?.stringValue ?? "", $0["values"]?.items.compactMap(\.stringValue) ?? [])
        }
    }

    /// A Service's `selector` map.
    public init(labels: [String: String]) {
        matchLabels = labels
        expressions = []
    }

    public var isEmpty: Bool { matchLabels.isEmpty && expressions.isEmpty }
}
