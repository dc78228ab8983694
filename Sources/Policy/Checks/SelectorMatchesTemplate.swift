import DocumentTree

extension Check {
    static let selectorMatchesTemplate = Check(
        id: "selector-matches-template",
        summary: "A Deployment's, StatefulSet's, DaemonSet's, ReplicaSet's or Job's spec.selector must match its own "
            + "pod template's labels.",
        rationale: "The API server rejects such an object (\"selector does not match template labels\"), so the "
            + "apply fails; with a ReplicationController's plain map, or when the selector is edited after creation, "
            + "the controller would create pods it does not own and never stop. Usually a label renamed in one place.",
        remediation: "Make spec.selector (matchLabels/matchExpressions) a subset of spec.template.metadata.labels.",
        severity: .error, kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"]
    ) { object, _ in
        guard let pod = PodTemplateView(object), let node = object.document["spec"]?["selector"], node != .null else { return [] }
        // A ReplicationController's selector is a plain map; the others' a LabelSelector.
        let selector = object.kind == "ReplicationController" ? LabelSelectorView(labels: node.stringMap)
            : LabelSelectorView(selector: node)
        guard !selector.isEmpty, !selector.matches(pod.labels) else { return [] }
        return [Violation("selector \(ReferenceSupport.describe(selector)) does not match the pod template's labels "
            + "(\(ReferenceSupport.describe(labels: pod.labels)))", at: FieldPath("spec", "selector"))]
    }
}
