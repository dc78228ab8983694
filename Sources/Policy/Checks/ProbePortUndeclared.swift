import DocumentTree

extension Check {
    static let probePortUndeclared = Check.perContainer(
        id: "probe-port-undeclared",
        summary: "A probe's port number should be one its container declares.",
        rationale: "Kubernetes does not require containers to declare their ports, so a probe on an undeclared "
            + "number works when the app listens there. But nothing in the manifest shows that it does, and a "
            + "stale number after the app moved fails the probe: a liveness probe then restarts the container in "
            + "a loop, a readiness probe keeps it out of every Service.",
        remediation: "Declare the port in the container (ports[].containerPort, with a name) and refer to it by that "
            + "name in the probe.",
        severity: .warning
    ) { container, pod, _ in
        ReferenceSupport.undeclaredProbePorts(of: container, in: pod).compactMap { undeclared in
            guard case .number = undeclared.port, undeclared.owner == nil else { return nil }
            return Violation("\(undeclared.probe).port \(undeclared.port) is not declared by container \"\(container.name)\" "
                + "(it declares \(ReferenceSupport.describe(ReferenceSupport.ports(of: container)))); it works only if the "
                + "app listens on it, which Kubernetes does not check", at: undeclared.path)
        }
    }
}
