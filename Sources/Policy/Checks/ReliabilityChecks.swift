extension CheckRegistry {
    /// Probes, resources, images, availability and scheduled jobs.
    static let reliabilityChecks: [Check] = [
        .livenessProbe,
    ]
}
