import KubeModel

/// A namespace's ResourceQuota and LimitRange, derived from the workloads it runs rather than
/// guessed: the quota is exactly what every workload needs at its peak (autoscaler ceiling, plus
/// the rolling update's surge, every blue/green colour at full size), so a workload added to the
/// model raises it, and anything deployed outside the model finds no room.
///
/// CPU limits are not part of the quota: a `limits.cpu` quota forces a CPU limit on every
/// container, which throttles them (see the `cpu-limit` policy check).
public struct NamespaceBudget: Sendable {
    public var pods = 0
    public var cpuRequests: Int64 = 0
    public var memoryRequests: Int64 = 0
    public var memoryLimits: Int64 = 0
    public var volumeClaims = 0
    public var storage: Int64 = 0
    /// Every container's requests and limits, for the LimitRange's bounds.
    private var containers: [ResourceRequirements] = []

    /// The budget of `manifests` (all the objects deployed in one namespace): at their peak, or
    /// `atRest` (autoscalers at their floor, no rolling update under way).
    public init(_ manifests: [Manifest], atRest: Bool = false) throws {
        let ceilings = Dictionary(manifests.compactMap { m -> (String, Int)? in
            guard let hpa = m.object as? HorizontalPodAutoscaler else { return nil }
            return (hpa.spec.scaleTargetRef.name, atRest ? hpa.spec.minReplicas : hpa.spec.maxReplicas)
        }, uniquingKeysWith: max)
        for manifest in manifests {
            guard let owner = manifest.object as? any PodTemplateOwner else { continue }
            let replicas = ceilings[owner.metadata.name] ?? owner.declaredReplicas
            let peak = replicas + (atRest ? 0 : Self.surge(owner, replicas: replicas))
            let pod = owner.podTemplate.spec
            pods += peak
            cpuRequests += Int64(peak) * (try Self.podTotal(pod, manifest) { $0.requests?.cpu })
            memoryRequests += Int64(peak) * (try Self.podTotal(pod, manifest) { $0.requests?.memory })
            memoryLimits += Int64(peak) * (try Self.podTotal(pod, manifest) { $0.limits?.memory })
            for claim in (owner as? StatefulSet)?.spec.volumeClaimTemplates ?? [] {
                volumeClaims += replicas
                storage += Int64(replicas) * (try Self.value(claim.spec.resources.requests.storage, manifest) / 1000)
            }
            containers += pod.allContainers.compactMap(\.resources)
        }
    }

    /// The ResourceQuota: CPU in millicores, memory and storage in bytes (exact sums).
    public func quota(name: String, namespace: String, labels: Labels) -> ResourceQuota {
        ResourceQuota(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: ResourceQuotaSpec(hard: [
            "pods": Quantity("\(pods)"),
            "requests.cpu": .cpu(milli: cpuRequests),
            "requests.memory": .bytes(memoryRequests / 1000),
            "limits.memory": .bytes(memoryLimits / 1000),
            "persistentvolumeclaims": Quantity("\(volumeClaims)"),
            "requests.storage": .bytes(storage),
        ]))
    }

    /// The LimitRange: a container that declares nothing gets the smallest requests and memory
    /// limit any workload declares; none may ask for more memory than the largest one.
    public func limitRange(name: String, namespace: String, labels: Labels) -> LimitRange {
        // The smallest (the first of equal ones) or the largest (the last of equal ones), each
        // value parsed once: sorting parsed both sides of every comparison (3 % of generating 100
        // services, callgrind).
        func pick(_ values: [Quantity?], smallest: Bool) -> Quantity? {
            var best: (quantity: Quantity, value: Int64)?
            for quantity in values.compactMap({ $0 }) {
                let value = quantity.milliValue ?? 0
                if let b = best, smallest ? value >= b.value : value < b.value { continue }
                best = (quantity, value)
            }
            return best?.quantity
        }
        let requests = containers.compactMap(\.requests)
        let limits = containers.compactMap(\.limits)
        return LimitRange(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: LimitRangeSpec(limits: [
            LimitRangeItem(
                type: "Container",
                default: ResourceList(memory: pick(limits.map(\.memory), smallest: true)),
                defaultRequest: ResourceList(cpu: pick(requests.map(\.cpu), smallest: true),
                                             memory: pick(requests.map(\.memory), smallest: true)),
                max: ResourceList(memory: pick(limits.map(\.memory), smallest: false))),
        ]))
    }

    /// Extra pods during a rolling update (`maxSurge`, rounded up as the controller does).
    static func surge(_ owner: any PodTemplateOwner, replicas: Int) -> Int {
        guard let deployment = owner as? Deployment,
              deployment.spec.strategy?.type ?? "RollingUpdate" == "RollingUpdate" else { return 0 }
        switch deployment.spec.strategy?.rollingUpdate?.maxSurge ?? .string("25%") {
        case .int(let n): return n
        case .string(let percent):
            let p = Int(percent.dropLast()) ?? 25
            return (replicas * p + 99) / 100
        }
    }

    /// What one pod needs of a resource: its containers' sum, or its largest init container's
    /// if that is more (init containers run before, one at a time).
    static func podTotal(_ pod: PodSpec, _ manifest: Manifest, _ field: (ResourceRequirements) -> Quantity?) throws -> Int64 {
        let sum = try pod.containers.reduce(Int64(0)) { $0 + (try value($1.resources.flatMap(field), manifest)) }
        let initMax = try (pod.initContainers ?? []).map { try value($0.resources.flatMap(field), manifest) }.max() ?? 0
        return max(sum, initMax)
    }

    static func value(_ q: Quantity?, _ manifest: Manifest) throws -> Int64 {
        // An invalid quantity fails rendering with its field path and a suggestion; the budget
        // is not the place to report it.
        guard let q, Quantity.problem(q.text) == nil else { return 0 }
        guard let v = q.milliValue else {
            throw ComponentError("\(manifest.component) › \(manifest.id): quantity \"\(q)\" cannot be summed exactly "
                                 + "for the namespace quota (write it with m, k, M, G, Ki, Mi, Gi or Ti)")
        }
        return v
    }
}
