import DocumentTree

/// networking.k8s.io/v1 Ingress.
public struct Ingress: KubernetesObject, Equatable {
    public var apiVersion: String { "networking.k8s.io/v1" }
    public var kind: String { "Ingress" }
    public var metadata: ObjectMeta
    public var spec: IngressSpec

    public init(metadata: ObjectMeta, spec: IngressSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}

public struct IngressSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var ingressClassName: String?
    public var tls: [IngressTLS]?
    public var rules: [IngressRule]

    public init(ingressClassName: String?, tls: [IngressTLS]?, rules: [IngressRule]) {
        self.ingressClassName = ingressClassName
        self.tls = tls
        self.rules = rules
    }

    public func document() throws -> DocNode {
        let covered = Set((tls ?? []).flatMap(\.hosts))
        for (i, rule) in rules.enumerated() where tls != nil && !covered.contains(rule.host) {
            throw InvalidValue("host \"\(rule.host)\" has a rule but no TLS entry covers it",
                               at: FieldPath([.key("rules"), .index(i), .key("host")]))
        }
        var fields = Fields()
        try fields.add("ingressClassName", ingressClassName)
        try fields.add("tls", tls)
        try fields.add("rules", rules)
        return fields.node
    }
}

public struct IngressTLS: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var hosts: [String]
    public var secretName: String
    public init(hosts: [String], secretName: String) {
        self.hosts = hosts
        self.secretName = secretName
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("hosts", hosts)
        try fields.add("secretName", secretName)
        return fields.node
    }
}

public struct IngressRule: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var host: String
    public var http: HTTPIngressRuleValue

    public init(host: String, paths: [HTTPIngressPath]) {
        self.host = host
        self.http = HTTPIngressRuleValue(paths: paths)
    }

    public func document() throws -> DocNode {
        try check(NameRules.dnsSubdomainProblem(host), host, what: "host name", at: "host")
        var fields = Fields()
        try fields.add("host", host)
        try fields.add("http", http)
        return fields.node
    }
}

public struct HTTPIngressRuleValue: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var paths: [HTTPIngressPath]

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("paths", paths)
        return fields.node
    }
}

public struct HTTPIngressPath: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var path: String
    public var pathType: String
    public var backend: IngressBackend

    /// Routes `path` to a Service port, referenced by the port's name.
    public init(_ path: String, pathType: String = "Prefix", service: String, port: ServicePort) {
        self.path = path
        self.pathType = pathType
        self.backend = IngressBackend(service: IngressServiceBackend(name: service, port: ServiceBackendPort(name: port.name)))
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("path", path)
        try fields.add("pathType", pathType)
        try fields.add("backend", backend)
        return fields.node
    }
}

public struct IngressBackend: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var service: IngressServiceBackend

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("service", service)
        return fields.node
    }
}

public struct IngressServiceBackend: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var port: ServiceBackendPort

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("port", port)
        return fields.node
    }
}

public struct ServiceBackendPort: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String?
    public var number: Int?
    public init(name: String) { self.name = name }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("number", number)
        return fields.node
    }
}
