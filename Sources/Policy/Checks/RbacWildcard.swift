import DocumentTree

extension Check {
    static let rbacWildcard = Check(
        id: "rbac-wildcard",
        summary: "Role and ClusterRole rules must not use \"*\" in verbs, resources or apiGroups.",
        rationale: "A wildcard grants more than anyone reviewed, and grows on its own: \"*\" in verbs includes "
            + "escalate, bind and impersonate (grant yourself any role, act as any user) and delete; \"*\" in "
            + "resources (or \"*/subresource\") includes secrets, pods/exec and roles; \"*\" in apiGroups matches "
            + "every group, including CRDs installed later (a newly installed operator's resources are granted "
            + "without a review of this role). All three are errors, apiGroups included: a finding has one severity "
            + "per check, and an explicit list of groups costs nothing to write, while a justified case (an "
            + "operator that manages arbitrary CRDs) can be suppressed with a reason.",
        remediation: "List the exact verbs (get, list, watch, ...), resources and apiGroups in rules[].verbs, "
            + "rules[].resources and rules[].apiGroups; split the rule in several when different resources need "
            + "different verbs.",
        severity: .error, kinds: ["Role", "ClusterRole"]
    ) { object, _ in
        var out: [Violation] = []
        let role = "\(object.kind) \"\(object.name)\""
        let fields: [(key: String, what: String)] = [
            ("apiGroups", "every API group, including ones installed later"),
            ("resources", "every resource of its groups, secrets included"),
            ("verbs", "every verb, including escalate, bind, impersonate and delete"),
        ]
        for (i, rule) in (object.document["rules"]?.items ?? []).enumerated() {
            for field in fields {
                let values = rule[field.key]?.items.compactMap(\.stringValue) ?? []
                let wild = values.filter { $0 == "*" || (field.key == "resources" && $0.hasPrefix("*/")) }
                guard !wild.isEmpty else { continue }
                let listed = wild.map { "\"\($0)\"" }.joined(separator: ", ")
                let what = wild.contains("*") ? field.what
                    : "the " + wild.map { String($0.dropFirst(2)) }.joined(separator: ", ")
                        + " subresource of every resource of its groups"
                out.append(Violation("rule \(i) of \(role) has \(listed) in \(field.key): it grants \(what)",
                                     at: FieldPath("rules", .index(i), .key(field.key))))
            }
        }
        return out
    }
}
