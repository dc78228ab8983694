import DocumentTree

extension Check {
    static let hpaWithFixedReplicas = Check(
        id: "hpa-with-fixed-replicas",
        summary: "A Deployment or StatefulSet scaled by an HPA must not set spec.replicas.",
        rationale: "Every `kubectl apply` (or GitOps sync) of the manifest writes spec.replicas back, overriding the "
            + "scale the HorizontalPodAutoscaler chose: a workload scaled to 12 under load drops to 3 on the next "
            + "deploy, until the HPA notices and scales up again.",
        remediation: "Remove spec.replicas from the workload and let the HPA's spec.minReplicas set the floor.",
        severity: .warning, kinds: ["Deployment", "StatefulSet"]
    ) { object, context in
        guard let replicas = object.document["spec"]?["replicas"], replicas != .null,
              let hpa = context.autoscalers(of: object).first
        else { return [] }
        let value = replicas.intValue.map(String.init) ?? "set"
        let range = hpa.document["spec"].map { spec in
            " (min \(spec["minReplicas"]?.intValue.map(String.init) ?? "1"), max \(spec["maxReplicas"]?.intValue.map(String.init) ?? "?"))"
        } ?? ""
        return [Violation("spec.replicas is \(value) while \(hpa.reference)\(range) scales this \(object.kind): "
            + "every apply resets the replica count", at: FieldPath("spec", "replicas"))]
    }
}
