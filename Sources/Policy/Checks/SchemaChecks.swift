extension CheckRegistry {
    /// The objects against the Kubernetes API's own schema: kinds, fields, types.
    static let schemaChecks: [Check] = [
        .unknownKind,
        .unknownField,
        .fieldType,
        .labelSyntax,
    ]
}
