import Components
import KustomizeTree
import WorkflowModel

/// `deploy-<env>.yml` for a blue/green environment (production, seed 1.3), started by hand with
/// the version to deploy, behind the GitHub environment's required reviewers.
///
/// The workflow is generated from the model's *declared* active colour, so every kubectl target in
/// it is a literal name of the generated tree: it deploys the idle colour's overlay, tests it
/// through its preview Services, switches the public Services' selector, watches the new colour's
/// error rate, scales the old colour down to one replica, and switches back by itself if anything
/// fails after the switch. It first checks that the live Services select the declared colour.
///
/// The switch is made durable in git: after a successful deploy, the `record` job opens a pull
/// request that changes `rollout: .blueGreen(active:)` in `environments/<env>.swift` and carries
/// the regenerated tree. Until it is merged, the next deploy refuses to start (live and declared
/// colours differ), and applying `overlays/<env>` by hand would switch traffic back: merge it first.
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

    /// How `environments/<env>.swift` declares the active colour: the text the `record` job rewrites.
    public static func declaration(active: Environment.Colour) -> String { ".blueGreen(active: .\(active.rawValue))" }

    public static func workflow(_ env: Environment) throws -> Workflow {
        guard case .blueGreen(let active) = env.rollout else {
            throw PipelineError("\(env.name) does not deploy blue/green")
        }
        guard let idle = Environment.Colour.allCases.first(where: { $0 != active }) else {
            throw PipelineError("blue/green needs two colours")
        }
        let kubectl = try Kubectl(env)
        let services = env.product.services.map { SecureMessengerStack.workload($0, env) }
        let key = Environment.Colour.labelKey

        let check = StepID("version")
        // packages: read to inspect the images in GHCR.
        let preflight = Job("preflight", name: "Check the version", permissions: Permissions([.contents: .read, .packages: .read]),
                            timeoutMinutes: 10, outputs: [("version", .stepOutput(check, "version"))], steps: [
            // The overlays deploy the release the model declares: the input confirms it, and the
            // images must exist before anything changes in the cluster.
            Step("Check that \(env.name) declares this version", id: check,
                 env: [("VERSION", Value(.input(version)))], run: """
                if [ "$VERSION" != "\(env.release)" ]; then
                  echo "::error::environments/\(env.name).swift declares release \(env.release), not $VERSION: change env.release, regenerate, merge, then deploy"
                  exit 1
                fi
                echo "version=$VERSION" >> "$GITHUB_OUTPUT"
                """),
            .dockerLogin(registry: "ghcr.io", username: .github(.actor), password: .secret("GITHUB_TOKEN")),
            Step("Check that the images exist", run: (services.map { "\($0.image.repository):\(env.release)" }
                + ["\(PostgresImage.repository):\(PostgresImage.tag)"])
                .map { "docker buildx imagetools inspect \($0) > /dev/null" }.joined(separator: "\n")),
        ])

        let switched = StepID("switch")
        let pods = "(\(services.map(\.name).joined(separator: "|")))\(idle.variant.nameSuffix)-.+"
        let selector = "namespace=\"\(kubectl.namespace)\",pod=~\"\(pods)\""
        let errorRatio = "sum(rate(\(Telemetry.httpRequests){\(selector),\(Telemetry.httpStatusLabel)=~\"5..\"}[1m]))"
            + " / sum(rate(\(Telemetry.httpRequests){\(selector)}[1m]))"
        let restore = [kubectl.apply(overlay: KustomizeTree.variantDirectory(environment: env.name, variant: active.rawValue))]
            + services.map { kubectl.rolloutStatus($0.workloadName(active.variant)) }
        let deploy = Job("deploy", name: "Blue/green deploy to \(env.name)", needs: [preflight],
                         permissions: .readContents,
                         environment: DeploymentEnvironment(env.name, url: "https://\(env.domain)"),
                         timeoutMinutes: 60,
                         steps: [.checkout()] + DeploySteps.configureKubectl() + [
            // Every Service is read before the step fails, so that the log names all that drifted. One
            // variable serves each in turn: a service's name (a DNS label, `push-api`) is not a shell identifier.
            Step("Detect the active colour from the live Services", run: (["drift=0"] + services.map { """
                live=$(\(kubectl.selector(of: $0.name, key: key)))
                echo "Service \($0.name) selects \(key)=$live"
                if [ "$live" != "\(active.rawValue)" ]; then
                  echo "::error::Service \($0.name) selects \(key)=$live but environments/\(env.name).swift declares \(active.rawValue): merge the pending colour-switch pull request (or correct the model), then deploy"
                  drift=1
                fi
                """ } + ["exit \"$drift\""]).joined(separator: "\n")),
            Step("Back up the database", env: DeploySteps.runIdentity,
                 run: kubectl.runJob(from: backupCronJob, prefix: "pre-deploy", timeout: "15m").joined(separator: "\n")),
            DeploySteps.createSecrets(env),
            // The shared overlay selects the declared (live) colour: applying it changes no traffic,
            // and brings shared objects (Services, Ingress) to this release before the new pods start.
            Step("Apply the shared objects", env: DeploySteps.runIdentity,
                 run: ([kubectl.apply(overlay: KustomizeTree.overlayDirectory(environment: env.name))]
                       + kubectl.dataTierReady(env)).joined(separator: "\n")),
            Step("Deploy \(idle.rawValue), the idle colour",
                 run: kubectl.apply(overlay: KustomizeTree.variantDirectory(environment: env.name, variant: idle.rawValue))),
            Step("Wait for the \(idle.rawValue) rollout",
                 run: services.map { kubectl.rolloutStatus($0.workloadName(idle.variant)) }.joined(separator: "\n")),
            DeploySteps.smokeTest("Health and smoke tests through the \(idle.rawValue) preview Services", kubectl,
                                  services: zip(env.product.services, services).map { ($0, $1.previewServiceName(idle.variant)) }),
            Step("Switch traffic to \(idle.rawValue)", id: switched,
                 run: services.map { kubectl.select($0.name, key: key, value: idle.rawValue) }.joined(separator: "\n")),
            Step("Watch the \(idle.rawValue) error rate for \(watchSeconds / 60) minutes",
                 env: [("PROMETHEUS_URL", Value(.variable(prometheusURLVariable))), ("QUERY", "\(errorRatio)"),
                       ("MAX_ERROR_RATIO", "\(maxErrorRatio)")], run: """
                end=$((SECONDS + \(watchSeconds)))
                while [ "$SECONDS" -lt "$end" ]; do
                  ratio=$(curl -fsS --max-time 10 --get --data-urlencode "query=$QUERY" "$PROMETHEUS_URL/api/v1/query" \\
                    | jq -r '.data.result[0].value[1] // "0"')
                  echo "5xx ratio of \(idle.rawValue): $ratio (limit $MAX_ERROR_RATIO)"
                  if awk -v r="$ratio" -v max="$MAX_ERROR_RATIO" 'BEGIN { exit !(r + 0 > max + 0) }'; then
                    echo "::error::\(idle.rawValue) serves more than $MAX_ERROR_RATIO of 5xx responses"
                    exit 1
                  fi
                  sleep 30
                done
                """),
            Step("Scale \(active.rawValue), the old colour, down to 1 replica (kept for a fast rollback)",
                 run: services.flatMap { service -> [String] in
                     let name = service.workloadName(active.variant)
                     if case .autoscaled = service.scaling {
                         return [kubectl.scale(hpa: name, minReplicas: 1), kubectl.scale(deployment: name, to: 1)]
                     }
                     return [kubectl.scale(deployment: name, to: 1)]
                 }.joined(separator: "\n")),
            // Runs when a step after the switch failed or the run was cancelled: the old colour is
            // brought back to its full size (a no-op unless it was already scaled down), then serves again.
            Step("Switch back to \(active.rawValue)",
                 if: (.failure || .cancelled) && Expression.stepOutcome(switched) == .literal("success"),
                 run: (restore + services.map { kubectl.select($0.name, key: key, value: active.rawValue) }
                       + ["echo \"::error::Traffic is back on \(active.rawValue); \(idle.rawValue) is left running for inspection\""])
                    .joined(separator: "\n")),
        ])

        // contents: write to push the branch, pull-requests: write to open the pull request.
        let production = "\(ProductRepository.genPackage)/environments/\(env.name).swift"
        let record = Job("record", name: "Record \(idle.rawValue) as active in git", needs: [preflight, deploy],
                         permissions: Permissions([.contents: .write, .pullRequests: .write]), timeoutMinutes: 30, steps: [
            .checkout(),
            Step("Open a pull request that declares \(idle.rawValue) active",
                 env: [("GH_TOKEN", Value(.secret("GITHUB_TOKEN"))), ("REPOSITORY", Value(.github(.repository))),
                       ("RUN_ID", Value(.github(.runID))), ("VERSION", Value(.output(preflight.output("version"))))], run: """
                branch="gen/\(env.name)-active-\(idle.rawValue)-$RUN_ID"
                git switch -c "$branch"
                sed -i 's/\(declaration(active: active).escapedForSed)/\(declaration(active: idle).escapedForSed)/' \(production)
                grep -qF '\(declaration(active: idle))' \(production)
                docker run --rm --user "$(id -u):$(id -g)" -e HOME=/tmp -v "$PWD:/repo" -w /repo \(Toolchain.swiftImage) \\
                  swift run --package-path \(ProductRepository.genPackage) gen \(env.name) --output .
                git add -A
                git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \\
                  commit -m "\(env.name): \(idle.rawValue) is active (release $VERSION, deploy run $RUN_ID)"
                git push "https://x-access-token:$GH_TOKEN@github.com/$REPOSITORY.git" "HEAD:refs/heads/$branch"
                gh pr create --base \(ProductRepository.mainBranch) --head "$branch" \\
                  --title "\(env.name): \(idle.rawValue) is active" \\
                  --body "Deploy run $RUN_ID switched \(env.name)'s public Services to \(idle.rawValue). Merge before the next deploy: it refuses to start while git and the cluster disagree."
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

extension String {
    /// This text as a sed basic regular expression and replacement (`.`, `[`, `*`, `/`… escaped).
    var escapedForSed: String {
        var out = ""
        for c in self {
            if "\\/.[]*^$&".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
