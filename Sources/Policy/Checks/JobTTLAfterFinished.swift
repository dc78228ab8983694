import DocumentTree

extension Check {
    static let jobTTLAfterFinished = Check(
        id: "job-ttl-after-finished",
        summary: "A Job that no CronJob owns should set spec.ttlSecondsAfterFinished.",
        rationale: "A finished Job and its pods stay until someone deletes them: they pile up, keep their logs and "
            + "volumes, and block re-applying the same manifest (a Job's template cannot be changed). A CronJob "
            + "prunes its own Jobs by its history limits, so only standalone Jobs need a TTL.",
        remediation: "Set spec.ttlSecondsAfterFinished (e.g. 86400: a day to read the logs, then garbage-collected).",
        severity: .warning, kinds: ["Job"]
    ) { object, _ in
        guard object.document["spec"]?["ttlSecondsAfterFinished"] == nil else { return [] }
        return [Violation("Job \"\(object.name)\" has no ttlSecondsAfterFinished: it and its pods stay after it finishes",
                          at: FieldPath("spec", "ttlSecondsAfterFinished"))]
    }
}
