import DocumentTree

extension Check {
    static let cronjobResources = Check.perPod(
        id: "cronjob-resources",
        summary: "CronJob containers must request CPU and memory and limit memory.",
        rationale: "CronJobs start in bursts (many on the hour) on whatever node has room by their requests: "
            + "without requests they are packed onto busy nodes and starve the services there; without a memory "
            + "limit a batch run that loads too much data takes the node's memory and gets its neighbours evicted, "
            + "at a time nobody watches.",
        remediation: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every "
            + "container under spec.jobTemplate.spec.template.spec.",
        severity: .warning, kinds: ["CronJob"]
    ) { pod, object, _ in
        pod.containers(includingInit: true).flatMap { container in
            [("requests", "cpu"), ("requests", "memory"), ("limits", "memory")].compactMap { kind, resource in
                let field = Reliability.resource(container, kind, resource)
                guard field.value == nil else { return nil }
                return Violation("CronJob \"\(object.name)\" \(Reliability.describe(container)) has no "
                                 + "resources.\(kind).\(resource)", at: field.path)
            }
        }
    }
}
