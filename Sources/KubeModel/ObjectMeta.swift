import DocumentTree

/// `metadata` of every object. Names are checked by the object wrapper, which knows the kind.
public struct ObjectMeta: Equatable, Hashable, Sendable, Encodable {
    public var name: String
    public var namespace: String?
    public var labels: Labels?
    public var annotations: StringMap?

    public init(name: String, namespace: String? = nil, labels: Labels? = nil, annotations: StringMap? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(namespace, forKey: .namespace)
        if let labels, !labels.isEmpty { try c.encode(labels, forKey: .labels) }
        if let annotations, !annotations.isEmpty {
            let keys = annotations.pairs.map(\.key)
            for key in keys {
                if let problem = NameRules.qualifiedNameProblem(key) {
                    throw InvalidValue("\"\(key)\" is not a valid annotation key: \(problem)",
                                       codingPath: encoder.codingPath + [CodingKeys.annotations])
                }
            }
            try c.encode(annotations, forKey: .annotations)
        }
    }

    enum CodingKeys: String, CodingKey { case name, namespace, labels, annotations }
}

/// Metadata of a pod template or job template: labels and annotations only.
public struct TemplateMeta: Equatable, Hashable, Sendable, Encodable {
    public var labels: Labels?
    public var annotations: StringMap?

    public init(labels: Labels? = nil, annotations: StringMap? = nil) {
        self.labels = labels
        self.annotations = annotations
    }
}
