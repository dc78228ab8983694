import DocumentTree

/// What a colour's overlay changes in one of the environment's workloads: the image of each
/// container that runs another release than the environment's, and the replica count the colour
/// sets (an idle colour's workers run none). A strategic-merge patch on that one object, so that a
/// colour costs kustomize a lookup per changed workload. An `images:` entry instead would make
/// kustomize walk every object of the build once per image: quadratic in the services.
enum ReleasePatch {
    /// Where a workload keeps its pod spec: Deployments, StatefulSets and Jobs, then CronJobs.
    private static let podPaths = [["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"]]

    /// The patch that turns `workload` (as the environment's component builds it, before the
    /// colour's suffix) into the colour's `object`, for their images and `replicas`; nil when
    /// neither changes. `name` is the workload's name before the suffix.
    static func patch(from workload: DocNode?, to object: DocNode, name: String, replicas: Int?) -> DocNode? {
        var patch = DocNode.map([
            ("apiVersion", object["apiVersion"] ?? .null),
            ("kind", object["kind"] ?? .null),
            ("metadata", .map([("name", .string(name))])),
        ])
        if let replicas { patch = patch.setting("spec", to: .map([("replicas", .int(replicas))])) }
        if let (path, containers) = podContainers(object) {
            let before = workload.flatMap(podContainers)?.containers ?? []
            let changed: [DocNode] = containers.compactMap { container in
                guard let image = container["image"],
                      before.first(where: { $0["name"] == container["name"] })?["image"] != image else { return nil }
                return .map([("name", container["name"] ?? .null), ("image", image)])
            }
            if !changed.isEmpty { patch = set(patch, path: path + ["containers"], to: .sequence(changed)) }
        }
        return patch["spec"] == nil ? nil : patch
    }

    private static func podContainers(_ doc: DocNode) -> (path: [String], containers: [DocNode])? {
        for path in podPaths {
            if case .sequence(let items)? = path.reduce(Optional(doc), { $0?[$1] })?["containers"] { return (path, items) }
        }
        return nil
    }

    private static func set(_ doc: DocNode, path: [String], to value: DocNode) -> DocNode {
        guard let first = path.first else { return value }
        return doc.setting(first, to: set(doc[first] ?? .mapping([]), path: Array(path.dropFirst()), to: value))
    }
}
