import DocumentTree

extension Check {
    static let networkPolicyCoverage = Check.perPod(
        id: "networkpolicy-coverage",
        summary: "The pods of every workload must be selected by at least one NetworkPolicy of their namespace.",
        rationale: "Pods that no NetworkPolicy selects accept traffic from every pod in the cluster and may connect "
            + "anywhere: one compromised pod elsewhere reaches this one directly. Policies are namespaced, so a "
            + "policy in another namespace does not help.",
        remediation: "Add a NetworkPolicy in the workload's namespace whose spec.podSelector matches the pod template "
            + "labels (spec.template.metadata.labels), e.g. a default-deny with podSelector: {} plus allow rules.",
        severity: .warning
    ) { pod, object, context in
        // NetworkPolicies do not apply to pods on the host network.
        if pod.spec["hostNetwork"]?.boolValue == true { return [] }
        if !context.networkPolicies(selecting: pod.labels, namespace: object.namespace).isEmpty { return [] }
        return [Violation("no NetworkPolicy in namespace \(object.namespace ?? "(none)") selects these pods "
            + "(\(ReferenceSupport.describe(labels: pod.labels)))", at: pod.metadataPath / "labels")]
    }
}
