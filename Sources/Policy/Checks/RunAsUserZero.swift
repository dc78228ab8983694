import DocumentTree

extension Check {
    static let runAsUserZero = Check.perContainer(
        id: "run-as-user-zero",
        summary: "No container may run with runAsUser: 0, set on the container or inherited from the pod.",
        rationale: "runAsUser: 0 makes the process root whatever USER the image declares, and defeats the image "
            + "author's non-root user. Root in a container owns every file of the image and of its writable "
            + "volumes, holds every capability the runtime grants, and is root on the node after a container "
            + "escape (runc CVE-2019-5736, CVE-2024-21626). A pod-level runAsUser: 0 applies to every container "
            + "(init containers included) that does not set its own value.",
        remediation: "Set securityContext.runAsUser to a non-zero UID (the image's user, e.g. 1001) on the container, "
            + "or spec.securityContext.runAsUser on the pod, and remove the runAsUser: 0; add runAsNonRoot: true.",
        severity: .error
    ) { container, pod, _ in
        let setting = container.effectiveSecurity("runAsUser", pod: pod)
        guard setting.value?.intValue == 0 else { return [] }
        let inherited = container.securityContext?["runAsUser"] == nil
        return [Violation("\(SecuritySupport.label(container)) runs as root: runAsUser is 0"
                          + (inherited ? " (inherited from the pod's securityContext)" : ""), at: setting.path)]
    }
}
