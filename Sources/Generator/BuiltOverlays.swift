import DocumentTree
import KustomizeTree
import Output
import Policy
import Render
import Platform

/// The fully built objects of a kustomization of the tree, computed from the model: what
/// `kubectl kustomize` (and so `kubectl apply -k`) of it yields, without running kustomize, whose
/// cost grows with the square of the number of objects (each patch, and each object added to a
/// build, looks its target up among all of them). `gen` writes one per applied build
/// (`KustomizeTree.renderedFile`), which the workflows and runbooks apply; `gen render` prints them.
public struct BuiltOverlay: Sendable {
    /// The kustomization's folder in the output tree, e.g. `kubernetes/overlays/production-blue`.
    public var directory: String
    /// Its objects, in the order kustomize prints them (`ApplyOrder`).
    public var objects: [DocNode]

    public init(_ build: KustomizeTree.Build) {
        directory = build.directory
        objects = ApplyOrder.sorted(build.expected)
    }

    /// The objects as one YAML stream, each a document of its own, after `header` and a comment
    /// that names the kustomization: `kubectl apply -f` takes it as it is.
    public func yaml(header: [String] = []) throws -> String {
        var out = header.map { "# \($0)\n" }.joined() + "# kubectl apply -k \(directory)\n"
        for object in objects { out += "---\n" + (try YAMLRenderer.render(object)) }
        return out
    }
}

extension Generator {
    /// The overlays `kubectl apply -k` deploys for `environment`, in the order the tree lays them
    /// out: rolling environments have one; blue/green ones the shared overlay, then one per colour
    /// (each pinning its own release). The model is checked by policy first, as for `generate`.
    public static func builtOverlays(of environment: String, in environments: [Environment],
                                     policy engine: PolicyEngine = PolicyEngine()) throws -> [BuiltOverlay] {
        let model = try lay(environments, selected: [environment])
        _ = try model.checked(by: engine)
        return model.tree.overlayBuilds(environment: environment).map(BuiltOverlay.init)
    }

    /// The rendered file of a build of `tree` that is applied (`KustomizeTree.appliedBuilds`).
    static func renderedFile(_ build: KustomizeTree.Build, of tree: KustomizeTree, product: Product) throws -> FilePlan.File {
        FilePlan.File(path: KustomizeTree.renderedFile(of: build.directory, root: tree.root),
                      contents: try BuiltOverlay(build).yaml(header: header(build.scope, product: product)),
                      scope: build.scope.label)
    }
}
