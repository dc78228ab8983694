import DocumentTree

/// A map of string keys to free-form string values (annotations, ConfigMap data, node selectors),
/// always written sorted by key, never in hash order.
public struct StringMap: Equatable, Hashable, Sendable, DocumentRepresentable, ExpressibleByDictionaryLiteral {
    public typealias Key = String
    public typealias Value = String

    public private(set) var pairs: [(key: String, value: String)]

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = []
        for (k, v) in pairs { self[k] = v }
    }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    public subscript(key: String) -> String? {
        get { pairs.first { $0.key == key }?.value }
        set {
            pairs.removeAll { $0.key == key }
            if let newValue {
                pairs.append((key, newValue))
                pairs.sort { $0.key < $1.key }
            }
        }
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (a: StringMap, b: StringMap) -> Bool {
        a.pairs.elementsEqual(b.pairs) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (k, v) in pairs {
            hasher.combine(k)
            hasher.combine(v)
        }
    }

    public func document() -> DocNode {
        .mapping(pairs.map { DocNode.Field($0.key, .string($0.value)) })
    }
}

/// Labels: a `StringMap` whose keys and values are checked against Kubernetes' syntax when written.
public struct Labels: Equatable, Hashable, Sendable, DocumentRepresentable, ExpressibleByDictionaryLiteral {
    public typealias Key = String
    public typealias Value = String

    public private(set) var map: StringMap

    public init(_ pairs: [(String, String)] = []) { map = StringMap(pairs) }
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    public var pairs: [(key: String, value: String)] { map.pairs }
    public var isEmpty: Bool { map.isEmpty }

    public subscript(key: String) -> String? {
        get { map[key] }
        set { map[key] = newValue }
    }

    /// These labels with `other`'s added (other wins on equal keys).
    public func merging(_ other: Labels) -> Labels {
        var out = self
        for (k, v) in other.pairs { out[k] = v }
        return out
    }

    /// Whether every label of `self` is also in `other` with the same value.
    public func isSubset(of other: Labels) -> Bool {
        pairs.allSatisfy { other[$0.key] == $0.value }
    }

    public func document() throws -> DocNode {
        for (k, v) in pairs {
            try check(NameRules.qualifiedNameProblem(k), k, what: "label key")
            try check(NameRules.labelValueProblem(v), v, what: "label value", at: k)
        }
        return map.document()
    }
}
