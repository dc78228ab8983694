import DocumentTree

extension Check {
    static let statefulSetServiceName = Check(
        id: "statefulset-service-name",
        summary: "A StatefulSet's serviceName must name a headless Service (clusterIP: None) of the input in its namespace.",
        rationale: "The governing Service gives each pod its stable DNS name (<pod>.<serviceName>): peers of a "
            + "replicated database or queue find each other through it. When it is missing, or not headless, those "
            + "names do not resolve and clustering fails at runtime, while the apply succeeds.",
        remediation: "Add a Service with clusterIP: None and the StatefulSet's pod selector, named as spec.serviceName, "
            + "or correct spec.serviceName to the existing headless Service.",
        severity: .warning, kinds: ["StatefulSet"]
    ) { object, context in
        guard let name = object.document["spec"]?["serviceName"]?.stringValue, !name.isEmpty else { return [] }
        let path = FieldPath("spec", "serviceName")
        guard let service = context.object(kind: "Service", namespace: object.namespace, name: name) else {
            return [Violation("serviceName \"\(name)\" names no Service of this input in namespace "
                + "\(object.namespace ?? "(none)"): its pods' DNS names will not resolve", at: path)]
        }
        guard service.document["spec"]?["clusterIP"]?.stringValue != "None" else { return [] }
        return [Violation("serviceName \"\(name)\" names \(service.reference), which is not headless (it does not set clusterIP: None): "
            + "its pods get no DNS names of their own", at: path)]
    }
}
