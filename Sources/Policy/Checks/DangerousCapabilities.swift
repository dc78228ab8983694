import DocumentTree

extension Check {
    static let dangerousCapabilitiesParameter = Parameter(
        "capabilities",
        default: "SYS_ADMIN,NET_ADMIN,NET_RAW,SYS_PTRACE,SYS_MODULE,DAC_READ_SEARCH,BPF,PERFMON,SYS_RAWIO,ALL",
        help: "comma-separated capabilities that containers may not add (compared upper case, with or without CAP_)")

    static let dangerousCapabilities = Check.perContainer(
        id: "dangerous-capabilities",
        summary: "Containers must not add dangerous capabilities (SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, ... or ALL).",
        rationale: "Each of these turns code execution in the container into control of the node or its network: "
            + "SYS_ADMIN allows mount, namespaces and most known container escapes; SYS_MODULE loads kernel modules; "
            + "SYS_RAWIO and DAC_READ_SEARCH read raw devices and any host file by handle (the \"shocker\" escape); "
            + "SYS_PTRACE reads and injects into other processes; BPF and PERFMON load eBPF programs and trace the "
            + "kernel; NET_ADMIN rewrites routes and iptables; NET_RAW forges packets (ARP and DNS spoofing of "
            + "neighbouring pods); ALL grants all of them.",
        remediation: "Remove the capability from securityContext.capabilities.add; if the workload really needs it "
            + "(a CNI or monitoring agent), run it as a separate, reviewed DaemonSet and suppress with a reason.",
        severity: .error, parameters: [dangerousCapabilitiesParameter]
    ) { container, _, _ in
        let forbidden = Set(dangerousCapabilitiesParameter.defaultValue.split(separator: ",").map {
            SecuritySupport.capability(String($0))
        })
        let path = container.path / "securityContext" / "capabilities" / "add"
        let added = container.securityContext?["capabilities"]?["add"]?.items ?? []
        return added.enumerated().compactMap { i, node in
            guard let name = node.stringValue, forbidden.contains(SecuritySupport.capability(name)) else { return nil }
            return Violation("\(SecuritySupport.label(container)) adds capability \(name)", at: path / i)
        }
    }
}
