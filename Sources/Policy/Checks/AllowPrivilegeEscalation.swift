import DocumentTree

extension Check {
    static let allowPrivilegeEscalation = Check.perContainer(
        id: "allow-privilege-escalation",
        summary: "Containers must set securityContext.allowPrivilegeEscalation: false (unset means true).",
        rationale: "Unless allowPrivilegeEscalation is false the kernel's no_new_privs flag is not set, so a process "
            + "can gain privileges through setuid/setgid binaries (sudo, su, a planted setuid shell) or file "
            + "capabilities: a compromised non-root process becomes root inside the container. The field defaults "
            + "to true when unset, and a privileged container always allows escalation. Not required on Windows "
            + "pods (spec.os.name: windows), where the API rejects the field.",
        remediation: "Set securityContext.allowPrivilegeEscalation: false on every container (init containers "
            + "included); a privileged container must first drop privileged: true.",
        severity: .error
    ) { container, pod, _ in
        guard !SecuritySupport.isWindows(pod) else { return [] }
        let path = container.path / "securityContext" / "allowPrivilegeEscalation"
        let who = SecuritySupport.label(container)
        switch container.securityContext?["allowPrivilegeEscalation"] {
        case .bool(false)?:
            return []
        case .bool(true)?:
            return [Violation("\(who) sets allowPrivilegeEscalation: true", at: path)]
        case nil, .null?:
            if container.securityContext?["privileged"]?.boolValue == true {
                return [Violation("\(who) is privileged, which always allows privilege escalation", at: path)]
            }
            return [Violation("\(who) does not set allowPrivilegeEscalation: false (it defaults to true)", at: path)]
        default:
            return [Violation("\(who): allowPrivilegeEscalation is not the boolean false", at: path)]
        }
    }
}
