import KubeModel

/// kubectl command lines for one environment, built from the model's names so that a renamed
/// Service, Deployment or overlay changes the workflows with it. Every target is written out
/// literally (no shell variable), which lets a test check each one against the generated tree.
struct Kubectl {
    let namespace: String

    init(_ env: Environment) throws {
        guard let namespace = env.namespace else { throw PipelineError("environment \(env.name) has no namespace") }
        self.namespace = namespace
    }

    /// `kubectl apply -k` of an overlay directory (the overlay sets the namespace).
    func apply(overlay: String) -> String { "kubectl apply -k \(overlay)" }

    /// Waits until a Deployment's (or a StatefulSet's) new pods are all ready.
    func rolloutStatus(_ name: String, kind: String = "deployment", timeout: String = "10m") -> String {
        "kubectl -n \(namespace) rollout status \(kind)/\(name) --timeout=\(timeout)"
    }

    /// Waits for the environment's in-cluster data stores (StatefulSets of the shared objects), then
    /// brings the backup role to its declared state (`Backups.rolesJob`).
    func dataTierReady(_ env: Environment) -> [String] {
        [DataTier.postgres(env), DataTier.redis(env)].compactMap(\.server).map { rolloutStatus($0.name, kind: "statefulset") }
            + runJob(from: Backups.rolesJob, prefix: "roles", timeout: "5m")
    }

    /// Runs a Job from a CronJob's template and waits until it completes. The Job is named after
    /// the workflow run (`RUN_ID`, `RUN_ATTEMPT`: `DeploySteps.runIdentity`), so a re-run starts anew.
    func runJob(from cronJob: String, prefix: String, timeout: String) -> [String] {
        [
            "job=\"\(prefix)-$RUN_ID-$RUN_ATTEMPT\"",
            "kubectl -n \(namespace) create job --from=cronjob/\(cronJob) \"$job\"",
            "kubectl -n \(namespace) wait --for=condition=complete --timeout=\(timeout) \"job/$job\"",
        ]
    }

    /// GETs `path` on a Service's named port through the API server's proxy: the runner needs no
    /// route into the cluster, and the request reaches exactly the pods the Service selects.
    func get(service: String, port: ContainerPort, path: String) -> String {
        "kubectl -n \(namespace) get --raw /api/v1/namespaces/\(namespace)/services/\(service):\(port.name)/proxy\(path)"
    }

    /// The value of one selector key of a live Service.
    func selector(of service: String, key: String) -> String {
        "kubectl -n \(namespace) get service \(service) -o jsonpath='{.spec.selector.\(key)}'"
    }

    /// Points a Service's selector key at `value` (a merge patch: the other selector keys stay).
    func select(_ service: String, key: String, value: String) -> String {
        "kubectl -n \(namespace) patch service \(service) --type=merge -p '{\"spec\":{\"selector\":{\"\(key)\":\"\(value)\"}}}'"
    }

    /// Sets a Deployment's replicas.
    func scale(deployment: String, to replicas: Int) -> String {
        "kubectl -n \(namespace) patch deployment \(deployment) --type=merge -p '{\"spec\":{\"replicas\":\(replicas)}}'"
    }

    /// Lowers an HPA's floor, so that it does not scale the Deployment back up.
    func scale(hpa: String, minReplicas: Int) -> String {
        "kubectl -n \(namespace) patch hpa \(hpa) --type=merge -p '{\"spec\":{\"minReplicas\":\(minReplicas)}}'"
    }
}

/// A workflow that the model cannot produce.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
