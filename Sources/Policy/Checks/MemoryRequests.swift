import DocumentTree

extension Check {
    static let memoryRequests = Check.requiresResource(
        "requests", "memory",
        id: "memory-requests",
        summary: "Every container, init containers included, must request memory (resources.requests.memory).",
        rationale: "The scheduler reserves only requested memory: pods without a request are packed onto nodes "
            + "that run out of memory, and under node memory pressure the kubelet evicts first the pods that use "
            + "more than they requested, so these are the first killed.",
        remediation: "Set resources.requests.memory to the container's working set under load (e.g. 256Mi); "
            + "for a predictable pod set it equal to resources.limits.memory.")
}
