import DocumentTree

extension Check {
    static let pdbSelectorMatches = Check(
        id: "pdb-selector-matches",
        summary: "A PodDisruptionBudget's selector must match the pods of a workload in its namespace.",
        rationale: "A budget whose selector matches no pod protects nothing: a node drain or cluster upgrade evicts "
            + "every replica at once while the budget reports 0 expected pods. Usually a renamed label, or the "
            + "budget sits in another namespace than the workload.",
        remediation: "Make spec.selector.matchLabels (and matchExpressions) match the pod template labels "
            + "(spec.template.metadata.labels) of the workload it protects, in the same namespace.",
        severity: .error, kinds: ["PodDisruptionBudget"]
    ) { object, context in
        let path = FieldPath("spec", "selector")
        guard let node = object.document["spec"]?["selector"], node != .null else {
            return [Violation("has no spec.selector: a budget without a selector matches no pods", at: path)]
        }
        let selector = LabelSelectorView(selector: node)
        let namespace = object.namespace
        if selector.isEmpty {
            // policy/v1: an empty selector selects every pod of the namespace; policy/v1beta1: none.
            if object.apiVersion == "policy/v1beta1" {
                return [Violation("an empty selector matches no pods in policy/v1beta1", at: path)]
            }
            if context.workloads(in: namespace).isEmpty {
                return [Violation("the empty selector selects every pod of namespace \(namespace ?? "(none)"), "
                    + "but no workload of this input runs there", at: path)]
            }
            return []
        }
        if !context.workloads(selectedBy: selector, namespace: namespace).isEmpty { return [] }
        let elsewhere = ReferenceSupport.workloadsInOtherNamespaces(selectedBy: selector, namespace: namespace, in: context)
        return [Violation("selector \(ReferenceSupport.describe(selector)) matches no pod template in namespace "
            + "\(namespace ?? "(none)")" + ReferenceSupport.otherNamespaceHint(elsewhere, what: "a PodDisruptionBudget"),
            at: path)]
    }
}
