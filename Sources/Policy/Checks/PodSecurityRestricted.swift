import DocumentTree

extension Check {
    static let podSecurityVersionParameter = Parameter(
        "podSecurityVersion", default: PolicySettings().podSecurityVersion.description,
        help: "Kubernetes minor whose Pod Security admission rules apply, like a namespace's "
            + "pod-security.kubernetes.io/enforce-version label (PolicySettings.podSecurityVersion; "
            + "`gen lint --pod-security-version`). Rules of 1.25 to 1.37; an older version gets the 1.25 rules.")

    static let podSecurityRestricted = Check.perPod(
        id: "pod-security-restricted",
        summary: "Pod templates must be admissible under the Pod Security Standards restricted profile (baseline "
            + "included), as the Pod Security admission controller enforces it for podSecurityVersion.",
        rationale: "A namespace labelled pod-security.kubernetes.io/enforce: restricted rejects every pod that breaks "
            + "one control, and a Deployment, StatefulSet, DaemonSet or Job whose template breaks one never gets a "
            + "pod: the failure shows up only in the controller's events, after the apply succeeded. The check "
            + "evaluates every control of the restricted profile, as Kubernetes' pod-security-admission "
            + "(policy/check_*.go) does for the pinned version, on the pod, its containers, init containers and "
            + "ephemeral containers. Baseline: HostProcess (windowsOptions.hostProcess not true), host "
            + "namespaces (hostNetwork, hostPID, hostIPC not true), privileged not true, hostPath volumes, hostPort "
            + "unset or 0, AppArmor (appArmorProfile.type RuntimeDefault or Localhost; the "
            + "container.apparmor.security.beta.kubernetes.io/* annotations of the pod empty, runtime/default or "
            + "localhost/*), SELinux (seLinuxOptions.type empty, container_t, container_init_t, container_kvm_t, "
            + "and since 1.31 container_engine_t; user and role unset), procMount unset or Default, sysctls only "
            + "from the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, "
            + "net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start; since 1.27 "
            + "net.ipv4.ip_local_reserved_ports; since 1.29 net.ipv4.tcp_keepalive_time, tcp_fin_timeout, "
            + "tcp_keepalive_intvl, tcp_keepalive_probes; since 1.32 net.ipv4.tcp_rmem, tcp_wmem; since 1.37 "
            + "net.ipv4.tcp_slow_start_after_idle, tcp_notsent_lowat), and since 1.34 no host in the httpGet or "
            + "tcpSocket of probes and lifecycle hooks. Restricted: volumes only configMap, csi, downwardAPI, "
            + "emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret; capabilities.drop contains "
            + "\"ALL\" and capabilities.add holds at most NET_BIND_SERVICE (compared exactly, as admission does; "
            + "this replaces baseline's allowed-add list); allowPrivilegeEscalation: false on every container; "
            + "seccompProfile.type RuntimeDefault or Localhost on the pod or on every container, never "
            + "Unconfined; runAsNonRoot: true on the pod or on every container, and false nowhere; runAsUser not 0 "
            + "on the pod or any container. As admission does since 1.25, Windows pods (spec.os.name: windows) are "
            + "not asked for seccomp, capabilities or allowPrivilegeEscalation; since 1.35 pods in a user "
            + "namespace (hostUsers: false) are not asked for runAsNonRoot or a non-zero runAsUser.",
        remediation: "Fix the field each finding names: set on the pod spec.securityContext runAsNonRoot: true, a "
            + "non-zero runAsUser and seccompProfile.type: RuntimeDefault, and on every container (init containers "
            + "included) securityContext.allowPrivilegeEscalation: false and capabilities.drop: [\"ALL\"] (add back "
            + "only NET_BIND_SERVICE); remove host namespaces, hostPort, privileged, hostPath and other non-core "
            + "volumes (use a PersistentVolumeClaim or a CSI driver), unsafe sysctls, custom SELinux user/role/type, "
            + "Unconfined AppArmor or seccomp, procMount: Unmasked and probe hosts. A workload that needs one of "
            + "them belongs in a namespace with a weaker profile: suppress with that reason.",
        severity: .error, parameters: [podSecurityVersionParameter]
    ) { pod, object, context in
        PodSecurityControls(pod: pod, object: object, version: context.settings.podSecurityVersion).violations
    }
}

/// The controls of the restricted profile, baseline's included, on one pod template. Each control
/// follows the function of the same name in kubernetes/pod-security-admission `policy/` (read at
/// release-1.36 and at master, tag v0.37.0-alpha.2, July 2026); where restricted overrides a
/// baseline control (capabilities, seccomp, hostPath by volume types, procMount) only the
/// restricted form runs.
private struct PodSecurityControls {
    let pod: PodTemplateView
    let object: PolicyObject
    let version: KubernetesVersion
    /// Init, regular and ephemeral containers: admission visits all three lists.
    let containers: [ContainerView]
    /// The pod's securityContext, then every container's, with who sets it and its path (read
    /// once: four controls walk it).
    let securityContexts: [(who: String, node: DocNode?, path: FieldPath)]
    /// API validation rejects the Linux-only fields on Windows pods, so admission (1.25+) skips the
    /// controls that demand them.
    let isWindows: Bool
    /// In a user namespace a container's root is not root on the node: admission stops requiring
    /// non-root there since 1.35.
    let inUserNamespace: Bool

    init(pod: PodTemplateView, object: PolicyObject, version: KubernetesVersion) {
        self.pod = pod
        self.object = object
        self.version = version
        containers = pod.containers(includingInit: true, includingEphemeral: true)
        securityContexts = [(SecuritySupport.podLabel(object), pod.spec["securityContext"], pod.specPath / "securityContext")]
            + containers.map { (SecuritySupport.label($0), $0.securityContext, $0.path / "securityContext") }
        isWindows = SecuritySupport.isWindows(pod)
        inUserNamespace = version >= KubernetesVersion(1, 35) && pod.spec["hostUsers"]?.boolValue == false
    }

    var violations: [Violation] {
        hostProcess + hostNamespaces + privileged + capabilities + volumeTypes + hostPorts + appArmor + seLinux
            + procMount + seccomp + sysctls + probeHosts + privilegeEscalation + runAsNonRoot + runAsUser
    }

    // MARK: Version-dependent values

    static let allowedSELinuxTypes: [(since: KubernetesVersion, values: [String])] = [
        (KubernetesVersion(1, 0), ["", "container_t", "container_init_t", "container_kvm_t"]),
        (KubernetesVersion(1, 31), ["container_engine_t"]),
    ]

    static let safeSysctls: [(since: KubernetesVersion, values: [String])] = [
        (KubernetesVersion(1, 0), ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
                                   "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"]),
        (KubernetesVersion(1, 27), ["net.ipv4.ip_local_reserved_ports"]),
        (KubernetesVersion(1, 29), ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                                    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]),
        (KubernetesVersion(1, 32), ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]),
        (KubernetesVersion(1, 37), ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]),
    ]

    /// The union of the entries of `table` that `version` has reached.
    func values(_ table: [(since: KubernetesVersion, values: [String])]) -> Set<String> {
        Set(table.filter { $0.since <= version }.flatMap(\.values))
    }

    static let restrictedVolumeSources: Set<String> = [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    ]

    /// Baseline's allowed capabilities.add: only named in messages, to tell how far a pod is from baseline.
    static let baselineCapabilities: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
        "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    static func allowedProfileType(_ type: String) -> Bool { type == "RuntimeDefault" || type == "Localhost" }

    // MARK: Helpers

    var podName: String { SecuritySupport.podLabel(object) }
    var podContextPath: FieldPath { pod.specPath / "securityContext" }

    func violation(_ control: String, _ message: String, at path: FieldPath) -> Violation {
        Violation("\(control): \(message)", at: path)
    }

    // MARK: Baseline

    var hostProcess: [Violation] {
        securityContexts.compactMap { s in
            guard s.node?["windowsOptions"]?["hostProcess"]?.boolValue == true else { return nil }
            return violation("HostProcess", "\(s.who) sets windowsOptions.hostProcess: true",
                             at: s.path / "windowsOptions" / "hostProcess")
        }
    }

    var hostNamespaces: [Violation] {
        ["hostNetwork", "hostPID", "hostIPC"].compactMap { key in
            guard pod.spec[key]?.boolValue == true else { return nil }
            return violation("Host Namespaces", "\(podName) sets \(key): true", at: pod.specPath / key)
        }
    }

    var privileged: [Violation] {
        containers.compactMap { c in
            guard c.securityContext?["privileged"]?.boolValue == true else { return nil }
            return violation("Privileged Containers", "\(SecuritySupport.label(c)) sets privileged: true",
                             at: c.path / "securityContext" / "privileged")
        }
    }

    var hostPorts: [Violation] {
        containers.flatMap { c in
            (c["ports"]?.items ?? []).enumerated().compactMap { i, port in
                guard let host = port["hostPort"]?.intValue, host != 0 else { return nil }
                return violation("Host Ports", "\(SecuritySupport.label(c)) binds hostPort \(host)",
                                 at: c.path / "ports" / i / "hostPort")
            }
        }
    }

    var appArmor: [Violation] {
        let fields = securityContexts.compactMap { s -> Violation? in
            guard let profile = s.node?["appArmorProfile"] else { return nil }
            let type = profile["type"]?.stringValue ?? ""
            guard !Self.allowedProfileType(type) else { return nil }
            return violation("AppArmor", "\(s.who) sets appArmorProfile.type \"\(type)\" (allowed: RuntimeDefault, "
                             + "Localhost)", at: s.path / "appArmorProfile" / "type")
        }
        let prefix = "container.apparmor.security.beta.kubernetes.io/"
        let annotationsPath = pod.metadataPath / "annotations"
        let annotations = object[annotationsPath]?.stringMap ?? [:]
        let legacy = annotations.sorted { $0.key < $1.key }.compactMap { key, value -> Violation? in
            guard key.hasPrefix(prefix), !value.isEmpty, value != "runtime/default", !value.hasPrefix("localhost/")
            else { return nil }
            return violation("AppArmor", "\(podName) has annotation \(key): \"\(value)\" (allowed: runtime/default, "
                             + "localhost/<profile>)", at: annotationsPath / key)
        }
        return fields + legacy
    }

    var seLinux: [Violation] {
        let allowedTypes = values(Self.allowedSELinuxTypes)
        return securityContexts.flatMap { s -> [Violation] in
            guard let options = s.node?["seLinuxOptions"] else { return [] }
            let path = s.path / "seLinuxOptions"
            var out: [Violation] = []
            let type = options["type"]?.stringValue ?? ""
            if !allowedTypes.contains(type) {
                out.append(violation("SELinux", "\(s.who) sets seLinuxOptions.type \"\(type)\" (allowed in "
                    + "\(version): \(allowedTypes.filter { !$0.isEmpty }.sorted().joined(separator: ", ")))",
                    at: path / "type"))
            }
            for key in ["user", "role"] {
                guard let value = options[key]?.stringValue, !value.isEmpty else { continue }
                out.append(violation("SELinux", "\(s.who) sets seLinuxOptions.\(key) \"\(value)\" (must be unset)",
                                     at: path / key))
            }
            return out
        }
    }

    /// Restricted's form, which never relaxes for user namespaces (baseline's does since 1.35).
    var procMount: [Violation] {
        containers.compactMap { c in
            guard let mount = c.securityContext?["procMount"]?.stringValue, mount != "Default" else { return nil }
            return violation("/proc Mount Type", "\(SecuritySupport.label(c)) sets procMount \(mount) (allowed: Default)",
                             at: c.path / "securityContext" / "procMount")
        }
    }

    var sysctls: [Violation] {
        let safe = values(Self.safeSysctls)
        let path = podContextPath / "sysctls"
        return (pod.spec["securityContext"]?["sysctls"]?.items ?? []).enumerated().compactMap { i, sysctl in
            let name = sysctl["name"]?.stringValue ?? ""
            guard !safe.contains(name) else { return nil }
            return violation("Sysctls", "\(podName) sets sysctl \"\(name)\", not in the safe set of \(version)",
                             at: path / i / "name")
        }
    }

    var probeHosts: [Violation] {
        guard version >= KubernetesVersion(1, 34) else { return [] }
        let handlers: [FieldPath] = [FieldPath("livenessProbe"), FieldPath("readinessProbe"), FieldPath("startupProbe"),
                                     FieldPath("lifecycle", "postStart"), FieldPath("lifecycle", "preStop")]
        return containers.flatMap { c in
            handlers.flatMap { handler in
                ["httpGet", "tcpSocket"].compactMap { action -> Violation? in
                    let path = handler / action / "host"
                    guard let host = c.node.value(at: path)?.stringValue, !host.isEmpty else { return nil }
                    return violation("Probes / Lifecycle Hooks", "\(SecuritySupport.label(c)) sets \(path) \"\(host)\" "
                                     + "(must be unset: the kubelet would connect to that host from the node)",
                                     at: FieldPath(c.path.components + path.components))
                }
            }
        }
    }

    // MARK: Restricted

    /// Replaces baseline's hostPath control: hostPath is one of the types it forbids.
    var volumeTypes: [Violation] {
        (pod.spec["volumes"]?.items ?? []).enumerated().flatMap { i, volume in
            let name = volume["name"]?.stringValue ?? ""
            // A volume with no source at all is an emptyDir (API defaulting), hence allowed.
            return volume.fields.map(\.key).filter { $0 != "name" && !Self.restrictedVolumeSources.contains($0) }
                .map { type in
                    violation("Volume Types", "volume \"\(name)\" is of type \(type)"
                              + SecuritySupport.mountedBy(name, in: pod), at: pod.specPath / "volumes" / i / type)
                }
        }
    }

    /// Replaces baseline's capabilities control, whose allowed list contains NET_BIND_SERVICE.
    var capabilities: [Violation] {
        guard !isWindows else { return [] }
        return containers.flatMap { c -> [Violation] in
            let who = SecuritySupport.label(c)
            let path = c.path / "securityContext" / "capabilities"
            let capabilities = c.securityContext?["capabilities"]
            var out: [Violation] = []
            let drop = capabilities?["drop"]?.items.compactMap(\.stringValue) ?? []
            if !drop.contains("ALL") {
                out.append(violation("Capabilities", "\(who) does not drop \"ALL\" (capabilities.drop: "
                                     + "[\(drop.joined(separator: ", "))])", at: path / "drop"))
            }
            for (i, node) in (capabilities?["add"]?.items ?? []).enumerated() {
                let name = node.stringValue ?? ""
                guard name != "NET_BIND_SERVICE" else { continue }
                let baseline = Self.baselineCapabilities.contains(name) ? "" : "; baseline does not allow \(name) either"
                out.append(violation("Capabilities", "\(who) adds \(name) (restricted allows only NET_BIND_SERVICE"
                                     + "\(baseline))", at: path / "add" / i))
            }
            return out
        }
    }

    var privilegeEscalation: [Violation] {
        guard !isWindows else { return [] }
        return containers.compactMap { c in
            let value = c.securityContext?["allowPrivilegeEscalation"]
            guard value?.boolValue != false else { return nil }
            let what = value?.boolValue == true ? "sets allowPrivilegeEscalation: true"
                : "does not set allowPrivilegeEscalation: false (unset means true)"
            return violation("Privilege Escalation", "\(SecuritySupport.label(c)) \(what)",
                             at: c.path / "securityContext" / "allowPrivilegeEscalation")
        }
    }

    /// Replaces baseline's seccomp control (which only forbids Unconfined) by requiring a profile.
    var seccomp: [Violation] {
        guard !isWindows else { return [] }
        let podProfile = pod.spec["securityContext"]?["seccompProfile"]
        var out: [Violation] = []
        if let podProfile {
            let type = podProfile["type"]?.stringValue ?? ""
            if !Self.allowedProfileType(type) {
                out.append(violation("Seccomp", "\(podName) sets seccompProfile.type \"\(type)\" (allowed: "
                                     + "RuntimeDefault, Localhost)", at: podContextPath / "seccompProfile" / "type"))
            }
        }
        for c in containers {
            let path = c.path / "securityContext" / "seccompProfile" / "type"
            if let profile = c.securityContext?["seccompProfile"] {
                let type = profile["type"]?.stringValue ?? ""
                if !Self.allowedProfileType(type) {
                    out.append(violation("Seccomp", "\(SecuritySupport.label(c)) sets seccompProfile.type \"\(type)\" "
                                         + "(allowed: RuntimeDefault, Localhost)", at: path))
                }
            } else if podProfile == nil {
                // A pod-level Unconfined is reported once, above, not once per container inheriting it.
                out.append(violation("Seccomp", "neither \(SecuritySupport.label(c)) nor the pod sets "
                                     + "seccompProfile.type (RuntimeDefault or Localhost)", at: path))
            }
        }
        return out
    }

    var runAsNonRoot: [Violation] {
        guard !inUserNamespace else { return [] }
        let podValue = pod.spec["securityContext"]?["runAsNonRoot"]?.boolValue
        var out: [Violation] = []
        if podValue == false {
            out.append(violation("Running as Non-root", "\(podName) sets runAsNonRoot: false",
                                 at: podContextPath / "runAsNonRoot"))
        }
        for c in containers {
            let path = c.path / "securityContext" / "runAsNonRoot"
            switch c.securityContext?["runAsNonRoot"]?.boolValue {
            case true?: continue
            case false?: out.append(violation("Running as Non-root", "\(SecuritySupport.label(c)) sets runAsNonRoot: "
                                              + "false", at: path))
            case nil where podValue == nil:
                out.append(violation("Running as Non-root", "neither \(SecuritySupport.label(c)) nor the pod sets "
                                     + "runAsNonRoot: true", at: path))
            case nil: continue // the pod's true covers it; its false is reported once, above
            }
        }
        return out
    }

    var runAsUser: [Violation] {
        guard !inUserNamespace else { return [] }
        return securityContexts.compactMap { s in
            guard s.node?["runAsUser"]?.intValue == 0 else { return nil }
            return violation("Running as Non-root user", "\(s.who) sets runAsUser: 0", at: s.path / "runAsUser")
        }
    }
}
