import Synchronization

/// Encodes any `Encodable` model into a `DocNode`, keeping fields in the order `encode(to:)`
/// writes them (declaration order for synthesized conformances) and omitting `nil` optionals.
///
/// Models check their values in `encode(to:)` and throw `InvalidValue` with the coding path, so
/// encoding is also validation. Floating-point values are refused: quantities and ratios are
/// strings or integers in Kubernetes, and floats would make the output depend on formatting.
public struct TreeEncoder {
    public init() {}

    public func encode(_ value: some Encodable) throws -> DocNode {
        let root = Slot()
        try value.encode(to: NodeEncoder(slot: root, path: nil))
        return root.resolve()
    }
}

/// A place that receives one value: a finished scalar, or a container still being filled.
private final class Slot {
    enum Content {
        case empty
        case scalar(DocNode)
        case map(MapBox)
        case list(ListBox)
    }
    var content: Content = .empty

    func resolve() -> DocNode {
        switch content {
        case .empty: return .mapping([])
        case .scalar(let n): return n
        case .map(let box): return .mapping(box.entries.map { DocNode.Field($0.0, $0.1.resolve()) })
        case .list(let box): return .sequence(box.items.map { $0.resolve() })
        }
    }

    func mapBox() -> MapBox {
        if case .map(let box) = content { return box }
        let box = MapBox()
        content = .map(box)
        return box
    }

    func listBox() -> ListBox {
        if case .list(let box) = content { return box }
        let box = ListBox()
        content = .list(box)
        return box
    }
}

private final class MapBox {
    var entries: [(String, Slot)] = []
    func slot(for key: String) -> Slot {
        if let existing = entries.first(where: { $0.0 == key }) { return existing.1 }
        let slot = Slot()
        entries.append((key, slot))
        return slot
    }
    func remove(_ key: String) { entries.removeAll { $0.0 == key } }
}

private final class ListBox {
    var items: [Slot] = []
}

/// A coding path as a chain from the innermost key outwards. Containers hold one and build the
/// `[any CodingKey]` array only when asked (a model's check or an error): building it for every
/// field copied an array of existentials per value, most of the encoder's cost (perf).
private final class PathLink {
    let parent: PathLink?
    let key: any CodingKey

    init(_ parent: PathLink?, _ key: any CodingKey) {
        self.parent = parent
        self.key = key
    }
}

extension Optional where Wrapped == PathLink {
    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var link = self
        while let l = link {
            keys.append(l.key)
            link = l.parent
        }
        return keys.reversed()
    }
}

private struct NodeEncoder: Encoder {
    let slot: Slot
    let path: PathLink?
    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(box: slot.mapBox(), path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(box: slot.listBox(), path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, path: path)
    }
}

/// Turns one value into a node: scalars directly, everything else through its own `encode(to:)`.
/// The path is built only for values that are not plain scalars.
private func encodeValue<T: Encodable>(_ value: T, into slot: Slot, at path: () -> PathLink?) throws {
    switch value {
    case let s as String: slot.content = .scalar(.string(s))
    case let b as Bool: slot.content = .scalar(.bool(b))
    case let i as Int: slot.content = .scalar(.int(i))
    case let node as DocNode: slot.content = .scalar(node)
    default:
        switch ScalarKind.of(T.self) {
        case .integer:
            let i = value as! any FixedWidthInteger
            guard let value = Int(exactly: i) else {
                throw InvalidValue("\(i) does not fit in a signed 64-bit integer", codingPath: path().codingPath)
            }
            slot.content = .scalar(.int(value))
        case .floatingPoint:
            throw InvalidValue("floating-point values are not allowed in models; use an integer or a string",
                               codingPath: path().codingPath)
        case .other:
            try value.encode(to: NodeEncoder(slot: slot, path: path()))
        }
    }
}

/// Whether a type is an integer or a floating-point type, decided once per type: a cast to a
/// protocol existential looks the conformance up in the runtime's tables, and for every struct of
/// the models that was 8 % of a Secure Messenger run (perf).
private enum ScalarKind {
    case integer, floatingPoint, other

    private static let known = Mutex<[ObjectIdentifier: ScalarKind]>([:])

    static func of<T>(_ type: T.Type) -> ScalarKind {
        let id = ObjectIdentifier(type)
        if let kind = known.withLock({ $0[id] }) { return kind }
        let kind: ScalarKind = type is any FixedWidthInteger.Type ? .integer : type is any BinaryFloatingPoint.Type ? .floatingPoint : .other
        known.withLock { $0[id] = kind }
        return kind
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: MapBox
    let path: PathLink?
    var codingPath: [any CodingKey] { path.codingPath }

    mutating func encodeNil(forKey key: Key) throws { box.slot(for: key.stringValue).content = .scalar(.null) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        let slot = box.slot(for: key.stringValue)
        do {
            try encodeValue(value, into: slot) { PathLink(path, key) }
        } catch {
            box.remove(key.stringValue)
            throw error
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedContainer<NestedKey>(
            box: box.slot(for: key.stringValue).mapBox(), path: PathLink(path, key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedContainer(box: box.slot(for: key.stringValue).listBox(), path: PathLink(path, key))
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(slot: box.slot(for: "super"), path: path)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(slot: box.slot(for: key.stringValue), path: PathLink(path, key))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ListBox
    let path: PathLink?
    var codingPath: [any CodingKey] { path.codingPath }
    var count: Int { box.items.count }

    private func next() -> (Slot, PathLink) {
        let slot = Slot()
        let link = PathLink(path, IndexKey(box.items.count))
        box.items.append(slot)
        return (slot, link)
    }

    mutating func encodeNil() throws { next().0.content = .scalar(.null) }

    mutating func encode(_ value: some Encodable) throws {
        let index = box.items.count
        let slot = Slot()
        box.items.append(slot)
        try encodeValue(value, into: slot) { PathLink(path, IndexKey(index)) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let (slot, path) = next()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: slot.mapBox(), path: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let (slot, path) = next()
        return UnkeyedContainer(box: slot.listBox(), path: path)
    }

    mutating func superEncoder() -> any Encoder {
        let (slot, path) = next()
        return NodeEncoder(slot: slot, path: path)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    let path: PathLink?
    var codingPath: [any CodingKey] { path.codingPath }

    mutating func encodeNil() throws { slot.content = .scalar(.null) }
    mutating func encode(_ value: some Encodable) throws {
        try encodeValue(value, into: slot) { path }
    }
}
