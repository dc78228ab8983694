import DocumentTree

extension Check {
    static let fieldType = Check(
        id: "field-type",
        summary: "Every field of a built-in object must hold a value of its type.",
        rationale: "The API server decodes objects strictly: `containerPort: \"8080\"`, `replicas: two`, a label "
            + "value written `1.0` (a number, where labels are strings) or a list where a map belongs make "
            + "`kubectl apply` fail with \"cannot unmarshal\". Types come from the Kubernetes OpenAPI definitions "
            + "(scripts/kubernetes-schema.py); custom resources are checked against their CRD when it is in the input, skipped otherwise.",
        remediation: "Write the value as the type the message names: quote strings that YAML would read as "
            + "numbers or booleans (\"1.0\", \"true\"), unquote numbers.",
        severity: .error
    ) { problem in
        guard case .wrongType(let path, let expected, let found) = problem else { return nil }
        return Violation("\(path) must be \(expected.description), not \(found)", at: path)
    }
}
