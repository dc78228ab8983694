import DocumentTree

/// Computes the strategic-merge patch that turns one rendered object into another, as small as
/// Kustomize can apply: only changed fields, list elements matched by their merge key.
///
/// Lists of maps merge by key where the Kubernetes API declares a merge key for that field
/// (containers and volumes by `name`, mounts by `mountPath`, container ports by `containerPort`,
/// Service ports by `port`…); every other list is replaced whole, as the API does. A field of
/// `base` missing from `target` becomes `null`, and a keyed element missing from `target` a
/// `$patch: delete` entry, so that applying the patch yields `target` exactly.
public enum StrategicMergeDiff {
    /// The patch from `base` to `target`, or nil when they are equal.
    public static func patch(from base: DocNode, to target: DocNode) -> DocNode? {
        diff(base, target, field: nil)
    }

    private static func diff(_ base: DocNode, _ target: DocNode, field: String?) -> DocNode? {
        if base == target { return nil }
        switch (base, target) {
        case (.mapping(let b), .mapping(let t)):
            var out: [DocNode.Field] = []
            for f in t {
                if let old = b.first(where: { $0.key == f.key })?.value {
                    if let d = diff(old, f.value, field: f.key) { out.append(DocNode.Field(f.key, d)) }
                } else {
                    out.append(f)
                }
            }
            for f in b where !t.contains(where: { $0.key == f.key }) {
                out.append(DocNode.Field(f.key, .null))
            }
            return out.isEmpty ? nil : .mapping(out)
        case (.sequence(let b), .sequence(let t)):
            guard let key = mergeKey(field: field, elements: b + t) else { return target }
            return listDiff(b, t, key: key)
        default:
            return target
        }
    }

    /// A keyed list as kustomize merges it: the patch's elements first, in the patch's order, then
    /// the base's other elements in the base's order (kyaml's merge, checked against `kubectl
    /// kustomize`: patching the second of three containers moves it first). So the patch lists the
    /// target's elements up to the last one that changes, those that do not change by their key
    /// only, and a list that no such patch can give (unchanged elements reordered) is replaced.
    private static func listDiff(_ base: [DocNode], _ target: [DocNode], key: String) -> DocNode? {
        var entries: [DocNode] = []
        var changedPrefix = 0
        for element in target {
            guard let id = element[key] else { return .sequence(target) }
            if let old = base.first(where: { $0[key] == id }) {
                if let d = diff(old, element, field: nil), case .mapping(let fields) = d {
                    entries.append(.mapping([DocNode.Field(key, id)] + fields))
                    changedPrefix = entries.count
                } else {
                    entries.append(.map([(key, id)]))
                }
            } else {
                entries.append(element)
                changedPrefix = entries.count
            }
        }
        var deletions: [DocNode] = []
        for element in base {
            guard let id = element[key] else { return .sequence(target) }
            if !target.contains(where: { $0[key] == id }) {
                deletions.append(.map([(key, id), ("$patch", .string("delete"))]))
            }
        }
        let patched = target.prefix(changedPrefix).map { $0[key] }
        let merged = patched + base.map { $0[key] }.filter { id in !patched.contains(id) && target.contains { $0[key] == id } }
        if merged != target.map({ $0[key] }) { return .sequence(target + [.map([("$patch", .string("replace"))])]) }
        let patch = Array(entries.prefix(changedPrefix)) + deletions
        return patch.isEmpty ? nil : .sequence(patch)
    }

    /// The merge key the Kubernetes API declares for a list field, when its elements carry it.
    static func mergeKey(field: String?, elements: [DocNode]) -> String? {
        let candidates: [String]
        switch field {
        case "containers", "initContainers", "env", "volumes", "imagePullSecrets": candidates = ["name"]
        case "volumeMounts": candidates = ["mountPath"]
        case "ports": candidates = ["containerPort", "port"]
        case "topologySpreadConstraints": candidates = ["topologyKey"]
        default: return nil
        }
        return candidates.first { k in elements.allSatisfy { $0[k] != nil } }
    }
}
