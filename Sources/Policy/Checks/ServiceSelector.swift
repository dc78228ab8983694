import DocumentTree

extension Check {
    static let serviceSelectorMatches = Check(
        id: "service-selector-matches",
        summary: "A Service's selector must match the pods of a workload in the same input.",
        rationale: "A selector that matches nothing gives a Service with no endpoints: clients get connection "
            + "refused and nothing in `kubectl apply` says why. Usually a renamed or mistyped label.",
        remediation: "Make spec.selector a subset of the target workload's pod template labels "
            + "(spec.template.metadata.labels), in the Service's namespace.",
        severity: .error, kinds: ["Service"]
    ) { object, context in
        guard let selector = object.document["spec"]?["selector"], object.document["spec"]?["type"]?.stringValue != "ExternalName"
        else { return [] }
        let view = LabelSelectorView(labels: selector.stringMap)
        let namespace = object.namespace
        if view.isEmpty || !context.workloads(selectedBy: view, namespace: namespace).isEmpty { return [] }
        let elsewhere = ReferenceSupport.workloadsInOtherNamespaces(selectedBy: view, namespace: namespace, in: context)
        return [Violation("selector \(ReferenceSupport.describe(view)) matches no pods in namespace \(namespace ?? "(none)") "
            + "of this input" + ReferenceSupport.otherNamespaceHint(elsewhere, what: "a Service"), at: FieldPath("spec", "selector"))]
    }
}
