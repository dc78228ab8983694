import DocumentTree

/// Helpers shared by the reference checks (selectors, ports, scale targets, API versions,
/// namespaces). Kept in one namespace so that they cannot collide with the helpers of other
/// check groups.
enum ReferenceSupport {
    // MARK: Selectors

    /// A selector as `kubectl` prints it: `app=api,tier in (a,b),!legacy`.
    static func describe(_ selector: LabelSelectorView) -> String {
        var parts = selector.matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for e in selector.expressions {
            switch e.op {
            case "In": parts.append("\(e.key) in (\(e.values.joined(separator: ",")))")
            case "NotIn": parts.append("\(e.key) notin (\(e.values.joined(separator: ",")))")
            case "Exists": parts.append(e.key)
            case "DoesNotExist": parts.append("!\(e.key)")
            default: parts.append("\(e.key) \(e.op) (\(e.values.joined(separator: ",")))")
            }
        }
        return parts.isEmpty ? "{}" : parts.joined(separator: ",")
    }

    /// Labels as `app=api,tier=web`.
    static func describe(labels: [String: String]) -> String {
        labels.isEmpty ? "no labels" : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Pod-owning objects of the input (any namespace) whose pod labels `selector` matches, for
    /// the hint "it matches pods in another namespace".
    static func workloadsInOtherNamespaces(selectedBy selector: LabelSelectorView, namespace: String?,
                                           in context: PolicyContext) -> [PolicyObject] {
        context.objects.filter { object in
            guard object.namespace != namespace, let pod = PodTemplateView(object) else { return false }
            return selector.matches(PodLabels(pod, of: object))
        }
    }

    /// ` (it matches Deployment/other/api, but …)` when objects elsewhere match, else "".
    static func otherNamespaceHint(_ others: [PolicyObject], what: String) -> String {
        guard let first = others.first else { return "" }
        return " (it matches \(first.reference), but \(what) only applies within its own namespace)"
    }

    // MARK: Ports

    /// A reference to a port as Kubernetes writes it (IntOrString): a number or a port name.
    enum PortReference: Equatable, CustomStringConvertible {
        case number(Int)
        case name(String)

        /// `8080`, `"8080"` (a number) or `"http"` (a name); nil for anything else.
        init?(_ node: DocNode?) {
            switch node {
            case .int(let n)?: self = .number(n)
            case .string(let s)? where !s.isEmpty: self = Int(s).map(PortReference.number) ?? .name(s)
            default: return nil
            }
        }

        var description: String {
            switch self {
            case .number(let n): "\(n)"
            case .name(let s): "\"\(s)\""
            }
        }
    }

    /// A port a container declares (`ports[].containerPort` and its name) or a Service port.
    struct DeclaredPort {
        var name: String?
        var number: Int

        func matches(_ reference: PortReference) -> Bool {
            switch reference {
            case .number(let n): number == n
            case .name(let s): name == s
            }
        }
    }

    /// The ports `container` declares.
    static func ports(of container: ContainerView) -> [DeclaredPort] {
        (container["ports"]?.items ?? []).compactMap { p in
            p["containerPort"]?.intValue.map { DeclaredPort(name: p["name"]?.stringValue, number: $0) }
        }
    }

    /// The ports a pod serves on: its containers' and its sidecars' (init containers with
    /// `restartPolicy: Always`, which keep running next to the app).
    static func servingPorts(of pod: PodTemplateView) -> [DeclaredPort] {
        pod.containers(includingInit: true)
            .filter { !$0.isInit || $0["restartPolicy"]?.stringValue == "Always" }
            .flatMap { ports(of: $0) }
    }

    /// A Service's ports (`spec.ports[].port` and name).
    static func servicePorts(of service: PolicyObject) -> [DeclaredPort] {
        (service.document["spec"]?["ports"]?.items ?? []).compactMap { p in
            p["port"]?.intValue.map { DeclaredPort(name: p["name"]?.stringValue, number: $0) }
        }
    }

    /// `http=8080, 9090`, or `no ports` when empty.
    static func describe(_ ports: [DeclaredPort]) -> String {
        ports.isEmpty ? "no ports" : ports.map { p in p.name.map { "\($0)=\(p.number)" } ?? "\(p.number)" }
            .joined(separator: ", ")
    }

    /// A Service port whose target no selected pod declares.
    struct UnservedTarget {
        var path: FieldPath
        var target: PortReference
        /// "targetPort 9090" or "targetPort (defaulting to port 80)".
        var what: String
        /// What each selected workload declares instead.
        var declared: String
    }

    /// The ports of `service` whose targetPort (or port, when it has none) is not a port of any
    /// pod it selects. Empty when it has no selector (endpoints by hand) or selects no pod
    /// template (service-selector-matches reports that).
    static func unservedTargets(of service: PolicyObject, in context: PolicyContext) -> [UnservedTarget] {
        guard let spec = service.document["spec"], spec["type"]?.stringValue != "ExternalName" else { return [] }
        let selector = LabelSelectorView(labels: spec["selector"]?.stringMap ?? [:])
        guard !selector.isEmpty else { return [] }
        let selected = context.workloads(selectedBy: selector, namespace: service.namespace)
            .compactMap { object in PodTemplateView(object).map { (object: object, ports: servingPorts(of: $0)) } }
        guard !selected.isEmpty else { return [] }
        var out: [UnservedTarget] = []
        for (i, port) in (spec["ports"]?.items ?? []).enumerated() {
            let explicit = port["targetPort"]
            guard let target = PortReference(explicit ?? port["port"]),
                  !selected.contains(where: { $0.ports.contains { $0.matches(target) } })
            else { continue }
            out.append(UnservedTarget(
                path: FieldPath("spec", "ports", .index(i), "targetPort"), target: target,
                what: explicit == nil ? "targetPort (defaulting to port \(target))" : "targetPort \(target)",
                declared: tally(selected.map { "\($0.object.reference) declares \(describe($0.ports))" })))
        }
        return out
    }

    /// Each distinct description once, in the order first seen, with how many objects share it: a
    /// folder holding several variants of one application (argo-cd's install files) holds the same
    /// workload many times, and naming it once a copy made an 800-character message.
    static func tally(_ descriptions: [String]) -> String {
        var order: [String] = []
        var count: [String: Int] = [:]
        for description in descriptions {
            if count[description] == nil { order.append(description) }
            count[description, default: 0] += 1
        }
        return order.map { count[$0]! > 1 ? "\($0) (\(count[$0]!) objects)" : $0 }.joined(separator: "; ")
    }

    /// A probe's port that its own container does not declare.
    struct UndeclaredProbePort {
        var path: FieldPath
        var port: PortReference
        /// "livenessProbe.httpGet".
        var probe: String
        /// Another container of the pod that declares the port, if any.
        var owner: ContainerView?
    }

    /// The httpGet, tcpSocket and grpc probe ports of `container` that it does not declare.
    static func undeclaredProbePorts(of container: ContainerView, in pod: PodTemplateView) -> [UndeclaredProbePort] {
        let declared = ports(of: container)
        let neighbours = pod.containers(includingInit: true).filter { $0.path != container.path }
        var out: [UndeclaredProbePort] = []
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let node = container[probe] else { continue }
            for handler in ["httpGet", "tcpSocket", "grpc"] {
                guard let port = PortReference(node[handler]?["port"]), !declared.contains(where: { $0.matches(port) })
                else { continue }
                out.append(UndeclaredProbePort(
                    path: container.path / probe / handler / "port", port: port, probe: "\(probe).\(handler)",
                    owner: neighbours.first { ports(of: $0).contains { $0.matches(port) } }))
            }
        }
        return out
    }

    // MARK: Scale targets

    /// An HPA's `spec.scaleTargetRef` kind and name.
    static func scaleTarget(of hpa: PolicyObject) -> (kind: String, name: String)? {
        guard let ref = hpa.document["spec"]?["scaleTargetRef"] else { return nil }
        return (ref["kind"]?.stringValue ?? "", ref["name"]?.stringValue ?? "")
    }

    // MARK: API versions

    /// One served-then-removed API version of some kinds.
    struct APIVersionLifecycle: Sendable {
        var apiVersion: String
        /// Kinds it covers, always explicit: several group/versions that lost some kinds serve
        /// others today (networking.k8s.io/v1beta1 IPAddress, admissionregistration.k8s.io/v1beta1
        /// ValidatingAdmissionPolicy, certificates.k8s.io/v1beta1 ClusterTrustBundle, …).
        var kinds: Set<String>
        var deprecatedIn: KubernetesVersion
        var removedIn: KubernetesVersion
        /// What to write instead.
        var replacement: String

        init(_ apiVersion: String, _ kinds: Set<String>, deprecated: (Int, Int), removed: (Int, Int), use replacement: String) {
            self.apiVersion = apiVersion
            self.kinds = kinds
            deprecatedIn = KubernetesVersion(deprecated.0, deprecated.1)
            removedIn = KubernetesVersion(removed.0, removed.1)
            self.replacement = replacement
        }
    }

    /// Deprecated and removed built-in API versions: THE table both `removed-api-version` and
    /// `deprecated-api-version` read.
    ///
    /// Sources: removal releases and replacements from the Kubernetes Deprecated API Migration
    /// Guide, https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (sections v1.16,
    /// v1.22, v1.25, v1.26, v1.27, v1.29, v1.32); deprecation releases from the
    /// `+k8s:prerelease-lifecycle-gen:deprecated=` tags of the types in k8s.io/api,
    /// k8s.io/apiextensions-apiserver and k8s.io/kube-aggregator (the same data the API server
    /// uses for its "deprecated in v1.X+, unavailable in v1.Y+" warnings). scheduling.k8s.io/v1beta1
    /// PriorityClass was first announced for removal in 1.17 but was removed in 1.22 (guide, v1.22).
    static let apiLifecycles: [APIVersionLifecycle] = [
        // v1.16
        .init("extensions/v1beta1", ["Deployment", "DaemonSet", "ReplicaSet"], deprecated: (1, 8), removed: (1, 16), use: "apps/v1"),
        .init("apps/v1beta1", ["Deployment", "StatefulSet", "ReplicaSet", "ControllerRevision"], deprecated: (1, 8), removed: (1, 16),
              use: "apps/v1"),
        .init("apps/v1beta2", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"], deprecated: (1, 9),
              removed: (1, 16), use: "apps/v1"),
        .init("extensions/v1beta1", ["NetworkPolicy"], deprecated: (1, 9), removed: (1, 16), use: "networking.k8s.io/v1"),
        .init("extensions/v1beta1", ["PodSecurityPolicy"], deprecated: (1, 11), removed: (1, 16),
              use: "policy/v1beta1 (itself removed in 1.25: then Pod Security Admission)"),
        // v1.22
        .init("extensions/v1beta1", ["Ingress"], deprecated: (1, 14), removed: (1, 22), use: "networking.k8s.io/v1"),
        .init("networking.k8s.io/v1beta1", ["Ingress", "IngressClass"], deprecated: (1, 19), removed: (1, 22),
              use: "networking.k8s.io/v1"),
        .init("rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
              deprecated: (1, 17), removed: (1, 22), use: "rbac.authorization.k8s.io/v1"),
        .init("admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
              deprecated: (1, 16), removed: (1, 22), use: "admissionregistration.k8s.io/v1"),
        .init("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"], deprecated: (1, 16), removed: (1, 22),
              use: "apiextensions.k8s.io/v1"),
        .init("apiregistration.k8s.io/v1beta1", ["APIService"], deprecated: (1, 19), removed: (1, 22), use: "apiregistration.k8s.io/v1"),
        .init("certificates.k8s.io/v1beta1", ["CertificateSigningRequest"], deprecated: (1, 19), removed: (1, 22),
              use: "certificates.k8s.io/v1"),
        .init("coordination.k8s.io/v1beta1", ["Lease"], deprecated: (1, 19), removed: (1, 22), use: "coordination.k8s.io/v1"),
        .init("scheduling.k8s.io/v1beta1", ["PriorityClass"], deprecated: (1, 14), removed: (1, 22), use: "scheduling.k8s.io/v1"),
        .init("storage.k8s.io/v1beta1", ["CSINode"], deprecated: (1, 17), removed: (1, 22), use: "storage.k8s.io/v1"),
        .init("storage.k8s.io/v1beta1", ["CSIDriver", "StorageClass", "VolumeAttachment"], deprecated: (1, 19), removed: (1, 22),
              use: "storage.k8s.io/v1"),
        // v1.25
        .init("batch/v1beta1", ["CronJob"], deprecated: (1, 21), removed: (1, 25), use: "batch/v1"),
        .init("discovery.k8s.io/v1beta1", ["EndpointSlice"], deprecated: (1, 21), removed: (1, 25), use: "discovery.k8s.io/v1"),
        .init("events.k8s.io/v1beta1", ["Event"], deprecated: (1, 22), removed: (1, 25), use: "events.k8s.io/v1"),
        .init("autoscaling/v2beta1", ["HorizontalPodAutoscaler"], deprecated: (1, 22), removed: (1, 25), use: "autoscaling/v2"),
        .init("policy/v1beta1", ["PodDisruptionBudget"], deprecated: (1, 21), removed: (1, 25), use: "policy/v1"),
        .init("policy/v1beta1", ["PodSecurityPolicy"], deprecated: (1, 21), removed: (1, 25),
              use: "Pod Security Admission (pod-security.kubernetes.io/* labels on the Namespace)"),
        .init("node.k8s.io/v1beta1", ["RuntimeClass"], deprecated: (1, 22), removed: (1, 25), use: "node.k8s.io/v1"),
        // v1.26
        .init("autoscaling/v2beta2", ["HorizontalPodAutoscaler"], deprecated: (1, 23), removed: (1, 26), use: "autoscaling/v2"),
        .init("flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"], deprecated: (1, 23),
              removed: (1, 26), use: "flowcontrol.apiserver.k8s.io/v1 (v1beta3 before 1.29)"),
        // v1.27
        .init("storage.k8s.io/v1beta1", ["CSIStorageCapacity"], deprecated: (1, 24), removed: (1, 27), use: "storage.k8s.io/v1"),
        // v1.29
        .init("flowcontrol.apiserver.k8s.io/v1beta2", ["FlowSchema", "PriorityLevelConfiguration"], deprecated: (1, 26),
              removed: (1, 29), use: "flowcontrol.apiserver.k8s.io/v1 (v1beta3 before 1.29)"),
        // v1.32
        .init("flowcontrol.apiserver.k8s.io/v1beta3", ["FlowSchema", "PriorityLevelConfiguration"], deprecated: (1, 29),
              removed: (1, 32), use: "flowcontrol.apiserver.k8s.io/v1"),
    ]

    /// The lifecycle entry of `object`'s apiVersion and kind, if it is deprecated or removed.
    static func lifecycle(of object: PolicyObject) -> APIVersionLifecycle? {
        let apiVersion = object.apiVersion, kind = object.kind
        return apiLifecycles.first { $0.apiVersion == apiVersion && $0.kinds.contains(kind) }
    }

    /// The documented parameter shared by both API-version checks.
    static let targetVersionParameter = Parameter(
        "targetKubernetesVersion", default: PolicySettings().targetKubernetesVersion.description,
        help: "Kubernetes minor version the objects must be applied to (PolicySettings.targetKubernetesVersion; `gen lint --kubernetes-version`)."
    )

    // MARK: Namespaces

    /// Kinds that live outside namespaces: built-in cluster-scoped kinds, and the cluster-scoped
    /// kinds of common add-ons (cert-manager ClusterIssuer, snapshot VolumeSnapshotClass, Gateway
    /// API GatewayClass). Any other kind is treated as namespaced.
    static let clusterScopedKinds: Set<String> = [
        // core
        "Namespace", "Node", "PersistentVolume", "ComponentStatus",
        // rbac.authorization.k8s.io
        "ClusterRole", "ClusterRoleBinding",
        // storage.k8s.io
        "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeAttributesClass",
        // apiextensions / apiregistration / admissionregistration
        "CustomResourceDefinition", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
        // scheduling, node, networking, policy, certificates, flowcontrol
        "PriorityClass", "RuntimeClass", "IngressClass", "PodSecurityPolicy", "CertificateSigningRequest",
        "ClusterTrustBundle", "FlowSchema", "PriorityLevelConfiguration", "IPAddress", "ServiceCIDR",
        // add-ons
        "ClusterIssuer", "VolumeSnapshotClass", "VolumeSnapshotContent", "GatewayClass",
    ]
}
