import ConcurrentWork
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
        let model = try lay(environments, selected: selected)
        // Every piece of work on its own, on every core at once: libdispatch hands the next piece
        // to whichever thread is free, so the two longest go first and the files of the tree fill
        // in around them.
        let work: [() -> Piece] = [
            { .files(Result { try artefacts(for: model.chosen, all: model.stacks, product: model.product) }) },
            { .policy(engine.evaluate(model.policyObjects)) },
        ] + model.tree.files.map { file in { .files(Result { [try treeFile(file, product: model.product)] }) } }
            + model.tree.appliedBuilds.map { build in { .files(Result { [try renderedFile(build, of: model.tree, product: model.product)] }) } }
        let pieces = work.concurrentMap { $0() }
        guard case .files(let other) = pieces[0], case .policy(let report) = pieces[1] else { preconditionFailure("pieces out of order") }
        // A policy failure first, then the first failing file in the plan's order: the tree's
        // files, the rendered builds, the artefacts.
        try PolicyFailure.check(report)
        var files: [FilePlan.File] = []
        for case .files(let result) in pieces.dropFirst(2) { files += try result.get() }
        files += try other.get()
        let scopes = Set(["shared"] + model.chosen.map(\.name))
        return Generation(plan: FilePlan(files: files, scopes: scopes), tree: model.tree, policy: report)
    }

    /// What one piece of `generate`'s work gives.
    enum Piece {
        case policy(PolicyReport)
        case files(Result<[FilePlan.File], any Error>)
    }

    /// One file of the Kustomize tree, rendered with its header.
    static func treeFile(_ file: KustomizeTree.File, product: Product) throws -> FilePlan.File {
        let yaml = try YAMLRenderer.render(file.document, header: header(file.scope, product: product))
        return FilePlan.File(path: file.path, contents: yaml, scope: file.scope.label)
    }

    /// The header of a file of `scope`: the command that regenerates it (all environments for a
    /// shared file, else its own).
    static func header(_ scope: KustomizeTree.Scope, product: Product) -> [String] {
        FileHeader.lines(command: product.regenerateCommand(scope == .shared ? nil : scope.label))
    }

    /// The model of one run, before any file is rendered: what `generate` writes and `overlays`
    /// prints, and what the policy checks.
    struct LaidOut {
        var tree: KustomizeTree
        var policyObjects: [PolicyObject]
        var chosen: [Environment]
        var stacks: [Stack]
        var product: Product

        /// The policy report on what the run deploys; an error-level finding throws.
        func checked(by engine: PolicyEngine) throws -> PolicyReport {
            let report = engine.evaluate(policyObjects)
            try PolicyFailure.check(report)
            return report
        }
    }

    /// Builds each stack and lays out the Kustomize tree of `selected` environments, with the
    /// objects they deploy for the policy checks.
    static func lay(_ environments: [Environment], selected: [String]?) throws -> LaidOut {
        let chosen = try select(environments, selected)
        guard let product = environments.first?.product else { throw UnknownEnvironment(name: "", known: []) }
        for env in environments where env.product.app != product.app {
            throw ModelError(environment: env.name, problem: InvalidValue(
                "deploys \(env.product.app), but \(environments[0].name) deploys \(product.app): one run generates one product",
                at: FieldPath()))
        }
        let cluster = ProductStack.cluster(product)
        let clusterObjects = try render(cluster, environment: "cluster")
        let base = try ProductStack.build(.base(of: product))
        var tree = KustomizeTree(
            cluster: clusterObjects,
            baseShared: try render(base.shared, environment: "base"),
            baseWorkloads: try render(base.workloads, environment: "base"))
        // Each environment's stack is built once: the tree, the policy run and the documents
        // (which describe every environment, whichever ones this run writes) share it. The
        // environments are independent: built and rendered at the same time, laid out in order.
        let stacks = try environments.filter { $0.namespace != nil }.concurrentMap(ProductStack.build)
        let laid = try chosen.concurrentMap { env -> (KustomizeTree.Environment, [PolicyObject]) in
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
            // What is deployed: shared objects, each colour (or the rolling workloads), bootstrap,
            // checked as the documents just rendered (each object is built once).
            let deployed = [(stack.shared, shared)]
                + (variants.isEmpty ? [(stack.workloads, workloads)] : zip(stack.colours.map(\.1), variants.map(\.objects)).map { ($0, $1) })
                + [(stack.bootstrap, bootstrap), (cluster, clusterObjects)]
            let policyObjects = deployed.flatMap { manifests, objects in
                zip(manifests, objects).map { manifest, object in
                    PolicyObject(document: object.document, origin: .model(repositoryPath(manifest.source), environment: env.name))
                }
            }
            return (KustomizeTree.Environment(name: env.name, namespace: namespace, shared: shared, workloads: workloads,
                                              variants: variants, bootstrap: bootstrap), policyObjects)
        }
        for (env, _) in laid { try tree.add(env) }
        return LaidOut(tree: tree, policyObjects: laid.flatMap(\.1), chosen: chosen, stacks: stacks, product: product)
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

    /// Throws when `report` has an error-level finding.
    static func check(_ report: PolicyReport) throws {
        if report.fails(at: .error) { throw PolicyFailure(report: report) }
    }
}
