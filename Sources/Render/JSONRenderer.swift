import DocumentTree

/// Writes a `DocNode` as JSON: keys in the tree's order (not sorted, not hash order), 2-space
/// indentation, a final newline. Numbers are written as the model formatted them.
public enum JSONRenderer {
    public static func render(_ node: DocNode) -> String {
        var out = ""
        write(node, indent: 0, into: &out)
        return out + "\n"
    }

    private static func write(_ node: DocNode, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent + 2)
        let close = String(repeating: " ", count: indent)
        switch node {
        case .mapping(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, field) in fields.enumerated() {
                out += pad + quoted(field.key) + ": "
                write(field.value, indent: indent + 2, into: &out)
                out += i == fields.count - 1 ? "\n" : ",\n"
            }
            out += close + "}"
        case .sequence(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 2, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += close + "]"
        case .string(let s): out += quoted(s)
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .null: out += "null"
        }
    }

    /// A JSON string literal (RFC 8259 escapes; non-ASCII written as is).
    public static func quoted(_ s: String) -> String {
        // Most strings need no escape: copy them whole instead of scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
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
        return out + "\""
    }
}
