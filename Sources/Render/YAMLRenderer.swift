import DocumentTree
import Yams

/// Writes a `DocNode` as YAML through libyaml, with the rules that keep output stable and
/// unambiguous:
/// - strings that a YAML 1.1 or 1.2 parser would read as another type (`"true"`, `"1.20"`,
///   `"0755"`, `""`, `"3000"`, `y`, `n`) are quoted, keys included;
/// - multi-line strings are literal blocks (`|`), never folded; no line is ever wrapped;
/// - mappings keep the order of the tree; 2-space indentation, sequences not indented (kubectl's style);
/// - non-ASCII text is written as is.
public enum YAMLRenderer {
    /// Renders one document, preceded by `header` lines written as `# ` comments.
    public static func render(_ document: DocNode, header: [String] = []) throws -> String {
        let body = try Yams.serialize(node: node(document), indent: 2, width: -1, allowUnicode: true,
                                      lineBreak: .ln)
        return header.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined() + body
    }

    static func node(_ doc: DocNode) -> Node {
        switch doc {
        case .mapping(let fields):
            return .mapping(.init(fields.map { (stringNode($0.key), node($0.value)) }))
        case .sequence(let items):
            return .sequence(.init(items.map(node)))
        case .string(let s):
            return stringNode(s)
        case .int(let i):
            return Node(String(i), Tag(.int))
        case .bool(let b):
            return Node(b ? "true" : "false", Tag(.bool))
        case .number(let n):
            return Node(n, Tag(.float))
        case .null:
            return Node("null", Tag(.null))
        }
    }

    /// A string scalar that every YAML parser reads back as the same string.
    static func stringNode(_ s: String) -> Node {
        if s.contains("\n") {
            return .scalar(.init(s, Tag(.str), .literal))
        }
        // Yams' resolver misses YAML 1.1's single-letter booleans, which go-yaml v2 still reads, and
        // numbers that go-yaml (kubectl, kustomize) parses: `-.5`, `.5e3`, `0X1F`, `0B101`.
        if ["y", "Y", "n", "N"].contains(s) || looksLikeNumber(s) {
            return .scalar(.init(s, Tag(.str), .singleQuoted))
        }
        return .scalar(s.represented())
    }

    /// Whether some YAML parser could read `s` as a number: decimal, float with optional exponent,
    /// or a 0x/0o/0b literal in either case.
    static func looksLikeNumber(_ s: String) -> Bool {
        var chars = Substring(s)
        if let sign = chars.first, sign == "+" || sign == "-" { chars = chars.dropFirst() }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        if chars.count > 2, chars.first == "0", let p = chars.dropFirst().first, "xXoObB".contains(p) {
            return chars.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" }
        }
        let mantissa = chars.prefix { isDigit($0) || $0 == "." }
        guard mantissa.filter({ $0 == "." }).count <= 1, mantissa.contains(where: isDigit) else { return false }
        let rest = chars.dropFirst(mantissa.count)
        if rest.isEmpty { return true }
        guard let e = rest.first, e == "e" || e == "E" else { return false }
        var exponent = rest.dropFirst()
        if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
    }
}
