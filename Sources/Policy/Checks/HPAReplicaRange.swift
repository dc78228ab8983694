import DocumentTree

extension Check {
    static let hpaReplicaRange = Check(
        id: "hpa-replica-range",
        summary: "A HorizontalPodAutoscaler's maxReplicas must be above its minReplicas.",
        rationale: "With maxReplicas equal to minReplicas (default 1) the autoscaler can never scale: the load "
            + "it was written for gets no more pods, and the HPA only hides a fixed replica count. (The API rejects "
            + "maxReplicas below minReplicas.)",
        remediation: "Raise spec.maxReplicas to the most pods the workload may need, or remove the HPA and set "
            + "the workload's replicas.",
        severity: .warning, kinds: ["HorizontalPodAutoscaler"]
    ) { object, _ in
        guard let spec = object.document["spec"], let max = spec["maxReplicas"]?.intValue else { return [] }
        let min = spec["minReplicas"]?.intValue ?? 1
        guard max <= min else { return [] }
        return [Violation("maxReplicas \(max) is not above minReplicas \(min): the autoscaler cannot scale",
                          at: FieldPath("spec", "maxReplicas"))]
    }
}
