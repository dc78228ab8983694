import DocumentTree

/// What the schema finds wrong in one object. `kubectl apply` (strict field validation, the
/// default since Kubernetes 1.27) rejects both; a lint that ignored them would pass a misspelled
/// `resourses:` and then report its consequences instead.
enum SchemaProblem: Equatable, Sendable {
    /// A field the type does not have, with the closest field it does have.
    case unknownField(path: FieldPath, name: String, suggestion: String?, type: String)
    /// A value the field's type cannot hold.
    case wrongType(path: FieldPath, expected: KubernetesSchema.FieldType, found: String)
}

extension KubernetesSchema {
    /// Every unknown field and mistyped value of `object`; nothing when its kind is not in the table.
    func problems(in object: PolicyObject) -> [SchemaProblem] {
        guard let type = type(apiVersion: object.apiVersion, kind: object.kind) else { return [] }
        var out: [SchemaProblem] = []
        var path: [FieldPath.Component] = []
        walk(object.document, as: type, at: &path, into: &out)
        return out
    }

    // One path, pushed and popped as the walk goes: a FieldPath is made only for a problem.
    private func walk(_ node: DocNode, as type: FieldType, at path: inout [FieldPath.Component], into out: inout [SchemaProblem]) {
        // Every field of the definitions may be null (omitted).
        if node == .null { return }
        switch (type, node) {
        case (.any, _): return
        case (.object(let name), .mapping(let fields)):
            let known = self.fields(of: name)
            for field in fields {
                path.append(.key(field.key))
                if let sub = known[field.key] {
                    walk(field.value, as: sub, at: &path, into: &out)
                } else {
                    out.append(.unknownField(path: FieldPath(path), name: field.key,
                                             suggestion: Self.closest(to: field.key, among: known.keys), type: name))
                }
                path.removeLast()
            }
        case (.list(let item), .sequence(let items)):
            for (i, value) in items.enumerated() {
                path.append(.index(i))
                walk(value, as: item, at: &path, into: &out)
                path.removeLast()
            }
        case (.map(let value), .mapping(let fields)):
            for field in fields {
                path.append(.key(field.key))
                walk(field.value, as: value, at: &path, into: &out)
                path.removeLast()
            }
        case (.string, .string), (.integer, .int), (.number, .int), (.number, .number), (.boolean, .bool),
             (.intOrString, .int), (.intOrString, .string), (.quantity, .string), (.quantity, .int), (.quantity, .number):
            return
        default:
            out.append(.wrongType(path: FieldPath(path), expected: type, found: Self.describe(node)))
        }
    }

    private static func describe(_ node: DocNode) -> String {
        switch node {
        case .string(let s): "the string \"\(s.count > 40 ? s.prefix(40) + "…" : s)\""
        case .int(let i): "the integer \(i)"
        case .number(let n): "the number \(n)"
        case .bool(let b): "the boolean \(b)"
        case .sequence: "a list"
        case .mapping: "a map"
        case .null: "null"
        }
    }

    /// The field whose name is nearest to `name` (case ignored), if it is near enough to be the
    /// one meant: at most a third of the name's letters differ, and never more than 3.
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let lower = Array(name.lowercased())
        let limit = min(3, max(1, lower.count / 3))
        var best: (distance: Int, name: String)?
        for candidate in candidates.sorted() {
            let d = editDistance(lower, Array(candidate.lowercased()))
            if d <= limit, d < (best?.distance ?? .max) { best = (d, candidate) }
        }
        return best?.name
    }

    /// Levenshtein distance, with a swap of two neighbours counting as one edit (`resoruces`).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], previous2[j - 2] + 1) }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
