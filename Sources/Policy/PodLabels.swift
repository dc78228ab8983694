/// The labels the pods of a workload will carry, as far as the input tells: the template's own,
/// and those the controller that creates the pods adds, whose values the input does not show
/// (`pod-template-hash`, `statefulset.kubernetes.io/pod-name`, …). A selector on such a label
/// (a Service for one StatefulSet pod, a PDB on a Job's pods) selects real pods: it is not
/// reported as selecting nothing.
public struct PodLabels: Sendable {
    /// What a label's value can be.
    public enum Value: Sendable, Equatable {
        /// Written in the input.
        case exactly(String)
        /// Chosen by a controller: a hash, a uid, a revision.
        case any
        /// `prefix` followed by a pod's ordinal or index (`web-0`, `web-1`, or `0`, `1` when empty).
        case ordinal(prefix: String)

        public func allows(_ value: String) -> Bool {
            switch self {
            case .exactly(let v): v == value
            case .any: true
            case .ordinal(let prefix):
                value.hasPrefix(prefix) && value.count > prefix.count && value.dropFirst(prefix.count).allSatisfy(\.isASCIIDigit)
            }
        }
    }

    public var values: [String: Value]

    public init(values: [String: Value]) { self.values = values }

    /// Only the labels written in the input.
    public init(exactly labels: [String: String]) {
        values = labels.mapValues(Value.exactly)
    }

    /// The labels of `pod`'s template plus those its owner's controller sets on each pod
    /// (pkg/controller in kubernetes/kubernetes: deployment, statefulset, daemon, job, cronjob).
    public init(_ pod: PodTemplateView, of object: PolicyObject) {
        self.init(exactly: pod.labels)
        let name = object.name
        var added: [String: Value] = [:]
        switch object.kind {
        case "Deployment":
            added["pod-template-hash"] = .any
        case "StatefulSet":
            added["statefulset.kubernetes.io/pod-name"] = .ordinal(prefix: "\(name)-")
            added["apps.kubernetes.io/pod-index"] = .ordinal(prefix: "")
            added["controller-revision-hash"] = .any
        case "DaemonSet":
            added["controller-revision-hash"] = .any
            added["pod-template-generation"] = .ordinal(prefix: "")
        case "Job", "CronJob":
            // A CronJob's Jobs are named `<name>-<scheduled time in minutes>`.
            let job: Value = object.kind == "Job" ? .exactly(name) : .ordinal(prefix: "\(name)-")
            for key in ["job-name", "batch.kubernetes.io/job-name"] { added[key] = job }
            for key in ["controller-uid", "batch.kubernetes.io/controller-uid"] { added[key] = .any }
            added["batch.kubernetes.io/job-completion-index"] = .ordinal(prefix: "")
        default:
            break
        }
        // The template's own value wins where it sets one of these itself.
        values.merge(added) { template, _ in template }
    }
}

extension LabelSelectorView {
    /// Whether some pod with `pod`'s labels can match: a controller-set label matches any value
    /// it can take.
    public func matches(_ pod: PodLabels) -> Bool {
        for (k, v) in matchLabels where pod.values[k]?.allows(v) != true { return false }
        for e in expressions {
            let value = pod.values[e.key]
            switch e.op {
            case "In": if value.map({ value in e.values.contains(where: value.allows) }) != true { return false }
            case "NotIn": if case .exactly(let v)? = value, e.values.contains(v) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// Whether pods labelled exactly `labels` match.
    public func matches(_ labels: [String: String]) -> Bool { matches(PodLabels(exactly: labels)) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
