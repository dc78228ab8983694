import DocumentTree

extension Check {
    static let probePortExposed = Check.perContainer(
        id: "probe-port-exposed",
        summary: "An httpGet, tcpSocket or grpc probe's port name must be one its own container declares, and its "
            + "number not another container's.",
        rationale: "A probe on a port name the container does not declare can never run: the kubelet reports "
            + "\"port name not found\" and a liveness probe restarts the container in a loop, a readiness probe keeps "
            + "it out of every Service. Named ports resolve only against the probed container's own ports, not its "
            + "neighbours'; a number that a neighbour declares probes the wrong process. (A number no container "
            + "declares may still work: probe-port-undeclared warns about it.)",
        remediation: "Point the probe's httpGet.port / tcpSocket.port / grpc.port at an entry of the same container's "
            + "ports[] (preferably by its name), or declare the port there (ports[].containerPort and name).",
        severity: .error
    ) { container, pod, _ in
        ReferenceSupport.undeclaredProbePorts(of: container, in: pod).compactMap { undeclared in
            let hint: String
            switch (undeclared.port, undeclared.owner) {
            case (.name, let owner?):
                hint = "; only container \"\(owner.name)\" declares it, and probes resolve port names in their own container"
            case (.name, nil): hint = ""
            case (.number, let owner?): hint = "; that port is container \"\(owner.name)\"'s: the probe would check the wrong process"
            case (.number, nil): return nil
            }
            return Violation("\(undeclared.probe).port \(undeclared.port) is not a port of container \"\(container.name)\" "
                + "(it declares \(ReferenceSupport.describe(ReferenceSupport.ports(of: container)))\(hint))", at: undeclared.path)
        }
    }
}
