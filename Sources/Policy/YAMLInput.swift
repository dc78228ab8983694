import DocumentTree

/// Reads Kubernetes YAML (files, multi-document streams, `kubectl kustomize` output, `List`
/// objects) into policy objects, recording the line of every field.
///
/// Hostile input gets a clear error, never a crash or unbounded memory: the size, the nesting
/// depth (counted by `EventParser` as it reads, since it recurses) and the number of nodes after
/// alias expansion (billion-laughs documents) are bounded.
public enum YAMLInput {
    public struct Limits: Sendable {
        /// The largest input read whole (a file, kubectl's output), and the largest document of a
        /// stream read document by document (`YAMLDocumentReader`).
        public var maxBytes = 32 << 20
        /// The largest stream read document by document: memory stays at one document whatever
        /// the size, so this only ends endless input (`yes -- --- | gen lint -`) in bounded time.
        public var maxInputBytes = 1 << 30
        /// Collections inside collections: the reader refuses the first node deeper than this.
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
        /// Input text whose objects `gen lint`'s first pass keeps for the second instead of reading
        /// and parsing it again (the second parse was a third of linting 1 000 Deployments); past
        /// it, inputs are read twice and memory stays one document plus the index.
        public var keptBytes = 4 << 20
        /// How much document text `gen lint` reads before parsing and checking it on every core at
        /// once (`LintInput.forEachObject`): enough to keep the cores busy, little beside the
        /// largest document.
        public var batchBytes = 1 << 20
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
    static func object(_ document: (DocNode, LineMap), file: String) -> PolicyObject? {
        let (object, lines) = document
        guard object["kind"]?.stringValue != nil, object["apiVersion"]?.stringValue != nil else { return nil }
        return PolicyObject(document: object, origin: .file(path: file, lines: lines))
    }

    /// Every document with the line of each field, objects or not; a `List` gives its items.
    /// `firstLine` is the line of the input that `text` starts on (a document of a longer stream):
    /// every line, of fields and of errors, counts from there.
    static func documents(from text: String, file: String, limits: Limits, firstLine: Int = 1) throws
        -> [(DocNode, LineMap)]
    {
        // A byte order mark may open a YAML stream; libyaml skips it only when it detects the
        // encoding itself, and EventParser sets it. (Files lose it when decoded; standard input keeps it.)
        var text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        if text.utf8.count > limits.maxBytes {
            throw InputError(file: file, line: nil, message: "larger than \(describe(bytes: limits.maxBytes))")
        }
        let documents: [(DocNode, LineMap)]
        do {
            documents = try text.withUTF8 {
                try EventParser.documents($0, firstLine: firstLine, budget: limits.nodeBudget(bytes: $0.count),
                                          maxDepth: limits.maxDepth)
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
    private static func split(_ doc: DocNode, lines: LineMap) -> [(DocNode, LineMap)] {
        guard doc["kind"]?.stringValue == "List", case .sequence(let items)? = doc["items"],
              let itemLines = lines.root?.child(.key("items"))?.children, itemLines.count == items.count
        else { return [(doc, lines)] }
        return zip(items, itemLines).map { ($0, LineMap($1)) }
    }
}
