import Components
import WorkflowModel

/// Steps that both deploy workflows take, declared once.
enum DeploySteps {
    /// The GitHub secret holding the kubeconfig of the deployer ServiceAccount (bootstrap/<env>);
    /// one per GitHub environment, so staging's workflow can never reach production.
    static let kubeconfigSecret = "KUBECONFIG"
    /// The Slack incoming webhook that deploy notifications go to.
    static let slackWebhookSecret = "SLACK_WEBHOOK_URL"

    /// The variables that name Jobs after the workflow run (`Kubectl.runJob`).
    static let runIdentity: [(String, Value)] = [("RUN_ID", Value(.github(.runID))), ("RUN_ATTEMPT", Value(.github(.runAttempt)))]

    /// kubectl at the pinned version, and the environment's kubeconfig in a file only the runner
    /// user can read (never on a command line, never in the log), where kubectl looks by default
    /// (`~/.kube/config`): no later step needs a variable set through `$GITHUB_ENV`.
    static func configureKubectl() -> [Step] {
        [
            .setupKubectl(version: Toolchain.kubectl),
            Step("Configure kubectl", env: [("KUBECONFIG_DATA", Value(.secret(kubeconfigSecret)))], run: """
                umask 077
                mkdir -p "$HOME/.kube"
                printf '%s\\n' "$KUBECONFIG_DATA" > "$HOME/.kube/config"
                kubectl version
                """),
        ]
    }

    /// Creates or updates the environment's operator-supplied Secrets with gen's script, each value
    /// from the GitHub secret of the name the catalogue gives it (`APP_SECRETS_JWT_SECRET`…), in the
    /// GitHub environment: the values never enter git, nor a command line.
    static func createSecrets(_ env: Environment) -> Step {
        Step("Create the Secrets from GitHub secrets", env: secretVariables(env.product).map { ($0, Value(.secret($0))) },
             run: runSecretsScript(env))
    }

    /// `bash secrets/create-<env>.sh`.
    static func runSecretsScript(_ env: Environment) -> String {
        ShellCommand(["bash", ShellWord(ProductRepository.secretsScript(env))]).rendered
    }

    /// The variables the secrets scripts read, one per key of each operator-supplied Secret.
    static func secretVariables(_ product: Product) -> [String] {
        Secrets.catalogue(product).secrets.filter { $0.provider == .operatorSupplied }
            .flatMap { secret in secret.keys.map { secret.variableName($0.key) } }
    }

    /// Runs the smoke test of `colour` (nil: the environment's own Services) from inside the
    /// namespace (`SmokeTests`) and prints what it saw; a failed test fails the step.
    static func smokeTest(_ name: String, _ kubectl: Kubectl, colour: Environment.Colour?) -> Step {
        let cronJob = SmokeTests.cronJob(colour)
        return Step(name, env: runIdentity, run: kubectl.runJob(from: cronJob, prefix: cronJob, timeout: SmokeTests.waitTimeout,
                                                                showingLogs: true).joined(separator: "\n"))
    }

    /// Posts the outcome of `job` to Slack, whatever it was.
    static func notify(after job: Job, environment: String, extra: Value = "") -> Step {
        .slack("Notify Slack", if: .always, webhook: .secret(slackWebhookSecret),
               text: "\(environment) deploy of \(Expression.github(.sha)) by \(Expression.github(.actor)): \(Expression.result(of: job))\(extra) (\(Expression.github(.serverURL))/\(Expression.github(.repository))/actions/runs/\(Expression.github(.runID)))")
    }
}
