import DocumentTree

extension Check {
    static let networkPolicySelectorMatches = Check(
        id: "networkpolicy-selector-matches",
        summary: "A NetworkPolicy's podSelector must select pods of a workload in its namespace (`{}` selects all).",
        rationale: "A podSelector that matches no pod makes the policy a no-op: the traffic it was written to allow "
            + "or restrict is governed by other policies (or none), and nothing reports it. Usually a renamed "
            + "label or a policy created in the wrong namespace.",
        remediation: "Make spec.podSelector.matchLabels (or matchExpressions) match the pod template labels "
            + "(spec.template.metadata.labels) of the workload in the policy's namespace, or use {} for all pods.",
        severity: .warning, kinds: ["NetworkPolicy"]
    ) { object, context in
        // podSelector is a required struct: absent or {} both select every pod of the namespace.
        guard let node = object.document["spec"]?["podSelector"] else { return [] }
        let selector = LabelSelectorView(selector: node)
        let namespace = object.namespace
        if selector.isEmpty || !context.workloads(selectedBy: selector, namespace: namespace).isEmpty { return [] }
        let elsewhere = ReferenceSupport.workloadsInOtherNamespaces(selectedBy: selector, namespace: namespace, in: context)
        return [Violation("podSelector \(ReferenceSupport.describe(selector)) matches no pods in namespace "
            + "\(namespace ?? "(none)")" + ReferenceSupport.otherNamespaceHint(elsewhere, what: "a NetworkPolicy"),
            at: FieldPath("spec", "podSelector"))]
    }
}
