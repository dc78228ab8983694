import DocumentTree

extension Check {
    static let jobRestartPolicy = Check.perPod(
        id: "job-restart-policy",
        summary: "A Job's or CronJob's pod template must set restartPolicy to Never or OnFailure.",
        rationale: "Job pods must end: the API server rejects a Job whose template has restartPolicy Always, which is "
            + "also what an unset restartPolicy defaults to, so the apply fails (a CronJob fails later, at each "
            + "scheduled run, in the controller's events).",
        remediation: "Set restartPolicy: Never (a new pod per retry, logs of failed runs kept) or OnFailure (the "
            + "container restarts in place) in the pod template's spec.",
        severity: .error, kinds: ["Job", "CronJob"]
    ) { pod, object, _ in
        let policy = pod.spec["restartPolicy"]?.stringValue
        guard policy != "Never", policy != "OnFailure" else { return [] }
        return [Violation("\(object.kind) \"\(object.name)\" has restartPolicy \(policy ?? "unset (Always)"), which the API "
            + "rejects for Jobs", at: pod.specPath / "restartPolicy")]
    }
}
