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
        /// The largest input read whole (a file, kubectl's output), and the largest document of a
        /// stream read document by document (`YAMLDocumentReader`).
        public var maxBytes = 32 << 20
        /// The largest stream read document by document: memory stays at one document whatever
        /// the size, so this only ends endless input (`yes -- --- | gen lint -`) in bounded time.
        public var maxInputBytes = 1 << 30
        public var maxDepth = 256
        public var maxNodes = 2_000_000
        /// Nodes allowed per byte of input, with aliases expanded. Written YAML without aliases
        /// has at most about one (value) node per byte (`[a,a,a]`: 4 nodes in 7 bytes), so only
        /// aliases can exceed two: a few hundred bytes of nested aliases that expand to half a
        /// million nodes, under `maxNodes`, cost half a minute of checks (Tests/FuzzFindings).
        /// go-yaml, which kubectl uses, refuses such "excessive aliasing" by a ratio too.
        public var nodesPerByte = 2
        /// The node budget of a small input, whatever its size: room for modest anchor reuse.
        public var minNodes = 10_000
        public init() {}

        /// The node budget of an input of `bytes` bytes.
        public func nodeBudget(bytes: Int) -> Int {
            min(maxNodes, max(minNodes, nodesPerByte * bytes))
        }
    }

    /// Input that cannot be read: the file, the line when known, and what is wrong.
    public struct InputError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
        public init(file: String, line: Int?, message: String) {
            self.file = file
            self.line = line
            self.message = message
        }
    }

    public static func objects(from text: String, file: String, limits: Limits = Limits()) throws -> [PolicyObject] {
        try documents(from: text, file: file, limits: limits).compactMap { object($0, file: file) }
    }

    /// The object a document describes, or nil when it has no kind or apiVersion (not an object).
    static func object(_ document: (DocNode, [FieldPath: Int]), file: String) -> PolicyObject? {
        let (object, lines) = document
        guard object["kind"]?.stringValue != nil, object["apiVersion"]?.stringValue != nil else { return nil }
        return PolicyObject(document: object, origin: .file(path: file, lines: LineMap(lines: lines)))
    }

    /// Every document with the line of each field, objects or not; a `List` gives its items.
    /// `firstLine` is the line of the input that `text` starts on (a document of a longer stream):
    /// every line, of fields and of errors, counts from there.
    static func documents(from text: String, file: String, limits: Limits, firstLine: Int = 1) throws
        -> [(DocNode, [FieldPath: Int])]
    {
        let offset = firstLine - 1
        // A byte order mark may open a YAML stream; libyaml skips it only when it detects the
        // encoding itself, and Yams sets it. (Files lose it when decoded; standard input keeps it.)
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        if text.utf8.count > limits.maxBytes {
            throw InputError(file: file, line: nil, message: "larger than \(describe(bytes: limits.maxBytes))")
        }
        if let line = tooDeep(text, limit: limits.maxDepth) {
            throw InputError(file: file, line: line + offset, message: "nested deeper than \(limits.maxDepth) levels")
        }
        var out: [(DocNode, [FieldPath: Int])] = []
        do {
            let parser = try Parser(yaml: text)
            var budget = limits.nodeBudget(bytes: text.utf8.count)
            while let root = try parser.nextRoot() {
                // Count first: an alias bomb is refused before any conversion work is spent on it.
                var probe = budget
                try count(root, budget: &probe, file: file)
                var lines: [FieldPath: Int] = [:]
                let document = try convert(root, path: FieldPath(), lines: &lines, budget: &budget, file: file)
                out += split(document, lines: offset == 0 ? lines : lines.mapValues { $0 + offset })
            }
        } catch let error as YamlError {
            throw InputError(file: file, line: line(of: error, in: text).map { $0 + offset },
                             message: "invalid YAML: \(problem(of: error, lineOffset: offset))")
        } catch var error as InputError {
            error.line = error.line.map { $0 + offset }
            throw error
        }
        return out
    }

    /// A byte limit as people write it: `32 MiB`, or `1000 bytes` when not a whole number of MiB.
    static func describe(bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// `kind: List` holds objects under `items`; anything else is one object.
    private static func split(_ doc: DocNode, lines: [FieldPath: Int]) -> [(DocNode, [FieldPath: Int])] {
        guard doc["kind"]?.stringValue == "List", case .sequence(let items)? = doc["items"] else { return [(doc, lines)] }
        // One pass over the lines (not one per item: `kubectl get -o yaml` Lists hold thousands).
        var sub = [[FieldPath: Int]](repeating: [:], count: items.count)
        for (path, line) in lines {
            let c = path.components
            guard c.count >= 2, c[0] == .key("items"), case .index(let i) = c[1] else { continue }
            sub[i][FieldPath(Array(c.dropFirst(2)))] = line
        }
        return items.enumerated().map { i, item in (item, sub[i]) }
    }

    /// The error for a document that expands past its node budget.
    private static func aliasBomb(_ node: Node, file: String) -> InputError {
        InputError(file: file, line: node.mark?.line,
                   message: "too many nodes after expanding aliases for the input's size (an alias bomb?)")
    }

    /// Spends one unit of `budget` per node with aliases expanded, as `convert` does, and throws
    /// once it runs out, without allocating: a few hundred bytes of nested aliases would
    /// otherwise cost seconds and hundreds of MiB of conversion before being refused.
    private static func count(_ node: Node, budget: inout Int, file: String) throws {
        budget -= 1
        if budget < 0 {
            throw aliasBomb(node, file: file)
        }
        switch node {
        case .scalar, .alias: break
        case .mapping(let mapping): for (_, value) in mapping { try count(value, budget: &budget, file: file) }
        case .sequence(let sequence): for item in sequence { try count(item, budget: &budget, file: file) }
        }
    }

    private static func convert(_ node: Node, path: FieldPath, lines: inout [FieldPath: Int], budget: inout Int,
                                file: String) throws -> DocNode {
        budget -= 1
        if budget < 0 {
            throw aliasBomb(node, file: file)
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
            var merges: [Node] = []
            for (key, value) in mapping {
                if key.string == "<<", Resolver.default.resolveTag(of: key) == .merge {
                    merges.append(value)
                    continue
                }
                let name = key.string ?? "\(key)"
                let child = path.appending(.key(name))
                if let line = key.mark?.line { lines[child] = line }
                fields.append(DocNode.Field(name, try convert(value, path: child, lines: &lines, budget: &budget, file: file)))
            }
            // `<<: *defaults` (or a list of them): keys the mapping does not set come from the merged
            // mappings, the first one winning, as kubectl reads YAML. Their lines are the anchor's.
            var present = Set(fields.map(\.key))
            for source in merges.flatMap({ $0.sequence.map(Array.init) ?? [$0] }) {
                guard case .mapping = source else {
                    throw InputError(file: file, line: source.mark?.line ?? node.mark?.line,
                                     message: "a merge key (<<) takes a mapping or a list of mappings")
                }
                var sourceLines: [FieldPath: Int] = [:]
                let merged = try convert(source, path: path, lines: &sourceLines, budget: &budget, file: file)
                var taken = Set<String>()
                for field in merged.fields where present.insert(field.key).inserted {
                    fields.append(field)
                    taken.insert(field.key)
                }
                for (p, line) in sourceLines where p.components.count > path.components.count {
                    if case .key(let k) = p.components[path.components.count], taken.contains(k) { lines[p] = line }
                }
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

    private static func line(of error: YamlError, in text: String) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        case .reader(_, let offset?, _, _): return text.prefix(offset).reduce(1) { $1.isNewline ? $0 + 1 : $0 }
        default: return nil
        }
    }

    private static func problem(of error: YamlError, lineOffset: Int) -> String {
        switch error {
        case .parser(_, let problem, _, _) where problem.hasPrefix("Maximum nesting level reached"):
            return "nested deeper than libyaml's limit of 1000 levels"
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            // The context says where the construct began (an unterminated quote is found at the end).
            return problem + (context.map { " (\($0.text) from line \($0.mark.line + lineOffset))" } ?? "")
        case .reader(let problem, _, _, _): return problem
        // Yams's own description quotes the whole input.
        case .duplicatedKeysInMapping(let keys, _): return "duplicate key \(keys.map { "\"\($0)\"" }.joined(separator: ", "))"
        default: return "\(error)"
        }
    }
}
