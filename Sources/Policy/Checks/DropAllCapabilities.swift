import DocumentTree

extension Check {
    static let dropAllCapabilities = Check.perContainer(
        id: "drop-all-capabilities",
        summary: "Containers must drop all capabilities: securityContext.capabilities.drop must contain ALL.",
        rationale: "Runtimes give every container a default capability set (containerd and CRI-O: CHOWN, "
            + "DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_BIND_SERVICE, KILL, and NET_RAW on older releases). "
            + "An attacker with code execution uses them to bypass file permissions, switch users and forge "
            + "packets. Dropping ALL and adding back only what the process needs removes them; Pod Security "
            + "admission (restricted) compares the entry with \"ALL\" exactly, so \"all\" is reported too. Not "
            + "required on Windows pods (spec.os.name: windows), where the API rejects the field.",
        remediation: "Set securityContext.capabilities.drop: [\"ALL\"] on the container, and list under "
            + "capabilities.add only what is needed (usually nothing, or NET_BIND_SERVICE).",
        severity: .error
    ) { container, pod, _ in
        guard !SecuritySupport.isWindows(pod) else { return [] }
        let path = container.path / "securityContext" / "capabilities" / "drop"
        let who = SecuritySupport.label(container)
        let drop = container.securityContext?["capabilities"]?["drop"]?.items.map { $0.stringValue ?? "" } ?? []
        if drop.contains("ALL") { return [] }
        if let i = drop.firstIndex(where: { SecuritySupport.capability($0) == "ALL" }) {
            return [Violation("\(who) drops \"\(drop[i])\": write \"ALL\" (Pod Security admission compares it exactly)",
                              at: path / i)]
        }
        if drop.isEmpty {
            return [Violation("\(who) keeps the runtime's default capabilities (capabilities.drop does not contain ALL)",
                              at: path)]
        }
        return [Violation("\(who) drops \(drop.joined(separator: ", ")) but not ALL", at: path)]
    }
}
