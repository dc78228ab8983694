import DocumentTree

extension Check {
    static let unknownKind = Check(
        id: "unknown-kind",
        summary: "An object of a known API group (built in, or defined by a CRD of the input) must have a kind and version that group serves.",
        rationale: "`kind: Deploymnet` or `apiVersion: apps/v2` is refused by `kubectl apply` (\"no matches for kind\"), "
            + "and no other check looks at an object whose kind it does not know: without this check such a file "
            + "lints clean. Kinds and versions come from the Kubernetes OpenAPI definitions of 1.31 to 1.37 "
            + "(scripts/kubernetes-schema.py) and the CRDs of the input; custom resources without their CRD are skipped, and "
            + "versions that were removed are removed-api-version's.",
        remediation: "Correct the kind or apiVersion to the one the message suggests (`kubectl api-resources` lists "
            + "what a cluster serves).",
        severity: .error
    ) { object, context in
        let schema = context.schema
        let apiVersion = object.apiVersion, kind = object.kind
        guard schema.knowsGroup(of: apiVersion), schema.type(apiVersion: apiVersion, kind: kind) == nil,
              ReferenceSupport.lifecycle(of: object) == nil
        else { return [] }
        let served = schema.kinds(of: apiVersion)
        if served.isEmpty {
            let versions = schema.versions(serving: kind, inGroupOf: apiVersion)
            let hint = versions.isEmpty ? "" : " (\(kind) is served by \(versions.joined(separator: ", ")))"
            let group = KubernetesSchema.group(apiVersion)
            return [Violation("\(apiVersion) is not a version the \(group.isEmpty ? "core" : group) API group serves\(hint)",
                              at: FieldPath("apiVersion"))]
        }
        let suggestion = KubernetesSchema.closest(to: kind, among: served).map { " (did you mean \"\($0)\"?)" } ?? ""
        let elsewhere = schema.versions(serving: kind, inGroupOf: apiVersion)
        let hint = elsewhere.isEmpty ? suggestion : " (\(kind) is served by \(elsewhere.joined(separator: ", ")))"
        return [Violation("kind \"\(kind)\" is not served by \(apiVersion)\(hint)", at: FieldPath("kind"))]
    }
}
