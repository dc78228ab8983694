import DocumentTree

extension Check {
    static let livenessProbe = Check.perContainer(
        id: "liveness-probe",
        summary: "Long-running containers need a liveness probe.",
        rationale: "Without one, a deadlocked process keeps its pod Running and Ready for ever; the kubelet "
            + "restarts only containers whose liveness probe fails.",
        remediation: "Add livenessProbe (httpGet on a named port, or exec) with a period and failure threshold "
            + "that tolerate slow responses; keep it cheaper than the readiness probe.",
        severity: .error, includingInit: false
    ) { container, pod, _ in
        guard !pod.isBatch, container["livenessProbe"] == nil else { return [] }
        return [Violation("container \"\(container.name)\" has no liveness probe", at: container.path / "livenessProbe")]
    }
}

extension PodTemplateView {
    /// Pods of Jobs and CronJobs run to completion: probes and PDBs do not apply the same way.
    var isBatch: Bool { specPath.components.first == .key("spec") && specPath.components.count != 3 || restartsNever }
    private var restartsNever: Bool {
        let policy = spec["restartPolicy"]?.stringValue
        return policy == "Never" || policy == "OnFailure"
    }
}
