/// An ordered, typed document tree: what every model renders to before it becomes YAML or JSON.
///
/// Mappings keep their insertion order (Swift dictionaries do not, and would make output change
/// between runs); scalars keep their type, so a string `"true"` can never be written as a boolean.
public indirect enum DocNode: Equatable, Hashable, Sendable {
    case mapping([Field])
    case sequence([DocNode])
    case string(String)
    case int(Int)
    case bool(Bool)
    /// A decimal number already formatted (`0.5`), so that no float formatting reaches the output.
    case number(String)
    case null

    /// One key and its value in a mapping.
    public struct Field: Equatable, Hashable, Sendable {
        public var key: String
        public var value: DocNode
        public init(_ key: String, _ value: DocNode) {
            self.key = key
            self.value = value
        }
    }

    /// The value under `key` when this node is a mapping.
    public subscript(key: String) -> DocNode? {
        guard case .mapping(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    /// The string value of a scalar string node.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Builds a mapping from ordered pairs.
    public static func map(_ pairs: [(String, DocNode)]) -> DocNode {
        .mapping(pairs.map { Field($0.0, $0.1) })
    }

    /// A copy of this mapping with `value` stored under `key` (replaced in place, or appended).
    public func setting(_ key: String, to value: DocNode) -> DocNode {
        guard case .mapping(var fields) = self else { return self }
        if let i = fields.firstIndex(where: { $0.key == key }) {
            fields[i].value = value
        } else {
            fields.append(Field(key, value))
        }
        return .mapping(fields)
    }

    /// A copy of this mapping without `key`.
    public func removing(_ key: String) -> DocNode {
        guard case .mapping(let fields) = self else { return self }
        return .mapping(fields.filter { $0.key != key })
    }
}
