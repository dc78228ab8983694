import DocumentTree

extension Check {
    static let noAutomountServiceAccountToken = Check(
        id: "no-automount-service-account-token",
        summary: "Pods should not mount a ServiceAccount API token: automountServiceAccountToken: false on the pod "
            + "or on its ServiceAccount, and on every ServiceAccount.",
        rationale: "By default every container gets a token for the pod's ServiceAccount at "
            + "/var/run/secrets/kubernetes.io/serviceaccount. Most applications never call the Kubernetes API, but "
            + "anyone who reads files in the container (path traversal, SSRF to file://, a compromised dependency) "
            + "can use the token with whatever RBAC the account has, from anywhere that reaches the API server. "
            + "The pod's setting wins; when it is unset, the ServiceAccount's applies. A ServiceAccount object in "
            + "the input is reported too when it does not set false, since every pod that uses it inherits its token.",
        remediation: "Set automountServiceAccountToken: false on the ServiceAccount and on the pod spec "
            + "(spec.automountServiceAccountToken); workloads that call the API set it to true explicitly and "
            + "suppress with a reason, or mount a short-lived projected token.",
        severity: .warning, kinds: PodTemplateView.workloadKinds.union(["ServiceAccount"])
    ) { object, context in
        if object.kind == "ServiceAccount" {
            if object.document["automountServiceAccountToken"]?.boolValue == false { return [] }
            return [Violation("ServiceAccount \"\(object.name)\" does not set automountServiceAccountToken: false: pods "
                              + "using it get its API token unless they opt out", at: FieldPath("automountServiceAccountToken"))]
        }
        guard let pod = PodTemplateView(object) else { return [] }
        let path = pod.specPath / "automountServiceAccountToken"
        let who = SecuritySupport.podLabel(object)
        let accountName = SecuritySupport.serviceAccountName(pod) ?? "default"
        switch pod.spec["automountServiceAccountToken"]?.boolValue {
        case false?:
            return []
        case true?:
            return [Violation("\(who) sets automountServiceAccountToken: true: every container gets the API token of "
                              + "ServiceAccount \"\(accountName)\"", at: path)]
        case nil:
            let account = context.object(kind: "ServiceAccount", namespace: object.namespace, name: accountName)
            if account?.document["automountServiceAccountToken"]?.boolValue == false { return [] }
            let why = account == nil
                ? "ServiceAccount \"\(accountName)\" is not in the input"
                : "ServiceAccount \"\(accountName)\" does not set it to false"
            return [Violation("\(who) mounts the API token of ServiceAccount \"\(accountName)\" into every container "
                              + "(automountServiceAccountToken is unset and \(why))", at: path)]
        }
    }
}
