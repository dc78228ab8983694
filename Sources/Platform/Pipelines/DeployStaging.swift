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
        let commit: [(String, Value)] = [("SHA", Value(.github(.workflowRunHeadSHA)))]
        let rendered = KustomizeTree.renderedFile(of: KustomizeTree.overlayDirectory(environment: env.name))
        let built = env.product.builtServices.map { declared in
            (overlay: ProductStack.image(declared.service, env, colour: nil).description,
             commit: ShellWord("\(env.product.registry)/\(declared.service.name):") + CI.commitTag(.variable("SHA"))
                + ShellWord(ImageBuilds.tagSuffix(declared.recipe, env)))
        }
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
            ] + built.map { ShellCommand(["docker", "buildx", "imagetools", "inspect", $0.commit]).rendered + " > /dev/null" })
                .joined(separator: "\n")),
        ] + DeploySteps.configureKubectl() + [
            DeploySteps.createSecrets(env),
            // The rendered overlay with this commit's images: the same objects as `kubectl apply -k`
            // of the overlay with an `images:` entry per built service, without kustomize.
            Step("Apply the \(env.name) overlay with this commit's images", env: commit,
                 run: commitImages(in: rendered, to: "release", built: built).joined(separator: "\n")),
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

    /// Copies the rendered file `rendered` to the file `$<variable>` names, with each built
    /// service's image (`overlay`: as the overlay pins it) replaced by this commit's (`commit`,
    /// from CI's push), then applies the copy: what kustomize's `images:` transformer does, on the
    /// `image:` lines only, and nothing applied unless every built image was found. One pass over
    /// the file and a lookup per `image:` line, so the step stays linear in the services.
    static func commitImages(in rendered: String, to variable: String,
                             built: [(overlay: String, commit: ShellWord)]) -> [String] {
        let file = ShellWord.variable(variable)
        let name = rendered.split(separator: "/").last.map(String.init) ?? rendered
        return [ShellCommand.assignment(variable, .variable("RUNNER_TEMP") + ShellWord("/" + name)), "declare -A commit=() seen=()"]
            + built.map { "commit[\(Shell.word($0.overlay))]=\($0.commit.rendered)" }
            + [
                "while IFS= read -r line; do",
                "  case $line in",
                // The text after the last ` image: `, looked up as a whole: the quoted parts match literally.
                "    *' image: '*)",
                "      image=${line##*' image: '}",
                "      if [[ -n ${commit[$image]+set} ]]; then",
                "        line=${line%\"$image\"}${commit[$image]}",
                "        seen[$image]=1",
                "      fi ;;",
                "  esac",
                "  printf '%s\\n' \"$line\"",
                "done < \(ShellWord(rendered).rendered) > \(file.rendered)",
            ] + built.map { image in
                "[[ -n ${seen[\(Shell.word(image.overlay))]+set} ]] || { "
                    + ShellCommand(["echo", ShellWord("::error::\(rendered) has no image \(image.overlay) to replace with ") + image.commit]).rendered
                    + "; exit 1; }"
            } + [ShellCommand(["kubectl", "apply", "-f", file]).rendered]
    }
}
