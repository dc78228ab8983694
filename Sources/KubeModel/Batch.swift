import DocumentTree

/// batch/v1 CronJob.
public struct CronJob: KubernetesObject, Equatable {
    public var apiVersion: String { "batch/v1" }
    public var kind: String { "CronJob" }
    public var nameRule: NameRule { .dnsLabel }
    public var metadata: ObjectMeta
    public var spec: CronJobSpec

    public init(metadata: ObjectMeta, spec: CronJobSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey { case metadata, spec }
}

public struct CronJobSpec: Equatable, Hashable, Sendable, Encodable {
    public var schedule: String
    public var timeZone: String?
    public var concurrencyPolicy: String?
    public var startingDeadlineSeconds: Seconds?
    public var suspend: Bool?
    public var successfulJobsHistoryLimit: Int?
    public var failedJobsHistoryLimit: Int?
    public var jobTemplate: JobTemplateSpec

    public init(schedule: String, concurrencyPolicy: String? = nil, startingDeadlineSeconds: Seconds? = nil,
                jobTemplate: JobTemplateSpec) {
        self.schedule = schedule
        self.concurrencyPolicy = concurrencyPolicy
        self.startingDeadlineSeconds = startingDeadlineSeconds
        self.jobTemplate = jobTemplate
    }

    public func encode(to encoder: any Encoder) throws {
        let fields = schedule.split(separator: " ")
        if fields.count != 5, !schedule.hasPrefix("@") {
            throw InvalidValue("schedule \"\(schedule)\" must have 5 fields (minute hour day month weekday)",
                               codingPath: encoder.codingPath + [CodingKeys.schedule])
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schedule, forKey: .schedule)
        try c.encodeIfPresent(timeZone, forKey: .timeZone)
        try c.encodeIfPresent(concurrencyPolicy, forKey: .concurrencyPolicy)
        try c.encodeIfPresent(startingDeadlineSeconds, forKey: .startingDeadlineSeconds)
        try c.encodeIfPresent(suspend, forKey: .suspend)
        try c.encodeIfPresent(successfulJobsHistoryLimit, forKey: .successfulJobsHistoryLimit)
        try c.encodeIfPresent(failedJobsHistoryLimit, forKey: .failedJobsHistoryLimit)
        try c.encode(jobTemplate, forKey: .jobTemplate)
    }

    enum CodingKeys: String, CodingKey {
        case schedule, timeZone, concurrencyPolicy, startingDeadlineSeconds, suspend, successfulJobsHistoryLimit,
             failedJobsHistoryLimit, jobTemplate
    }
}

public struct JobTemplateSpec: Equatable, Hashable, Sendable, Encodable {
    public var metadata: TemplateMeta?
    public var spec: JobSpec
    public init(metadata: TemplateMeta? = nil, spec: JobSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

public struct JobSpec: Equatable, Hashable, Sendable, Encodable {
    public var backoffLimit: Int?
    public var activeDeadlineSeconds: Seconds?
    public var ttlSecondsAfterFinished: Seconds?
    public var template: PodTemplateSpec

    public init(backoffLimit: Int? = nil, activeDeadlineSeconds: Seconds? = nil,
                ttlSecondsAfterFinished: Seconds? = nil, template: PodTemplateSpec) {
        self.backoffLimit = backoffLimit
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.ttlSecondsAfterFinished = ttlSecondsAfterFinished
        self.template = template
    }
}

/// batch/v1 Job.
public struct Job: KubernetesObject, Equatable {
    public var apiVersion: String { "batch/v1" }
    public var kind: String { "Job" }
    public var metadata: ObjectMeta
    public var spec: JobSpec

    public init(metadata: ObjectMeta, spec: JobSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey { case metadata, spec }
}
