import DocumentTree

/// Writes a `DocNode` as YAML through libyaml, with the rules that keep output stable and
/// unambiguous:
/// - strings that a YAML 1.1 or 1.2 parser would read as another type are quoted, keys included,
///   and multi-line strings are literal blocks (`ScalarQuoting`); no line is ever wrapped;
/// - mappings keep the order of the tree; 2-space indentation, sequences not indented (kubectl's style);
/// - non-ASCII text is written as is.
public enum YAMLRenderer {
    /// Renders one document, preceded by `header` lines written as `# ` comments.
    public static func render(_ document: DocNode, header: [String] = []) throws -> String {
        header.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined() + (try EventEmitter.render(document))
    }
}
