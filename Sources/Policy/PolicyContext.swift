/// What checks may know beyond the object itself: the other objects of the same input (for
/// selectors and references) and the run's parameters.
///
/// Cross-object checks look other objects up through indexes built once here (by kind and
/// namespace, by name, by scale target, by labels, by selector), never by scanning every object
/// for every object: a run stays linear in the number of objects.
public struct PolicyContext: Sendable {
    public let objects: [PolicyObject]
    public let settings: PolicySettings
    /// The built-in API's schema and that of the custom resources whose CRD is in the input.
    public let schema: KubernetesSchema
    /// Every namespace of the input (nil for objects without one), each once, in input order.
    public let namespaces: [String?]

    private struct KindKey: Hashable {
        var kind: String
        var namespace: String?
    }

    private struct NameKey: Hashable {
        var kind: String
        var namespace: String?
        var name: String
    }

    private let byKind: [KindKey: [PolicyObject]]
    private let byName: [NameKey: PolicyObject]
    /// HorizontalPodAutoscalers by the object they scale (its kind, their namespace, its name).
    private let autoscalersByTarget: [NameKey: [PolicyObject]]
    /// Pod-owning objects by their pods' labels (workloads, and custom resources a known operator
    /// runs as pods), per namespace ("" for none).
    private let pods: [String: LabelIndex<PolicyObject>]
    /// Services by their own labels (what a ServiceMonitor selects), per namespace.
    private let servicesByLabels: [String?: LabelIndex<PolicyObject>]
    private let budgets: [String?: SelectorIndex<PolicyObject>]
    private let networkPolicies: [String?: SelectorIndex<PolicyObject>]

    /// The context of `objects`; `schema` defaults to the built-in one plus the CRDs among them.
    public init(objects: [PolicyObject], settings: PolicySettings, schema: KubernetesSchema? = nil) {
        self.objects = objects
        self.settings = settings
        self.schema = schema ?? KubernetesSchema.builtIn.adding(definitionsIn: objects)
        byKind = Dictionary(grouping: objects) { KindKey(kind: $0.kind, namespace: $0.namespace) }
        // The first object of a name wins, as a scan in input order would find it.
        byName = Dictionary(objects.map { (NameKey(kind: $0.kind, namespace: $0.namespace, name: $0.name), $0) },
                            uniquingKeysWith: { first, _ in first })
        var seen = Set<String?>()
        namespaces = objects.map(\.namespace).filter { seen.insert($0).inserted }

        var autoscalers: [NameKey: [PolicyObject]] = [:]
        var pods: [String: LabelIndex<PolicyObject>] = [:]
        var services: [String?: LabelIndex<PolicyObject>] = [:]
        for object in objects {
            if object.kind == "HorizontalPodAutoscaler", let target = object.document["spec"]?["scaleTargetRef"],
               let kind = target["kind"]?.stringValue, let name = target["name"]?.stringValue {
                autoscalers[NameKey(kind: kind, namespace: object.namespace, name: name), default: []].append(object)
            }
            if object.kind == "Service" {
                services[object.namespace, default: LabelIndex()].insert(object, labels: PodLabels(exactly: object.labels))
            }
            guard let labels = PodTemplateView(object).map({ PodLabels($0, of: object) }) ?? OperatorPods.labels(of: object)
            else { continue }
            pods[object.namespace ?? "", default: LabelIndex()].insert(object, labels: labels)
        }
        autoscalersByTarget = autoscalers
        self.pods = pods
        servicesByLabels = services

        // Selectors are filed under the label the fewest pods of their namespace carry.
        func selectors(_ kind: String, _ selector: (PolicyObject) -> LabelSelectorView?) -> [String?: SelectorIndex<PolicyObject>] {
            var index: [String?: SelectorIndex<PolicyObject>] = [:]
            for object in objects where object.kind == kind {
                guard let view = selector(object) else { continue }
                let namespacePods = pods[object.namespace ?? ""]
                index[object.namespace, default: SelectorIndex()].insert(object, selector: view) { namespacePods?.count($0) ?? 0 }
            }
            return index
        }
        budgets = selectors("PodDisruptionBudget", Reliability.selector(of:))
        // A NetworkPolicy without podSelector selects every pod of its namespace, like `{}`.
        networkPolicies = selectors("NetworkPolicy") { policy in
            LabelSelectorView(selector: policy.document["spec"]?["podSelector"] ?? .mapping([]))
        }
    }

    /// Objects of `kind` in `namespace`, in input order.
    public func objects(kind: String, namespace: String?) -> [PolicyObject] {
        byKind[KindKey(kind: kind, namespace: namespace)] ?? []
    }

    /// The (first) object of `kind` named `name` in `namespace`.
    public func object(kind: String, namespace: String?, name: String) -> PolicyObject? {
        byName[NameKey(kind: kind, namespace: namespace, name: name)]
    }

    /// Pod-owning objects in `namespace` (custom resources run by an operator included).
    public func workloads(in namespace: String?) -> [PolicyObject] {
        (pods[namespace ?? ""]?.entries ?? []).map(\.item)
    }

    /// The HorizontalPodAutoscalers of the input that scale `object` (same namespace, kind, name).
    public func autoscalers(of object: PolicyObject) -> [PolicyObject] {
        autoscalersByTarget[NameKey(kind: object.kind, namespace: object.namespace, name: object.name)] ?? []
    }

    /// Pod-owning objects in `namespace` whose pod labels `selector` matches.
    public func workloads(selectedBy selector: LabelSelectorView, namespace: String?) -> [PolicyObject] {
        lookUpWorkloads(selectedBy: selector, namespace: namespace).items
    }

    /// Services in `namespace` whose own labels `selector` matches (what a ServiceMonitor selects).
    public func services(labelledFor selector: LabelSelectorView, namespace: String?) -> [PolicyObject] {
        servicesByLabels[namespace]?.lookup(selector).items ?? []
    }

    /// PodDisruptionBudgets in `namespace` whose selector matches pods labelled exactly `labels`.
    public func disruptionBudgets(selecting labels: [String: String], namespace: String?) -> [PolicyObject] {
        lookUpSelectors(budgets, labels, namespace).items
    }

    /// NetworkPolicies in `namespace` whose podSelector matches pods labelled exactly `labels`.
    public func networkPolicies(selecting labels: [String: String], namespace: String?) -> [PolicyObject] {
        lookUpSelectors(networkPolicies, labels, namespace).items
    }

    // Lookups with the number of comparisons they made, for the tests that keep them linear.

    func lookUpWorkloads(selectedBy selector: LabelSelectorView, namespace: String?) -> LabelIndex<PolicyObject>.Lookup {
        pods[namespace ?? ""]?.lookup(selector) ?? .init(items: [], compared: 0)
    }

    func lookUpDisruptionBudgets(selecting labels: [String: String], namespace: String?) -> SelectorIndex<PolicyObject>.Lookup {
        lookUpSelectors(budgets, labels, namespace)
    }

    func lookUpNetworkPolicies(selecting labels: [String: String], namespace: String?) -> SelectorIndex<PolicyObject>.Lookup {
        lookUpSelectors(networkPolicies, labels, namespace)
    }

    private func lookUpSelectors(_ index: [String?: SelectorIndex<PolicyObject>], _ labels: [String: String],
                                 _ namespace: String?) -> SelectorIndex<PolicyObject>.Lookup {
        index[namespace]?.lookup(PodLabels(exactly: labels)) ?? .init(items: [], compared: 0)
    }
}
