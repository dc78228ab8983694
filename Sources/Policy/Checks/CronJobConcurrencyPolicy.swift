import DocumentTree

extension Check {
    static let cronjobConcurrencyPolicy = Check(
        id: "cronjob-concurrency-policy",
        summary: "A CronJob must set spec.concurrencyPolicy explicitly.",
        rationale: "The default, Allow, starts a new Job at every schedule even while the previous run is still "
            + "going: a run that slows down (a locked table, a slow dependency) piles up overlapping Jobs that "
            + "compete for the same data and resources and make each other slower still.",
        remediation: "Set spec.concurrencyPolicy: Forbid (skip a run while one is active) or Replace (stop the old "
            + "run); write Allow only if overlapping runs are safe.",
        severity: .warning, kinds: ["CronJob"]
    ) { object, _ in
        guard object.document["spec"]?["concurrencyPolicy"] == nil else { return [] }
        return [Violation("CronJob \"\(object.name)\" has no concurrencyPolicy (default Allow lets runs overlap)",
                          at: FieldPath("spec", "concurrencyPolicy"))]
    }
}
