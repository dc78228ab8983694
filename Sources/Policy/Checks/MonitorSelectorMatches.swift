import DocumentTree

extension Check {
    static let monitorSelectorMatches = Check(
        id: "monitor-selector-matches",
        summary: "A ServiceMonitor's selector must match a Service, a PodMonitor's the pods of a workload, in the namespaces it watches.",
        rationale: "The Prometheus Operator turns a ServiceMonitor or PodMonitor whose selector matches nothing into "
            + "a scrape job with no targets: no error anywhere, the metrics are simply missing, and the alerts that "
            + "read them stay silent (an absent series fires no threshold alert). Usually a renamed label, or a "
            + "monitor in another namespace than its target without spec.namespaceSelector. A namespace named in "
            + "namespaceSelector.matchNames where the input has no Service (ServiceMonitor) or workload (PodMonitor) "
            + "is not judged: its targets come from elsewhere (kube-system's kube-dns or kubelet Services are "
            + "created by the cluster and the operator, not declared next to the monitor).",
        remediation: "Make spec.selector match the labels of the Service (ServiceMonitor: metadata.labels of the "
            + "Service) or of the pods (PodMonitor: the pod template labels), and set spec.namespaceSelector "
            + "(matchNames, or any: true) when they live in another namespace than the monitor.",
        severity: .warning, kinds: ["ServiceMonitor", "PodMonitor"]
    ) { object, context in
        // Only the Prometheus Operator's kinds: another group may use the same kind names.
        guard object.apiVersion.hasPrefix("monitoring.coreos.com/"), let spec = object.document["spec"] else { return [] }
        let selector = LabelSelectorView(selector: spec["selector"] ?? .mapping([]))
        // What the monitor can select in a namespace: Services (by their own labels), or pods.
        func hasTargets(_ namespace: String?) -> Bool {
            object.kind == "PodMonitor" ? !context.workloads(in: namespace).isEmpty
                : !context.objects(kind: "Service", namespace: namespace).isEmpty
        }
        func selects(_ namespace: String?) -> Bool {
            object.kind == "PodMonitor" ? !context.workloads(selectedBy: selector, namespace: namespace).isEmpty
                : !context.services(labelledFor: selector, namespace: namespace).isEmpty
        }
        let namespaces: [String?]
        let watched: String
        if spec["namespaceSelector"]?["any"]?.boolValue == true {
            namespaces = context.namespaces
            watched = "any namespace of this input"
        } else if let names = spec["namespaceSelector"]?["matchNames"]?.items.compactMap(\.stringValue), !names.isEmpty {
            namespaces = names.filter(hasTargets)
            guard !namespaces.isEmpty else { return [] }
            watched = (names.count == 1 ? "namespace " : "namespaces ") + names.joined(separator: ", ")
        } else {
            namespaces = [object.namespace]
            watched = "namespace \(object.namespace ?? "(none)")"
        }
        let found = namespaces.contains(where: selects)
        if found { return [] }
        let what = object.kind == "PodMonitor" ? "no pods of a workload" : "no Service's labels"
        return [Violation("selector \(ReferenceSupport.describe(selector)) matches \(what) in \(watched): "
            + "Prometheus gets a scrape job without targets", at: FieldPath("spec", "selector"))]
    }
}
