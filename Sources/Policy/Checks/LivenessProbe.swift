import DocumentTree

extension Check {
    static let livenessProbe = Check.perPod(
        id: "liveness-probe",
        summary: "Long-running containers need a liveness probe.",
        rationale: "Without one, a deadlocked process keeps its pod Running and Ready for ever; the kubelet "
            + "restarts only containers whose liveness probe fails.",
        remediation: "Add livenessProbe (httpGet on a named port, or exec) with a period and failure threshold "
            + "that tolerate slow responses; keep it cheaper than the readiness probe.",
        severity: .error
    ) { pod, object, _ in
        guard !object.isBatch else { return [] }
        return pod.containers(includingInit: false).compactMap { container in
            container["livenessProbe"] != nil ? nil
                : Violation("container \"\(container.name)\" has no liveness probe", at: container.path / "livenessProbe")
        }
    }
}

extension PolicyObject {
    /// Pods of Jobs and CronJobs, and pods that restart only on failure or never, run to
    /// completion: probes and PDBs do not apply the same way.
    var isBatch: Bool {
        if kind == "Job" || kind == "CronJob" { return true }
        let policy = PodTemplateView(self)?.spec["restartPolicy"]?.stringValue
        return policy == "Never" || policy == "OnFailure"
    }
}
