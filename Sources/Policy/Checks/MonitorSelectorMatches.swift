import DocumentTree

extension Check {
    static let monitorSelectorMatches = Check(
        id: "monitor-selector-matches",
        summary: "A ServiceMonitor's selector must match a Service, a PodMonitor's the pods of a workload, in the namespaces it watches.",
        rationale: "The Prometheus Operator turns a ServiceMonitor or PodMonitor whose selector matches nothing into "
            + "a scrape job with no targets: no error anywhere, the metrics are simply missing, and the alerts that "
            + "read them stay silent (an absent series fires no threshold alert). Usually a renamed label, or a "
            + "monitor in another namespace than its target without spec.namespaceSelector. Namespaces named in "
            + "namespaceSelector.matchNames that no object of the input is in are not judged, since what runs "
            + "there is unknown.",
        remediation: "Make spec.selector match the labels of the Service (ServiceMonitor: metadata.labels of the "
            + "Service) or of the pods (PodMonitor: the pod template labels), and set spec.namespaceSelector "
            + "(matchNames, or any: true) when they live in another namespace than the monitor.",
        severity: .warning, kinds: ["ServiceMonitor", "PodMonitor"]
    ) { object, context in
        // Only the Prometheus Operator's kinds: another group may use the same kind names.
        guard object.apiVersion.hasPrefix("monitoring.coreos.com/"), let spec = object.document["spec"] else { return [] }
        let selector = LabelSelectorView(selector: spec["selector"] ?? .mapping([]))
        let namespaces: [String?]
        let watched: String
        if spec["namespaceSelector"]?["any"]?.boolValue == true {
            namespaces = Array(Set(context.objects.map(\.namespace)))
            watched = "any namespace of this input"
        } else if let names = spec["namespaceSelector"]?["matchNames"]?.items.compactMap(\.stringValue), !names.isEmpty {
            let known = Set(context.objects.map(\.namespace))
            namespaces = names.filter { known.contains($0) }
            guard !namespaces.isEmpty else { return [] }
            watched = (names.count == 1 ? "namespace " : "namespaces ") + names.joined(separator: ", ")
        } else {
            namespaces = [object.namespace]
            watched = "namespace \(object.namespace ?? "(none)")"
        }
        let found = namespaces.contains { namespace in
            if object.kind == "PodMonitor" { return !context.workloads(selectedBy: selector, namespace: namespace).isEmpty }
            return context.objects(kind: "Service", namespace: namespace).contains { selector.matches($0.labels) }
        }
        if found { return [] }
        let targets = object.kind == "PodMonitor" ? "no pods of a workload" : "no Service's labels"
        return [Violation("selector \(ReferenceSupport.describe(selector)) matches \(targets) in \(watched): "
            + "Prometheus gets a scrape job without targets", at: FieldPath("spec", "selector"))]
    }
}
