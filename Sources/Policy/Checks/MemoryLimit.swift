import DocumentTree

extension Check {
    static let memoryLimit = Check.requiresResource(
        "limits", "memory",
        id: "memory-limit",
        summary: "Every container, init containers included, must set a memory limit (resources.limits.memory).",
        rationale: "Memory cannot be throttled, only reclaimed by killing: a container without a limit that leaks "
            + "or spikes takes memory from every pod on the node until the kernel OOM killer or the kubelet evicts "
            + "its neighbours. With a limit, only the faulty container is OOM-killed and restarted.",
        remediation: "Set resources.limits.memory (e.g. 512Mi) above the container's peak working set, and "
            + "resources.requests.memory to the same value for Guaranteed memory.")
}
