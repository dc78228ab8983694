import DocumentTree

extension Check {
    static let serviceTargetPortUndeclared = Check(
        id: "service-target-port-undeclared",
        summary: "A Service's numeric targetPort should be a port the selected pods declare.",
        rationale: "Kubernetes does not require containers to declare the ports they listen on, so a Service "
            + "sending to an undeclared number works when the app listens there. But nothing in the manifests then "
            + "shows that it does: a stale number after the app moved, or a typo, gives a Service whose "
            + "connections are refused, and named targetPorts, NetworkPolicies by port name and readers of the "
            + "manifest all rely on the declaration.",
        remediation: "Declare the port in the selected pods' containers (ports[].containerPort, with a name) and "
            + "preferably refer to it by that name in spec.ports[].targetPort.",
        severity: .warning, kinds: ["Service"]
    ) { object, context in
        ReferenceSupport.unservedTargets(of: object, in: context).compactMap { unserved in
            guard case .number = unserved.target else { return nil }
            return Violation("\(unserved.what) is not declared by any selected pod (\(unserved.declared)); it works "
                + "only if the app listens on it, which Kubernetes does not check", at: unserved.path)
        }
    }
}
