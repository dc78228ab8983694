import DocumentTree

extension Check {
    static let ephemeralStorageLimit = Check.perContainer(
        id: "ephemeral-storage-limit",
        summary: "A container that can write to the node's disk without bound should set resources.limits.ephemeral-storage.",
        rationale: "The container's writable layer, its logs and its disk-backed emptyDirs share the node's disk with "
            + "every pod and the kubelet: one container that fills it puts the node under disk pressure, and the "
            + "kubelet then evicts pods that did nothing wrong. A limit (or an emptyDir sizeLimit) makes the kubelet "
            + "evict only the pod that overran. Unlike kube-score, which asks every container for an "
            + "ephemeral-storage request and limit, this reports only a container whose writes are unbounded: no "
            + "limit, and a writable root filesystem or a disk emptyDir without sizeLimit. A container with a "
            + "read-only root and only size-limited (or medium: Memory) emptyDirs can write no more than those "
            + "limits and its logs, which the kubelet rotates. Info: the right size depends on the node's disk.",
        remediation: "Set readOnlyRootFilesystem: true with an emptyDir of bounded sizeLimit for each folder the "
            + "container writes, or set resources.limits.ephemeral-storage (and a request, for scheduling) above "
            + "what the container writes at its peak.",
        severity: .info
    ) { container, pod, _ in
        let limit = Reliability.resource(container, "limits", "ephemeral-storage")
        guard limit.value == nil else { return [] }
        var unbounded: [String] = []
        if container.securityContext?["readOnlyRootFilesystem"]?.boolValue != true {
            unbounded.append("its writable root filesystem")
        }
        let volumes = pod.spec["volumes"]?.items ?? []
        for mount in container["volumeMounts"]?.items ?? [] where mount["readOnly"]?.boolValue != true {
            guard let name = mount["name"]?.stringValue,
                  let emptyDir = volumes.first(where: { $0["name"]?.stringValue == name })?["emptyDir"],
                  emptyDir["medium"]?.stringValue != "Memory", emptyDir["sizeLimit"] == nil
            else { continue }
            unbounded.append("emptyDir \"\(name)\", which has no sizeLimit")
        }
        guard !unbounded.isEmpty else { return [] }
        return [Violation("\(Reliability.describe(container)) has no ephemeral-storage limit and can fill the node's "
            + "disk through " + unbounded.joined(separator: " and "), at: limit.path)]
    }
}
