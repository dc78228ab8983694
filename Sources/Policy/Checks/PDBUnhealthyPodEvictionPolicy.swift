import DocumentTree

extension Check {
    static let pdbUnhealthyPodEvictionPolicy = Check(
        id: "pdb-unhealthy-pod-eviction-policy",
        summary: "A PodDisruptionBudget should set spec.unhealthyPodEvictionPolicy: AlwaysAllow.",
        rationale: "The default, IfHealthyBudget, lets a pod that is running but not ready be evicted only while the "
            + "application still meets its budget. A workload stuck in a crash loop or a bad rollout therefore "
            + "blocks every node drain that touches it, although evicting a pod that serves nothing costs no "
            + "availability. The Kubernetes documentation recommends AlwaysAllow (kube-linter reports its absence "
            + "the same way); the field is on by default since 1.27 (its feature gate went GA in 1.31).",
        remediation: "Add spec.unhealthyPodEvictionPolicy: AlwaysAllow; keep IfHealthyBudget only for an application "
            + "that must not lose a not-ready pod (say why in a suppression).",
        severity: .warning, kinds: ["PodDisruptionBudget"]
    ) { object, _ in
        let path = FieldPath("spec", "unhealthyPodEvictionPolicy")
        // policy/v1beta1 has no such field: removed-api-version reports the version itself.
        guard object.apiVersion != "policy/v1beta1" else { return [] }
        switch object[path]?.stringValue {
        case "AlwaysAllow": return []
        case let value?: return [Violation("unhealthyPodEvictionPolicy is \(value): a not-ready pod blocks node drains", at: path)]
        case nil: return [Violation("has no unhealthyPodEvictionPolicy, so IfHealthyBudget applies: a not-ready pod "
            + "blocks node drains", at: path)]
        }
    }
}
