import DocumentTree

extension Check {
    static let networkPolicyPeerMatches = Check(
        id: "networkpolicy-peer-matches",
        summary: "A NetworkPolicy rule's podSelector peer (without namespaceSelector) must select pods of a workload "
            + "in the policy's namespace.",
        rationale: "A peer `from: [{podSelector: …}]` or `to: [{podSelector: …}]` without a namespaceSelector means "
            + "pods of the policy's own namespace. When its labels match no pod there, the rule allows nothing: the "
            + "connection it was written for is dropped by the default deny, and nothing reports why. Usually a "
            + "renamed label, or a peer in another namespace written without its namespaceSelector.",
        remediation: "Make the peer's podSelector match the pod template labels of the workload it means, or add a "
            + "namespaceSelector when that workload runs in another namespace.",
        severity: .warning, kinds: ["NetworkPolicy"]
    ) { object, context in
        var out: [Violation] = []
        for (direction, peers) in [("ingress", "from"), ("egress", "to")] {
            for (i, rule) in (object.document["spec"]?[direction]?.items ?? []).enumerated() {
                for (j, peer) in (rule[peers]?.items ?? []).enumerated() {
                    guard peer["namespaceSelector"] == nil, let node = peer["podSelector"] else { continue }
                    let selector = LabelSelectorView(selector: node)
                    if selector.isEmpty || !context.workloads(selectedBy: selector, namespace: object.namespace).isEmpty { continue }
                    let elsewhere = ReferenceSupport.workloadsInOtherNamespaces(selectedBy: selector, namespace: object.namespace,
                                                                                 in: context)
                    let hint = elsewhere.first.map { " (it matches \($0.reference): add a namespaceSelector for its namespace)" } ?? ""
                    out.append(Violation("\(direction)[\(i)].\(peers)[\(j)].podSelector \(ReferenceSupport.describe(selector)) "
                        + "matches no pods in namespace \(object.namespace ?? "(none)")\(hint)",
                        at: FieldPath("spec", .key(direction), .index(i), .key(peers), .index(j), "podSelector")))
                }
            }
        }
        return out
    }
}
