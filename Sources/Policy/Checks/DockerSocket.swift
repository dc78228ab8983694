import DocumentTree

extension Check {
    static let dockerSocket = Check.perPod(
        id: "docker-socket",
        summary: "Pods must not mount the container runtime's socket (Docker, containerd, CRI-O), nor a host directory holding it.",
        rationale: "Whoever can talk to the runtime socket can start a privileged container with the node's root "
            + "filesystem mounted: it is root on the node, and can read every other container's secrets. Mounting a "
            + "directory that contains the socket (/var/run, /run, /run/containerd) gives the same access. "
            + "Sockets: /var/run/docker.sock, /run/docker.sock, /var/run/containerd/containerd.sock, "
            + "/run/containerd/containerd.sock, /run/k3s/containerd/containerd.sock, /var/run/crio/crio.sock, "
            + "/run/crio/crio.sock (/var/run is a link to /run on current distributions).",
        remediation: "Remove the hostPath volume (volumes[].hostPath.path); build images with a daemonless builder "
            + "(BuildKit rootless, Kaniko, Buildah) and read container metadata from the Kubernetes API instead.",
        severity: .error
    ) { pod, _, _ in
        (pod.spec["volumes"]?.items ?? []).enumerated().compactMap { i, volume in
            guard let raw = volume["hostPath"]?["path"]?.stringValue else { return nil }
            let path = runtimeSocketNormalized(raw)
            guard let socket = runtimeSockets.first(where: { $0 == path || path == "/" || $0.hasPrefix(path + "/") })
            else { return nil }
            let name = volume["name"]?.stringValue ?? ""
            let what = socket == path
                ? "the container runtime socket \(raw)"
                : "\(raw), which contains the container runtime socket \(socket)"
            return Violation("volume \"\(name)\" mounts \(what)" + SecuritySupport.mountedBy(name, in: pod),
                             at: pod.specPath / "volumes" / i / "hostPath" / "path")
        }
    }
}

/// Runtime sockets, under both /var/run and /run (one is usually a link to the other).
private let runtimeSockets = [
    "/var/run/docker.sock", "/run/docker.sock",
    "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
    "/run/k3s/containerd/containerd.sock",
    "/var/run/crio/crio.sock", "/run/crio/crio.sock",
]

/// An absolute path with `.`, `..`, repeated and trailing slashes resolved as the node would.
private func runtimeSocketNormalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in SecuritySupport.trim(path).split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == ".." {
            if !parts.isEmpty { parts.removeLast() }
            continue
        }
        parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
}
