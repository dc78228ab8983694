import Foundation

/// Reads a YAML stream from a file descriptor one document at a time, in chunks, so that `gen lint`
/// holds one document, not the whole input: a file of 10,000 objects costs the largest of them.
///
/// A document starts at a `---` line (in column 0, followed by a blank or the line's end): YAML
/// forbids that line inside any scalar, so splitting there never cuts a document, and anchors do
/// not cross documents. Lines before the first content (comments, `%YAML` directives) stay with the
/// document they precede. Each document is bounded by `Limits.maxBytes` and the whole input by
/// `Limits.maxInputBytes`: an endless stream (`/dev/zero`) is refused once a bound is passed.
public struct YAMLDocumentReader {
    /// One document's text and the line of the input it starts on.
    public struct Document: Sendable {
        public var text: String
        public var firstLine: Int
    }

    private let descriptor: Int32
    private let name: String
    private let limits: YAMLInput.Limits
    /// Read from the descriptor, not yet split into lines.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var searched = 0
    /// The lines of the document being collected.
    private var current: [UInt8] = []
    private var currentFirstLine = 1
    /// Whether `current` holds anything but blanks, comments and directives.
    private var hasContent = false
    private var line = 1
    private var total = 0
    private var atEnd = false
    /// The most bytes held at once (pending and current), for the tests that keep it bounded.
    public private(set) var peakHeldBytes = 0

    /// Reads `descriptor` (not closed here); `name` is the input's name in errors.
    public init(descriptor: Int32, name: String, limits: YAMLInput.Limits = .init()) {
        self.descriptor = descriptor
        self.name = name
        self.limits = limits
    }

    /// The next document, or nil at the end of the input.
    public mutating func next() throws -> Document? {
        while true {
            // Bytes before `searched` hold no newline: each byte is looked at once, not once a chunk.
            if let newline = pending[max(pendingStart, searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                if let document = try take(line: pendingStart...newline) { return document }
                continue
            }
            searched = pending.count
            // A line that has not ended yet counts towards its document: /dev/zero has no newline.
            if current.count + pending.count - pendingStart > limits.maxBytes { throw tooLarge() }
            if atEnd {
                if pendingStart < pending.count, let document = try take(line: pendingStart...(pending.count - 1)) {
                    return document
                }
                pending = []
                pendingStart = 0
                searched = 0
                guard !current.isEmpty else { return nil }
                return try finish()
            }
            try fill()
        }
    }

    /// Reads one more chunk into `pending`, refusing the input once a bound is passed.
    private mutating func fill() throws {
        pending.removeFirst(pendingStart)
        searched = max(0, searched - pendingStart)
        pendingStart = 0
        let chunk = 1 << 16
        let before = pending.count
        pending.append(contentsOf: repeatElement(0, count: chunk))
        let n = pending.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + before, chunk) }
        pending.removeLast(chunk - max(n, 0))
        if n < 0 {
            if errno == EINTR { return }
            throw YAMLInput.InputError(file: name, line: nil, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if n == 0 { atEnd = true }
        total += n
        if total > limits.maxInputBytes {
            throw YAMLInput.InputError(file: name, line: nil, message: "larger than \(YAMLInput.describe(bytes: limits.maxInputBytes))")
        }
        peakHeldBytes = max(peakHeldBytes, current.capacity + pending.capacity)
    }

    /// Adds the line at `range` of `pending` to the document, first handing out the document it
    /// ends when the line starts the next one.
    private mutating func take(line range: ClosedRange<Int>) throws -> Document? {
        let bytes = pending[range]
        pendingStart = range.upperBound + 1
        var finished: Document?
        if isDocumentStart(bytes) {
            if hasContent { finished = try finish() }
            // Content after the marker on its own line (`--- |`) counts too.
            hasContent = isContent(bytes.dropFirst(3))
        } else if !hasContent {
            hasContent = isContent(bytes)
        }
        if current.isEmpty { currentFirstLine = line }
        current.append(contentsOf: bytes)
        line += 1
        if current.count > limits.maxBytes { throw tooLarge() }
        return finished
    }

    private mutating func finish() throws -> Document {
        defer {
            current.removeAll(keepingCapacity: true)
            hasContent = false
        }
        guard let text = String(validating: current, as: UTF8.self) else {
            throw YAMLInput.InputError(file: name, line: currentFirstLine, message: "not UTF-8 text")
        }
        return Document(text: text, firstLine: currentFirstLine)
    }

    private func tooLarge() -> YAMLInput.InputError {
        YAMLInput.InputError(file: name, line: currentFirstLine,
                             message: "a document larger than \(YAMLInput.describe(bytes: limits.maxBytes))")
    }

    /// `---` in column 0, then a blank or the end of the line.
    private func isDocumentStart(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.count >= 3, line.prefix(3).elementsEqual("---".utf8) else { return false }
        guard let next = line.dropFirst(3).first else { return true }
        return next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r")
    }

    /// Anything but blanks, a comment or a directive.
    private func isContent(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r")
                                              && $0 != UInt8(ascii: "\n") }) else { return false }
        if first == UInt8(ascii: "#") { return false }
        return !(first == UInt8(ascii: "%") && line.first == UInt8(ascii: "%"))
    }
}
