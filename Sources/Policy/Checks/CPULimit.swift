import DocumentTree

extension Check {
    static let cpuLimit = Check.perContainer(
        id: "cpu-limit",
        summary: "Advice: do not set a CPU limit (resources.limits.cpu) on latency-sensitive containers.",
        rationale: "A CPU limit is enforced by CFS quota: once the container has used its quota in a 100 ms "
            + "period it is throttled until the next one, even when the node is idle, so request latency (p99) "
            + "jumps by tens of milliseconds on every burst (garbage collection, start-up, traffic spikes). The "
            + "CPU request already guarantees the container its share under contention, so the limit protects "
            + "no one. Exception: Guaranteed QoS for the static CPU manager (pinned cores) needs limits equal to "
            + "requests; suppress with that reason.",
        remediation: "Remove resources.limits.cpu and keep resources.requests.cpu; or, if the limit is wanted "
            + "(pinned CPUs, billing, a noisy batch neighbour), suppress with a reason: annotation "
            + "gen.policy/ignore-cpu-limit: \"<reason>\", or .allowing(\"cpu-limit\", because: \"…\") in Swift.",
        severity: .warning
    ) { container, _, _ in
        let limit = Reliability.resource(container, "limits", "cpu")
        guard let value = limit.value else { return [] }
        return [Violation("\(Reliability.describe(container)) sets a CPU limit (\(Reliability.text(value))), which "
                          + "throttles it even on an idle node (advice, not a defect): remove resources.limits.cpu, "
                          + "or keep it and suppress with a reason (gen.policy/ignore-cpu-limit: \"<reason>\")",
                          at: limit.path)]
    }
}
