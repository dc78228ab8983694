import DocumentTree

/// `metadata` of every object. Names are checked by the object wrapper, which knows the kind.
public struct ObjectMeta: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("namespace", namespace)
        if let labels, !labels.isEmpty { try fields.add("labels", labels) }
        if let annotations, !annotations.isEmpty {
            let keys = annotations.pairs.map(\.key)
            for key in keys {
                if let problem = NameRules.qualifiedNameProblem(key) {
                    throw InvalidValue("\"\(key)\" is not a valid annotation key: \(problem)",
                                       at: FieldPath([.key("annotations")]))
                }
            }
            try fields.add("annotations", annotations)
        }
        return fields.node
    }
}

/// Metadata of a pod template or job template: labels and annotations only.
public struct TemplateMeta: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var labels: Labels?
    public var annotations: StringMap?

    public init(labels: Labels? = nil, annotations: StringMap? = nil) {
        self.labels = labels
        self.annotations = annotations
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("labels", labels)
        try fields.add("annotations", annotations)
        return fields.node
    }
}
