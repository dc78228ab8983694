import DocumentTree

/// Writes a `DocNode` as JSON: keys in the tree's order (not sorted, not hash order), 2-space
/// indentation, a final newline. Numbers are written as the model formatted them.
public enum JSONRenderer {
    public static func render(_ node: DocNode) -> String {
        var out = ""
        write(node, indent: 0, into: &out)
        return out + "\n"
    }

    // Appends in place: a String per node (indentation, quoted copies) was most of a report's cost.
    private static func write(_ node: DocNode, indent: Int, into out: inout String) {
        switch node {
        case .mapping(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, field) in fields.enumerated() {
                spaces(indent + 2, into: &out)
                appendQuoted(field.key, into: &out)
                out += ": "
                write(field.value, indent: indent + 2, into: &out)
                out += i == fields.count - 1 ? "\n" : ",\n"
            }
            spaces(indent, into: &out)
            out += "}"
        case .sequence(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                spaces(indent + 2, into: &out)
                write(item, indent: indent + 2, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            spaces(indent, into: &out)
            out += "]"
        case .string(let s): appendQuoted(s, into: &out)
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .null: out += "null"
        }
    }

    private static func spaces(_ count: Int, into out: inout String) {
        for _ in 0..<count { out.unicodeScalars.append(" ") }
    }

    /// A JSON string literal (RFC 8259 escapes; non-ASCII written as is).
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, into: &out)
        return out
    }

    private static func appendQuoted(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: copy them whole instead of scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
