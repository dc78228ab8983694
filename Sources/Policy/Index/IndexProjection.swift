import DocumentTree

/// What a streamed `gen lint` keeps of an object after checking it: the fields that cross-object
/// checks read from the *other* objects they look up (through `PolicyContext`), and nothing else.
///
/// The object a check evaluates is always whole (it is read again in the second pass); the ones it
/// finds through the context are these projections. What they read: identity and labels; a
/// workload's replicas, selector, serviceName, pod labels, and its containers' names, ports and
/// restartPolicy (sidecars), hostNetwork and service account; a Service's type, clusterIP, ports
/// and selector; an HPA's target and replica range; a PDB's selector and budget; a NetworkPolicy's
/// podSelector; an operator-run custom resource's podMetadata labels; a ServiceAccount's
/// automountServiceAccountToken. `StreamedLintTests` proves that checks give the same findings on
/// projections as on whole objects, over every check's fixtures.
enum IndexProjection {
    /// The fields kept below a node: every field (`all`) or the named ones, each with its own mask.
    /// A sequence's items all take the mask of the sequence.
    indirect enum Mask {
        case all
        case fields([String: Mask])
    }

    static let container = Mask.fields(["name": .all, "ports": .all, "restartPolicy": .all])

    /// A pod spec's fields, also those of a Pod's `spec`.
    static let podSpec: [String: Mask] = [
        "containers": container, "initContainers": container, "hostNetwork": .all,
        "serviceAccountName": .all, "serviceAccount": .all, "automountServiceAccountToken": .all,
    ]

    static let template = Mask.fields(["metadata": .fields(["labels": .all]), "spec": .fields(podSpec)])

    static let spec = Mask.fields(podSpec.merging([
        "replicas": .all, "selector": .all, "serviceName": .all, "template": template,
        "jobTemplate": .fields(["spec": .fields(["template": template])]),
        "type": .all, "clusterIP": .all, "ports": .all,
        "scaleTargetRef": .all, "minReplicas": .all, "maxReplicas": .all,
        "minAvailable": .all, "maxUnavailable": .all, "podSelector": .all,
        "podMetadata": .fields(["labels": .all]),
    ]) { pod, _ in pod })

    static let object = Mask.fields([
        "apiVersion": .all, "kind": .all,
        "metadata": .fields(["name": .all, "namespace": .all, "labels": .all]),
        "spec": spec, "automountServiceAccountToken": .all,
    ])

    /// `object` reduced to what the index keeps, located in its file without field lines (findings
    /// are located in the object a check evaluates, never in the ones it looks up).
    static func entry(of object: PolicyObject) -> PolicyObject {
        let origin: Origin = switch object.origin {
        case .model: object.origin
        case .file(let path, _): .file(path: path, lines: LineMap())
        }
        return PolicyObject(document: project(object.document, Self.object), origin: origin)
    }

    static func project(_ node: DocNode, _ mask: Mask) -> DocNode {
        guard case .fields(let keep) = mask else { return node }
        switch node {
        case .mapping(let fields):
            return .mapping(fields.compactMap { field in
                keep[field.key].map { DocNode.Field(field.key, project(field.value, $0)) }
            })
        case .sequence(let items):
            return .sequence(items.map { project($0, mask) })
        default:
            return node
        }
    }
}
