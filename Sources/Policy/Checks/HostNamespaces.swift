import DocumentTree

extension Check {
    static let hostNamespaces = Check.perPod(
        id: "host-namespaces",
        summary: "Pods must not share the node's namespaces: hostNetwork, hostPID and hostIPC must not be true.",
        rationale: "hostNetwork puts the pod on the node's network stack: it can bind any node port, sniff node "
            + "traffic, reach services on localhost (the kubelet's read-only port, cloud metadata without hop "
            + "limits) and escapes NetworkPolicy. hostPID shows every process of the node: the pod can read their "
            + "environment and /proc/<pid>/root (secrets of other pods) and, as root, ptrace or kill them. hostIPC "
            + "shares the node's System V shared memory and message queues with every other host-IPC process.",
        remediation: "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC from the pod spec (or set them to "
            + "false); expose ports through a Service instead of the node's network.",
        severity: .error
    ) { pod, object, _ in
        let fields: [(key: String, what: String)] = [
            ("hostNetwork", "the node's network namespace"),
            ("hostPID", "the node's process namespace"),
            ("hostIPC", "the node's IPC namespace"),
        ]
        return fields.compactMap { field in
            guard pod.spec[field.key]?.boolValue == true else { return nil }
            return Violation("\(SecuritySupport.podLabel(object)) shares \(field.what) (\(field.key): true)",
                             at: pod.specPath / field.key)
        }
    }
}
