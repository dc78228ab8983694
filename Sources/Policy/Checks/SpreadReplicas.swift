import DocumentTree

extension Check {
    static let spreadReplicas = Check.perPod(
        id: "spread-replicas",
        summary: "A Deployment or StatefulSet with more than one replica must spread them (topologySpreadConstraints or podAntiAffinity).",
        rationale: "The scheduler is free to put every replica on one node or in one zone: one node failure, drain "
            + "or zone outage then takes all of them down at once, and the replicas give no availability.",
        remediation: "Add topologySpreadConstraints to the pod spec (topologyKey kubernetes.io/hostname and/or "
            + "topology.kubernetes.io/zone, maxSkew 1, labelSelector matching the pod labels), or a "
            + "podAntiAffinity on the same labels.",
        severity: .warning, kinds: Reliability.scalableKinds
    ) { pod, object, context in
        guard let replicas = Reliability.replicas(of: object, in: context), replicas.count > 1 else { return [] }
        let spread = !(pod.spec["topologySpreadConstraints"]?.items.isEmpty ?? true)
        let antiAffinity = pod.spec["affinity"]?["podAntiAffinity"].map { $0 != .null } ?? false
        guard !spread, !antiAffinity else { return [] }
        return [Violation("\(object.kind) \"\(object.name)\" runs \(replicas.description) with neither "
                          + "topologySpreadConstraints nor podAntiAffinity: all may land on one node",
                          at: pod.specPath / "topologySpreadConstraints")]
    }
}
