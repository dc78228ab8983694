import DocumentTree

extension Check {
    static let pdbForReplicatedWorkload = Check(
        id: "pdb-for-replicated-workload",
        summary: "A Deployment or StatefulSet with more than one replica needs a PodDisruptionBudget selecting its pods.",
        rationale: "Without a PDB, a node drain (cluster upgrade, autoscaler scale-down) may evict every replica "
            + "at once when they share a node or several nodes drain together: the service is down although it "
            + "runs several replicas. A PDB makes voluntary evictions wait until enough replicas are Ready elsewhere.",
        remediation: "Add a PodDisruptionBudget in the same namespace with spec.selector matching the pod template "
            + "labels and spec.maxUnavailable: 1 (or a minAvailable below the replica count).",
        severity: .warning, kinds: Reliability.scalableKinds
    ) { object, context in
        guard let replicas = Reliability.replicas(of: object, in: context), replicas.count > 1,
              Reliability.disruptionBudgets(selecting: object, in: context).isEmpty,
              let pod = PodTemplateView(object)
        else { return [] }
        let labels = pod.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return [Violation("\(object.kind) \"\(object.name)\" runs \(replicas.description) but no PodDisruptionBudget "
                          + "in namespace \(object.namespace ?? "(none)") selects its pods (\(labels))",
                          at: FieldPath("spec", "selector"))]
    }
}
