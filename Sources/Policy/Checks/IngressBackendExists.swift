import DocumentTree

extension Check {
    static let ingressBackendExists = Check(
        id: "ingress-backend-exists",
        summary: "Every Ingress backend must name a Service of the input in the Ingress's namespace, and one of its ports.",
        rationale: "A backend whose Service does not exist (or lives in another namespace, which an Ingress cannot "
            + "reach) or whose port is not a port of that Service answers 503 for every request on that path; the "
            + "controller only logs it.",
        remediation: "Set backend.service.name to the metadata.name of a Service in the same namespace and "
            + "backend.service.port.name (or .number) to one of its spec.ports[].name (or .port).",
        severity: .error, kinds: ["Ingress"]
    ) { object, context in
        var out: [Violation] = []
        for backend in ingressBackends(of: object) {
            guard let service = context.object(kind: "Service", namespace: object.namespace, name: backend.service) else {
                let elsewhere = context.objects.first { $0.kind == "Service" && $0.name == backend.service }
                let hint = elsewhere.map { " (\($0.reference) exists, but an Ingress routes only to Services of its own namespace)" } ?? ""
                out.append(Violation("backend Service \"\(backend.service)\" is not in namespace \(object.namespace ?? "(none)") "
                    + "of this input" + hint, at: backend.servicePath))
                continue
            }
            guard let port = backend.port, service.document["spec"]?["type"]?.stringValue != "ExternalName" else { continue }
            let ports = ReferenceSupport.servicePorts(of: service)
            if !ports.contains(where: { $0.matches(port) }) {
                out.append(Violation("backend port \(port) is not a port of \(service.reference) "
                    + "(it has \(ReferenceSupport.describe(ports)))", at: backend.portPath))
            }
        }
        return out
    }
}

/// One Service backend of an Ingress, with the paths of its fields.
private struct IngressServiceBackend {
    var service: String
    var servicePath: FieldPath
    var port: ReferenceSupport.PortReference?
    var portPath: FieldPath
}

/// The Service backends of an Ingress: `spec.defaultBackend` and every rule path, in
/// networking.k8s.io/v1 form (`service.name`, `service.port.number|name`) or the removed v1beta1
/// form (`spec.backend`, `serviceName`, `servicePort`). Resource backends are skipped.
private func ingressBackends(of object: PolicyObject) -> [IngressServiceBackend] {
    guard let spec = object.document["spec"] else { return [] }
    var located: [(DocNode, FieldPath)] = []
    for key in ["defaultBackend", "backend"] {
        if let b = spec[key] { located.append((b, FieldPath("spec", .key(key)))) }
    }
    for (i, rule) in (spec["rules"]?.items ?? []).enumerated() {
        for (j, path) in (rule["http"]?["paths"]?.items ?? []).enumerated() {
            if let b = path["backend"] {
                located.append((b, FieldPath("spec", "rules", .index(i), "http", "paths", .index(j), "backend")))
            }
        }
    }
    return located.compactMap { node, path in
        if let service = node["service"], let name = service["name"]?.stringValue {
            let port = service["port"]
            if let number = port?["number"] {
                return IngressServiceBackend(service: name, servicePath: path / "service" / "name",
                                             port: .init(number), portPath: path / "service" / "port" / "number")
            }
            return IngressServiceBackend(service: name, servicePath: path / "service" / "name",
                                         port: .init(port?["name"]), portPath: path / "service" / "port" / "name")
        }
        if let name = node["serviceName"]?.stringValue {
            return IngressServiceBackend(service: name, servicePath: path / "serviceName",
                                         port: .init(node["servicePort"]), portPath: path / "servicePort")
        }
        return nil
    }
}
