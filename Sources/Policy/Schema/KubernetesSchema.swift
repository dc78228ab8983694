import DocumentTree

/// The built-in API's kinds and the fields and types of their objects, read from the table that
/// scripts/kubernetes-schema.py generates from the Kubernetes OpenAPI definitions
/// (`KubernetesSchemaTable.swift`), plus the CustomResourceDefinitions of the input
/// (`adding(definitionsIn:)`); a custom resource without its CRD is skipped.
public struct KubernetesSchema: Sendable {
    /// What a field holds, as the API server decodes it.
    public indirect enum FieldType: Sendable, Equatable {
        case string, integer, number, boolean
        /// IntOrString: a port, a percentage.
        case intOrString
        /// resource.Quantity: `500m`, `1Gi` or a plain number.
        case quantity
        /// Free-form (RawExtension, JSON, preserved unknown fields).
        case any
        case list(FieldType)
        case map(FieldType)
        /// A structure with named fields: the type's name in the table.
        case object(String)

        /// How a message names it.
        public var description: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .number: "a number"
            case .boolean: "a boolean"
            case .intOrString: "an integer or a string"
            case .quantity: "a quantity (a string like 500m or 1Gi, or a number)"
            case .any: "anything"
            case .list: "a list"
            case .map: "a map"
            case .object(let name): "an object (\(name.split(separator: ".").last.map(String.init) ?? name))"
            }
        }
    }

    /// apiVersion → kind → type name.
    let kinds: [String: [String: String]]
    /// Type name → field → type.
    let types: [String: [String: FieldType]]
    /// API groups it knows (`""` for the core group), to tell a typo in a known kind from a custom
    /// resource whose CRD is not in the input.
    let groups: Set<String>

    /// The schema shipped in the binary.
    public static let builtIn = KubernetesSchema(table: table)

    init(table: String) {
        var kinds: [String: [String: String]] = [:]
        var types: [String: [String: FieldType]] = [:]
        // On bytes: splitting the 160 kB table into Characters was 7 % of a Secure Messenger run.
        var table = table
        table.withUTF8 { bytes in
            func text(_ slice: Slice<UnsafeBufferPointer<UInt8>>) -> String { String(decoding: slice, as: UTF8.self) }
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                let words = line.split(separator: UInt8(ascii: " "))
                if line.first == UInt8(ascii: "@") {
                    kinds[text(words[0].dropFirst()), default: [:]][text(words[1])] = text(words[2])
                    continue
                }
                var fields: [String: FieldType] = [:]
                fields.reserveCapacity(words.count - 1)
                for word in words.dropFirst() {
                    let colon = word.firstIndex(of: UInt8(ascii: ":"))!
                    fields[text(word[..<colon])] = Self.fieldType(Substring(text(word[(colon + 1)...])))
                }
                types[text(words[0])] = fields
            }
        }
        self.init(kinds: kinds, types: types)
    }

    init(kinds: [String: [String: String]], types: [String: [String: FieldType]]) {
        self.kinds = kinds
        self.types = types
        groups = Set(kinds.keys.map(Self.group))
    }

    private static func fieldType(_ code: Substring) -> FieldType {
        switch code {
        case "s": .string
        case "i": .integer
        case "n": .number
        case "b": .boolean
        case "io": .intOrString
        case "q": .quantity
        case "*": .any
        default:
            if code.hasPrefix("[") { .list(fieldType(code.dropFirst())) }
            else if code.hasPrefix("{") { .map(fieldType(code.dropFirst())) }
            else { .object(String(code)) }
        }
    }

    /// The API group of an apiVersion: `apps` for `apps/v1`, `""` for `v1`.
    static func group(_ apiVersion: String) -> String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// Whether `apiVersion` belongs to a built-in API group (a custom resource's does not).
    public func knowsGroup(of apiVersion: String) -> Bool { groups.contains(Self.group(apiVersion)) }

    /// The kinds `apiVersion` serves, empty when it is not a served version.
    public func kinds(of apiVersion: String) -> [String] { kinds[apiVersion].map { $0.keys.sorted() } ?? [] }

    /// The versions of `apiVersion`'s group that serve `kind`.
    public func versions(serving kind: String, inGroupOf apiVersion: String) -> [String] {
        let group = Self.group(apiVersion)
        return kinds.filter { Self.group($0.key) == group && $0.value[kind] != nil }.map(\.key).sorted()
    }

    /// The type of an object of `apiVersion` and `kind`, if the table has it.
    public func type(apiVersion: String, kind: String) -> FieldType? {
        kinds[apiVersion]?[kind].map(FieldType.object)
    }

    /// The fields of an object type.
    public func fields(of type: String) -> [String: FieldType] { types[type] ?? [:] }
}
