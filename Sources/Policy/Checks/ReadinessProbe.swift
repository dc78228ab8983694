import DocumentTree

extension Check {
    static let readinessProbe = Check.perPod(
        id: "readiness-probe",
        summary: "Long-running containers need a readiness probe (Jobs and CronJobs excepted).",
        rationale: "Without one a pod counts as Ready as soon as its process starts: Services send it traffic "
            + "while it is still loading (connection refused / 503s on every rollout), and a rolling update "
            + "replaces the next old pod before the new one can serve, so a broken release takes every replica down.",
        remediation: "Add readinessProbe to the container (httpGet on a named port or a cheap exec), checking "
            + "that the process can serve requests now; keep it separate from the liveness probe.",
        severity: .error
    ) { pod, object, _ in
        guard !object.isBatch else { return [] }
        return pod.containers(includingInit: false).compactMap { container in
            container["readinessProbe"] != nil ? nil
                : Violation("container \"\(container.name)\" has no readiness probe", at: container.path / "readinessProbe")
        }
    }
}
