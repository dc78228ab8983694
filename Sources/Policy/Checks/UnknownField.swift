import DocumentTree

extension Check {
    static let unknownField = Check(
        id: "unknown-field",
        summary: "Every field of a built-in object must be one its type has.",
        rationale: "A misspelled field (`resourses:`, `imagePullpolicy:`) or one at the wrong level is refused by "
            + "`kubectl apply` (strict field validation, the default since 1.27), and dropped silently by older "
            + "clients and by tools that apply with --validate=false: the setting meant is simply not there, and "
            + "other checks then report its absence instead of the typo. Fields come from the Kubernetes OpenAPI "
            + "definitions (scripts/kubernetes-schema.py); custom resources are checked against their CRD when it is in the input, skipped otherwise.",
        remediation: "Rename the field to the one the message suggests, or move it to the level where the type "
            + "has it (`kubectl explain <kind>.<path>` shows the fields).",
        severity: .error
    ) { problem in
        guard case .unknownField(let path, let name, let suggestion, let type) = problem else { return nil }
        let short = type.split(separator: ".").last.map(String.init) ?? type
        return Violation("unknown field \"\(name)\" in \(short)"
            + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""), at: path)
    }
}
