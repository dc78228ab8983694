import Components
import KustomizeTree
import WorkflowModel

/// The `kind` job of `ci.yml`: the deploy workflows' own commands (the same `Kubectl` builders and
/// the same smoke-test step) run against a real Kubernetes API server in a kind cluster, on every
/// pull request and push, with the images built from the commit.
///
/// What it proves that the rehearsal (`Tests/Rehearsal`, an emulated API) cannot: the API server
/// and kustomize accept every object of every overlay (the Prometheus Operator's CRDs installed);
/// the deployer's Role allows every call (the deploy commands run with the deployer
/// ServiceAccount's token, not as the cluster's admin); the NetworkPolicies, enforced by kind's
/// CNI (kindnet enforces them since kind v0.24.0), admit the smoke-test Jobs, and refuse the same
/// Job under labels no connection declares; the images start and pass their probes beside the
/// data tier; the switch to the idle colour, then the rollback commands, leave the old colour
/// serving its own release at full size. What it does not: the deploy jobs' `if:` logic and
/// injected faults (the rehearsal's), the pre-deploy backup (no object store), the error-rate
/// watch (no Prometheus), the public hosts (no Ingress controller, no DNS).
enum ClusterRehearsal {
    /// kind itself; helm/kind-action installs it (its own default in v1.14.0).
    static let kindVersion = "v0.31.0"
    /// The Prometheus Operator's CRDs for what the overlays apply (PodMonitor, PrometheusRule),
    /// from the repository at tag v0.93.0 (annotated; commit f8fafd4…, read in a snapshot of
    /// prometheus-operator/prometheus-operator on 2026-12-05): a commit, so the files cannot change.
    static let crdBase = "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/"
        + "f8fafd475f3d132e239432ae6172de60a6cb6516/example/prometheus-operator-crd/"
    static let crds = ["monitoring.coreos.com_podmonitors.yaml", "monitoring.coreos.com_prometheusrules.yaml"]
    /// The kind configuration the job writes (in the checkout, which the job throws away).
    static let configFile = ".kind-cluster.yaml"
    /// The Job that must be refused: the smoke test's pod under labels that no connection names.
    static let undeclared = "undeclared-probe"

    static func job(_ product: Product, stacks: [Stack], needs: [Job]) throws -> Job {
        let cluster = product.app
        let admin = "kind-\(cluster)"
        let inCluster = stacks.filter { $0.environment.namespace != nil }
        let deployed = inCluster.map(\.environment)
        // Every namespace at rest, both colours at full size: kind's nodes are containers that each
        // offer all of the runner's CPUs to the scheduler, so enough workers fit the requests (the
        // pods idle: the host is not really that loaded). A node's own pods ask for about 100m.
        let requests = try inCluster.map { try NamespaceBudget($0.deployed, atRest: true).cpuRequests }.reduce(0, +)
        var steps: [Step] = [
            .checkout(),
            Step("Size the cluster for the namespaces' CPU requests", env: [("REQUESTS_MILLICPU", Value(stringLiteral: String(requests)))], run: """
                per_node=$(( $(nproc) * 1000 - 250 ))
                workers=$(( (REQUESTS_MILLICPU + per_node - 1) / per_node ))
                echo "$REQUESTS_MILLICPU millicores requested: $workers workers of $per_node"
                {
                  printf 'kind: Cluster\\napiVersion: kind.x-k8s.io/v1alpha4\\nnodes:\\n- role: control-plane\\n'
                  for _ in $(seq "$workers"); do printf -- '- role: worker\\n'; done
                } > \(configFile)
                """),
            .kindCluster(name: cluster, version: kindVersion, kubectlVersion: Toolchain.kubectl, config: configFile),
            Step("Install the CustomResourceDefinitions the overlays use",
                 run: ShellCommand(["kubectl", "apply", "--server-side"] + crds.flatMap { ["-f", ShellWord(crdBase + $0)] }).rendered),
            Step("Build the images the tree deploys and load them into the cluster", run: try images(deployed).flatMap { dockerfile, arguments, references in
                [ShellCommand(["docker", "build", "--file", ShellWord(dockerfile)] + arguments.flatMap { ["--build-arg", ShellWord($0)] }
                              + references.flatMap { ["--tag", ShellWord($0)] } + ["."]).rendered,
                 ShellCommand(["kind", "load", "docker-image", "--name", ShellWord(cluster)] + references.map { ShellWord($0) }).rendered]
            }.joined(separator: "\n")),
        ]
        for env in deployed {
            steps += try rehearse(env, admin: admin)
        }
        return Job("kind", name: "Deploy and roll back on a kind cluster", needs: needs, permissions: .readContents,
                   timeoutMinutes: 45, steps: steps)
    }

    /// Every image reference the environments' overlays run that this repository builds, by
    /// Dockerfile and build arguments (`NAME=value`, the environment's: `ImageBuilds`):
    /// each is built once and tagged with all of them.
    static func images(_ environments: [Environment]) throws -> [(dockerfile: String, arguments: [String], references: [String])] {
        var builds: [(dockerfile: String, arguments: [String], references: [String])] = []
        func add(_ name: String, _ arguments: [String], _ image: Image) throws {
            guard image.digest == nil else {
                throw PipelineError("the kind job loads images by tag, and \(image) is pinned by digest")
            }
            let path = Dockerfiles.path(name)
            if let i = builds.firstIndex(where: { $0.dockerfile == path && $0.arguments == arguments }) {
                if !builds[i].references.contains(image.description) { builds[i].references.append(image.description) }
            } else {
                builds.append((path, arguments, [image.description]))
            }
        }
        for env in environments {
            for colour in SmokeTests.colours(env) {
                for (service, recipe) in env.product.builtServices {
                    try add(service.name, try ImageBuilds.arguments(service, recipe, env), ProductStack.image(service, env, colour: colour))
                }
            }
            if DataTier.postgres(env).server != nil { try add(PostgresImage.name, [], PostgresImage.image(env)) }
        }
        return builds
    }

    /// One environment: its namespace bootstrapped, then, as its deployer, the Secrets and the
    /// deploy's own commands, the smoke test, the policy check and (blue/green) the switch and the
    /// rollback, each checked.
    static func rehearse(_ env: Environment, admin: String) throws -> [Step] {
        let kubectl = try Kubectl(env)
        let ns = ShellWord(kubectl.namespace)
        let user = "deployer-\(env.name)"
        let services = env.product.services.map { ProductStack.workload($0, env) }
        let served = zip(env.product.services, services).filter { !$0.0.isWorker }.map(\.1)
        let asDeployer = ShellCommand(["kubectl", "config", "use-context", ShellWord(user)]).rendered
        var steps = [
            // The token lives as long as the job; the cluster is thrown away with the runner.
            Step("Bootstrap \(env.name) and log in as its deployer", run: [
                ShellCommand(["kubectl", "config", "use-context", ShellWord(admin)]).rendered,
                Kubectl.apply(KustomizeTree.bootstrapDirectory(environment: env.name)),
                ShellCommand.assignment("token", outputOf: ShellCommand(["kubectl", "-n", ns, "create", "token", ShellWord(Access.deployer),
                                                                         "--duration=2h"]).rendered),
                "echo \"::add-mask::$token\"",
                ShellCommand(["kubectl", "config", "set-credentials", ShellWord(user), "--token=" + .variable("token")]).rendered,
                ShellCommand(["kubectl", "config", "set-context", ShellWord(user), ShellWord("--cluster=\(admin)"),
                              ShellWord("--user=\(user)")]).rendered,
            ].joined(separator: "\n")),
            // Random values: only their presence matters here (no backup runs).
            Step("Create \(env.name)'s Secrets as its deployer", run: ([asDeployer] + DeploySteps.secretVariables(env.product).flatMap {
                [ShellCommand.assignment($0, outputOf: ShellCommand(["openssl", "rand", "-hex", "24"]).rendered),
                 ShellCommand(["export", ShellWord($0)]).rendered]
            } + [DeploySteps.runSecretsScript(env)]).joined(separator: "\n")),
        ]
        let overlay = KustomizeTree.overlayDirectory(environment: env.name)
        guard let state = env.deployState else {
            steps += [
                Step("Deploy \(env.name) as its deployer", env: DeploySteps.runIdentity, run: ([asDeployer, Kubectl.apply(overlay)]
                    + kubectl.dataTierReady(env) + services.map { kubectl.rolloutStatus($0.workloadName(nil)) }).joined(separator: "\n")),
                DeploySteps.smokeTest("Smoke-test \(env.name) from inside the namespace", kubectl, colour: nil),
                refused(env, kubectl, colour: nil),
            ]
            return steps
        }
        let active = state.active, idle = state.idle
        let colourOverlay = { (colour: Environment.Colour) in KustomizeTree.variantDirectory(environment: env.name, variant: colour.rawValue) }
        steps += [
            // The namespace as a deploy left it: the shared objects, the active colour serving.
            Step("Deploy \(env.name)'s shared objects and \(active.rawValue), the active colour, as its deployer",
                 env: DeploySteps.runIdentity, run: ([asDeployer, Kubectl.apply(overlay)] + kubectl.dataTierReady(env)
                    + [Kubectl.apply(colourOverlay(active))]
                    + services.map { kubectl.rolloutStatus($0.workloadName(active.variant)) }).joined(separator: "\n")),
            Step("Deploy \(idle.rawValue), the idle colour", run: ([Kubectl.apply(colourOverlay(idle))]
                + services.map { kubectl.rolloutStatus($0.workloadName(idle.variant)) }).joined(separator: "\n")),
            DeploySteps.smokeTest("Smoke-test \(idle.rawValue) through its preview Services", kubectl, colour: idle),
            refused(env, kubectl, colour: idle),
            Step("Switch traffic to \(idle.rawValue)", run: DeployProduction.switchTraffic(to: idle, env, kubectl).joined(separator: "\n")),
            Step("Roll back to \(active.rawValue), as after a failure past the switch",
                 run: DeployProduction.switchBack(to: active, env, served, kubectl).joined(separator: "\n")),
            Step("Check that \(active.rawValue) serves its own release at full size",
                 run: zip(env.product.services, services).flatMap { declared, service -> [String] in
                let workload = service.workloadName(active.variant)
                // A worker has no Service: the idle colour's must have stopped consuming instead.
                let routing = declared.isWorker
                    ? expect("\(service.workloadName(idle.variant)) replicas", kubectl.field("deployment", service.workloadName(idle.variant),
                             jsonpath: "{.spec.replicas}"), equals: "0")
                    : expect("Service \(service.name) selects", kubectl.field("service", service.name,
                             jsonpath: "{.spec.selector.\(Environment.Colour.labelKey)}"), equals: active.rawValue)
                return routing
                    + expect("\(workload) runs", kubectl.field("deployment", workload, jsonpath: "{.spec.template.spec.containers[0].image}"),
                             equals: ProductStack.image(declared, env, colour: active).description)
                    // The HPA raises an autoscaled Deployment to its floor within a sync period.
                    + [kubectl.wait(for: "deployment", workload, jsonpath: "{.status.readyReplicas}",
                                    equals: String(env[declared].replicas), timeout: "3m")]
            }.joined(separator: "\n")),
            DeploySteps.smokeTest("Smoke-test \(active.rawValue) after the rollback", kubectl, colour: active),
        ]
        return steps
    }

    /// The smoke test's own Job, relabelled so that no declared connection names its pod: with the
    /// policies enforced it cannot reach the services and fails; if it completes, nothing isolates them.
    static func refused(_ env: Environment, _ kubectl: Kubectl, colour: Environment.Colour?) -> Step {
        let name = "\(undeclared)-\(colour?.rawValue ?? env.name)"
        let relabel = ".metadata.name = \"\(name)\" | .spec.template.metadata.labels = {\"\(StandardLabels.name)\": \"\(undeclared)\"}"
        return Step("Check that the NetworkPolicies refuse a pod no connection declares", run: [
            kubectl.createJob(from: SmokeTests.cronJob(colour), name: name, dryRun: true)
                + " | " + ShellCommand(["jq", ShellWord(relabel)]).rendered + " | " + kubectl.applyStandardInput,
            "if ! \(kubectl.wait(job: name, for: "failed", timeout: SmokeTests.waitTimeout)); then",
            "  echo \"::error::\(name) was not refused: are the NetworkPolicies enforced?\"",
            "  exit 1",
            "fi",
        ].joined(separator: "\n"))
    }

    /// Lines that fail the step, saying what differs, unless `command` prints `expected`.
    static func expect(_ what: String, _ command: String, equals expected: String) -> [String] {
        [
            ShellCommand.assignment("actual", outputOf: command),
            "if [ \"$actual\" != \(Shell.quote(expected)) ]; then",
            "  " + ShellCommand(["printf", "::error::%s %s, expected %s\\n", ShellWord(what), .variable("actual"), ShellWord(expected)]).rendered,
            "  exit 1",
            "fi",
        ]
    }
}
