import DocumentTree

/// Helpers shared by the security checks (kept in one namespace so they cannot collide with the
/// helpers of other check groups).
enum SecuritySupport {
    /// How messages name a container: `container "api"`, `init container "migrate"` or
    /// `ephemeral container "debugger"`.
    static func label(_ container: ContainerView) -> String {
        let kind = container.isInit ? "init container" : container.isEphemeral ? "ephemeral container" : "container"
        return "\(kind) \"\(container.name)\""
    }

    /// How messages name the pod of a workload: `pod of Deployment "api"`, or `Pod "api"`.
    static func podLabel(_ object: PolicyObject) -> String {
        object.kind == "Pod" ? "Pod \"\(object.name)\"" : "pod of \(object.kind) \"\(object.name)\""
    }

    /// A pod that declares `spec.os.name: windows`. API validation rejects the Linux-only
    /// securityContext fields there (seccompProfile, capabilities, readOnlyRootFilesystem,
    /// allowPrivilegeEscalation, privileged, runAsUser, ...), so checks that demand them must not
    /// ask for them on Windows pods.
    static func isWindows(_ pod: PodTemplateView) -> Bool {
        pod.spec["os"]?["name"]?.stringValue == "windows"
    }

    /// The containers (init containers included) that mount the volume named `volume`, as
    /// ` (mounted by container "a", init container "b")`, or ` (not mounted by any container)`.
    static func mountedBy(_ volume: String, in pod: PodTemplateView) -> String {
        let users = pod.containers(includingInit: true).filter { c in
            (c["volumeMounts"]?.items ?? []).contains { $0["name"]?.stringValue == volume }
        }
        if users.isEmpty { return " (not mounted by any container)" }
        return " (mounted by " + users.map(label).joined(separator: ", ") + ")"
    }

    /// The ServiceAccount a pod runs as, as the API resolves it: `serviceAccountName`, else the
    /// deprecated `serviceAccount` alias, else nil (the namespace's `default`).
    static func serviceAccountName(_ pod: PodTemplateView) -> String? {
        for key in ["serviceAccountName", "serviceAccount"] {
            if let name = pod.spec[key]?.stringValue, !name.isEmpty { return name }
        }
        return nil
    }

    /// A capability name as the runtimes compare it: upper case, without the `CAP_` prefix.
    static func capability(_ name: String) -> String {
        let upper = trim(name).uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    /// `text` without leading and trailing whitespace (no Foundation needed).
    static func trim(_ text: String) -> String {
        var s = Substring(text)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
