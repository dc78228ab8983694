import KubeModel

/// Pod Security Admission for a namespace: the level every pod must meet, enforced (pods that
/// fail are rejected), audited and warned about, at a pinned version of the standard so that a
/// cluster upgrade cannot change what is admitted without a change here.
public enum PodSecurity {
    /// The version of the Pod Security Standards the namespaces pin: the oldest Kubernetes the
    /// tree targets (the policy checks' `targetKubernetesVersion`). A test checks every pod
    /// against the `pod-security-restricted` check at this version and at the newest.
    public static let version = "v1.31"

    /// The namespace labels that enforce `level` (`restricted`, `baseline`).
    public static func namespaceLabels(level: String = "restricted") -> Labels {
        var labels = Labels()
        for mode in ["enforce", "audit", "warn"] {
            labels["pod-security.kubernetes.io/\(mode)"] = level
            labels["pod-security.kubernetes.io/\(mode)-version"] = version
        }
        return labels
    }
}
