import DocumentTree

extension Check {
    static let cpuRequests = Check.requiresResource(
        "requests", "cpu",
        id: "cpu-requests",
        summary: "Every container, init containers included, must request CPU (resources.requests.cpu).",
        rationale: "The scheduler places pods by their requests: a container without a CPU request counts as "
            + "needing nothing, so pods are packed onto nodes that cannot run them, and under contention it gets "
            + "the minimum CPU share and its latency collapses. An HPA on CPU utilisation cannot scale it at all "
            + "(utilisation is a percentage of the request).",
        remediation: "Set resources.requests.cpu to the container's usual usage (e.g. 100m), measured under load.")
}
