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

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct IngressSpec: Equatable, Hashable, Sendable, Encodable {
    public var ingressClassName: String?
    public var tls: [IngressTLS]?
    public var rules: [IngressRule]

    public init(ingressClassName: String?, tls: [IngressTLS]?, rules: [IngressRule]) {
        self.ingressClassName = ingressClassName
        self.tls = tls
        self.rules = rules
    }

    public func encode(to encoder: any Encoder) throws {
        let covered = Set((tls ?? []).flatMap(\.hosts))
        for (i, rule) in rules.enumerated() where tls != nil && !covered.contains(rule.host) {
            throw InvalidValue("host \"\(rule.host)\" has a rule but no TLS entry covers it",
                               at: FieldPath(codingPath: encoder.codingPath)
                                   .appending(.key("rules")).appending(.index(i)).appending(.key("host")))
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(ingressClassName, forKey: .ingressClassName)
        try c.encodeIfPresent(tls, forKey: .tls)
        try c.encode(rules, forKey: .rules)
    }

    enum CodingKeys: String, CodingKey { case ingressClassName, tls, rules }
}

public struct IngressTLS: Equatable, Hashable, Sendable, Encodable {
    public var hosts: [String]
    public var secretName: String
    public init(hosts: [String], secretName: String) {
        self.hosts = hosts
        self.secretName = secretName
    }
}

public struct IngressRule: Equatable, Hashable, Sendable, Encodable {
    public var host: String
    public var http: HTTPIngressRuleValue

    public init(host: String, paths: [HTTPIngressPath]) {
        self.host = host
        self.http = HTTPIngressRuleValue(paths: paths)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.check(NameRules.dnsSubdomainProblem(host), host, what: "host name", at: CodingKeys.host)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(host, forKey: .host)
        try c.encode(http, forKey: .http)
    }

    enum CodingKeys: String, CodingKey { case host, http }
}

public struct HTTPIngressRuleValue: Equatable, Hashable, Sendable, Encodable {
    public var paths: [HTTPIngressPath]
}

public struct HTTPIngressPath: Equatable, Hashable, Sendable, Encodable {
    public var path: String
    public var pathType: String
    public var backend: IngressBackend

    /// Routes `path` to a Service port, referenced by the port's name.
    public init(_ path: String, pathType: String = "Prefix", service: String, port: ServicePort) {
        self.path = path
        self.pathType = pathType
        self.backend = IngressBackend(service: IngressServiceBackend(name: service, port: ServiceBackendPort(name: port.name)))
    }
}

public struct IngressBackend: Equatable, Hashable, Sendable, Encodable {
    public var service: IngressServiceBackend
}

public struct IngressServiceBackend: Equatable, Hashable, Sendable, Encodable {
    public var name: String
    public var port: ServiceBackendPort
}

public struct ServiceBackendPort: Equatable, Hashable, Sendable, Encodable {
    public var name: String?
    public var number: Int?
    public init(name: String) { self.name = name }
}
