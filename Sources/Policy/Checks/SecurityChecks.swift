extension CheckRegistry {
    /// Pod and RBAC hardening.
    static let securityChecks: [Check] = [
        .runAsNonRoot,
        .runAsUserZero,
        .privileged,
        .allowPrivilegeEscalation,
        .readOnlyRootFilesystem,
        .dropAllCapabilities,
        .dangerousCapabilities,
        .seccompProfile,
        .hostNamespaces,
        .hostPathVolume,
        .hostPort,
        .sshPort,
        .dockerSocket,
        .defaultServiceAccount,
        .noAutomountServiceAccountToken,
        .secretInEnv,
        .secretInConfigMap,
        .rbacWildcard,
        .clusterAdminBinding,
        .rbacPodExec,
        .serviceNodePort,
        .deprecatedServiceAccountField,
        .podSecurityRestricted,
    ]
}
