import DocumentTree

extension Check {
    static let seccompProfile = Check.perContainer(
        id: "seccomp-profile",
        summary: "Containers must run under a seccomp profile: seccompProfile.type RuntimeDefault or Localhost.",
        rationale: "Without a profile the kubelet runs containers Unconfined (unless every node enables the "
            + "kubelet's seccompDefault), so all ~400 syscalls reach the kernel, including the rarely used ones "
            + "behind most kernel privilege escalations and container escapes (unshare, keyctl, bpf, io_uring, "
            + "mount). RuntimeDefault blocks them at almost no cost. The container's seccompProfile replaces the "
            + "pod's; the pod's applies to every container that sets none. Not required on Windows pods "
            + "(spec.os.name: windows), where the API rejects the field.",
        remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (or "
            + "securityContext.seccompProfile.type on the container; Localhost with localhostProfile for a custom "
            + "profile), and remove any Unconfined.",
        severity: .error
    ) { container, pod, _ in
        guard !SecuritySupport.isWindows(pod) else { return [] }
        let setting = container.effectiveSecurity("seccompProfile", pod: pod)
        let type = setting.value?["type"]?.stringValue
        if type == "RuntimeDefault" || type == "Localhost" { return [] }
        let who = SecuritySupport.label(container)
        guard let type else {
            return [Violation("\(who) has no seccomp profile: neither it nor the pod sets seccompProfile.type",
                              at: setting.path / "type")]
        }
        let inherited = container.securityContext?["seccompProfile"] == nil
        return [Violation("\(who) runs with seccomp profile \(type)"
                          + (inherited ? " (inherited from the pod's securityContext)" : ""), at: setting.path / "type")]
    }
}
