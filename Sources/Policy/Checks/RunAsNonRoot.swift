import DocumentTree

extension Check {
    static let runAsNonRoot = Check.perContainer(
        id: "run-as-non-root",
        summary: "Containers must set runAsNonRoot: true (on the container or the pod).",
        rationale: "A process running as root in a container is root on the node if it escapes; runAsNonRoot "
            + "makes the kubelet refuse to start an image whose user is root.",
        remediation: "Set securityContext.runAsNonRoot: true and a non-zero runAsUser (the image's user, e.g. 1001).",
        severity: .error
    ) { container, pod, _ in
        let setting = container.effectiveSecurity("runAsNonRoot", pod: pod)
        if setting.value?.boolValue == true { return [] }
        return [Violation("container \"\(container.name)\" may run as root (runAsNonRoot is not true)", at: setting.path)]
    }
}
