/// A model value that writes itself as a document node, checking its values on the way: an
/// invalid value throws `InvalidValue` with its path below this value, and each mapping or
/// sequence on the way out adds its key or index in front (`InvalidValue.under`), so a path
/// costs nothing unless something is wrong.
///
/// What the models used before was `Encodable` and an encoder into `DocNode`. Codable's
/// containers are existentials and its generic calls are resolved at run time: that was a fifth
/// of generating 300 services, and the runtime's type lookups on first use were 7 % of a Secure
/// Messenger run (perf, issue 17).
public protocol DocumentRepresentable {
    func document() throws -> DocNode
}

/// The fields of a mapping being built, in the order they are added.
public struct Fields {
    public var list: [DocNode.Field] = []

    public init() {}

    /// `value` under `key`; nothing when it is nil (an absent optional is an absent field).
    @inlinable
    public mutating func add<T: DocumentRepresentable>(_ key: String, _ value: T?) throws {
        guard let value else { return }
        list.append(DocNode.Field(key, try InvalidValue.under(.key(key)) { try value.document() }))
    }

    /// The mapping.
    public var node: DocNode { .mapping(list) }
}

extension InvalidValue {
    /// `body`'s result; an `InvalidValue` it throws gets `component` in front of its path.
    @inlinable
    public static func under<T>(_ component: FieldPath.Component, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as InvalidValue {
            error.path.components.insert(component, at: 0)
            throw error
        }
    }
}

extension String: DocumentRepresentable {
    public func document() -> DocNode { .string(self) }
}

extension Int: DocumentRepresentable {
    public func document() -> DocNode { .int(self) }
}

extension Bool: DocumentRepresentable {
    public func document() -> DocNode { .bool(self) }
}

extension DocNode: DocumentRepresentable {
    /// A tree embedded in a model as it is (the escape hatch for custom resources).
    public func document() -> DocNode { self }
}

extension Array: DocumentRepresentable where Element: DocumentRepresentable {
    public func document() throws -> DocNode {
        var items: [DocNode] = []
        items.reserveCapacity(count)
        for (index, item) in enumerated() {
            items.append(try InvalidValue.under(.index(index)) { try item.document() })
        }
        return .sequence(items)
    }
}

extension DocumentRepresentable where Self: RawRepresentable, RawValue == String {
    /// An enumeration of the API's strings is written as its raw value.
    public func document() -> DocNode { .string(rawValue) }
}
