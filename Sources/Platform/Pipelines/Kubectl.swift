import Components
import KustomizeTree
import KubeModel
import Render

/// kubectl command lines for one environment, built from the model's names so that a renamed
/// Service, Deployment or overlay changes the workflows with it. Every target is written out
/// literally (no shell variable), which lets a test check each one against the generated tree.
/// Every command is a `ShellCommand`: each name and value is one quoted word.
struct Kubectl {
    let namespace: String

    init(_ env: Environment) throws {
        guard let namespace = env.namespace else { throw PipelineError("environment \(env.name) has no namespace") }
        self.namespace = namespace
    }

    /// `kubectl apply -f` of a kustomization's rendered build (`KustomizeTree.renderedFile`): what
    /// `kubectl apply -k` of the directory sends, without running kustomize (the objects carry
    /// their namespace). `selector` (`-l`) applies only the objects it selects.
    static func apply(_ directory: String, selector: String? = nil) -> String {
        ShellCommand(["kubectl", "apply", "-f", ShellWord(KustomizeTree.renderedFile(of: directory))]
                     + (selector.map { ["-l", ShellWord($0)] } ?? [])).rendered
    }

    /// `kubectl -n <namespace> <arguments>`.
    private func run(_ arguments: [ShellWord]) -> String {
        ShellCommand(["kubectl", "-n", ShellWord(namespace)] + arguments).rendered
    }

    /// Waits until a Deployment's (or a StatefulSet's) new pods are all ready.
    func rolloutStatus(_ name: String, kind: String = "deployment", timeout: String = "10m") -> String {
        run(["rollout", "status", ShellWord("\(kind)/\(name)"), ShellWord("--timeout=\(timeout)")])
    }

    /// Waits for the environment's in-cluster data stores (StatefulSets of the shared objects), then
    /// brings the backup role to its declared state (`Backups.rolesJob`).
    func dataTierReady(_ env: Environment) -> [String] {
        [DataTier.postgres(env), DataTier.redis(env)].compactMap(\.server).map { rolloutStatus($0.name, kind: "statefulset") }
            + runJob(from: Backups.rolesJob, prefix: "roles", timeout: "5m")
    }

    /// Runs a Job from a CronJob's template and waits until it completes. The Job is named after
    /// the workflow run (`RUN_ID`, `RUN_ATTEMPT`: `DeploySteps.runIdentity`), so a re-run starts anew.
    /// With `showingLogs`, the Job's output is printed whether it completed or not.
    /// `settingVariable`: the Job's container gets that variable's value (the Job built on the
    /// client, `kubectl set env --local`, then created).
    func runJob(from cronJob: String, prefix: String, timeout: String, showingLogs: Bool = false,
                settingVariable: (name: String, value: ShellWord)? = nil) -> [String] {
        let job = "job/" + ShellWord.variable("job")
        let create: String
        if let (name, value) = settingVariable {
            create = run(["create", "job", ShellWord("--from=cronjob/\(cronJob)"), .variable("job"), "--dry-run=client", "-o", "json"])
                + " | " + ShellCommand(["kubectl", "set", "env", "--local", "-f", "-", "-o", "json", ShellWord("\(name)=") + value]).rendered
                + " | " + applyStandardInput
        } else {
            create = run(["create", "job", ShellWord("--from=cronjob/\(cronJob)"), .variable("job")])
        }
        let start = [
            ShellCommand.assignment("job", ShellWord("\(prefix)-") + .variable("RUN_ID") + "-" + .variable("RUN_ATTEMPT")),
            create,
        ]
        let wait = run(["wait", "--for=condition=complete", ShellWord("--timeout=\(timeout)"), job])
        guard showingLogs else { return start + [wait] }
        let logs = run(["logs", job])
        return start + ["if ! \(wait); then", "  \(logs) || true", "  exit 1", "fi", logs]
    }

    /// `kubectl create job --from=cronjob/…` (with `dryRun`, the Job as JSON on standard output,
    /// created nowhere).
    func createJob(from cronJob: String, name: String, dryRun: Bool = false) -> String {
        run(["create", "job", ShellWord("--from=cronjob/\(cronJob)"), ShellWord(name)]
            + (dryRun ? ["--dry-run=client", "-o", "json"] : []))
    }

    /// `kubectl apply -f -` in the namespace (the objects on standard input).
    var applyStandardInput: String { run(["apply", "-f", "-"]) }

    /// Waits until a Job's `condition` (`complete`, `failed`) is true.
    func wait(job: String, for condition: String, timeout: String) -> String {
        run(["wait", ShellWord("--for=condition=\(condition)"), ShellWord("--timeout=\(timeout)"), ShellWord("job/\(job)")])
    }

    /// Waits until a field of an object, by JSONPath, has `value`.
    func wait(for kind: String, _ name: String, jsonpath: String, equals value: String, timeout: String) -> String {
        run(["wait", ShellWord("--for=jsonpath=\(jsonpath)=\(value)"), ShellWord("--timeout=\(timeout)"), ShellWord("\(kind)/\(name)")])
    }

    /// One field of an object, by JSONPath.
    func field(_ kind: String, _ name: String, jsonpath: String) -> String {
        run(["get", ShellWord(kind), ShellWord(name), "-o", ShellWord("jsonpath=\(jsonpath)")])
    }

    /// Rolls a Deployment back to its previous revision (a rolling update's own history).
    func rolloutUndo(_ name: String) -> String { run(["rollout", "undo", ShellWord("deployment/\(name)")]) }

    /// Replaces a Deployment's pods with a rolling update (same spec, new pods).
    func rolloutRestart(_ name: String) -> String { run(["rollout", "restart", ShellWord("deployment/\(name)")]) }

    /// The value of one selector key of a live Service; empty (and exit 0) when the Service does
    /// not exist (`--ignore-not-found`), as in a namespace never deployed to.
    func selector(of service: String, key: String) -> String {
        run(["get", "service", ShellWord(service), "--ignore-not-found", "-o", ShellWord("jsonpath={.spec.selector.\(key)}")])
    }

    /// Points a Service's selector key at `value` (a merge patch: the other selector keys stay).
    func select(_ service: String, key: String, value: String) -> String {
        mergePatch("service", service, ["spec": ["selector": [key: value]]])
    }

    /// Sets the image of a CronJob's container (the next runs use it; a running one finishes).
    func setImage(cronJob: String, container: String, image: String) -> String {
        run(["set", "image", ShellWord("cronjob/\(cronJob)"), ShellWord("\(container)=\(image)")])
    }

    /// Sets a Deployment's replicas.
    func scale(deployment: String, to replicas: Int) -> String {
        mergePatch("deployment", deployment, ["spec": ["replicas": replicas]])
    }

    /// Sets a Deployment's replicas if it exists, and does nothing if it does not (the other
    /// colour's, on a first deploy, was never created).
    func scaleIfPresent(deployment: String, to replicas: Int) -> String {
        let present = run(["get", "deployment", ShellWord(deployment), "--ignore-not-found", "-o", "name"])
        return "if [ -n \"$(\(present))\" ]; then \(scale(deployment: deployment, to: replicas)); fi"
    }

    /// Sets a StatefulSet's replicas.
    func scale(statefulSet: String, to replicas: Int) -> String {
        mergePatch("statefulset", statefulSet, ["spec": ["replicas": replicas]])
    }

    /// Waits until a pod no longer exists (at once if it does not).
    func waitDeleted(pod: String, timeout: String) -> String {
        run(["wait", "--for=delete", ShellWord("--timeout=\(timeout)"), ShellWord("pod/\(pod)")])
    }

    /// Lowers an HPA's floor, so that it does not scale the Deployment back up.
    func scale(hpa: String, minReplicas: Int) -> String {
        mergePatch("hpa", hpa, ["spec": ["minReplicas": minReplicas]])
    }

    /// `kubectl patch --type=merge` (a JSON merge patch, RFC 7386) with `patch` as compact JSON.
    private func mergePatch(_ kind: String, _ name: String, _ patch: [String: Any]) -> String {
        run(["patch", ShellWord(kind), ShellWord(name), "--type=merge", "-p", ShellWord(Self.json(patch))])
    }

    /// Compact JSON of nested dictionaries of strings and integers, keys sorted (deterministic).
    private static func json(_ value: Any) -> String {
        switch value {
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { "\(json($0)):\(json(object[$0]!))" }.joined(separator: ",") + "}"
        case let number as Int:
            return String(number)
        case let text as String:
            return JSONRenderer.quoted(text)
        default:
            preconditionFailure("unsupported JSON value \(value)")
        }
    }
}

/// A workflow that the model cannot produce.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
