import DocumentTree

extension Check {
    static let missingNamespace = Check(
        id: "missing-namespace",
        summary: "Namespaced objects must set metadata.namespace.",
        rationale: "Without metadata.namespace the object lands in whatever namespace the applying kubectl context "
            + "or GitOps tool defaults to (often `default`): the same manifest deploys to different places, and "
            + "Services, NetworkPolicies and RoleBindings then miss the objects they were written for.",
        remediation: "Set metadata.namespace explicitly (cluster-scoped kinds such as Namespace, ClusterRole or "
            + "StorageClass are exempt).",
        severity: .warning
    ) { object, _ in
        if ReferenceSupport.clusterScopedKinds.contains(object.kind) { return [] }
        if let namespace = object.namespace, !namespace.isEmpty { return [] }
        return [Violation("\(object.kind) \"\(object.name)\" has no metadata.namespace", at: FieldPath("metadata", "namespace"))]
    }
}
