import DocumentTree

extension Check {
    static let serviceSelectorMatches = Check(
        id: "service-selector-matches",
        summary: "A Service's selector must match the pods of a workload in the same input.",
        rationale: "A selector that matches nothing gives a Service with no endpoints: clients get connection "
            + "refused and nothing in `kubectl apply` says why. Usually a renamed or mistyped label.",
        remediation: "Make spec.selector a subset of the target workload's pod template labels.",
        severity: .error, kinds: ["Service"]
    ) { object, context in
        guard let selector = object.document["spec"]?["selector"], object.document["spec"]?["type"]?.stringValue != "ExternalName"
        else { return [] }
        let view = LabelSelectorView(labels: selector.stringMap)
        if view.isEmpty || !context.workloads(selectedBy: view, namespace: object.namespace).isEmpty { return [] }
        let text = selector.stringMap.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return [Violation("selector \(text) matches no pods in this input", at: FieldPath("spec", "selector"))]
    }
}
