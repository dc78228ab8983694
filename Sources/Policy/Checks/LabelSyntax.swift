import DocumentTree

extension Check {
    static let labelSyntax = Check(
        id: "label-syntax",
        summary: "Label keys and values must have the syntax the API accepts.",
        rationale: "The API server refuses an object whose labels (its own, its pod template's, or a selector's "
            + "matchLabels) are malformed: a value longer than 63 characters, with spaces, slashes or a leading "
            + "dash, or a key with an invalid prefix. The apply fails, often in a pipeline where the value came "
            + "from a branch name or a version string.",
        remediation: "Keep label values to 63 characters of letters, digits, '-', '_' and '.', starting and ending "
            + "with a letter or digit (or empty); keys as name or prefix/name, the prefix a DNS subdomain.",
        severity: .error
    ) { object, _ in
        var places: [FieldPath] = [FieldPath("metadata", "labels")]
        if let pod = PodTemplateView(object), pod.metadataPath != FieldPath("metadata") {
            places.append(pod.metadataPath / "labels")
        }
        places.append(FieldPath("spec", "selector", "matchLabels"))
        var out: [Violation] = []
        for place in places {
            for field in object[place]?.fields ?? [] {
                if let problem = LabelRules.problem(key: field.key) {
                    out.append(Violation("label key \"\(field.key)\" \(problem)", at: place / field.key))
                }
                if let value = field.value.scalarText, let problem = LabelRules.problem(value: value) {
                    out.append(Violation("label \(field.key) value \"\(value)\" \(problem)", at: place / field.key))
                }
            }
        }
        return out
    }
}

/// The syntax of label keys and values (k8s.io/apimachinery validation: IsQualifiedName, IsValidLabelValue).
enum LabelRules {
    /// `(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?`, at most 63 characters.
    static func problem(value: String) -> String? {
        if value.count > 63 { return "is longer than 63 characters (\(value.count))" }
        guard !value.isEmpty else { return nil }
        if !value.allSatisfy({ isAlphanumeric($0) || "-_.".contains($0) }) {
            return "holds characters other than letters, digits, '-', '_' and '.'"
        }
        if !isAlphanumeric(value.first!) || !isAlphanumeric(value.last!) { return "must start and end with a letter or digit" }
        return nil
    }

    /// `[prefix/]name`: name as a value but not empty, prefix a DNS subdomain of at most 253 characters.
    static func problem(key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "has more than one '/'" }
        let name = String(parts.last!)
        if name.isEmpty { return "has an empty name" }
        if let problem = problem(value: name) { return "has a name that \(problem)" }
        if parts.count == 2 {
            let prefix = parts[0]
            let labels = prefix.split(separator: ".", omittingEmptySubsequences: false)
            let valid = !prefix.isEmpty && prefix.count <= 253 && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
                    && isLowerAlphanumeric(label.first!) && isLowerAlphanumeric(label.last!)
            }
            if !valid { return "has a prefix \"\(prefix)\" that is not a lower-case DNS subdomain" }
        }
        return nil
    }

    private static func isAlphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
    private static func isLowerAlphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
}
