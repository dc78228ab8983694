import DocumentTree

extension Check {
    static let defaultServiceAccount = Check.perPod(
        id: "default-service-account",
        summary: "Pods should run as their own ServiceAccount, not the namespace's default one.",
        rationale: "The default ServiceAccount is shared by every pod of the namespace that names none: a Role "
            + "bound to it for one workload is granted to all of them, and identity-based controls (cloud "
            + "workload identity such as IRSA, service-mesh authorization, audit logs) cannot tell the workloads "
            + "apart. A dedicated account keeps each workload's permissions to what it needs.",
        remediation: "Create a ServiceAccount for the workload (with automountServiceAccountToken: false unless it "
            + "calls the API) and set spec.serviceAccountName to it in the pod template.",
        severity: .warning
    ) { pod, object, _ in
        let who = SecuritySupport.podLabel(object)
        switch SecuritySupport.serviceAccountName(pod) {
        case nil:
            return [Violation("\(who) sets no serviceAccountName: it runs as the namespace's default ServiceAccount",
                              at: pod.specPath / "serviceAccountName")]
        case "default"?:
            let key = pod.spec["serviceAccountName"]?.stringValue?.isEmpty == false ? "serviceAccountName" : "serviceAccount"
            return [Violation("\(who) runs as the namespace's default ServiceAccount", at: pod.specPath / key)]
        default:
            return []
        }
    }
}
