import DocumentTree

/// A map of label keys to values, always written sorted by key (never in hash order), with keys
/// and values checked against Kubernetes' syntax when encoded.
public struct Labels: Equatable, Hashable, Sendable, Encodable, ExpressibleByDictionaryLiteral {
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

    public static func == (a: Labels, b: Labels) -> Bool {
        a.pairs.elementsEqual(b.pairs) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (k, v) in pairs {
            hasher.combine(k)
            hasher.combine(v)
        }
    }

    private struct MapKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: MapKey.self)
        for (k, v) in pairs {
            try encoder.check(NameRules.qualifiedNameProblem(k), k, what: "label key")
            if let problem = NameRules.labelValueProblem(v) {
                throw InvalidValue("\"\(v)\" is not a valid label value: \(problem)",
                                   codingPath: encoder.codingPath + [MapKey(stringValue: k)])
            }
            try c.encode(v, forKey: MapKey(stringValue: k))
        }
    }
}

/// A map of string keys to free-form string values (annotations, ConfigMap data, node selectors),
/// written sorted by key.
public struct StringMap: Equatable, Hashable, Sendable, Encodable, ExpressibleByDictionaryLiteral {
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

    private struct MapKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: MapKey.self)
        for (k, v) in pairs { try c.encode(v, forKey: MapKey(stringValue: k)) }
    }
}
