import DocumentTree

extension Check {
    static let removedAPIVersion = Check(
        id: "removed-api-version",
        summary: "apiVersion/kind must still be served by the target Kubernetes version.",
        rationale: "The API server no longer serves a removed version: `kubectl apply` fails with \"no matches for "
            + "kind\" and the whole deploy stops, typically right after a cluster upgrade. Fields may also have "
            + "changed in the replacement version (see the Kubernetes Deprecated API Migration Guide).",
        remediation: "Change apiVersion to the replacement the message names and adapt the renamed fields "
            + "(https://kubernetes.io/docs/reference/using-api/deprecation-guide/).",
        severity: .error, parameters: [ReferenceSupport.targetVersionParameter]
    ) { object, context in
        let target = context.settings.targetKubernetesVersion
        guard let entry = ReferenceSupport.lifecycle(of: object), entry.removedIn <= target else { return [] }
        return [Violation("\(entry.apiVersion) \(object.kind) was removed in \(entry.removedIn) (target \(target)), "
            + "use \(entry.replacement)", at: FieldPath("apiVersion"))]
    }
}
