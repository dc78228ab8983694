import KubeModel

/// A batch job run on a schedule: CronJob and its own ServiceAccount, hardened like every component.
///
/// - Runs never overlap (`concurrencyPolicy: Forbid`); a run that cannot start within
///   `startingDeadline` is skipped, and a run is stopped after `activeDeadline`, so a stuck run
///   cannot delay the next one indefinitely.
/// - `Hardening`'s defaults (non-root, read-only root filesystem, no privilege escalation, no
///   capabilities, `RuntimeDefault` seccomp, no API token): the `restricted` Pod Security profile.
/// - Credentials come as files (`container.secretFiles`), scratch space as `emptyDir`s with a size
///   limit, so a runaway dump fills its own volume, not the node's disk.
public struct ScheduledJob: Component {
    public let app: String
    public let name: String
    public var container: ContainerTemplate
    public var schedule: String
    public var startingDeadline: Seconds
    public var activeDeadline: Seconds
    /// Retries of a failed run within the same schedule slot.
    public var backoffLimit = 1
    public var successfulJobsHistoryLimit = 3
    public var failedJobsHistoryLimit = 3
    /// A suspended CronJob never runs on its own: `kubectl create job --from=cronjob/<name>` runs it.
    public var suspended = false
    public var scratch: [WritableDirectory] = [WritableDirectory("/tmp", sizeLimit: "256Mi")]
    /// Existing volume claims the job mounts read-write: `(claim, path)`.
    public var claims: [(claim: String, path: String)] = []
    /// The UID and GID the job runs as (≥ 10000: clear of host users).
    public var userID = 10001
    /// Secure defaults the job lifts, each with its reason (kept in the output, listed by the
    /// policy reports): a job that calls the Kubernetes API needs its token.
    public private(set) var optOuts = Suppressions()
    public let source: SourceLocation

    public init(app: String, name: String, container: ContainerTemplate, schedule: String,
                startingDeadline: Seconds, activeDeadline: Seconds, fileID: StaticString = #fileID, line: UInt = #line) {
        self.init(app: app, name: name, container: container, schedule: schedule, startingDeadline: startingDeadline,
                  activeDeadline: activeDeadline, source: SourceLocation(fileID: fileID, line: line))
    }

    /// A job declared at `source` (a product's declaration, where errors about it point).
    public init(app: String, name: String, container: ContainerTemplate, schedule: String,
                startingDeadline: Seconds, activeDeadline: Seconds, source: SourceLocation) {
        self.app = app
        self.name = name
        self.container = container
        self.schedule = schedule
        self.startingDeadline = startingDeadline
        self.activeDeadline = activeDeadline
        self.source = source
    }

    /// Lets the job run without one of `Hardening`'s defaults, for `reason`.
    public mutating func allowing(_ exception: SecureDefault, because reason: String) {
        optOuts.allow(exception.rawValue, because: reason)
    }

    /// The ServiceAccount and the CronJob.
    public func objects(namespace: String?) throws -> [Manifest] {
        let hardening = Hardening(optOuts: optOuts, userID: userID)
        let annotations = try optOuts.annotations(component: name)
        // The suppressions on the ServiceAccount too: token checks look at it.
        let account = ServiceAccount(metadata: ObjectMeta(name: name, namespace: namespace, labels: commonLabels,
                                                          annotations: annotations.isEmpty ? nil : annotations),
                                     automountServiceAccountToken: hardening.automountToken)
        var volumes: [Volume] = []
        var mounts: [VolumeMount] = []
        for (i, dir) in scratch.enumerated() {
            volumes.append(Volume(name: "\(name)-scratch-\(i)", emptyDir: EmptyDirSource(sizeLimit: dir.sizeLimit)))
            mounts.append(VolumeMount(name: "\(name)-scratch-\(i)", mountPath: dir.path))
        }
        for (i, claim) in claims.enumerated() {
            volumes.append(Volume(name: "\(name)-claim-\(i)", persistentVolumeClaim: PVCVolumeSource(claimName: claim.claim)))
            mounts.append(VolumeMount(name: "\(name)-claim-\(i)", mountPath: claim.path))
        }
        let (built, containerVolumes) = try container.build(hardening: hardening, mounts: mounts)
        var pod = PodSpec(containers: [built])
        pod.serviceAccountName = name
        pod.automountServiceAccountToken = hardening.automountToken
        pod.restartPolicy = "Never"
        pod.securityContext = hardening.pod
        pod.volumes = volumes.isEmpty && containerVolumes.isEmpty ? nil : volumes + containerVolumes

        var spec = CronJobSpec(
            schedule: schedule, concurrencyPolicy: "Forbid", startingDeadlineSeconds: startingDeadline,
            jobTemplate: JobTemplateSpec(
                metadata: TemplateMeta(labels: commonLabels),
                spec: JobSpec(backoffLimit: backoffLimit, activeDeadlineSeconds: activeDeadline,
                              template: PodTemplateSpec(metadata: TemplateMeta(labels: commonLabels), spec: pod))))
        spec.successfulJobsHistoryLimit = successfulJobsHistoryLimit
        spec.failedJobsHistoryLimit = failedJobsHistoryLimit
        spec.suspend = suspended ? true : nil
        let cronJob = CronJob(metadata: ObjectMeta(name: name, namespace: namespace, labels: commonLabels,
                                                   annotations: annotations.isEmpty ? nil : annotations), spec: spec)
        return [Manifest(account, component: name, source: source), Manifest(cronJob, component: name, source: source)]
    }
}
