import KubeModel

/// A batch job run on a schedule: CronJob and its own ServiceAccount, secure by default.
///
/// - Runs never overlap (`concurrencyPolicy: Forbid`); a run that cannot start within
///   `startingDeadline` is skipped, and a run is stopped after `activeDeadline`, so a stuck run
///   cannot delay the next one indefinitely.
/// - Non-root with a fixed UID, read-only root filesystem (an `emptyDir` per writable path), no
///   privilege escalation, all capabilities dropped, `RuntimeDefault` seccomp, no API token:
///   compatible with the `restricted` Pod Security Standard.
/// - Credentials come from Secrets mounted as read-only files, never from environment variables,
///   so they do not appear in `kubectl describe` or in a crash dump of the environment.
public struct ScheduledJob: Sendable {
    /// A Secret mounted as files in a folder.
    public struct SecretFiles: Equatable, Sendable {
        public var secret: String
        public var mountPath: String
        public init(secret: String, mountPath: String) {
            self.secret = secret
            self.mountPath = mountPath
        }
    }

    /// A ConfigMap mounted as files in a folder (scripts, configuration).
    public struct ConfigFiles: Equatable, Sendable {
        public var configMap: String
        public var mountPath: String
        public init(configMap: String, mountPath: String) {
            self.configMap = configMap
            self.mountPath = mountPath
        }
    }

    public let app: String
    public let name: String
    public var image: Image
    public var command: [String]
    public var schedule: String
    public var startingDeadline: Seconds
    public var activeDeadline: Seconds
    /// Retries of a failed run within the same schedule slot.
    public var backoffLimit = 1
    public var successfulJobsHistoryLimit = 3
    public var failedJobsHistoryLimit = 3
    /// A suspended CronJob never runs on its own: `kubectl create job --from=cronjob/<name>` runs it.
    public var suspended = false
    public var resources: ResourceRequirements
    public var env: [EnvVar] = []
    public var secretFiles: [SecretFiles] = []
    public var configFiles: [ConfigFiles] = []
    /// Writable directories, each an `emptyDir` with a size limit (the root filesystem is read-only).
    public var scratch: [(path: String, sizeLimit: Quantity)] = [("/tmp", "256Mi")]
    /// The UID and GID the container runs as (≥ 10000: clear of host users).
    public var userID = 10001
    public private(set) var optOuts = Suppressions()
    public let source: SourceLocation

    public init(app: String, name: String, image: Image, command: [String], schedule: String,
                startingDeadline: Seconds, activeDeadline: Seconds, resources: ResourceRequirements,
                fileID: StaticString = #fileID, line: UInt = #line) {
        self.app = app
        self.name = name
        self.image = image
        self.command = command
        self.schedule = schedule
        self.startingDeadline = startingDeadline
        self.activeDeadline = activeDeadline
        self.resources = resources
        self.source = SourceLocation(fileID: fileID, line: line)
    }

    /// Lets the CronJob fail one policy check (`gen checks` lists the ids), with the reason kept
    /// in the output and listed in every policy report.
    public mutating func allowing(_ check: String, because reason: String) {
        optOuts.allow(check, because: reason)
    }

    /// The labels on the job's pods (what a NetworkPolicy selects).
    public var podLabels: Labels { StandardLabels.selector(app: app, component: name) }
    var commonLabels: Labels { StandardLabels.common(app: app, component: name) }

    public func serviceAccount(namespace: String?) -> Manifest {
        Manifest(ServiceAccount(metadata: ObjectMeta(name: name, namespace: namespace, labels: commonLabels),
                                automountServiceAccountToken: false),
                 component: name, source: source)
    }

    public func cronJob(namespace: String?) throws -> Manifest {
        var volumes: [Volume] = []
        var mounts: [VolumeMount] = []
        for (i, dir) in scratch.enumerated() {
            let volume = "scratch-\(i)"
            volumes.append(Volume(name: volume, emptyDir: EmptyDirSource(sizeLimit: dir.sizeLimit)))
            mounts.append(VolumeMount(name: volume, mountPath: dir.path))
        }
        for files in secretFiles {
            // Group-readable for the pod's fsGroup only; never world-readable.
            volumes.append(Volume(name: files.secret, secret: SecretVolumeSource(secretName: files.secret, defaultMode: 0o440)))
            mounts.append(VolumeMount(name: files.secret, mountPath: files.mountPath, readOnly: true))
        }
        for files in configFiles {
            volumes.append(Volume(name: files.configMap,
                                  configMap: ConfigMapVolumeSource(name: files.configMap, defaultMode: 0o555)))
            mounts.append(VolumeMount(name: files.configMap, mountPath: files.mountPath, readOnly: true))
        }
        var container = Container(name: name, image: image)
        container.imagePullPolicy = .ifNotPresent
        container.command = command
        container.env = env.isEmpty ? nil : env
        container.resources = resources
        container.volumeMounts = mounts
        container.securityContext = SecurityContext(
            runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
            capabilities: Capabilities(drop: ["ALL"]), seccompProfile: .runtimeDefault)

        var pod = PodSpec(containers: [container])
        pod.serviceAccountName = name
        pod.automountServiceAccountToken = false
        pod.restartPolicy = "Never"
        pod.securityContext = PodSecurityContext(runAsNonRoot: true, runAsUser: userID, runAsGroup: userID,
                                                 fsGroup: userID, seccompProfile: .runtimeDefault)
        pod.volumes = volumes
        var spec = CronJobSpec(
            schedule: schedule, concurrencyPolicy: "Forbid", startingDeadlineSeconds: startingDeadline,
            jobTemplate: JobTemplateSpec(
                metadata: TemplateMeta(labels: commonLabels),
                spec: JobSpec(backoffLimit: backoffLimit, activeDeadlineSeconds: activeDeadline,
                              template: PodTemplateSpec(metadata: TemplateMeta(labels: commonLabels), spec: pod))))
        spec.successfulJobsHistoryLimit = successfulJobsHistoryLimit
        spec.failedJobsHistoryLimit = failedJobsHistoryLimit
        spec.suspend = suspended ? true : nil
        let annotations = try optOuts.annotations(component: name)
        return Manifest(CronJob(metadata: ObjectMeta(name: name, namespace: namespace, labels: commonLabels,
                                                     annotations: annotations.isEmpty ? nil : annotations),
                                spec: spec),
                        component: name, source: source)
    }
}
