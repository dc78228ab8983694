import DocumentTree
import KubeModel

/// Lays out rendered objects as a Kustomize tree: a base, one overlay per environment made only
/// of what differs (namespace, strategic-merge patches, deletions), and for blue/green one overlay
/// per colour built with `nameSuffix` and `labels` from the same base, with a patch per workload
/// whose release differs from the environment's.
///
/// Every kustomization directory is listed in `builds` with the objects the model expects
/// `kubectl kustomize` to produce there, so tests can prove that the tree and the model agree.
///
/// ```
/// kubernetes/
///   cluster/                    cluster-wide prerequisites (cert-manager ClusterIssuer)
///   base/{shared,workloads}/    the seed's values, no namespace
///   bootstrap/<env>/            Namespace and the deployer's RBAC, applied by an administrator
///   overlays/<env>/             rolling: everything; blue/green: the shared objects only
///   overlays/<env>-workloads/   blue/green: a Component with the environment's patches
///   overlays/<env>-<colour>/    blue/green: one colour's Deployments, HPAs, PDBs, preview Services
/// rendered/                     beside it: each applied build as one file (`renderedFile`)
/// ```
public struct KustomizeTree: Sendable {
    /// Which `gen` run owns a file: every run (`shared`), or the run of one environment.
    public enum Scope: Hashable, Sendable, Comparable {
        case shared
        case environment(String)

        public var label: String {
            switch self {
            case .shared: "shared"
            case .environment(let name): name
            }
        }
    }

    public struct File: Sendable {
        public var path: String
        public var document: DocNode
        public var scope: Scope
    }

    /// A kustomization directory and the objects it must build to.
    public struct Build: Sendable {
        public var directory: String
        public var expected: [DocNode]
        public var scope: Scope
    }

    /// One rendered object of the model.
    public struct Object: Sendable {
        public var id: ObjectID
        public var document: DocNode
        public init(id: ObjectID, document: DocNode) {
            self.id = id
            self.document = document
        }
    }

    /// A colour (or any variant) of an environment's workloads.
    public struct Variant: Sendable {
        public var name: String
        public var nameSuffix: String
        public var labels: Labels
        public var objects: [Object]
        /// Deployments of the environment's workloads whose replica count differs in this variant
        /// (an idle colour's workers run none), by their name before the suffix.
        public var replicas: [(deployment: String, count: Int)]
        public init(name: String, nameSuffix: String, labels: Labels, objects: [Object],
                    replicas: [(deployment: String, count: Int)] = []) {
            self.name = name
            self.nameSuffix = nameSuffix
            self.labels = labels
            self.objects = objects
            self.replicas = replicas
        }
    }

    /// The objects of one environment, grouped as `Platform.Stack` groups them.
    public struct Environment: Sendable {
        public var name: String
        public var namespace: String
        public var shared: [Object]
        public var workloads: [Object]
        public var variants: [Variant]
        public var bootstrap: [Object]
        public init(name: String, namespace: String, shared: [Object], workloads: [Object], variants: [Variant],
                    bootstrap: [Object]) {
            self.name = name
            self.namespace = namespace
            self.shared = shared
            self.workloads = workloads
            self.variants = variants
            self.bootstrap = bootstrap
        }
    }

    public let root: String
    public private(set) var files: [File] = []
    public private(set) var builds: [Build] = []
    /// The kustomization directories `kubectl apply -k` deploys for each environment, in the order
    /// `add` laid them out: the environment's overlay, then one per variant.
    public private(set) var overlayDirectories: [String: [String]] = [:]
    private let baseShared: [Object]
    private let baseWorkloads: [Object]

    /// Where the tree sits in the output folder (and so in a product repository that takes it as is).
    public static let defaultRoot = "kubernetes"

    /// The overlay that `kubectl apply -k` deploys for an environment (its shared objects, for
    /// blue/green): `<root>/overlays/<env>`.
    public static func overlayDirectory(root: String = defaultRoot, environment: String) -> String {
        "\(root)/overlays/\(environment)"
    }

    /// The overlay of one variant (a colour) of an environment: `<root>/overlays/<env>-<variant>`.
    public static func variantDirectory(root: String = defaultRoot, environment: String, variant: String) -> String {
        "\(root)/overlays/\(environment)-\(variant)"
    }

    /// The cluster-wide objects: `<root>/cluster`.
    public static func clusterDirectory(root: String = defaultRoot) -> String { "\(root)/cluster" }

    /// The namespace, the deployer's access and the quotas an administrator applies once:
    /// `<root>/bootstrap/<env>`.
    public static func bootstrapDirectory(root: String = defaultRoot, environment: String) -> String {
        "\(root)/bootstrap/\(environment)"
    }

    /// Where the rendered builds sit in the output folder, beside the tree (not inside it, which
    /// `gen lint` of the tree would read as more objects).
    public static let renderedRoot = "rendered"

    /// The rendered build of a kustomization directory of the tree: `kubectl apply -f` of it
    /// sends what `kubectl apply -k` of the directory does, without running kustomize.
    /// `kubernetes/overlays/production-blue` → `rendered/overlays/production-blue.yaml`.
    public static func renderedFile(of directory: String, root: String = defaultRoot) -> String {
        precondition(directory.hasPrefix(root + "/"), "\(directory) is not in the tree at \(root)")
        return "\(renderedRoot)/\(directory.dropFirst(root.count + 1)).yaml"
    }

    /// The builds someone applies: the cluster-wide objects, each environment's bootstrap and its
    /// overlays (the base is only ever applied through them, a Component only inside an overlay).
    public var appliedBuilds: [Build] {
        let applied = Set([Self.clusterDirectory(root: root)]
            + overlayDirectories.flatMap { env, overlays in [Self.bootstrapDirectory(root: root, environment: env)] + overlays })
        return builds.filter { applied.contains($0.directory) }
    }

    /// Starts a tree with the cluster prerequisites and the base.
    public init(root: String = defaultRoot, cluster: [Object], baseShared: [Object], baseWorkloads: [Object]) {
        self.root = root
        self.baseShared = baseShared
        self.baseWorkloads = baseWorkloads
        addPlain(Self.clusterDirectory(root: root), cluster, scope: .shared)
        addPlain("\(root)/base/shared", baseShared, scope: .shared)
        addPlain("\(root)/base/workloads", baseWorkloads, scope: .shared)
        add(Self.kustomization(resources: ["shared", "workloads"]), at: "\(root)/base/kustomization.yaml", scope: .shared)
        builds.append(Build(directory: "\(root)/base", expected: (baseShared + baseWorkloads).map(\.document), scope: .shared))
    }

    /// Adds an environment's bootstrap and overlays.
    public mutating func add(_ env: Environment) throws {
        let scope = Scope.environment(env.name)
        addPlain(Self.bootstrapDirectory(root: root, environment: env.name), env.bootstrap, scope: scope)
        let overlay = Self.overlayDirectory(root: root, environment: env.name)
        if env.variants.isEmpty {
            addOverlay(overlay, kind: .kustomization, namespace: env.namespace,
                           resources: ["../../base"], base: baseShared + baseWorkloads,
                           target: env.shared + env.workloads, scope: scope)
            builds.append(Build(directory: overlay, expected: (env.shared + env.workloads).map(\.document), scope: scope))
            overlayDirectories[env.name] = [overlay]
            return
        }
        addOverlay(overlay, kind: .kustomization, namespace: env.namespace, resources: ["../../base/shared"],
                       base: baseShared, target: env.shared, scope: scope)
        builds.append(Build(directory: overlay, expected: env.shared.map(\.document), scope: scope))
        overlayDirectories[env.name] = [overlay]

        let component = "\(env.name)-workloads"
        addOverlay("\(root)/overlays/\(component)", kind: .component, namespace: nil, resources: [],
                       base: baseWorkloads, target: env.workloads, scope: scope)
        let workloadsByIdentity = Dictionary(env.workloads.map { (Identity($0.id), $0) }, uniquingKeysWith: { first, _ in first })
        for variant in env.variants {
            let dir = Self.variantDirectory(root: root, environment: env.name, variant: variant.name)
            let labels = DocNode.map([
                ("pairs", try variant.labels.document()),
                ("includeSelectors", .bool(true)),
                ("includeTemplates", .bool(true)),
            ])
            var fields: [(String, DocNode)] = [
                ("apiVersion", .string("kustomize.config.k8s.io/v1beta1")),
                ("kind", .string("Kustomization")),
                ("namespace", .string(env.namespace)),
                ("nameSuffix", .string(variant.nameSuffix)),
                ("resources", .sequence([.string("../../base/workloads")])),
                ("components", .sequence([.string("../\(component)")])),
                ("labels", .sequence([labels])),
            ]
            // A colour keeps its release whatever the environment's workloads run, and sets its
            // own replica counts: one strategic-merge patch per workload it changes. Its patches
            // apply before its nameSuffix, so they name the workload as the base does.
            let replicas = Dictionary(variant.replicas.map { ($0.deployment, $0.count) }, uniquingKeysWith: { $1 })
            var patches: [String] = []
            for object in variant.objects {
                let name = object.id.name.hasSuffix(variant.nameSuffix)
                    ? String(object.id.name.dropLast(variant.nameSuffix.count)) : object.id.name
                let workload = workloadsByIdentity[Identity(kind: object.id.kind, name: name)]
                guard let patch = ReleasePatch.patch(from: workload?.document, to: object.document, name: name,
                                                     replicas: object.id.kind == "Deployment" ? replicas[name] : nil)
                else { continue }
                let file = "patches/\(Self.fileName(ObjectID(kind: object.id.kind, namespace: nil, name: name)))"
                add(patch, at: "\(dir)/\(file)", scope: scope)
                patches.append(file)
            }
            if !patches.isEmpty {
                fields.append(("patches", .sequence(patches.sorted().map { .map([("path", .string($0))]) })))
            }
            let doc = DocNode.map(fields)
            add(doc, at: "\(dir)/kustomization.yaml", scope: scope)
            builds.append(Build(directory: dir, expected: variant.objects.map(\.document), scope: scope))
            overlayDirectories[env.name, default: []].append(dir)
        }
    }

    /// What `kubectl apply -k` of each overlay of `environment` sends, overlay by overlay: the
    /// objects the model expects there, without running kustomize. Empty for an environment this
    /// tree did not lay out.
    public func overlayBuilds(environment: String) -> [Build] {
        (overlayDirectories[environment] ?? []).compactMap { dir in builds.first { $0.directory == dir } }
    }

    // MARK: Layout

    private enum KustomizationKind {
        case kustomization, component
    }

    /// A directory of objects, one file each, with a kustomization listing them.
    private mutating func addPlain(_ dir: String, _ objects: [Object], scope: Scope) {
        for object in objects { add(object.document, at: "\(dir)/\(Self.fileName(object.id))", scope: scope) }
        add(Self.kustomization(resources: objects.map { Self.fileName($0.id) }), at: "\(dir)/kustomization.yaml",
            scope: scope)
        builds.append(Build(directory: dir, expected: objects.map(\.document), scope: scope))
    }

    /// An overlay (or Component) that turns `base` into `target`.
    private mutating func addOverlay(_ dir: String, kind: KustomizationKind, namespace: String?, resources: [String],
                                     base: [Object], target: [Object], scope: Scope) {
        var localResources = resources
        var patches: [String] = []
        // By kind and name, looked up once per object: the layout stays linear in the objects.
        let baseByIdentity = Dictionary(base.map { (Identity($0.id), $0) }, uniquingKeysWith: { first, _ in first })
        for object in target {
            var doc = object.document
            doc = Self.removingNamespace(doc)
            guard let original = baseByIdentity[Identity(object.id)] else {
                let file = Self.fileName(object.id)
                add(doc, at: "\(dir)/\(file)", scope: scope)
                localResources.append(file)
                continue
            }
            guard let patch = StrategicMergeDiff.patch(from: original.document, to: doc) else { continue }
            let identity = DocNode.map([
                ("apiVersion", original.document["apiVersion"] ?? .null),
                ("kind", original.document["kind"] ?? .null),
                ("metadata", .map([("name", .string(original.id.name))])),
            ])
            var merged = identity
            if case .mapping(let fields) = patch {
                for f in fields {
                    if f.key == "metadata", case .mapping(let meta) = f.value {
                        var m = merged["metadata"] ?? .mapping([])
                        for mf in meta where mf.key != "name" { m = m.setting(mf.key, to: mf.value) }
                        merged = merged.setting("metadata", to: m)
                    } else if f.key != "apiVersion" && f.key != "kind" {
                        merged = merged.setting(f.key, to: f.value)
                    }
                }
            }
            let file = "patches/\(Self.fileName(object.id))"
            add(merged, at: "\(dir)/\(file)", scope: scope)
            patches.append(file)
        }
        // An object of the base the environment does not have (a ConfigMap renamed by its
        // content hash, a data store the environment runs outside the cluster): a delete patch.
        let targetIdentities = Set(target.map { Identity($0.id) })
        for object in base where !targetIdentities.contains(Identity(object.id)) {
            let file = "patches/delete-\(Self.fileName(object.id))"
            add(.map([
                ("apiVersion", object.document["apiVersion"] ?? .null),
                ("kind", object.document["kind"] ?? .null),
                ("metadata", .map([("name", .string(object.id.name))])),
                ("$patch", .string("delete")),
            ]), at: "\(dir)/\(file)", scope: scope)
            patches.append(file)
        }
        var fields: [(String, DocNode)] = [
            ("apiVersion", .string(kind == .component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1")),
            ("kind", .string(kind == .component ? "Component" : "Kustomization")),
        ]
        if let namespace { fields.append(("namespace", .string(namespace))) }
        if !localResources.isEmpty { fields.append(("resources", .sequence(Self.sortedResources(localResources)))) }
        if !patches.isEmpty {
            fields.append(("patches", .sequence(patches.sorted().map { .map([("path", .string($0))]) })))
        }
        add(.map(fields), at: "\(dir)/kustomization.yaml", scope: scope)
    }

    private mutating func add(_ document: DocNode, at path: String, scope: Scope) {
        files.append(File(path: path, document: document, scope: scope))
    }

    static func kustomization(resources: [String]) -> DocNode {
        .map([
            ("apiVersion", .string("kustomize.config.k8s.io/v1beta1")),
            ("kind", .string("Kustomization")),
            ("resources", .sequence(sortedResources(resources))),
        ])
    }

    /// Parent kustomizations first, then files, each sorted: the order stays stable as objects are added.
    static func sortedResources(_ resources: [String]) -> [DocNode] {
        let dirs = resources.filter { !$0.hasSuffix(".yaml") }.sorted()
        let files = resources.filter { $0.hasSuffix(".yaml") }.sorted()
        return (dirs + files).map { .string($0) }
    }

    /// `deployment-backend.yaml`: kind and name, so a reader finds any object by name.
    public static func fileName(_ id: ObjectID) -> String {
        "\(id.kind.lowercased())-\(id.name).yaml"
    }

    /// What an overlay matches a base object by: kind and name (the overlay sets the namespace).
    private struct Identity: Hashable {
        var kind: String
        var name: String
        init(_ id: ObjectID) {
            self.init(kind: id.kind, name: id.name)
        }
        init(kind: String, name: String) {
            self.kind = kind
            self.name = name
        }
    }

    static func removingNamespace(_ doc: DocNode) -> DocNode {
        guard let meta = doc["metadata"] else { return doc }
        return doc.setting("metadata", to: meta.removing("namespace"))
    }
}
