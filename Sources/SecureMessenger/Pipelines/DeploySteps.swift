import Components
import WorkflowModel

/// Steps that both deploy workflows take, declared once.
enum DeploySteps {
    /// The GitHub secret holding the kubeconfig of the deployer ServiceAccount (bootstrap/<env>);
    /// one per GitHub environment, so staging's workflow can never reach production.
    static let kubeconfigSecret = "KUBECONFIG"
    /// The Slack incoming webhook that deploy notifications go to.
    static let slackWebhookSecret = "SLACK_WEBHOOK_URL"

    /// The keys of `SecureMessengerStack.appSecrets` (seed 10.1) and the GitHub secret each comes
    /// from. The Secret is created by the workflow: its values never enter git.
    static let appSecretKeys: [(key: String, secret: String)] = [
        ("database-url", "DATABASE_URL"), ("redis-url", "REDIS_URL"), ("jwt-secret", "JWT_SECRET"),
    ]

    /// kubectl at the pinned version, and the environment's kubeconfig in a file only the runner
    /// user can read (never on a command line, never in the log).
    static func configureKubectl() -> [Step] {
        [
            .setupKubectl(version: Toolchain.kubectl),
            Step("Configure kubectl", env: [("KUBECONFIG_DATA", Value(.secret(kubeconfigSecret)))], run: """
                umask 077
                printf '%s\\n' "$KUBECONFIG_DATA" > "$RUNNER_TEMP/kubeconfig"
                echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV"
                KUBECONFIG="$RUNNER_TEMP/kubeconfig" kubectl version
                """),
        ]
    }

    /// Creates or updates the app's Secret from GitHub secrets. Values go through files made by
    /// process substitution, not through argv; server-side apply needs only create and patch.
    static func createAppSecret(_ kubectl: Kubectl) -> Step {
        let files = appSecretKeys.map { "--from-file=\($0.key)=<(printf '%s' \"$\($0.secret)\")" }
        return Step("Create \(SecureMessengerStack.appSecrets) from GitHub secrets",
                    env: appSecretKeys.map { ($0.secret, Value(.secret($0.secret))) },
                    run: (["kubectl -n \(kubectl.namespace) create secret generic \(SecureMessengerStack.appSecrets) \\"]
                        + files.map { "  \($0) \\" }
                        + ["  --dry-run=client -o yaml \\",
                           "  | kubectl -n \(kubectl.namespace) apply --server-side --field-manager=deploy -f -"]).joined(separator: "\n"))
    }

    /// Probes every service's health path through `service(s)` (a Service name per service),
    /// retrying while the new pods warm up.
    static func smokeTest(_ name: String, _ kubectl: Kubectl, services: [(WebService, String)]) -> Step {
        let probes = services.map { service, target in
            kubectl.get(service: target, port: service.primaryPort, path: SecureMessengerStack.healthPath)
        }
        return Step(name, run: """
            probe() {
              for attempt in 1 2 3 4 5 6; do
                if "$@"; then echo; return 0; fi
                echo "attempt $attempt failed; retrying in 10 s" >&2
                sleep 10
              done
              return 1
            }
            \(probes.map { "probe \($0)" }.joined(separator: "\n"))
            """)
    }

    /// Posts the outcome of `job` to Slack, whatever it was.
    static func notify(after job: Job, environment: String, extra: Value = "") -> Step {
        .slack("Notify Slack", if: .always, webhook: .secret(slackWebhookSecret),
               text: "\(environment) deploy of \(Expression.github(.sha)) by \(Expression.github(.actor)): \(Expression.result(of: job))\(extra) (\(Expression.github(.serverURL))/\(Expression.github(.repository))/actions/runs/\(Expression.github(.runID)))")
    }
}
