extension CheckRegistry {
    /// Pod and RBAC hardening.
    static let securityChecks: [Check] = [
        .runAsNonRoot,
    ]
}
