import DocumentTree

/// A label map (`metadata.labels`, a selector's `matchLabels`) of a rendered document, as strings.
func labels(_ node: DocNode?) -> [String: String] {
    guard case .mapping(let fields)? = node else { return [:] }
    return Dictionary(fields.compactMap { f in f.value.stringValue.map { (f.key, $0) } }, uniquingKeysWith: { a, _ in a })
}
