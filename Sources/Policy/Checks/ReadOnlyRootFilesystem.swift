import DocumentTree

extension Check {
    static let readOnlyRootFilesystem = Check.perContainer(
        id: "read-only-root-filesystem",
        summary: "Containers must set securityContext.readOnlyRootFilesystem: true.",
        rationale: "A writable root filesystem lets an attacker who gets code execution drop tools and binaries, "
            + "replace the application's own files or libraries, and persist until the pod is replaced; it also "
            + "hides writes to unexpected paths that fill the node's disk. With a read-only root, the writable "
            + "paths are exactly the volumes the manifest declares. Not required on Windows pods "
            + "(spec.os.name: windows), where the API rejects the field.",
        remediation: "Set securityContext.readOnlyRootFilesystem: true on the container and mount an emptyDir "
            + "volume at each path the process writes to (/tmp, caches).",
        severity: .error
    ) { container, pod, _ in
        guard !SecuritySupport.isWindows(pod) else { return [] }
        let path = container.path / "securityContext" / "readOnlyRootFilesystem"
        let who = SecuritySupport.label(container)
        switch container.securityContext?["readOnlyRootFilesystem"] {
        case .bool(true)?:
            return []
        case .bool(false)?:
            return [Violation("\(who) sets readOnlyRootFilesystem: false", at: path)]
        case nil, .null?:
            return [Violation("\(who) has a writable root filesystem (readOnlyRootFilesystem is not set)", at: path)]
        default:
            return [Violation("\(who): readOnlyRootFilesystem is not the boolean true", at: path)]
        }
    }
}
