/// An object that runs pods from a template: what tools that look at every pod (secret
/// references, quotas, admission rules) walk, whatever the kind.
public protocol PodTemplateOwner: KubernetesObject {
    var podTemplate: PodTemplateSpec { get }
    /// How many pods run at most at once (replicas, or the autoscaler's ceiling when the caller
    /// knows it; one for a Job or CronJob).
    var declaredReplicas: Int { get }
}

extension Deployment: PodTemplateOwner {
    public var podTemplate: PodTemplateSpec { spec.template }
    public var declaredReplicas: Int { spec.replicas ?? 1 }
}

extension StatefulSet: PodTemplateOwner {
    public var podTemplate: PodTemplateSpec { spec.template }
    public var declaredReplicas: Int { spec.replicas ?? 1 }
}

extension Job: PodTemplateOwner {
    public var podTemplate: PodTemplateSpec { spec.template }
    public var declaredReplicas: Int { 1 }
}

extension CronJob: PodTemplateOwner {
    public var podTemplate: PodTemplateSpec { spec.jobTemplate.spec.template }
    public var declaredReplicas: Int { 1 }
}

extension PodSpec {
    /// Every container, init containers first.
    public var allContainers: [Container] { (initContainers ?? []) + containers }

    /// Each Secret key the pod reads (`key` nil: the whole Secret, through `envFrom` or a volume
    /// without items), with the field path of the reference.
    public var secretReferences: [(secret: String, key: String?, path: String)] {
        var refs: [(String, String?, String)] = []
        for (i, c) in allContainers.enumerated() {
            let where_ = i < (initContainers?.count ?? 0) ? "initContainers[\(i)]" : "containers[\(i - (initContainers?.count ?? 0))]"
            for (j, e) in (c.env ?? []).enumerated() {
                if let ref = e.valueFrom?.secretKeyRef { refs.append((ref.name, ref.key, "\(where_).env[\(j)]")) }
            }
            for (j, e) in (c.envFrom ?? []).enumerated() {
                if let ref = e.secretRef { refs.append((ref.name, nil, "\(where_).envFrom[\(j)]")) }
            }
        }
        for (i, v) in (volumes ?? []).enumerated() {
            guard let s = v.secret else { continue }
            if let items = s.items {
                refs += items.map { (s.secretName, $0.key, "volumes[\(i)]") }
            } else {
                refs.append((s.secretName, nil, "volumes[\(i)]"))
            }
        }
        return refs
    }
}
