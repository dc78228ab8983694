extension CheckRegistry {
    /// Probes, resources, images, availability and scheduled jobs.
    static let reliabilityChecks: [Check] = [
        .livenessProbe,
        .readinessProbe,
        .startupProbe,
        .cpuRequests,
        .memoryRequests,
        .memoryLimit,
        .cpuLimit,
        .ephemeralStorageLimit,
        .imageTag,
        .imagePullPolicy,
        .pdbForReplicatedWorkload,
        .pdbBlocksEviction,
        .pdbSetsBudget,
        .pdbUnhealthyPodEvictionPolicy,
        .hpaMinReplicasProduction,
        .spreadReplicas,
        .cronjobConcurrencyPolicy,
        .cronjobStartingDeadline,
        .jobRestartPolicy,
        .jobTTLAfterFinished,
        .duplicateEnvVar,
        .identicalProbes,
        .hpaReplicaRange,
    ]
}
