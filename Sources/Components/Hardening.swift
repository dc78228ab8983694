import KubeModel

/// The secure defaults of a pod and its containers, less the opt-outs a component declared.
/// Every component builds its security contexts here, so a default is written (and opted out of)
/// one way everywhere; together they satisfy the Pod Security Standards' `restricted` profile.
struct Hardening {
    let optOuts: Suppressions
    /// The UID and GID the pod runs as (the image's own non-root user).
    let userID: Int

    var pod: PodSecurityContext {
        let nonRoot = !optOuts.contains(.runAsNonRoot)
        return PodSecurityContext(
            runAsNonRoot: nonRoot ? true : nil, runAsUser: nonRoot ? userID : nil, runAsGroup: nonRoot ? userID : nil,
            fsGroup: userID, seccompProfile: optOuts.contains(.seccompRuntimeDefault) ? nil : .runtimeDefault)
    }

    var container: SecurityContext {
        SecurityContext(
            runAsNonRoot: optOuts.contains(.runAsNonRoot) ? nil : true,
            readOnlyRootFilesystem: optOuts.contains(.readOnlyRootFilesystem) ? nil : true,
            allowPrivilegeEscalation: optOuts.contains(.noPrivilegeEscalation) ? nil : false,
            capabilities: optOuts.contains(.dropAllCapabilities) ? nil : Capabilities(drop: ["ALL"]),
            seccompProfile: optOuts.contains(.seccompRuntimeDefault) ? nil : .runtimeDefault)
    }

    /// `automountServiceAccountToken` for the pod and its ServiceAccount.
    var automountToken: Bool? { optOuts.contains(.noServiceAccountToken) ? nil : false }
}

/// Spreading of a workload's replicas: across zones when the cluster has several (best effort: a
/// zone may lack capacity), and across nodes always, so that losing one node takes at most
/// `ceil(replicas / nodes)` pods. `pod-template-hash` makes each rollout spread its own pods
/// instead of counting the old ReplicaSet's; nodes the pod cannot tolerate do not count.
///
/// This is the seed's preferred pod anti-affinity done the current way: anti-affinity either
/// stacks pods freely (preferred) or caps replicas at the node count (required).
enum Spreading {
    static func constraints(selecting selector: Labels) -> [TopologySpreadConstraint] {
        [(TopologyKey.zone, "ScheduleAnyway"), (TopologyKey.hostname, "DoNotSchedule")].map { key, rule in
            TopologySpreadConstraint(maxSkew: 1, topologyKey: key, whenUnsatisfiable: rule,
                                     labelSelector: LabelSelector(matchLabels: selector),
                                     matchLabelKeys: ["pod-template-hash"], nodeTaintsPolicy: "Honor")
        }
    }
}
