import Components
import KustomizeTree

/// The disaster-recovery procedure of the seed (§8.4: the cluster is lost): from a fresh cluster
/// with its prerequisites to an environment serving its recorded release on the latest backup,
/// step by step with the exact commands, built from the model with the deploy workflows' own
/// command builders (`Kubectl`). `docs/disaster-recovery.md` prints it; the rehearsal runs each
/// environment's commands in order from an empty cluster.
///
/// Where it departs from the seed, and why: the seed applies the whole overlay, then restores. The
/// applications would then start on an empty database (and run their migrations on it), the
/// restore would swap the database under live pods, and the backup CronJobs, scheduled from the
/// first minute, would upload a dump of the empty database as the newest backup, which a second
/// restore attempt would then take. So the first pass applies everything but the applications and
/// the scheduled jobs on the database (a label selector), the restore runs alone, and only then does the rest.
public enum DisasterRecovery {
    /// One step: what it does and why, and its commands (run in order, in a bash shell at the root
    /// of the product repository, with kubectl as a cluster administrator). `alternative` is a
    /// variant the operator may run instead (a point-in-time restore): printed, not run in order.
    public struct Step: Sendable {
        public var title: String
        public var why: String
        public var commands: [String]
        public var alternative: (why: String, commands: [String])? = nil
    }

    /// The page that prints the procedure, in the generated tree.
    public static let documentPath = "docs/disaster-recovery.md"

    /// How the database comes back: the newest dump, or the WAL archive replayed up to a time.
    public enum Restore: Sendable {
        case latest
        case pointInTime
    }

    /// The Jobs the procedure runs are named after this run (`Kubectl.runJob`'s variables).
    /// (`date +dr-%s`: a command substitution; `<(…)` would name a file descriptor, `dr-/dev/fd/63`.)
    static let runName = [ShellCommand.assignment("RUN_ID", outputOf: ShellCommand(["date", "+dr-%s"]).rendered),
                          ShellCommand.assignment("RUN_ATTEMPT", "1")]

    /// The components the first pass leaves out: the applications (of every colour) and the
    /// scheduled jobs on the database (the dumps, the base backups, and the restore drill, which
    /// would load the server with a scratch restore while the real one runs). A label selector,
    /// so nothing else of the overlay waits.
    static func heldBack(_ env: Environment) -> [String] {
        env.product.services.map(\.name) + [Backups.dumpJob, Backups.baseBackupJob, Backups.restoreDrillJob]
    }

    /// The set-based selector of the first pass: every object whose component is not held back.
    /// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement
    public static func firstPassSelector(_ env: Environment) -> String {
        "\(StandardLabels.name) notin (\(heldBack(env).joined(separator: ",")))"
    }

    /// The restore's commands. The latest dump: the suspended CronJob `Backups.restoreJobName`
    /// (`restore.sh latest`, by swap). Point in time: the suspended CronJob
    /// `Backups.pointInTimeJobName` into the server's own volume (`Backups.pointInTimeCommands`);
    /// for an external database, which has no volume here, `restore.sh --to-time` from a machine
    /// that reaches its data directory (README, "Backups").
    static func restore(_ mode: Restore, _ env: Environment, kubectl: Kubectl, plan: BackupPlan) -> [String] {
        switch mode {
        case .latest:
            return kubectl.runJob(from: Backups.restoreJobName, prefix: "dr-restore", timeout: "\(plan.objectives.rto.value)s",
                                  showingLogs: true)
        case .pointInTime:
            if let inCluster = Backups.pointInTimeCommands(env, kubectl: kubectl, plan: plan) { return inCluster }
            let script = "\(ProductRepository.backupScriptsFolder)/\(BackupScripts.restore(plan: plan).name)"
            return [ShellCommand(["bash", ShellWord(script), "latest", "--to-time", .variable("TARGET_TIME")]).rendered]
        }
    }

    /// The steps for `env`, which must have a namespace.
    public static func steps(_ env: Environment) throws -> [Step] {
        let kubectl = try Kubectl(env)
        let plan = try Backups.plan(env)
        let services = env.product.services.map { ProductStack.workload($0, env) }
        let overlay = KustomizeTree.overlayDirectory(environment: env.name)
        let active = env.deployState?.active
        var applications = [Kubectl.apply(overlay)]
        if let active {
            applications.append(Kubectl.apply(KustomizeTree.variantDirectory(environment: env.name, variant: active.rawValue)))
        }
        applications += services.map { kubectl.rolloutStatus($0.workloadName(active?.variant)) }
        let hosts = env.product.services.compactMap { $0.host(env) }
        let ingress = ClusterPrerequisites.ingressController
        return [
            Step(title: "Namespace, quotas and the deployer",
                 why: "What a cluster administrator applies once: the Namespace with its Pod Security labels, the "
                    + "ResourceQuota and LimitRange, and the deployer's ServiceAccount and Role for the deploy workflows.",
                 commands: [Kubectl.apply(KustomizeTree.bootstrapDirectory(environment: env.name))]),
            Step(title: "Secrets",
                 why: "Every value from the team's secret store (the restore's private keys and passphrases from their "
                    + "offline copy), in the variables `\(ProductRepository.secretsScript(env))` lists in its header "
                    + "(see `docs/secrets.md`). A new deployer token goes into the GitHub environment's `\(DeploySteps.kubeconfigSecret)`.",
                 commands: [DeploySteps.runSecretsScript(env)]),
            Step(title: "Data tier, without the applications and the scheduled jobs",
                 why: "Everything of `\(overlay)` but the components \(heldBack(env).map { "`\($0)`" }.joined(separator: ", ")) "
                    + "(a set-based label selector): PostgreSQL and Redis start empty, the restore and roles jobs exist, and no "
                    + "application or backup touches the database before the restore.",
                 commands: runName + [Kubectl.apply(overlay, selector: firstPassSelector(env))]
                    + kubectl.dataTierReady(env)),
            Step(title: "Restore the latest backup",
                 why: "The restore Job (`restore.sh latest`: the newest dump, checked, decrypted, restored into a new "
                    + "database and swapped in) within the RTO of \(plan.objectives.rto.value / 60) minutes; its log names the backup it "
                    + "took. The newest dump is at most one dump period old (the RPO of \(plan.objectives.rpo.value / 60) minutes).",
                 commands: restore(.latest, env, kubectl: kubectl, plan: plan),
                 alternative: ("Instead, to lose less than a dump period, replay the WAL archive up to a time (`TARGET_TIME`, "
                                + "UTC, or `latest`: everything archived). "
                                + (DataTier.postgres(env).server == nil
                                   ? "The database is external: run the point-in-time restore from a machine that reaches its data directory, with the variables its header lists."
                                   : "The server is scaled to zero, the Job `\(Backups.pointInTimeJobName)` replays the archive into its volume "
                                     + "(the previous data directory kept beside it) and stops, and the server starts on the recovered data."),
                               restore(.pointInTime, env, kubectl: kubectl, plan: plan))),
            Step(title: active.map { "Applications: \($0.rawValue), the recorded active colour, and the scheduled jobs" }
                    ?? "Applications and the scheduled jobs",
                 why: "The rest of the overlay" + (active.map { ", then the colour the recorded deploy state makes active "
                    + "(\($0.rawValue), release \(env.release(of: $0))); the other colour follows with the next deploy" } ?? "")
                    + ". The backup and drill CronJobs resume their schedule on the restored database.",
                 commands: applications),
            Step(title: "Check",
                 why: "The deploys' smoke test, from inside the namespace, through the Services that carry the traffic.",
                 commands: kubectl.runJob(from: SmokeTests.cronJob(active), prefix: "dr-smoke-test", timeout: "6m",
                                          showingLogs: true)),
            Step(title: "DNS",
                 why: "Point " + (hosts.isEmpty ? "the environment's hosts" : hosts.map { "`\($0)`" }.joined(separator: ", "))
                    + " at the ingress controller's external address (the new cluster's load balancer); certificates "
                    + "follow from cert-manager once the names resolve.",
                 commands: [ShellCommand(["kubectl", "-n", ShellWord(ingress.namespace), "get", "service",
                                          ShellWord(ClusterPrerequisites.ingressControllerService), "-o",
                                          "jsonpath={.status.loadBalancer.ingress[0]}"]).rendered]),
        ]
    }

    /// Once per cluster, before any environment: the prerequisites, the monitoring stack's
    /// Secrets, then the cluster-wide objects gen generates (they need the CRDs installed first).
    static var cluster: [Step] {
        [
            Step(title: "Prerequisites",
                 why: "Each at its pinned version, in this order (every CRD before the first custom resource); "
                    + "the table above says what the tree expects of each.",
                 commands: ClusterPrerequisites.all.flatMap(\.installCommands).map(\.rendered)),
            Step(title: "The monitoring stack's Secrets",
                 why: "Alertmanager's Slack webhooks and the dead man's switch token, in the variables "
                    + "`\(ProductRepository.clusterSecretsScript)` lists in its header; the Alertmanager pods start once they exist.",
                 commands: [ShellCommand(["bash", ShellWord(ProductRepository.clusterSecretsScript)]).rendered]),
            Step(title: "The cluster's objects",
                 why: "The certificate issuer, the data tier's PriorityClass and the cluster alerts.",
                 commands: [Kubectl.apply(KustomizeTree.clusterDirectory())]),
        ]
    }

    /// The table of the prerequisites: version, namespace, what the tree expects, notes.
    static var prerequisitesTable: String {
        var out = "| prerequisite | version | namespace | what the tree expects of it |\n|---|---|---|---|\n"
        for p in ClusterPrerequisites.all {
            let notes = p.notes.map { "<br>**Note:** \($0)" }.joined()
            out += "| \(p.name) | `\(p.version)` | `\(p.namespace)` | \(p.expectations.joined(separator: "; "))\(notes) |\n"
        }
        return out + "\n"
    }

    /// A step as Markdown: the procedure's commands in a `bash` block (the rehearsal runs these,
    /// in order), an alternative in an `sh` block (printed, not run in order).
    static func markdown(_ step: Step, number: Int) -> String {
        var out = "### \(number). \(step.title)\n\n\(step.why)\n\n```bash\n" + step.commands.joined(separator: "\n") + "\n```\n\n"
        if let alternative = step.alternative {
            out += "\(alternative.why)\n\n```sh\n" + alternative.commands.joined(separator: "\n") + "\n```\n\n"
        }
        return out
    }

    /// The page's Markdown body: the cluster's steps, then the steps of every environment with a namespace.
    public static func markdown(_ environments: [Environment]) throws -> String {
        var out = "## The cluster\n\nOnce per cluster, before any environment.\n\n" + prerequisitesTable
        for (index, step) in cluster.enumerated() {
            out += markdown(step, number: index + 1)
        }
        for env in environments where env.namespace != nil {
            out += "## \(env.name)\n\n"
            for (index, step) in try steps(env).enumerated() {
                out += markdown(step, number: index + 1)
            }
        }
        return out
    }
}
