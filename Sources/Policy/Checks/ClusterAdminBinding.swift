import DocumentTree

extension Check {
    static let clusterAdminBinding = Check(
        id: "cluster-admin-binding",
        summary: "RoleBindings and ClusterRoleBindings must not grant the cluster-admin ClusterRole.",
        rationale: "cluster-admin allows every verb on every resource: a ClusterRoleBinding makes its subjects "
            + "owners of the whole cluster (every Secret, every node through privileged pods, RBAC itself); a "
            + "RoleBinding still gives full control of the namespace, its Secrets and its RoleBindings. A leaked "
            + "token of a bound ServiceAccount or a compromised pod using it is then a cluster or namespace "
            + "takeover.",
        remediation: "Point roleRef.name at a Role or ClusterRole that lists only the needed verbs and resources "
            + "(the built-in edit or view ClusterRoles, or a dedicated one), and keep cluster-admin for break-glass "
            + "human access outside the manifests.",
        severity: .error, kinds: ["RoleBinding", "ClusterRoleBinding"]
    ) { object, _ in
        guard let ref = object.document["roleRef"], ref["kind"]?.stringValue == "ClusterRole",
              ref["name"]?.stringValue == "cluster-admin" else { return [] }
        let subjects = (object.document["subjects"]?.items ?? []).map { s -> String in
            let kind = s["kind"]?.stringValue ?? "subject"
            let name = s["name"]?.stringValue ?? ""
            let ns = s["namespace"]?.stringValue.map { "\($0)/" } ?? ""
            return "\(kind) \"\(ns)\(name)\""
        }
        let scope = object.kind == "RoleBinding" ? " in namespace \"\(object.namespace ?? "")\"" : " cluster-wide"
        let whom = subjects.isEmpty ? "no subject yet" : subjects.joined(separator: ", ")
        return [Violation("\(object.kind) \"\(object.name)\" grants cluster-admin\(scope) to \(whom)",
                          at: FieldPath("roleRef", "name"))]
    }
}
