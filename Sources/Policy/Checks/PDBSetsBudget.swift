import DocumentTree

extension Check {
    static let pdbSetsBudget = Check(
        id: "pdb-sets-budget",
        summary: "A PodDisruptionBudget must set minAvailable or maxUnavailable.",
        rationale: "policy/v1 gives neither field a default (policy/v1beta1 defaulted minAvailable to 1), and the "
            + "disruption controller then wants no pod to stay healthy: the budget selects pods but lets a drain "
            + "evict every one of them at once, while `kubectl get pdb` suggests they are protected.",
        remediation: "Set spec.maxUnavailable (1, or a percentage) or spec.minAvailable, whichever states the "
            + "availability the workload needs during node drains.",
        severity: .error, kinds: ["PodDisruptionBudget"]
    ) { object, _ in
        // policy/v1beta1 defaults minAvailable to 1: leaving both out is a budget there.
        guard object.apiVersion != "policy/v1beta1" else { return [] }
        let spec = object.document["spec"]
        guard spec?["minAvailable"] == nil, spec?["maxUnavailable"] == nil else { return [] }
        return [Violation("sets neither minAvailable nor maxUnavailable: no pod is protected", at: FieldPath("spec"))]
    }
}
