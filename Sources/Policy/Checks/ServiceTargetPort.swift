import DocumentTree

extension Check {
    static let serviceTargetPort = Check(
        id: "service-target-port",
        summary: "Each Service port's targetPort name must be a container port name of the pods it selects.",
        rationale: "A named targetPort that no selected pod declares leaves the Service with no endpoints for that "
            + "port: clients get connection refused or time out, and `kubectl apply` accepts it silently. (A number "
            + "the pods do not declare may still work, since Kubernetes does not require ports to be declared: "
            + "service-target-port-undeclared warns about it.)",
        remediation: "Set spec.ports[].targetPort to the name of a ports[] entry (containerPort/name) of the selected "
            + "pods' containers, or declare that port, with that name, in the pod template.",
        severity: .error, kinds: ["Service"]
    ) { object, context in
        ReferenceSupport.unservedTargets(of: object, in: context).compactMap { unserved in
            guard case .name = unserved.target else { return nil }
            return Violation("\(unserved.what) is not a container port of any selected pod (\(unserved.declared))",
                             at: unserved.path)
        }
    }
}
