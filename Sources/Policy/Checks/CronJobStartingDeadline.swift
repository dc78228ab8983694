import DocumentTree

extension Check {
    static let cronjobStartingDeadline = Check(
        id: "cronjob-starting-deadline",
        summary: "A CronJob must set spec.startingDeadlineSeconds.",
        rationale: "Without a deadline the CronJob controller counts every schedule missed since the last run "
            + "(controller down, cluster upgrade, suspend, concurrencyPolicy Forbid behind a long run); past 100 "
            + "missed schedules it logs an error and stops scheduling the CronJob for good, silently. A deadline "
            + "limits the count to the schedules inside that window and drops runs too late to be useful.",
        remediation: "Set spec.startingDeadlineSeconds to how late a run may still start (e.g. 300; at least 10, "
            + "and shorter than the schedule interval).",
        severity: .warning, kinds: ["CronJob"]
    ) { object, _ in
        guard object.document["spec"]?["startingDeadlineSeconds"] == nil else { return [] }
        return [Violation("CronJob \"\(object.name)\" has no startingDeadlineSeconds: after 100 missed schedules it "
                          + "is never run again", at: FieldPath("spec", "startingDeadlineSeconds"))]
    }
}
