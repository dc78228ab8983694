/// The one place where model values become bash syntax. Every generated script and every kubectl
/// command line of the workflows takes its values through `Shell.quote`, directly or through
/// `ShellWord` and `ShellCommand`, so that no value (an apostrophe, a quote, `$`, a backslash, a
/// newline, non-ASCII text) can end a word, start an expansion or run as code.
public enum Shell {
    /// Characters that never need quoting in a bash word (POSIX portable file name characters,
    /// plus `=`, `:`, `,`, `@`, `%`, `+`): a word made of them is written bare, so that generated
    /// commands read as people write them.
    /// A table by byte, not a set of scalars: hashing every character of every word was 3 % of
    /// generating 300 services (perf). UTF-8 bytes of non-ASCII text are all above 127: never safe.
    private static let safe: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,@%+".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// `value` as one single-quoted bash word: bash receives exactly `value`. Inside single quotes
    /// nothing is special but the quote itself, written `'\''` (end, escaped quote, reopen). A NUL
    /// cannot be passed to a program at all (C strings end there), so it is refused.
    public static func quote(_ value: String) -> String {
        precondition(!value.utf8.contains(0), "a shell word cannot hold NUL")
        // By byte, not by Character: an apostrophe followed by a combining mark is one Character
        // in Swift, but bash sees the apostrophe (one byte in UTF-8, never inside another
        // character's bytes).
        var out: [UInt8] = [UInt8(ascii: "'")]
        out.reserveCapacity(value.utf8.count + 2)
        for byte in value.utf8 {
            if byte == UInt8(ascii: "'") { out.append(contentsOf: "'\\''".utf8) } else { out.append(byte) }
        }
        out.append(UInt8(ascii: "'"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` as one bash word: bare when every character is safe (and it is not empty), quoted otherwise.
    public static func word(_ value: String) -> String {
        !value.isEmpty && value.utf8.allSatisfy({ $0 < 128 && safe[Int($0)] }) ? value : quote(value)
    }

    /// `text` as comment lines: every line of it (a newline in a value included) starts with `#`,
    /// so that no part of the text becomes code.
    public static func comment(_ text: String) -> [String] {
        // By byte: "\r\n" is one Character in Swift, and bash ends a line at its "\n" (in UTF-8, the
        // byte 0x0A is never part of another character).
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "#" : "# " + String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `name` can be a bash variable name (`[A-Za-z_][A-Za-z0-9_]*`).
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy(isNameCharacter)
    }

    /// `[A-Za-z0-9_]`: a character that continues a variable name (`$ab` is not `$a` then `b`).
    static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
}

/// One bash word made of literal text, variable expansions and process substitutions. A word with
/// no expansion is `Shell.word` of its text; a word with expansions is one double-quoted string
/// (where only `"`, `$`, `` ` `` and `\` are special, and are escaped), so that a variable's value
/// is never split or globbed.
public struct ShellWord: Equatable, Sendable, ExpressibleByStringLiteral {
    enum Part: Equatable, Sendable {
        case text(String)
        case variable(String)
        case processOutput(ShellCommand)
    }

    var parts: [Part]

    init(parts: [Part]) { self.parts = parts }

    /// Literal text.
    public init(_ text: String) { parts = [.text(text)] }
    public init(stringLiteral text: String) { self.init(text) }

    /// The value of the variable `name` (`"$name"`); `name` must be a variable name.
    public static func variable(_ name: String) -> ShellWord {
        precondition(Shell.isVariableName(name), "\(name) is not a bash variable name")
        return ShellWord(parts: [.variable(name)])
    }

    /// A file name from which `command`'s output is read (`<(command)`): the output never
    /// reaches a command line or a file on disk.
    public static func output(of command: ShellCommand) -> ShellWord { ShellWord(parts: [.processOutput(command)]) }

    /// Both words' parts, as one word.
    public static func + (lhs: ShellWord, rhs: ShellWord) -> ShellWord { ShellWord(parts: lhs.parts + rhs.parts) }

    /// The word as bash reads it.
    public var rendered: String {
        // Most words are one piece of literal text.
        if parts.count == 1, case .text(let text) = parts[0] { return Shell.word(text) }
        // Process substitutions stay outside quotes (quoted, `<(` is text); the text and variables
        // between them form quoted runs.
        var out = "", run: [Part] = []
        func flush() {
            guard !run.isEmpty else { return }
            out += Self.render(run)
            run = []
        }
        for part in parts {
            if case .processOutput(let command) = part {
                flush()
                out += "<(\(command.rendered))"
            } else {
                run.append(part)
            }
        }
        flush()
        return out
    }

    /// Text and variables as one word: `Shell.word` when there is no variable, else one double-quoted string.
    static func render(_ parts: [Part]) -> String {
        guard parts.contains(where: { if case .variable = $0 { true } else { false } }) else {
            return Shell.word(parts.map { if case .text(let t) = $0 { t } else { "" } }.joined())
        }
        var out = "\""
        for (index, part) in parts.enumerated() {
            switch part {
            case .text(let text):
                var bytes: [UInt8] = []
                bytes.reserveCapacity(text.utf8.count)
                for byte in text.utf8 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "`")
                        || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                    bytes.append(byte)
                }
                out += String(decoding: bytes, as: UTF8.self)
            case .variable(let name):
                // Braces only where the next character would extend the name.
                let next = index + 1 < parts.count ? parts[index + 1] : nil
                var extends = false
                if case .text(let t)? = next, let c = t.unicodeScalars.first { extends = Shell.isNameCharacter(c) }
                out += extends ? "${\(name)}" : "$\(name)"
            case .processOutput:
                preconditionFailure("process substitutions are rendered outside quotes")
            }
        }
        return out + "\""
    }
}

/// A simple command (program and arguments, each one `ShellWord`), optionally piped into others.
public struct ShellCommand: Equatable, Sendable {
    public var words: [ShellWord]
    /// Commands that read this one's output, in order (`a | b | c`).
    public var pipedInto: [ShellCommand]

    public init(_ words: [ShellWord]) {
        self.words = words
        self.pipedInto = []
    }

    /// This command's output piped into `next`.
    public func piped(into next: ShellCommand) -> ShellCommand {
        var out = self
        out.pipedInto.append(next)
        return out
    }

    /// The command line.
    public var rendered: String {
        ([words.map(\.rendered).joined(separator: " ")] + pipedInto.map(\.rendered)).joined(separator: " | ")
    }

    /// `name=value`: assigns one word to a variable. Not a process substitution: its file
    /// descriptor (`/dev/fd/63`) is gone once the assignment is done (`assignment(_:outputOf:)`
    /// keeps a command's output).
    public static func assignment(_ name: String, _ value: ShellWord) -> String {
        precondition(Shell.isVariableName(name), "\(name) is not a bash variable name")
        precondition(!value.parts.contains { if case .processOutput = $0 { true } else { false } },
                     "\(name) would hold a process substitution's file name, not the command's output")
        return "\(name)=\(value.rendered)"
    }

    /// `name=$(command)`: the variable set to the command's output (trailing newlines removed).
    /// `command` is a rendered command line, itself composed through this layer.
    public static func assignment(_ name: String, outputOf command: String) -> String {
        precondition(Shell.isVariableName(name), "\(name) is not a bash variable name")
        return "\(name)=$(\(command))"
    }
}
