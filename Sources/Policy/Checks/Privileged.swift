import DocumentTree

extension Check {
    static let privileged = Check.perContainer(
        id: "privileged",
        summary: "No container may set securityContext.privileged: true.",
        rationale: "A privileged container gets every Linux capability, all host devices (/dev/sda, /dev/mem), no "
            + "seccomp or AppArmor confinement and writable /sys and /proc: anyone who runs code in it can mount "
            + "the node's disk or load a kernel module and take over the node and every pod on it.",
        remediation: "Remove securityContext.privileged (or set it to false); add only the specific capability the "
            + "process needs under securityContext.capabilities.add, or move node-level work to a vetted DaemonSet.",
        severity: .error
    ) { container, _, _ in
        guard container.securityContext?["privileged"]?.boolValue == true else { return [] }
        return [Violation("\(SecuritySupport.label(container)) is privileged: it has every capability and every host device",
                          at: container.path / "securityContext" / "privileged")]
    }
}
