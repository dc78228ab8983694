extension CheckRegistry {
    /// References between objects, API versions, namespaces and network exposure.
    static let referenceChecks: [Check] = [
        .serviceSelectorMatches,
        .selectorMatchesTemplate,
        .statefulSetServiceName,
        .serviceTargetPort,
        .serviceTargetPortUndeclared,
        .portNameSyntax,
        .ingressBackendExists,
        .ingressTLS,
        .probePortExposed,
        .probePortUndeclared,
        .pdbSelectorMatches,
        .hpaTargetExists,
        .hpaWithFixedReplicas,
        .networkPolicySelectorMatches,
        .networkPolicyPeerMatches,
        .monitorSelectorMatches,
        .networkPolicyCoverage,
        .removedAPIVersion,
        .deprecatedAPIVersion,
        .missingNamespace,
    ]
}
