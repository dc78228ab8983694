import DocumentTree
import KubeModel

/// Where an object came from, so that a finding can say where to fix it.
public enum Origin: Sendable, Equatable {
    /// Declared in Swift: the file and line of the declaration.
    case model(SourceLocation, environment: String)
    /// Read from YAML: the file, and the line of every field.
    case file(path: String, lines: LineMap)
}

/// Line numbers of the fields of one YAML document (1-based), shaped like the document: the line
/// of each position (a key's line for a mapping's value, an item's own line in a sequence) and
/// its children's. An alias shares its anchor's tree, so the map costs nothing per alias use.
public struct LineMap: Sendable, Equatable {
    let root: LineTree?

    /// No lines: findings are located in the file only.
    public init() { root = nil }

    /// Every field on `line` (a document whose text gen did not read, such as kustomize's output).
    public init(line: Int) { root = LineTree(line: line) }

    init(_ root: LineTree) { self.root = root }

    /// The line of `path`, or of its nearest ancestor that has one.
    public func line(of path: FieldPath) -> Int? {
        guard var node = root else { return nil }
        for component in path.components {
            guard let child = node.child(component) else { break }
            node = child
        }
        return node.line
    }

    /// Every path and its line (what tests compare).
    var entries: [FieldPath: Int] {
        var out: [FieldPath: Int] = [:]
        func visit(_ node: LineTree, _ path: [FieldPath.Component]) {
            out[FieldPath(path)] = node.line
            for (component, child) in node.labelled { visit(child, path + [component]) }
        }
        if let root { visit(root, []) }
        return out
    }
}

/// One position of a document and the positions under it, in the document's order.
final class LineTree: Sendable, Equatable {
    let line: Int
    /// The keys of a mapping's fields (empty for a sequence or a scalar).
    let keys: [String]
    let children: [LineTree]

    init(line: Int, keys: [String] = [], children: [LineTree] = []) {
        self.line = line
        self.keys = keys
        self.children = children
    }

    func child(_ component: FieldPath.Component) -> LineTree? {
        switch component {
        case .key(let key): return keys.firstIndex(of: key).map { children[$0] }
        case .index(let i): return keys.isEmpty && children.indices.contains(i) ? children[i] : nil
        }
    }

    var labelled: [(FieldPath.Component, LineTree)] {
        keys.isEmpty ? children.enumerated().map { (.index($0), $1) } : zip(keys, children).map { (.key($0), $1) }
    }

    static func == (a: LineTree, b: LineTree) -> Bool {
        a === b || (a.line == b.line && a.keys == b.keys && a.children == b.children)
    }
}

/// One object as the checks see it: its rendered document (what the API server receives, whether
/// it came from the typed model or from a YAML file) and where it came from.
public struct PolicyObject: Sendable {
    public let document: DocNode
    public let origin: Origin

    // Identity is read once: checks and indexes ask for it for every pair of objects.
    public let apiVersion: String
    public let kind: String
    public let name: String
    public let namespace: String?

    public init(document: DocNode, origin: Origin) {
        self.document = document
        self.origin = origin
        // A name written `123` or `!!int 123` is still shown as written (the API rejects it as a
        // non-string, which is a finding of its own, not a reason to print an empty name).
        apiVersion = document["apiVersion"]?.scalarText ?? ""
        kind = document["kind"]?.scalarText ?? ""
        name = document["metadata"]?["name"]?.scalarText ?? ""
        namespace = document["metadata"]?["namespace"]?.scalarText
        podTemplate = PodTemplateView(document: document, kind: kind)
    }

    /// The pod this object runs, read once: most checks ask for it, for every object.
    let podTemplate: PodTemplateView?

    public var labels: [String: String] { document["metadata"]?["labels"]?.stringMap ?? [:] }
    public var annotations: [String: String] { document["metadata"]?["annotations"]?.stringMap ?? [:] }

    /// `Kind/namespace/name`, the form reports use, or `Kind/name` without a namespace
    /// (cluster-scoped, or left to `kubectl apply -n`).
    public var reference: String {
        guard let namespace, !namespace.isEmpty else { return "\(kind)/\(name)" }
        return "\(kind)/\(namespace)/\(name)"
    }

    /// The value at `path`.
    public subscript(_ path: FieldPath) -> DocNode? { document.value(at: path) }
}

extension DocNode {
    /// The value at `path`, following keys and indexes.
    public func value(at path: FieldPath) -> DocNode? {
        var node: DocNode? = self
        for component in path.components {
            switch component {
            case .key(let k): node = node?[k]
            case .index(let i):
                guard case .sequence(let items)? = node, items.indices.contains(i) else { return nil }
                node = items[i]
            }
        }
        return node
    }

    public var intValue: Int? {
        if case .int(let i) = self { return i }
        if case .string(let s) = self { return Int(s) }
        return nil
    }

    /// A scalar as written: a string, or the text of a number or boolean; nil for anything else.
    public var scalarText: String? {
        switch self {
        case .string(let s), .number(let s): s
        case .int(let i): String(i)
        case .bool(let b): String(b)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var items: [DocNode] {
        if case .sequence(let items) = self { return items }
        return []
    }

    public var fields: [Field] {
        if case .mapping(let fields) = self { return fields }
        return []
    }

    /// A mapping of strings as a dictionary (labels, selectors); non-string values are skipped.
    public var stringMap: [String: String] {
        var out: [String: String] = [:]
        for f in fields {
            if let text = f.value.scalarText { out[f.key] = text }
        }
        return out
    }
}

extension FieldPath {
    /// Builds a path from keys and indexes: `FieldPath("spec", "template", "spec")`.
    public init(_ components: Component...) { self.init(components) }

    public static func / (path: FieldPath, key: String) -> FieldPath { path.appending(.key(key)) }
    public static func / (path: FieldPath, index: Int) -> FieldPath { path.appending(.index(index)) }
}

extension FieldPath.Component: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}
