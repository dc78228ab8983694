import DocumentTree

extension Check {
    static let deprecatedServiceAccountField = Check.perPod(
        id: "deprecated-service-account-field",
        summary: "A pod template must name its ServiceAccount with serviceAccountName, not the deprecated serviceAccount.",
        rationale: "spec.serviceAccount is a deprecated alias kept for old clients; when both are set and differ, "
            + "serviceAccountName wins, so the name a reader sees may not be the identity the pod runs as.",
        remediation: "Rename serviceAccount to serviceAccountName (and remove the alias when both are set).",
        severity: .warning
    ) { pod, _, _ in
        guard let alias = pod.spec["serviceAccount"]?.stringValue else { return [] }
        let name = pod.spec["serviceAccountName"]?.stringValue
        let clash = name.map { $0 == alias ? "" : " (serviceAccountName \"\($0)\" wins)" } ?? ""
        return [Violation("the pod names its ServiceAccount \"\(alias)\" with the deprecated serviceAccount field\(clash)",
                          at: pod.specPath / "serviceAccount")]
    }
}
