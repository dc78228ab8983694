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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}

public struct CronJobSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        if schedule.split(separator: " ").count != 5, !schedule.hasPrefix("@") {
            throw InvalidValue("schedule \"\(schedule)\" must have 5 fields (minute hour day month weekday)",
                               at: FieldPath([.key("schedule")]))
        }
        var fields = Fields()
        try fields.add("schedule", schedule)
        try fields.add("timeZone", timeZone)
        try fields.add("concurrencyPolicy", concurrencyPolicy)
        try fields.add("startingDeadlineSeconds", startingDeadlineSeconds)
        try fields.add("suspend", suspend)
        try fields.add("successfulJobsHistoryLimit", successfulJobsHistoryLimit)
        try fields.add("failedJobsHistoryLimit", failedJobsHistoryLimit)
        try fields.add("jobTemplate", jobTemplate)
        return fields.node
    }
}

public struct JobTemplateSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var metadata: TemplateMeta?
    public var spec: JobSpec
    public init(metadata: TemplateMeta? = nil, spec: JobSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}

public struct JobSpec: Equatable, Hashable, Sendable, DocumentRepresentable {
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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("backoffLimit", backoffLimit)
        try fields.add("activeDeadlineSeconds", activeDeadlineSeconds)
        try fields.add("ttlSecondsAfterFinished", ttlSecondsAfterFinished)
        try fields.add("template", template)
        return fields.node
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

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("spec", spec)
        return fields.node
    }
}
