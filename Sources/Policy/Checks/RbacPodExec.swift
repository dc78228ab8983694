import DocumentTree

extension Check {
    static let rbacPodExec = Check(
        id: "rbac-pod-exec",
        summary: "A Role or ClusterRole should not grant pods/exec or pods/attach.",
        rationale: "exec and attach run commands in any pod the role reaches, with that pod's ServiceAccount token, "
            + "mounted Secrets and network access: an escalation path to everything those pods can do. Outside "
            + "break-glass roles nobody should hold it. (`create` is the verb exec uses over WebSockets; `get` is "
            + "what older clients used, so both count.) Wildcards are rbac-wildcard's.",
        remediation: "Remove pods/exec and pods/attach from the rule; give debugging access through a separate, "
            + "audited break-glass role bound only when needed.",
        severity: .warning, kinds: ["Role", "ClusterRole"]
    ) { object, _ in
        var out: [Violation] = []
        for (i, rule) in (object.document["rules"]?.items ?? []).enumerated() {
            let groups = rule["apiGroups"]?.items.compactMap(\.stringValue) ?? []
            let verbs = Set(rule["verbs"]?.items.compactMap(\.stringValue) ?? [])
            guard groups.contains(""), !verbs.isDisjoint(with: ["create", "get"]) else { continue }
            for (j, resource) in (rule["resources"]?.items ?? []).enumerated() {
                guard let name = resource.stringValue, name == "pods/exec" || name == "pods/attach" else { continue }
                out.append(Violation("rule \(i) of \(object.kind) \"\(object.name)\" grants \(name): commands in any pod it "
                    + "reaches, with that pod's credentials", at: FieldPath("rules", .index(i), "resources", .index(j))))
            }
        }
        return out
    }
}
