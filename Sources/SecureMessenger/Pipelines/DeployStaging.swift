import KustomizeTree
import WorkflowModel

/// `deploy-<env>.yml` for an environment with rolling updates (staging, seed 1.2): every push to
/// `ProductRepository.stagingBranch` applies the overlay, waits for the rollout, smoke-tests
/// through the Services and the public hosts, and tells Slack either way.
public enum DeployStaging {
    public static func workflow(_ env: Environment) throws -> Workflow {
        let kubectl = try Kubectl(env)
        let services = env.product.services.map { SecureMessengerStack.workload($0, env) }
        let routed = env.product.services.compactMap { service in service.host(env).map { (service, $0) } }
        let deploy = Job("deploy", name: "Deploy to \(env.name)", permissions: .readContents,
                         environment: DeploymentEnvironment(env.name, url: "https://\(env.domain)"), timeoutMinutes: 30, steps: [
            .checkout(),
        ] + DeploySteps.configureKubectl() + [
            DeploySteps.createSecrets(env),
            Step("Apply the \(env.name) overlay", run: kubectl.apply(overlay: KustomizeTree.overlayDirectory(environment: env.name))),
            Step("Wait for the rollout", env: DeploySteps.runIdentity, run: (kubectl.dataTierReady(env)
                + services.map { kubectl.rolloutStatus($0.workloadName(nil)) }).joined(separator: "\n")),
            DeploySteps.smokeTest("Smoke-test the Services", kubectl, services: env.product.services.map { ($0, $0.name) }),
            // Each routed service's health through the Ingress, at its public host.
            Step("Smoke-test the public hosts", run: routed.map { service, host in
                "curl -fsS --retry 5 --retry-all-errors --max-time 10 -o /dev/null https://\(host)\(service.healthPath)"
            }.joined(separator: "\n")),
        ])
        let notify = Job("notify", name: "Notify", needs: [deploy], if: .always, timeoutMinutes: 5,
                         steps: [DeploySteps.notify(after: deploy, environment: env.name)])
        return Workflow(
            file: "deploy-\(env.name).yml", name: "Deploy \(env.name)",
            on: [.push(branches: [ProductRepository.stagingBranch])], permissions: .none,
            // Deploys queue, never cancel each other: a half-applied overlay is worse than a late one.
            concurrency: Concurrency(group: "deploy-\(env.name)", cancelInProgress: false),
            jobs: [deploy, notify])
    }
}
