import Components
import KustomizeTree
import WorkflowModel

/// `deploy-<env>.yml` for an environment with rolling updates (staging, seed 1.2): when CI
/// succeeds on a push to `ProductRepository.stagingBranch`, it deploys that commit with the images
/// CI pushed for it (tagged `sha-<commit>`), after checking that they exist: it applies the overlay
/// with those tags, waits for the rollout, smoke-tests through the Services and the public hosts,
/// and tells Slack either way. The overlay's own tag (`env.release`) is what a manual
/// `kubectl apply -k` deploys.
public enum DeployStaging {
    public static func workflow(_ env: Environment) throws -> Workflow {
        let kubectl = try Kubectl(env)
        let services = env.product.services.map { ProductStack.workload($0, env) }
        let routed = env.product.services.compactMap { service in service.host(env).map { (service, $0) } }
        // Each built image and its tag for this commit (`ImageBuilds`: this environment's build).
        let built = env.product.builtServices.map {
            ("\(env.product.registry)/\($0.service.name)", CI.commitTag(.variable("SHA")) + ShellWord(ImageBuilds.tagSuffix($0.recipe, env)))
        }
        let commit: [(String, Value)] = [("SHA", Value(.github(.workflowRunHeadSHA)))]
        // Only CI's successful runs of pushes: a pull request from a branch named like staging's must not deploy.
        let ciPassed = Expression.github(.workflowRunConclusion) == .literal("success")
            && Expression.github(.workflowRunEvent) == .literal("push")
        let deploy = Job("deploy", name: "Deploy to \(env.name)", if: ciPassed,
                         permissions: Permissions([.contents: .read, .packages: .read]),
                         environment: DeploymentEnvironment(env.name, url: "https://\(env.domain)"), timeoutMinutes: 30, steps: [
            .checkout(ref: Value(.github(.workflowRunHeadSHA))),
            .dockerLogin(registry: "ghcr.io", username: .github(.actor), password: .secret("GITHUB_TOKEN")),
            Step("Check that CI pushed this commit's images", env: commit, run: ([
                "[[ \"$SHA\" =~ ^[0-9a-f]{40}$ ]] || { echo \"::error::not a commit: $SHA\"; exit 1; }",
            ] + built.map { ShellCommand(["docker", "buildx", "imagetools", "inspect", ShellWord($0 + ":") + $1]).rendered + " > /dev/null" })
                .joined(separator: "\n")),
        ] + DeploySteps.configureKubectl() + [
            DeploySteps.createSecrets(env),
            // A kustomization of its own, outside the checkout, takes the overlay and sets the tags.
            // Kustomize takes a base by relative path only ("new root cannot be absolute").
            Step("Apply the \(env.name) overlay with this commit's images", env: commit, run: ([
                ShellCommand.assignment("release", .variable("RUNNER_TEMP") + "/release"),
                ShellCommand(["mkdir", "-p", .variable("release")]).rendered,
                "overlay=$(" + ShellCommand(["realpath", "--relative-to=" + .variable("release"),
                                             .variable("GITHUB_WORKSPACE") + ShellWord("/" + KustomizeTree.overlayDirectory(environment: env.name))]).rendered + ")",
                "{",
                "  " + ShellCommand(["printf", "resources:\\n- %s\\nimages:\\n", .variable("overlay")]).rendered,
            ] + built.map { "  " + ShellCommand(["printf", "--", "- name: %s\\n  newTag: %s\\n", ShellWord($0), $1]).rendered } + [
                "} > \"$release/kustomization.yaml\"",
                ShellCommand(["kubectl", "apply", "-k", .variable("release")]).rendered,
            ]).joined(separator: "\n")),
            Step("Wait for the rollout", env: DeploySteps.runIdentity, run: (kubectl.dataTierReady(env)
                + services.map { kubectl.rolloutStatus($0.workloadName(nil)) }).joined(separator: "\n")),
            DeploySteps.smokeTest("Smoke-test the Services from inside the namespace", kubectl, colour: nil),
            // Each routed service's health through the Ingress, at its public host.
            Step("Smoke-test the public hosts", run: routed.map { service, host in
                ShellCommand(["curl", "-fsS", "--retry", "5", "--retry-all-errors", "--max-time", "10", "-o", "/dev/null",
                              ShellWord("https://\(host)\(service.healthPath)")]).rendered
            }.joined(separator: "\n")),
        ])
        // Only about deploys: a CI run that failed is CI's to report.
        let notify = Job("notify", name: "Notify", needs: [deploy], if: .always && ciPassed, timeoutMinutes: 5,
                         steps: [DeploySteps.notify(after: deploy, environment: env.name)])
        return Workflow(
            file: "deploy-\(env.name).yml", name: "Deploy \(env.name)",
            on: [.workflowRunCompleted(workflows: [CI.name], branches: [ProductRepository.stagingBranch])], permissions: .none,
            // Deploys queue, never cancel each other: a half-applied overlay is worse than a late one.
            concurrency: Concurrency(group: "deploy-\(env.name)", cancelInProgress: false),
            jobs: [deploy, notify])
    }
}
