import DocumentTree
import KubeModel
import KustomizeTree
import Output
import Policy
import Render
import Platform

/// Turns environments into the files of the output tree: builds each stack, renders and checks
/// every object, lays out the Kustomize tree and renders YAML with headers.
public enum Generator {
    /// Everything one run produces.
    public struct Generation: Sendable {
        public var plan: FilePlan
        public var tree: KustomizeTree
        /// Policy findings on every environment's deployed objects (warnings and info only:
        /// errors stop generation).
        public var policy: PolicyReport
    }

    /// The plan for `selected` environments (all of `environments` when nil) and the shared files.
    public static func generate(_ environments: [Environment], selected: [String]? = nil,
                                policy engine: PolicyEngine = PolicyEngine()) throws -> Generation {
        let model = try lay(environments, selected: selected, policy: engine)
        var files: [FilePlan.File] = []
        for file in model.tree.files {
            let command = model.product.regenerateCommand(file.scope == .shared ? nil : file.scope.label)
            let yaml = try YAMLRenderer.render(file.document, header: FileHeader.lines(command: command))
            files.append(FilePlan.File(path: file.path, contents: yaml, scope: file.scope.label))
        }
        files += try renderedFiles(model.tree, product: model.product)
        files += try artefacts(for: model.chosen, all: model.stacks, product: model.product)
        let scopes = Set(["shared"] + model.chosen.map(\.name))
        return Generation(plan: FilePlan(files: files, scopes: scopes), tree: model.tree, policy: model.policy)
    }

    /// The checked model of one run, before any file is rendered: what `generate` writes and
    /// `overlays` prints.
    struct LaidOut {
        var tree: KustomizeTree
        var policy: PolicyReport
        var chosen: [Environment]
        var stacks: [Stack]
        var product: Product
    }

    /// Builds each stack, lays out the Kustomize tree of `selected` environments and runs the
    /// policy checks on what they deploy; an error-level finding throws.
    static func lay(_ environments: [Environment], selected: [String]?, policy engine: PolicyEngine) throws -> LaidOut {
        let chosen = try select(environments, selected)
        guard let product = environments.first?.product else { throw UnknownEnvironment(name: "", known: []) }
        for env in environments where env.product.app != product.app {
            throw ModelError(environment: env.name, problem: InvalidValue(
                "deploys \(env.product.app), but \(environments[0].name) deploys \(product.app): one run generates one product",
                at: FieldPath()))
        }
        let cluster = ProductStack.cluster(product)
        let clusterObjects = try render(cluster, environment: "cluster")
        var policyObjects: [PolicyObject] = []
        let base = try ProductStack.build(.base(of: product))
        var tree = KustomizeTree(
            cluster: clusterObjects,
            baseShared: try render(base.shared, environment: "base"),
            baseWorkloads: try render(base.workloads, environment: "base"))
        // Each environment's stack is built once: the tree, the policy run and the documents
        // (which describe every environment, whichever ones this run writes) share it.
        let stacks = try environments.filter { $0.namespace != nil }.map(ProductStack.build)
        for env in chosen {
            guard let stack = stacks.first(where: { $0.environment.name == env.name }), let namespace = env.namespace else {
                throw ModelError(environment: env.name, problem: InvalidValue("an environment needs a namespace", at: FieldPath()))
            }
            let shared = try render(stack.shared, environment: env.name, sizes: env)
            let workloads = try render(stack.workloads, environment: env.name, sizes: env)
            // A Deployment the HPA sizes has no count: it is absent here, as in the rendered object.
            let counts = Dictionary(stack.workloads.compactMap { m -> (String, Int)? in
                guard let d = m.object as? Deployment, let n = d.spec.replicas else { return nil }
                return (d.metadata.name, n)
            }, uniquingKeysWith: { first, _ in first })
            let variants = try stack.colours.map { colour, manifests in
                let suffix = colour.variant.nameSuffix
                // Where a colour runs another count than the environment's workloads (an idle colour's workers).
                let replicas = manifests.compactMap { $0.object as? Deployment }.compactMap { d -> (deployment: String, count: Int)? in
                    let name = String(d.metadata.name.dropLast(suffix.count))
                    guard let count = d.spec.replicas, counts[name] != count else { return nil }
                    return (name, count)
                }
                return KustomizeTree.Variant(name: colour.rawValue, nameSuffix: suffix, labels: colour.variant.labels,
                                             objects: try render(manifests, environment: env.name, sizes: env), replicas: replicas)
            }
            let bootstrap = try render(stack.bootstrap, environment: env.name)
            try tree.add(KustomizeTree.Environment(name: env.name, namespace: namespace, shared: shared, workloads: workloads,
                                                   variants: variants, bootstrap: bootstrap))
            // What is deployed: shared objects, each colour (or the rolling workloads), bootstrap,
            // checked as the documents just rendered (each object is built once).
            let deployed = [(stack.shared, shared)]
                + (variants.isEmpty ? [(stack.workloads, workloads)] : zip(stack.colours.map(\.1), variants.map(\.objects)).map { ($0, $1) })
                + [(stack.bootstrap, bootstrap), (cluster, clusterObjects)]
            for (manifests, objects) in deployed {
                policyObjects += zip(manifests, objects).map { manifest, object in
                    PolicyObject(document: object.document, origin: .model(repositoryPath(manifest.source), environment: env.name))
                }
            }
        }
        let report = engine.evaluate(policyObjects)
        if report.fails(at: .error) { throw PolicyFailure(report: report) }
        return LaidOut(tree: tree, policy: report, chosen: chosen, stacks: stacks, product: product)
    }

    /// `#fileID` (`Module/File.swift`) as a path in this repository, for reports and SARIF.
    static func repositoryPath(_ source: SourceLocation) -> SourceLocation {
        let parts = source.file.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return source }
        let folder = parts[0] == "Environments" ? "environments" : "Sources/\(parts[0])"
        return SourceLocation(file: "\(folder)/\(parts[1])", line: source.line)
    }

    static func select(_ all: [Environment], _ names: [String]?) throws -> [Environment] {
        guard let names, !names.isEmpty else { return all }
        return try names.map { name in
            guard let env = all.first(where: { $0.name == name }) else {
                throw UnknownEnvironment(name: name, known: all.map(\.name))
            }
            return env
        }
    }

    /// Renders manifests to checked documents, naming the object and field of any invalid value.
    static func render(_ manifests: [Manifest], environment: String, sizes: Environment? = nil) throws -> [KustomizeTree.Object] {
        var seen = Set<ObjectID>()
        return try manifests.map { manifest in
            let id = manifest.id
            guard seen.insert(id).inserted else {
                throw ModelError(environment: environment, component: manifest.component, object: id,
                                 source: manifest.source, problem: InvalidValue("declared twice", at: FieldPath()))
            }
            do {
                return KustomizeTree.Object(id: id, document: try manifest.document())
            } catch let problem as InvalidValue {
                throw ModelError(environment: environment, component: manifest.component, object: id,
                                 source: manifest.source, setAt: sizes?.sizeSource(of: manifest.component), problem: problem)
            }
        }
    }
}

/// An environment name that no file in `environments/` declares.
public struct UnknownEnvironment: Error, CustomStringConvertible, Sendable {
    public var name: String
    public var known: [String]
    public var description: String {
        "unknown environment \"\(name)\"; known environments: \(known.joined(separator: ", "))"
    }
}

/// The typed model breaks a policy check at `error` severity: nothing is written.
public struct PolicyFailure: Error, CustomStringConvertible, Sendable {
    public var report: PolicyReport
    public var description: String {
        "the model fails policy checks (fix the Swift lines named above, or suppress with "
            + ".allowing(\"<check-id>\", because: \"…\"))"
    }
}
