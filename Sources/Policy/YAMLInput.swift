import DocumentTree
import Yams

/// Reads Kubernetes YAML (files, multi-document streams, `kubectl kustomize` output, `List`
/// objects) into policy objects, recording the line of every field.
///
/// Hostile input gets a clear error, never a crash or unbounded memory: the size, the nesting
/// depth (checked before libyaml sees the text, since composing recurses) and the number of
/// nodes after alias expansion (billion-laughs documents) are bounded.
public enum YAMLInput {
    public struct Limits: Sendable {
        public var maxBytes = 32 << 20
        public var maxDepth = 256
        public var maxNodes = 2_000_000
        public init() {}
    }

    /// Input that cannot be read: the file, the line when known, and what is wrong.
    public struct InputError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
    }

    public static func objects(from text: String, file: String, limits: Limits = Limits()) throws -> [PolicyObject] {
        if text.utf8.count > limits.maxBytes {
            throw InputError(file: file, line: nil, message: "larger than \(limits.maxBytes >> 20) MiB")
        }
        if let line = tooDeep(text, limit: limits.maxDepth) {
            throw InputError(file: file, line: line, message: "nested deeper than \(limits.maxDepth) levels")
        }
        var out: [PolicyObject] = []
        do {
            let parser = try Parser(yaml: text)
            var budget = limits.maxNodes
            while let root = try parser.nextRoot() {
                var lines: [FieldPath: Int] = [:]
                let document = try convert(root, path: FieldPath(), lines: &lines, budget: &budget, file: file)
                for (object, objectLines) in split(document, lines: lines) {
                    guard object["kind"]?.stringValue != nil, object["apiVersion"]?.stringValue != nil else { continue }
                    out.append(PolicyObject(document: object, origin: .file(path: file, lines: LineMap(lines: objectLines))))
                }
            }
        } catch let error as YamlError {
            throw InputError(file: file, line: line(of: error), message: "invalid YAML: \(problem(of: error))")
        }
        return out
    }

    /// `kind: List` holds objects under `items`; anything else is one object.
    private static func split(_ doc: DocNode, lines: [FieldPath: Int]) -> [(DocNode, [FieldPath: Int])] {
        guard doc["kind"]?.stringValue == "List", case .sequence(let items)? = doc["items"] else { return [(doc, lines)] }
        return items.enumerated().map { i, item in
            let prefix = [FieldPath.Component.key("items"), .index(i)]
            var sub: [FieldPath: Int] = [:]
            for (path, line) in lines where path.components.starts(with: prefix) {
                sub[FieldPath(Array(path.components.dropFirst(2)))] = line
            }
            return (item, sub)
        }
    }

    private static func convert(_ node: Node, path: FieldPath, lines: inout [FieldPath: Int], budget: inout Int,
                                file: String) throws -> DocNode {
        budget -= 1
        if budget < 0 {
            throw InputError(file: file, line: node.mark?.line,
                             message: "too many nodes after expanding aliases (an alias bomb?)")
        }
        if lines[path] == nil, let line = node.mark?.line { lines[path] = line }
        switch node {
        case .scalar(let scalar):
            switch Resolver.default.resolveTag(of: node).rawValue {
            case Tag.Name.int.rawValue: return Int(scalar.string).map(DocNode.int) ?? .string(scalar.string)
            case Tag.Name.bool.rawValue: return Bool.construct(from: scalar).map(DocNode.bool) ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return .number(scalar.string)
            case Tag.Name.null.rawValue: return .null
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var fields: [DocNode.Field] = []
            for (key, value) in mapping {
                let name = key.string ?? "\(key)"
                let child = path.appending(.key(name))
                if let line = key.mark?.line { lines[child] = line }
                fields.append(DocNode.Field(name, try convert(value, path: child, lines: &lines, budget: &budget, file: file)))
            }
            return .mapping(fields)
        case .sequence(let sequence):
            return .sequence(try sequence.enumerated().map { i, item in
                try convert(item, path: path.appending(.index(i)), lines: &lines, budget: &budget, file: file)
            })
        case .alias:
            return .null
        }
    }

    /// The first line whose nesting (indentation, block-sequence dashes, open flow brackets)
    /// exceeds `limit`, or nil. Approximate on purpose: it only has to stop pathological input.
    static func tooDeep(_ text: String, limit: Int) -> Int? {
        var flow = 0
        var line = 1
        var atLineStart = true
        var indent = 0
        var quote: UInt8? = nil
        var comment = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                atLineStart = true
                indent = 0
                comment = false
                if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { continue }
                continue
            }
            if comment { continue }
            if let q = quote {
                if byte == q { quote = nil }
                continue
            }
            if atLineStart {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
                    indent += 1
                    if indent / 2 + flow > limit { return line }
                    continue
                }
                atLineStart = false
            }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flow += 1
                if indent / 2 + flow > limit { return line }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): flow = max(0, flow - 1)
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#"): comment = true
            default: break
            }
        }
        return nil
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        case .reader(let problem, _, _, _): return problem
        default: return "\(error)"
        }
    }
}
