import DocumentTree

extension Check {
    static let probePortExposed = Check.perContainer(
        id: "probe-port-exposed",
        summary: "An httpGet, tcpSocket or grpc probe must use a port (number or name) its own container declares.",
        rationale: "A probe on a port name the container does not declare can never run: the kubelet reports "
            + "\"port name not found\" and a liveness probe restarts the container in a loop, a readiness probe keeps "
            + "it out of every Service. A number the container does not declare is usually a stale port after the "
            + "app moved (the probe then fails the same way). Named ports resolve only against the probed "
            + "container's own ports, not its neighbours'.",
        remediation: "Point the probe's httpGet.port / tcpSocket.port / grpc.port at an entry of the same container's "
            + "ports[] (preferably by its name), or declare the port there (ports[].containerPort and name).",
        severity: .error
    ) { container, pod, _ in
        let declared = ReferenceSupport.ports(of: container)
        let neighbours = pod.containers(includingInit: true).filter { $0.path != container.path }
        var out: [Violation] = []
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let node = container[probe] else { continue }
            for handler in ["httpGet", "tcpSocket", "grpc"] {
                guard let port = ReferenceSupport.PortReference(node[handler]?["port"]),
                      !declared.contains(where: { $0.matches(port) })
                else { continue }
                let owner = neighbours.first { ReferenceSupport.ports(of: $0).contains { $0.matches(port) } }
                let hint = owner.map { other in
                    if case .name = port {
                        return "; only container \"\(other.name)\" declares it, and probes resolve port names in their own container"
                    }
                    return "; that port is container \"\(other.name)\"'s: the probe would check the wrong process"
                } ?? ""
                out.append(Violation("\(probe).\(handler).port \(port) is not a port of container \"\(container.name)\" "
                    + "(it declares \(ReferenceSupport.describe(declared))\(hint))",
                    at: container.path / probe / handler / "port"))
            }
        }
        return out
    }
}
