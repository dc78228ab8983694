import CYaml
import DocumentTree
import Render

/// Reads YAML through libyaml's event API straight into `DocNode`s and the line of every field:
/// no intermediate `Yams.Node`, no regular expression (issue 17's profile: resolving tags by regex
/// was over half of `gen lint`).
///
/// It reads what Yams' composer and `Resolver.default` read (`EventParserTests` compares the two
/// on generated documents): plain scalars typed by YAML 1.1's implicit rules (`ImplicitType`),
/// quoted or `!`-tagged ones as strings, `!!int`-style tags honoured; aliases expanded; merge
/// keys (`<<`) applied as kubectl applies them. It is stricter in two places kubectl is strict
/// too: a mapping key must be a scalar, and two keys with the same text are duplicates.
struct EventParser {
    /// One document: its tree and the line of each of its positions.
    typealias Document = (DocNode, LineMap)

    /// Why the input cannot be read, on which line of the input.
    struct Failure: Error {
        var line: Int?
        var message: String
    }

    /// What an anchor names: the node, its lines and the nodes it expands to.
    private struct Anchor {
        var node: DocNode
        var lines: LineTree
        var count: Int
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let text: UnsafeBufferPointer<UInt8>
    private let lineOffset: Int
    /// Nodes left to build, aliases expanded: an alias bomb runs out before it costs anything.
    private var budget: Int
    private var anchors: [String: Anchor] = [:]
    private let maxDepth: Int

    /// Every document of `text` (UTF-8). Lines count from `firstLine`; `budget` bounds the nodes
    /// of the whole input with aliases expanded, `maxDepth` their nesting (each level is a frame
    /// of this reader's recursion).
    static func documents(_ text: UnsafeBufferPointer<UInt8>, firstLine: Int = 1, budget: Int, maxDepth: Int) throws(Failure) -> [Document] {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { throw Failure(line: nil, message: "cannot initialise libyaml's parser") }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, text.baseAddress, text.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        var reader = EventParser(parser: parser, text: text, lineOffset: firstLine - 1, budget: budget, maxDepth: maxDepth)
        return try reader.stream()
    }

    private init(parser: UnsafeMutablePointer<yaml_parser_t>, text: UnsafeBufferPointer<UInt8>, lineOffset: Int, budget: Int,
                 maxDepth: Int) {
        self.parser = parser
        self.text = text
        self.lineOffset = lineOffset
        self.budget = budget
        self.maxDepth = maxDepth
    }

    // MARK: - Events

    /// One libyaml event, copied out of libyaml's buffers.
    private enum Event {
        case streamStart, streamEnd, documentStart, documentEnd, sequenceEnd, mappingEnd
        case alias(anchor: String, line: Int)
        case scalar(Scalar)
        case sequenceStart(anchor: String?, line: Int)
        case mappingStart(anchor: String?, line: Int)
    }

    /// A scalar as written, with what it reads as.
    private struct Scalar {
        var text: String
        var value: DocNode
        var isMergeKey: Bool
        var anchor: String?
        var line: Int
    }

    private func next() throws(Failure) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1 + lineOffset
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", line: line)
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart(anchor: Self.string(event.data.sequence_start.anchor), line: line)
        case YAML_MAPPING_START_EVENT: return .mappingStart(anchor: Self.string(event.data.mapping_start.anchor), line: line)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let bytes = UnsafeBufferPointer(start: data.value, count: data.length)
            let text = String(decoding: bytes, as: UTF8.self)
            // As Yams reads tags: quoted without a tag is a string; plain without one is typed by
            // the implicit rules; `!` is a string; a `tag:yaml.org,2002:` tag names the type.
            let type: ImplicitType
            if data.quoted_implicit == 1 {
                type = .string
            } else if let tag = Self.string(data.tag) {
                type = Self.types[tag] ?? .string
            } else {
                type = ImplicitType.of(bytes)
            }
            return .scalar(Scalar(text: text, value: Self.value(text, as: type), isMergeKey: type == .merge && text == "<<",
                                  anchor: Self.string(data.anchor), line: line))
        default: throw Failure(line: line, message: "invalid YAML: unexpected event")
        }
    }

    /// The types a `tag:yaml.org,2002:` tag names (`!!int`); any other tag reads as a string.
    private static let types: [String: ImplicitType] = [
        "tag:yaml.org,2002:bool": .bool, "tag:yaml.org,2002:int": .int, "tag:yaml.org,2002:float": .float,
        "tag:yaml.org,2002:null": .null, "tag:yaml.org,2002:merge": .merge,
    ]

    /// The node a scalar reads as; a value its type cannot hold (`!!int x`, `0x1F`) stays a string.
    private static func value(_ text: String, as type: ImplicitType) -> DocNode {
        switch type {
        case .int: return Int(text).map(DocNode.int) ?? .string(text)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: return .string(text)
            }
        case .float: return .number(text)
        case .null: return .null
        case .merge, .timestamp, .value, .string: return .string(text)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// libyaml's error, with the line it gives (or, for an encoding error, the line of its byte).
    private func failure() -> Failure {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown error"
        if p.error == YAML_READER_ERROR {
            let offset = min(p.problem_offset, text.count)
            let line = text[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            return Failure(line: line + lineOffset, message: "invalid YAML: \(problem)")
        }
        if problem.hasPrefix("Maximum nesting level reached") {
            return Failure(line: Int(p.problem_mark.line) + 1 + lineOffset,
                           message: "invalid YAML: nested deeper than libyaml's limit of 1000 levels")
        }
        // The context says where the construct began (an unterminated quote is found at the end).
        let context = p.context.map { " (\(String(cString: $0)) from line \(Int(p.context_mark.line) + 1 + lineOffset))" } ?? ""
        return Failure(line: Int(p.problem_mark.line) + 1 + lineOffset, message: "invalid YAML: \(problem)\(context)")
    }

    // MARK: - Documents

    private mutating func stream() throws(Failure) -> [Document] {
        var out: [Document] = []
        guard case .streamStart = try next() else { throw Failure(line: nil, message: "invalid YAML: no stream start") }
        while case .documentStart = try next() {
            // Anchors belong to their document (YAML 1.2, and kubectl reads each document alone).
            anchors = [:]
            let (root, lines) = try node(try next(), depth: 0)
            guard case .documentEnd = try next() else { throw Failure(line: nil, message: "invalid YAML: no document end") }
            out.append((root, LineMap(lines)))
        }
        return out
    }

    /// The node that starts with `event` and its lines; `keyLine` is the line its position takes
    /// when it is a mapping's value (else its own).
    private mutating func node(_ event: Event, keyLine: Int? = nil, depth: Int) throws(Failure) -> (DocNode, LineTree) {
        let anchor: String?
        let line: Int
        switch event {
        case .scalar(let s): (anchor, line) = (s.anchor, s.line)
        case .sequenceStart(let a, let l), .mappingStart(let a, let l): (anchor, line) = (a, l)
        case .alias(let name, let l): return try alias(name, line: l, keyLine: keyLine)
        default: throw Failure(line: nil, message: "invalid YAML: unexpected event")
        }
        if depth > maxDepth { throw Failure(line: line, message: "nested deeper than \(maxDepth) levels") }
        try spend(1, line: line)
        let budgetBefore = budget + 1
        let node: DocNode
        var tree: LineTree
        switch event {
        case .scalar(let s): (node, tree) = (s.value, LineTree(line: line))
        case .sequenceStart: (node, tree) = try sequence(line: line, depth: depth)
        default: (node, tree) = try mapping(line: line, depth: depth)
        }
        if let anchor { anchors[anchor] = Anchor(node: node, lines: tree, count: budgetBefore - budget) }
        if let keyLine { tree = LineTree(line: keyLine, keys: tree.keys, children: tree.children) }
        return (node, tree)
    }

    private mutating func spend(_ nodes: Int, line: Int) throws(Failure) {
        budget -= nodes
        if budget < 0 {
            throw Failure(line: line, message: "too many nodes after expanding aliases for the input's size (an alias bomb?)")
        }
    }

    /// An alias is its anchor's node and lines, counted again against the budget.
    private mutating func alias(_ name: String, line: Int, keyLine: Int?) throws(Failure) -> (DocNode, LineTree) {
        guard let anchor = anchors[name] else { throw Failure(line: line, message: "invalid YAML: found undefined alias") }
        try spend(anchor.count, line: line)
        guard let keyLine else { return (anchor.node, anchor.lines) }
        return (anchor.node, LineTree(line: keyLine, keys: anchor.lines.keys, children: anchor.lines.children))
    }

    private mutating func sequence(line: Int, depth: Int) throws(Failure) -> (DocNode, LineTree) {
        var items: [DocNode] = []
        var lines: [LineTree] = []
        while true {
            let event = try next()
            if case .sequenceEnd = event { return (.sequence(items), LineTree(line: line, children: lines)) }
            let (item, itemLines) = try node(event, depth: depth + 1)
            items.append(item)
            lines.append(itemLines)
        }
    }

    private mutating func mapping(line: Int, depth: Int) throws(Failure) -> (DocNode, LineTree) {
        var fields: [DocNode.Field] = []
        var lines: [LineTree] = []
        var keys: [(Key, Int)] = []
        var merges: [(DocNode, LineTree)] = []
        while true {
            let event = try next()
            if case .mappingEnd = event { break }
            guard case .scalar(let key) = event else {
                throw Failure(line: Self.line(of: event), message: "invalid YAML: a mapping key must be a scalar")
            }
            keys.append((Key(text: key.text, merges: key.isMergeKey), key.line))
            if let anchor = key.anchor { anchors[anchor] = Anchor(node: key.value, lines: LineTree(line: key.line), count: 1) }
            let (value, valueLines) = try node(try next(), keyLine: key.isMergeKey ? nil : key.line, depth: depth + 1)
            if key.isMergeKey {
                merges.append((value, valueLines))
            } else {
                fields.append(DocNode.Field(key.text, value))
                lines.append(valueLines)
            }
        }
        try checkDuplicates(keys)
        // `<<: *defaults` (or a list of them): keys the mapping does not set come from the merged
        // mappings, the first one winning, as kubectl reads YAML. Their lines are the anchor's.
        var present = Set(merges.isEmpty ? [] : fields.map(\.key))
        for (value, valueLines) in merges {
            let sources = if case .sequence(let items) = value { Array(zip(items, valueLines.children)) } else { [(value, valueLines)] }
            for (source, sourceLines) in sources {
                guard case .mapping(let merged) = source else {
                    throw Failure(line: sourceLines.line, message: "a merge key (<<) takes a mapping or a list of mappings")
                }
                for (field, fieldLines) in zip(merged, sourceLines.children) where present.insert(field.key).inserted {
                    fields.append(field)
                    lines.append(fieldLines)
                }
            }
        }
        return (.mapping(fields), LineTree(line: line, keys: fields.map(\.key), children: lines))
    }

    /// A key as written; a merge key (plain `<<`) is not the string `"<<"`.
    private struct Key: Hashable, Comparable {
        var text: String
        var merges: Bool
        static func < (a: Key, b: Key) -> Bool { (a.text, a.merges ? 1 : 0) < (b.text, b.merges ? 1 : 0) }
    }

    /// Two keys with the same text: Yams and kubectl refuse them; the line is the first one's.
    private func checkDuplicates(_ keys: [(Key, Int)]) throws(Failure) {
        guard keys.count > 1 else { return }
        // Most mappings are small: comparing pairs costs less than hashing every key.
        if keys.count <= 16, !keys.indices.contains(where: { i in keys[..<i].contains { $0.0 == keys[i].0 } }) { return }
        var first: [Key: Int] = [:]
        var duplicates = Set<Key>()
        for (key, line) in keys {
            if first[key] == nil {
                first[key] = line
            } else {
                duplicates.insert(key)
            }
        }
        guard let smallest = duplicates.min() else { return }
        throw Failure(line: first[smallest],
                      message: "invalid YAML: duplicate key \(duplicates.sorted().map { "\"\($0.text)\"" }.joined(separator: ", "))")
    }

    private static func line(of event: Event) -> Int? {
        switch event {
        case .alias(_, let line), .sequenceStart(_, let line), .mappingStart(_, let line): return line
        case .scalar(let s): return s.line
        default: return nil
        }
    }
}
