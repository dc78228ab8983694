import DocumentTree

extension Check {
    static let deprecatedAPIVersion = Check(
        id: "deprecated-api-version",
        summary: "apiVersion/kind must not be deprecated in the target Kubernetes version.",
        rationale: "A deprecated version still works but is scheduled for removal: the next minor upgrades stop "
            + "serving it and every apply of the manifest then fails. Migrating now, while both versions are "
            + "served, needs no coordination with the upgrade.",
        remediation: "Change apiVersion to the replacement the message names before the release that removes it "
            + "(https://kubernetes.io/docs/reference/using-api/deprecation-guide/).",
        severity: .warning, parameters: [ReferenceSupport.targetVersionParameter]
    ) { object, context in
        let target = context.settings.targetKubernetesVersion
        // Removed versions are removed-api-version's (an error); this check warns only before that.
        guard let entry = ReferenceSupport.lifecycle(of: object), entry.deprecatedIn <= target, target < entry.removedIn
        else { return [] }
        return [Violation("\(entry.apiVersion) \(object.kind) is deprecated since \(entry.deprecatedIn) and removed in "
            + "\(entry.removedIn) (target \(target)), use \(entry.replacement)", at: FieldPath("apiVersion"))]
    }
}
