import DocumentTree

extension Check {
    static let sshPort = Check.perContainer(
        id: "ssh-port",
        summary: "Containers should not expose SSH (container port 22, or a port named ssh).",
        rationale: "An SSH server in a container is a second way in that bypasses the API server's audit log, RBAC "
            + "and `kubectl exec` controls, keeps long-lived keys or passwords in the image, and usually means the "
            + "container is managed by hand instead of being replaced. The port number or name is only a signal "
            + "(kube-linter's ssh-port reads it the same way): a service that really listens on 22 for another "
            + "protocol can be suppressed with its reason.",
        remediation: "Remove the SSH server and the port; debug with `kubectl exec` or `kubectl debug`, copy files "
            + "with `kubectl cp`, and ship changes as a new image.",
        severity: .warning
    ) { container, _, _ in
        (container["ports"]?.items ?? []).enumerated().compactMap { i, port in
            let number = port["containerPort"]?.intValue
            let name = port["name"]?.stringValue
            // Port 22 carries SSH over TCP only; an SCTP or UDP 22 is something else.
            let tcp = (port["protocol"]?.stringValue ?? "TCP") == "TCP"
            guard tcp, number == 22 || name?.lowercased() == "ssh" else { return nil }
            let what = number == 22 ? "container port 22" : "port \(number.map(String.init) ?? "?") named \"\(name ?? "")\""
            return Violation("\(SecuritySupport.label(container)) exposes \(what), SSH's port",
                             at: container.path / "ports" / i / (number == 22 ? "containerPort" : "name"))
        }
    }
}
