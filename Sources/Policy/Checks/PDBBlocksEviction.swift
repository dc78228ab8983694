import DocumentTree

extension Check {
    static let pdbBlocksEviction = Check(
        id: "pdb-blocks-eviction",
        summary: "A PodDisruptionBudget must allow at least one eviction when its workloads run their fewest replicas.",
        rationale: "A PDB that allows no disruption (maxUnavailable 0, minAvailable 100%, or a minAvailable not "
            + "below the replica count) makes every node drain hang: cluster upgrades and autoscaler scale-downs "
            + "stall on that node until someone deletes the PDB by hand. With an HPA the count to beat is its "
            + "minReplicas, the number of pods left at quiet times. Percentages of minAvailable round up.",
        remediation: "Use spec.maxUnavailable: 1 (or a percentage), or lower spec.minAvailable below the replicas "
            + "the selected workloads run (spec.replicas, or the HPA's minReplicas), or raise those replicas.",
        severity: .error, kinds: ["PodDisruptionBudget"]
    ) { object, context in
        guard let spec = object.document["spec"] else { return [] }
        if let maxUnavailable = spec["maxUnavailable"], maxUnavailable == .int(0) || Reliability.percent(maxUnavailable) == 0 {
            return [Violation("PodDisruptionBudget \"\(object.name)\" has maxUnavailable \(Reliability.text(maxUnavailable)): "
                              + "no pod can ever be evicted", at: FieldPath("spec", "maxUnavailable"))]
        }
        guard let minAvailable = spec["minAvailable"] else { return [] }
        let path = FieldPath("spec", "minAvailable")
        if Reliability.percent(minAvailable) == 100 {
            return [Violation("PodDisruptionBudget \"\(object.name)\" has minAvailable 100%: no pod can ever be evicted", at: path)]
        }
        // Compare with the pods the selected workloads always run; skip when one of them has no
        // known count (a DaemonSet) or nothing in the input is selected.
        let selected = Reliability.workloads(selectedBy: object, in: context)
        let known = selected.compactMap { w in Reliability.replicas(of: w, in: context).map { (workload: w, replicas: $0) } }
        guard !selected.isEmpty, known.count == selected.count else { return [] }
        let total = known.reduce(0) { $0 + $1.replicas.count }
        guard total > 0, let required = Reliability.scaled(minAvailable, of: total), required >= total else { return [] }
        let runs = known.map { "\($0.workload.kind) \"\($0.workload.name)\" runs \($0.replicas.description)" }
            .joined(separator: ", ")
        let rounded = Reliability.percent(minAvailable) != nil ? " (rounds up to \(required) of \(total))" : ""
        return [Violation("PodDisruptionBudget \"\(object.name)\" has minAvailable \(Reliability.text(minAvailable))"
                          + "\(rounded) but \(runs): no pod can be evicted", at: path)]
    }
}
