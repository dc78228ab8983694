import DocumentTree

extension Check {
    static let hpaMinReplicasProduction = Check(
        id: "hpa-min-replicas-production",
        summary: "A HorizontalPodAutoscaler in a production namespace must keep at least productionMinReplicas replicas.",
        rationale: "At quiet times the HPA scales down to minReplicas: with one replica, a node drain, a crash or a "
            + "rollout leaves the service with no Ready pod, and the next traffic spike hits a single cold pod "
            + "while new ones start. Its PodDisruptionBudget cannot help a single replica either.",
        remediation: "Set spec.minReplicas to at least productionMinReplicas (default 2), or take the namespace "
            + "out of PolicySettings.productionNamespaces if it is not production.",
        severity: .error, kinds: ["HorizontalPodAutoscaler"],
        parameters: [
            Parameter("productionNamespaces", default: PolicySettings().productionNamespaces.sorted().joined(separator: ","),
                      help: "namespaces that hold production workloads (PolicySettings.productionNamespaces)"),
            Parameter("productionMinReplicas", default: String(PolicySettings().productionMinReplicas),
                      help: "fewest replicas an HPA may scale a production workload down to (PolicySettings.productionMinReplicas)"),
        ]
    ) { object, context in
        let settings = context.settings
        guard let namespace = object.namespace, settings.productionNamespaces.contains(namespace) else { return [] }
        let minReplicas = object.document["spec"]?["minReplicas"]?.intValue ?? 1
        guard minReplicas < settings.productionMinReplicas else { return [] }
        return [Violation("HorizontalPodAutoscaler \"\(object.name)\" in production namespace \(namespace) may scale down "
                          + "to \(minReplicas) replica\(minReplicas == 1 ? "" : "s") (productionMinReplicas is \(settings.productionMinReplicas))",
                          at: FieldPath("spec", "minReplicas"))]
    }
}
