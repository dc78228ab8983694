import DocumentTree

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
        // A byte order mark may open a YAML stream; libyaml skips it only when it detects the
        // encoding itself, and EventParser sets it. (Files lose it when decoded; standard input keeps it.)
        var text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        if text.utf8.count > limits.maxBytes {
            throw InputError(file: file, line: nil, message: "larger than \(describe(bytes: limits.maxBytes))")
        }
        if let line = tooDeep(text, limit: limits.maxDepth) {
            throw InputError(file: file, line: line + firstLine - 1, message: "nested deeper than \(limits.maxDepth) levels")
        }
        let documents: [(DocNode, [FieldPath: Int])]
        do {
            documents = try text.withUTF8 {
                try EventParser.documents($0, firstLine: firstLine, budget: limits.nodeBudget(bytes: $0.count))
            }
        } catch let error as EventParser.Failure {
            throw InputError(file: file, line: error.line, message: error.message)
        }
        return documents.flatMap { split($0.0, lines: $0.1) }
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
}
