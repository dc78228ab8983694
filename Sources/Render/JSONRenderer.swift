import DocumentTree

/// Writes a `DocNode` as JSON: keys in the tree's order (not sorted, not hash order), 2-space
/// indentation, a final newline. Numbers are written as the model formatted them.
public enum JSONRenderer {
    public static func render(_ node: DocNode) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(node, indent: 0, into: &out)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    // Bytes appended in place: a String per node, and String's own append, were most of a report's cost.
    private static func write(_ node: DocNode, indent: Int, into out: inout [UInt8]) {
        switch node {
        case .mapping(let fields):
            if fields.isEmpty { out += "{}".utf8; return }
            out += "{\n".utf8
            for (i, field) in fields.enumerated() {
                spaces(indent + 2, into: &out)
                appendQuoted(field.key, into: &out)
                out += ": ".utf8
                write(field.value, indent: indent + 2, into: &out)
                out += (i == fields.count - 1 ? "\n" : ",\n").utf8
            }
            spaces(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        case .sequence(let items):
            if items.isEmpty { out += "[]".utf8; return }
            out += "[\n".utf8
            for (i, item) in items.enumerated() {
                spaces(indent + 2, into: &out)
                write(item, indent: indent + 2, into: &out)
                out += (i == items.count - 1 ? "\n" : ",\n").utf8
            }
            spaces(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .string(let s): appendQuoted(s, into: &out)
        case .int(let i): out += String(i).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let n): out += n.utf8
        case .null: out += "null".utf8
        }
    }

    private static func spaces(_ count: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// A JSON string literal (RFC 8259 escapes; non-ASCII written as is).
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs of bytes that need no escape are copied whole; UTF-8 bytes of non-ASCII characters
    /// (all 0x80 or above) never do.
    private static func appendQuoted(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[start..<i])
                start = i + 1
                switch byte {
                case UInt8(ascii: "\""): out += "\\\"".utf8
                case UInt8(ascii: "\\"): out += "\\\\".utf8
                case UInt8(ascii: "\n"): out += "\\n".utf8
                case UInt8(ascii: "\r"): out += "\\r".utf8
                case UInt8(ascii: "\t"): out += "\\t".utf8
                default:
                    let hex = String(byte, radix: 16)
                    out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                }
            }
            out.append(contentsOf: bytes[start...])
        }
        out.append(UInt8(ascii: "\""))
    }
}
