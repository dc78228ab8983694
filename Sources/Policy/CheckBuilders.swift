import DocumentTree

extension Check {
    /// A check evaluated once per container of every pod-owning object.
    static func perContainer(id: String, summary: String, rationale: String, remediation: String, severity: Severity,
                             includingInit: Bool = true, parameters: [Parameter] = [],
                             _ body: @escaping @Sendable (ContainerView, PodTemplateView, PolicyContext) -> [Violation]) -> Check {
        Check(id: id, summary: summary, rationale: rationale, remediation: remediation, severity: severity,
              kinds: PodTemplateView.workloadKinds, parameters: parameters) { object, context in
            guard let pod = PodTemplateView(object) else { return [] }
            return pod.containers(includingInit: includingInit).flatMap { body($0, pod, context) }
        }
    }

    /// A check evaluated once per pod template.
    static func perPod(id: String, summary: String, rationale: String, remediation: String, severity: Severity,
                       kinds: Set<String> = PodTemplateView.workloadKinds, parameters: [Parameter] = [],
                       _ body: @escaping @Sendable (PodTemplateView, PolicyObject, PolicyContext) -> [Violation]) -> Check {
        Check(id: id, summary: summary, rationale: rationale, remediation: remediation, severity: severity,
              kinds: kinds, parameters: parameters) { object, context in
            guard let pod = PodTemplateView(object) else { return [] }
            return body(pod, object, context)
        }
    }
}

extension ContainerView {
    /// A security setting as the kubelet applies it: the container's value, else the pod's, with
    /// the path of the field to change (the container's when neither is set).
    func effectiveSecurity(_ key: String, pod: PodTemplateView) -> (value: DocNode?, path: FieldPath) {
        if let v = securityContext?[key] { return (v, path / "securityContext" / key) }
        if let v = pod.spec["securityContext"]?[key] { return (v, pod.specPath / "securityContext" / key) }
        return (nil, path / "securityContext" / key)
    }
}
