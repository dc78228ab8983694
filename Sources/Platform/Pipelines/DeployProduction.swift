import Components
import KustomizeTree
import WorkflowModel

/// `deploy-<env>.yml` for a blue/green environment (production, seed 1.3), started by hand with
/// the version to deploy, behind the GitHub environment's required reviewers.
///
/// The workflow is generated from the environment's recorded deploy state (`DeployState`: the
/// active colour and each colour's release), so every kubectl target in it is a literal name of
/// the generated tree. A release is prepared in git first (`gen state <env> --release V` pins it
/// on the idle colour's overlay); the workflow then deploys the idle colour, tests it through its
/// preview Services, switches the public Services' selector, watches the new colour's error rate
/// and scales the old colour down to one replica. If anything fails after the switch started, it
/// brings the old colour back to full size by re-applying its overlay (which pins the old
/// release: nothing of the new one) and switches the selectors back. It first checks that the live
/// Services select the recorded colour; an empty namespace is a first deploy.
///
/// The switch is made durable in git: after a successful deploy, the `record` job runs
/// `gen state <env> --active <idle>` (a data change and a regeneration, no text edit) and opens a
/// pull request with the result. Until it is merged, the next deploy refuses to start (live and
/// recorded colours differ).
public enum DeployProduction {
    /// The `workflow_dispatch` input: the release to deploy.
    public static let version = WorkflowInput("version", description: "Release to deploy (the image tag, e.g. 1.2.3)")
    /// A 5xx ratio above this on the new colour, at any sample of the watch, fails the deploy (the
    /// seed's HighErrorRate threshold, 5 %).
    static let maxErrorRatio = "0.05"
    /// How long the new colour is watched after the switch (seed 1.3: 5 minutes).
    static let watchSeconds = 300
    /// The repository variable holding the Prometheus base URL, reachable from the runner.
    static let prometheusURLVariable = "PROMETHEUS_URL"
    /// The CronJob whose job template takes the pre-deploy database backup (seed 7: `kubectl create
    /// job --from=cronjob/postgres-backup`), declared by `Backups`.
    public static let backupCronJob = Backups.dumpJob

    /// Moves the environment to `colour`: its workers scaled to their size and rolled out (the
    /// idle colour's are at 0, `AppService.Exposure.worker`), every public Service's colour
    /// selector, the scheduled jobs' image, then the other colour's workers scaled to 0, so that
    /// only the serving colour consumes and no moment has none consuming. `otherMayBeAbsent`: the
    /// other colour may not exist (the deploy's own switch, on a first deploy), whose workers are
    /// then left alone rather than failing the switch.
    static func switchTraffic(to colour: Environment.Colour, _ env: Environment, _ kubectl: Kubectl,
                              otherMayBeAbsent: Bool = false) -> [String] {
        let workers = env.product.services.filter(\.isWorker).map { ($0, ProductStack.workload($0, env)) }
        let scaleOther = otherMayBeAbsent ? kubectl.scaleIfPresent(deployment:to:) : kubectl.scale(deployment:to:)
        return workers.flatMap { declared, worker in
            [kubectl.scale(deployment: worker.workloadName(colour.variant), to: env[declared].replicas),
             kubectl.rolloutStatus(worker.workloadName(colour.variant))]
        }
            + env.product.services.filter { !$0.isWorker }.map {
                kubectl.select($0.name, key: Environment.Colour.labelKey, value: colour.rawValue)
            }
            + moveJobs(to: colour, env, kubectl)
            + workers.map { scaleOther($1.workloadName(colour.other.variant), 0) }
    }

    /// Points every scheduled job that runs a service's image at `colour`'s release, with the
    /// traffic: a job runs the live release (`AppJob`). The tree says the same once the recorded
    /// switch is merged, so the next apply keeps it.
    static func moveJobs(to colour: Environment.Colour, _ env: Environment, _ kubectl: Kubectl) -> [String] {
        env.product.jobs.compactMap { job in
            guard case .service(let service) = job.image else { return nil }
            return kubectl.setImage(cronJob: job.name, container: job.name,
                                    image: ProductStack.image(service, env, colour: colour).description)
        }
    }

    /// The rollback: `colour`'s overlay, which pins its own release, brings it back to full size
    /// (a no-op unless it was scaled down), then the switch moves everything back to it: its
    /// workers consume again, every Service selects it, the scheduled jobs run its release, and
    /// the other colour's workers stop.
    static func switchBack(to colour: Environment.Colour, _ env: Environment, _ served: [WebService], _ kubectl: Kubectl) -> [String] {
        [Kubectl.apply(KustomizeTree.variantDirectory(environment: env.name, variant: colour.rawValue))]
            + served.map { kubectl.rolloutStatus($0.workloadName(colour.variant)) }
            + switchTraffic(to: colour, env, kubectl)
    }

    /// `echo` of one word (text and variables, quoted by the shell layer).
    static func echo(_ message: ShellWord) -> String { ShellCommand(["echo", message]).rendered }

    public static func workflow(_ env: Environment) throws -> Workflow {
        guard let state = env.deployState else {
            throw PipelineError("\(env.name) does not deploy blue/green")
        }
        let active = state.active, idle = state.idle
        let release = env.release(of: idle)
        let stateFile = DeployState.path(environment: env.name)
        let kubectl = try Kubectl(env)
        let services = env.product.services.map { ProductStack.workload($0, env) }
        // The services behind a public Service; workers have none (`AppService.Exposure.worker`).
        let served = zip(env.product.services, services).filter { !$0.0.isWorker }.map(\.1)
        let key = Environment.Colour.labelKey

        let check = StepID("version")
        // packages: read to inspect the images in GHCR.
        let preflight = Job("preflight", name: "Check the version", permissions: Permissions([.contents: .read, .packages: .read]),
                            timeoutMinutes: 10, outputs: [("version", .stepOutput(check, "version"))], steps: [
            // The idle colour's overlay deploys the release the recorded state pins on it: the
            // input confirms it, and the images must exist before anything changes in the cluster.
            Step("Check that \(idle.rawValue), the idle colour, pins this version", id: check,
                 env: [("VERSION", Value(.input(version)))], run: """
                if [ "$VERSION" != \(ShellWord(release).rendered) ]; then
                  \(echo(ShellWord("::error::\(stateFile) pins release \(release) on \(idle.rawValue), the idle colour, not ") + .variable("VERSION")
                       + ShellWord(": run `\(env.product.regenerateCommand()) state \(env.name) --release ") + .variable("VERSION") + "`, merge, then deploy"))
                  exit 1
                fi
                echo "version=$VERSION" >> "$GITHUB_OUTPUT"
                """),
            .dockerLogin(registry: "ghcr.io", username: .github(.actor), password: .secret("GITHUB_TOKEN")),
            Step("Check that the images exist", run: (env.product.services
                .map { ProductStack.image($0, env, colour: idle).description } + [PostgresImage.image(env).description])
                .map { ShellCommand(["docker", "buildx", "imagetools", "inspect", ShellWord($0)]).rendered + " > /dev/null" }
                .joined(separator: "\n")),
        ])

        let switched = StepID("switch")
        let detect = StepID("detect")
        let notFirst = Expression.stepOutput(detect, "first") != .literal("true")
        let pods = "(\(served.map(\.name).joined(separator: "|")))\(idle.variant.nameSuffix)-.+"
        let selector = "namespace=\"\(kubectl.namespace)\",pod=~\"\(pods)\""
        let errorRatio = "sum(rate(\(Telemetry.httpRequests){\(selector),\(Telemetry.httpStatusLabel)=~\"5..\"}[1m]))"
            + " / sum(rate(\(Telemetry.httpRequests){\(selector)}[1m]))"
        let deploy = Job("deploy", name: "Blue/green deploy to \(env.name)", needs: [preflight],
                         permissions: .readContents,
                         environment: DeploymentEnvironment(env.name, url: "https://\(env.domain)"),
                         timeoutMinutes: 60,
                         steps: [.checkout()] + DeploySteps.configureKubectl() + [
            // Every Service is read before the step fails, so that the log names all that drifted. One
            // variable serves each in turn: a service's name (a DNS label, `push-api`) is not a shell identifier.
            // An empty namespace (no public Service yet) is the first deploy: nothing serves, there
            // is nothing to back up and no old colour to scale down. Some Services but not all is drift.
            Step("Detect the active colour from the live Services", id: detect, run: (["drift=0", "found=0"] + served.map { """
                \(ShellCommand.assignment("live", outputOf: kubectl.selector(of: $0.name, key: key)))
                if [ -n "$live" ]; then
                  found=$((found + 1))
                  \(echo(ShellWord("Service \($0.name) selects \(key)=") + .variable("live")))
                else
                  \(echo(ShellWord("No Service \($0.name)")))
                fi
                if [ -n "$live" ] && [ "$live" != \(ShellWord(active.rawValue).rendered) ]; then
                  \(echo(ShellWord("::error::Service \($0.name) selects \(key)=") + .variable("live")
                       + ShellWord(" but \(stateFile) records \(active.rawValue): merge the pending colour-switch pull request (or correct the state), then deploy")))
                  drift=1
                fi
                """ } + ["""
                if [ "$found" -eq 0 ]; then
                  \(echo(ShellWord("No public Service yet: first deploy of \(env.name)")))
                  echo "first=true" >> "$GITHUB_OUTPUT"
                elif [ "$found" -ne \(served.count) ]; then
                  \(echo(ShellWord("::error::only ") + .variable("found") + ShellWord(" of the \(served.count) public Services exist: apply \(KustomizeTree.overlayDirectory(environment: env.name)) and check the namespace, then deploy")))
                  drift=1
                fi
                exit "$drift"
                """]).joined(separator: "\n")),
            Step("Back up the database", if: notFirst, env: DeploySteps.runIdentity,
                 run: kubectl.runJob(from: backupCronJob, prefix: "pre-deploy", timeout: "15m").joined(separator: "\n")),
            DeploySteps.createSecrets(env),
            // The shared overlay selects the declared (live) colour: applying it changes no traffic,
            // and brings shared objects (Services, Ingress) to this release before the new pods start.
            Step("Apply the shared objects", env: DeploySteps.runIdentity,
                 run: ([Kubectl.apply(KustomizeTree.overlayDirectory(environment: env.name))]
                       + kubectl.dataTierReady(env)).joined(separator: "\n")),
            Step("Deploy \(idle.rawValue), the idle colour",
                 run: Kubectl.apply(KustomizeTree.variantDirectory(environment: env.name, variant: idle.rawValue))),
            Step("Wait for the \(idle.rawValue) rollout",
                 run: services.map { kubectl.rolloutStatus($0.workloadName(idle.variant)) }.joined(separator: "\n")),
            DeploySteps.smokeTest("Smoke-test \(idle.rawValue) through its preview Services, from inside the namespace",
                                  kubectl, colour: idle),
            Step("Switch traffic to \(idle.rawValue)", id: switched,
                 run: switchTraffic(to: idle, env, kubectl, otherMayBeAbsent: true).joined(separator: "\n")),
            Step("Watch the \(idle.rawValue) error rate for \(watchSeconds / 60) minutes",
                 env: [("PROMETHEUS_URL", Value(.variable(prometheusURLVariable))), ("QUERY", "\(errorRatio)"),
                       ("MAX_ERROR_RATIO", "\(maxErrorRatio)")], run: """
                end=$((SECONDS + \(watchSeconds)))
                while [ "$SECONDS" -lt "$end" ]; do
                  ratio=$(curl -fsS --max-time 10 --get --data-urlencode "query=$QUERY" "$PROMETHEUS_URL/api/v1/query" \\
                    | jq -r '.data.result[0].value[1] // "0"')
                  \(echo(ShellWord("5xx ratio of \(idle.rawValue): ") + .variable("ratio") + " (limit " + .variable("MAX_ERROR_RATIO") + ")"))
                  if awk -v r="$ratio" -v max="$MAX_ERROR_RATIO" 'BEGIN { exit !(r + 0 > max + 0) }'; then
                    \(echo(ShellWord("::error::\(idle.rawValue) serves more than ") + .variable("MAX_ERROR_RATIO") + " of 5xx responses"))
                    exit 1
                  fi
                  sleep 30
                done
                """),
            Step("Scale \(active.rawValue), the old colour, down to 1 replica (kept for a fast rollback)", if: notFirst,
                 run: served.flatMap { service -> [String] in
                     let name = service.workloadName(active.variant)
                     if case .autoscaled = service.scaling {
                         return [kubectl.scale(hpa: name, minReplicas: 1), kubectl.scale(deployment: name, to: 1)]
                     }
                     return [kubectl.scale(deployment: name, to: 1)]
                 }.joined(separator: "\n")),
            // Runs when the switch step ran (whole or in part: a failure half-way leaves some
            // Services switched) and the job failed or was cancelled: the old colour's overlay, which
            // pins the old release, brings it back to full size (a no-op unless it was scaled down),
            // then every selector goes back.
            Step("Switch back to \(active.rawValue)",
                 if: (.failure || .cancelled) && (Expression.stepOutcome(switched) == .literal("success")
                     || Expression.stepOutcome(switched) == .literal("failure")
                     || Expression.stepOutcome(switched) == .literal("cancelled")),
                 run: (switchBack(to: active, env, served, kubectl)
                       + [echo(ShellWord("::error::Traffic is back on \(active.rawValue); \(idle.rawValue) is left running for inspection"))])
                    .joined(separator: "\n")),
        ])

        // contents: write to push the branch, pull-requests: write to open the pull request.
        let record = Job("record", name: "Record \(idle.rawValue) as active in git", needs: [preflight, deploy],
                         permissions: Permissions([.contents: .write, .pullRequests: .write]), timeoutMinutes: 30, steps: [
            .checkout(),
            // gen writes its output folder by swapping a new copy in: the container mounts the
            // folder above the checkout (an output that is itself a mount point cannot be swapped),
            // builds outside the tree (--scratch-path), and the shell re-enters the new checkout.
            Step("Open a pull request that records \(idle.rawValue) as active",
                 env: [("GH_TOKEN", Value(.secret("GITHUB_TOKEN"))), ("REPOSITORY", Value(.github(.repository))),
                       ("RUN_ID", Value(.github(.runID))), ("VERSION", Value(.output(preflight.output("version"))))], run: """
                \(ShellCommand.assignment("branch", ShellWord("gen/\(env.name)-active-\(idle.rawValue)-") + .variable("RUN_ID")))
                git switch -c "$branch"
                checkout="$PWD"
                docker run --rm --user "$(id -u):$(id -g)" -e HOME=/tmp -v "$(dirname "$checkout"):/work" \\
                  -w "/work/$(basename "$checkout")" \(ShellWord(Toolchain.swiftImage).rendered) \\
                  \(ShellCommand(["swift", "run", "--package-path", ShellWord(ProductRepository.genPackage), "--scratch-path", "/tmp/gen-build",
                                 ShellWord(env.product.generatorExecutable), "state", ShellWord(env.name), "--active", ShellWord(idle.rawValue), "--output", "."]).rendered)
                cd "$checkout"
                git add -A
                git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \\
                  \(ShellCommand(["commit", "-m", ShellWord("\(env.name): \(idle.rawValue) is active (release ") + .variable("VERSION")
                                 + ", deploy run " + .variable("RUN_ID") + ")"]).rendered)
                git push "https://x-access-token:$GH_TOKEN@github.com/$REPOSITORY.git" "HEAD:refs/heads/$branch"
                \(ShellCommand(["gh", "pr", "create", "--base", ShellWord(ProductRepository.mainBranch), "--head", .variable("branch"),
                               "--title", ShellWord("\(env.name): \(idle.rawValue) is active"),
                               "--body", ShellWord("Deploy run ") + .variable("RUN_ID") + ShellWord(" switched \(env.name)'s public Services to \(idle.rawValue) (release ")
                                   + .variable("VERSION") + "). Merge before the next deploy: it refuses to start while git and the cluster disagree."]).rendered)
                """),
        ])
        let notify = Job("notify", name: "Notify", needs: [preflight, deploy, record], if: .always, timeoutMinutes: 5,
                         steps: [DeploySteps.notify(after: deploy, environment: env.name,
                                                    extra: " (release \(Expression.output(preflight.output("version"))), colour-switch pull request: \(Expression.result(of: record)))")])
        return Workflow(
            file: "deploy-\(env.name).yml", name: "Deploy \(env.name)",
            on: [.workflowDispatch(inputs: [version])], permissions: .none,
            // Two deploys of production must never overlap; the second waits for the first.
            concurrency: Concurrency(group: "deploy-\(env.name)", cancelInProgress: false),
            jobs: [preflight, deploy, record, notify])
    }
}
