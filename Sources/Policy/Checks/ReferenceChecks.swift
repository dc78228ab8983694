extension CheckRegistry {
    /// References between objects, API versions, namespaces and network exposure.
    static let referenceChecks: [Check] = [
        .serviceSelectorMatches,
    ]
}
