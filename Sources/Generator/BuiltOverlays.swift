import DocumentTree
import KustomizeTree
import Policy
import Render
import Platform

/// The fully built objects of an environment's overlays, computed from the model: what
/// `kubectl kustomize` (and so `kubectl apply -k`) of each overlay yields, without running
/// kustomize, whose cost grows with the square of the number of objects (each patch, and each
/// object added to a build, looks its target up among all of them).
public struct BuiltOverlay: Sendable {
    /// The overlay's folder in the output tree, e.g. `kubernetes/overlays/production-blue`.
    public var directory: String
    /// Its objects, in the model's order.
    public var objects: [DocNode]

    /// The objects as one YAML stream, each a document of its own, introduced by a comment that
    /// names the overlay: `kubectl apply -f -` takes it as it is.
    public func yaml() throws -> String {
        var out = "# kubectl apply -k \(directory)\n"
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
        let model = try lay(environments, selected: [environment], policy: engine)
        return model.tree.overlayBuilds(environment: environment).map {
            BuiltOverlay(directory: $0.directory, objects: $0.expected)
        }
    }
}
