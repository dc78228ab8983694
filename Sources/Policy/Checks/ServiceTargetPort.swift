import DocumentTree

extension Check {
    static let serviceTargetPort = Check(
        id: "service-target-port",
        summary: "Each Service port's targetPort (name or number) must be a container port of the pods it selects.",
        rationale: "A named targetPort that no selected pod declares leaves the Service with no endpoints for that "
            + "port; a number no pod declares usually means the app listens elsewhere. Either way clients get "
            + "connection refused or time out, and `kubectl apply` accepts it silently.",
        remediation: "Set spec.ports[].targetPort to the name (preferred) or number of a ports[] entry "
            + "(containerPort/name) of the selected pods' containers, or declare that port in the pod template.",
        severity: .error, kinds: ["Service"]
    ) { object, context in
        guard let spec = object.document["spec"], spec["type"]?.stringValue != "ExternalName" else { return [] }
        let selector = LabelSelectorView(labels: spec["selector"]?.stringMap ?? [:])
        // No selector: endpoints are managed by hand. Selecting nothing: service-selector-matches reports it.
        guard !selector.isEmpty else { return [] }
        let selected = context.workloads(selectedBy: selector, namespace: object.namespace)
        let pods = selected.compactMap { PodTemplateView($0) }
        guard !pods.isEmpty else { return [] }
        let served = pods.map { ReferenceSupport.servingPorts(of: $0) }
        var out: [Violation] = []
        for (i, port) in (spec["ports"]?.items ?? []).enumerated() {
            let explicit = port["targetPort"]
            guard let target = ReferenceSupport.PortReference(explicit ?? port["port"]) else { continue }
            if served.contains(where: { ports in ports.contains { $0.matches(target) } }) { continue }
            let what = explicit == nil ? "targetPort (defaulting to port \(target))" : "targetPort \(target)"
            let declared = zip(selected, served).map { "\($0.0.reference) declares \(ReferenceSupport.describe($0.1))" }
            out.append(Violation("\(what) is not a container port of any selected pod (\(declared.joined(separator: "; ")))",
                                 at: FieldPath("spec", "ports", .index(i), "targetPort")))
        }
        return out
    }
}
