import DocumentTree

extension Check {
    static let hpaTargetExists = Check(
        id: "hpa-target-exists",
        summary: "A HorizontalPodAutoscaler's scaleTargetRef must name an object (kind and name) in its namespace.",
        rationale: "An HPA whose target does not exist never scales anything: it sits with the condition "
            + "AbleToScale=False (FailedGetScale) while the workload keeps its fixed replica count under load. "
            + "Usually a renamed Deployment or a wrong kind (Deployment vs StatefulSet).",
        remediation: "Set spec.scaleTargetRef.kind and spec.scaleTargetRef.name to the kind and metadata.name of "
            + "the workload to scale, in the HPA's namespace.",
        severity: .error, kinds: ["HorizontalPodAutoscaler"]
    ) { object, context in
        let refPath = FieldPath("spec", "scaleTargetRef")
        guard let target = ReferenceSupport.scaleTarget(of: object) else {
            return [Violation("has no spec.scaleTargetRef", at: refPath)]
        }
        if target.name.isEmpty { return [Violation("scaleTargetRef has no name", at: refPath / "name")] }
        if target.kind.isEmpty { return [Violation("scaleTargetRef has no kind", at: refPath / "kind")] }
        let namespace = object.namespace
        if context.object(kind: target.kind, namespace: namespace, name: target.name) != nil { return [] }
        // Same name, other kind: the kind is what is wrong.
        if let other = context.objects.first(where: {
            $0.namespace == namespace && $0.name == target.name && $0.kind != "HorizontalPodAutoscaler"
                && (PodTemplateView($0) != nil || $0.document["spec"]?["replicas"] != nil)
        }) {
            return [Violation("scaleTargetRef names \(target.kind) \"\(target.name)\", but the input has "
                + "\(other.reference), not a \(target.kind)", at: refPath / "kind")]
        }
        let elsewhere = context.objects.first { $0.kind == target.kind && $0.name == target.name }
        let hint = elsewhere.map { " (\($0.reference) exists, but an HPA scales only objects of its own namespace)" } ?? ""
        return [Violation("scaleTargetRef names \(target.kind) \"\(target.name)\", which is not in namespace "
            + "\(namespace ?? "(none)") of this input" + hint, at: refPath / "name")]
    }
}
