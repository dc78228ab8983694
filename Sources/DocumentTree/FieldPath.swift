/// A path into a document, printed the way Kubernetes documentation writes it:
/// `spec.template.spec.containers[0].resources.limits.memory`.
public struct FieldPath: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Component: Equatable, Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Builds a path from the coding path that `Encoder` and `Decoder` carry.
    public init(codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            if let index = key as? IndexKey { return .index(index.index) }
            return .key(key.stringValue)
        }
    }

    public func appending(_ component: Component) -> FieldPath {
        FieldPath(components + [component])
    }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let k):
                if !out.isEmpty { out += "." }
                out += k
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }
}

/// A value that a model refuses, with the field that holds it.
///
/// Thrown while a model is encoded (which is when it is checked), so that the message can say
/// exactly which field of which object is wrong; `Generator` adds the environment, component and
/// object in front.
public struct InvalidValue: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: FieldPath
    public var message: String

    public init(_ message: String, at path: FieldPath) {
        self.message = message
        self.path = path
    }

    /// Convenience for `encode(to:)` implementations.
    public init(_ message: String, codingPath: [any CodingKey]) {
        self.init(message, at: FieldPath(codingPath: codingPath))
    }

    public var description: String {
        path.components.isEmpty ? message : "\(path): \(message)"
    }
}

/// The coding key of an element of a sequence.
public struct IndexKey: CodingKey, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public init?(intValue: Int) { self.index = intValue }
    public init?(stringValue: String) { return nil }
    public var intValue: Int? { index }
    public var stringValue: String { "[\(index)]" }
}

/// A coding key for keys known only at run time (map entries, custom-resource fields).
public struct DynamicKey: CodingKey, Sendable {
    public let stringValue: String
    public init(_ key: String) { stringValue = key }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
    public var intValue: Int? { nil }
}
