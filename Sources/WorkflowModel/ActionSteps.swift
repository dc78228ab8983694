/// Steps that run the pinned actions, with typed inputs: only the inputs we use, with the values
/// that make them safe by default.
extension Step {
    /// Checks the repository out without leaving the token in `.git/config`, where any later step
    /// (or an uploaded artefact) could read it.
    /// `ref`: the commit to check out (default: the one that triggered the workflow).
    public static func checkout(fetchDepth: Int? = nil, ref: Value? = nil) -> Step {
        var inputs: [ActionInput] = [.flag("persist-credentials", false)]
        if let fetchDepth { inputs.append(.number("fetch-depth", fetchDepth)) }
        if let ref { inputs.append(.text("ref", ref)) }
        return Step("Check out", uses: PinnedActions.checkout, with: inputs)
    }

    /// Installs Node.js. The package-manager cache stays off: a cache written by a pull request's
    /// run could be restored by a privileged one (cache poisoning), and pnpm's store is fast to fill.
    public static func setupNode(version: String) -> Step {
        Step("Set up Node.js \(version)", uses: PinnedActions.setupNode,
             with: [.text("node-version", "\(version)"), .flag("package-manager-cache", false)])
    }

    /// Trivy on the checked-out tree: vulnerable dependencies and committed secrets at `severities`,
    /// failing the job when a vulnerability has a fix (misconfigurations are `gen lint`'s job).
    public static func trivyFilesystemScan(severities: [String]) -> Step {
        Step("Scan the repository with Trivy", uses: PinnedActions.trivy, with: [
            .text("scan-type", "fs"),
            .text("scan-ref", "."),
            .text("scanners", "vuln,secret"),
            .text("severity", "\(severities.joined(separator: ","))"),
            .text("ignore-unfixed", "true"),
            .text("exit-code", "1"),
        ])
    }

    /// Trivy on a built image (its OS packages and the app's dependencies): fails the job on a
    /// vulnerability at `severities` that has a fix, except those `ignoreFile` lists.
    public static func trivyImageScan(image: Value, severities: [String], ignoreFile: String) -> Step {
        Step("Scan the image with Trivy", uses: PinnedActions.trivy, with: [
            .text("scan-type", "image"),
            .text("image-ref", image),
            .text("scanners", "vuln"),
            .text("severity", "\(severities.joined(separator: ","))"),
            .text("ignore-unfixed", "true"),
            .text("trivyignores", "\(ignoreFile)"),
            .text("exit-code", "1"),
        ])
    }

    /// Uploads a SARIF file to code scanning (needs `security-events: write`), even when the step
    /// that wrote it failed, so that the findings are visible on the pull request.
    public static func uploadSARIF(_ file: String, category: String) -> Step {
        Step("Upload \(file) to code scanning", if: !Expression.cancelled, uses: PinnedActions.uploadSARIF,
             with: [.text("sarif_file", "\(file)"), .text("category", "\(category)")])
    }

    /// Keeps files of the run (test reports) for `retentionDays`.
    public static func uploadArtifact(name: Value, path: String, retentionDays: Int, if condition: Expression? = nil) -> Step {
        Step("Upload \(path)", if: condition, uses: PinnedActions.uploadArtifact, with: [
            .text("name", name), .text("path", "\(path)"), .number("retention-days", retentionDays),
            .text("if-no-files-found", "ignore"),
        ])
    }

    /// Logs in to a registry; the password is an expression (a secret or the job's token).
    public static func dockerLogin(registry: String, username: Expression, password: Expression) -> Step {
        Step("Log in to \(registry)", uses: PinnedActions.dockerLogin, with: [
            .text("registry", "\(registry)"), .text("username", Value(username)), .text("password", Value(password)),
        ])
    }

    /// A BuildKit builder (docker-container driver), which registry layer caches need.
    public static func setupBuildx() -> Step {
        Step("Set up Docker Buildx", uses: PinnedActions.setupBuildx)
    }

    /// Image tags and OCI labels from the git context; read them with `Expression.stepOutput(id, "tags")`
    /// and `"labels"`.
    /// `flavor`: what every tag gets (`suffix=-staging`).
    public static func dockerMetadata(id: StepID, image: Value, tags: [Value], flavor: Value? = nil) -> Step {
        Step("Compute image tags and labels", id: id, uses: PinnedActions.dockerMetadata,
             with: [.text("images", image), .lines("tags", tags)] + (flavor.map { [.text("flavor", $0)] } ?? []))
    }

    /// Builds an image from `dockerfile` with the repository root as context, pushing it with
    /// `tags` (and `labels`) when `push` holds, with a layer cache kept in the registry beside the
    /// image. With a metadata step: `tags: Value(.stepOutput(id, "tags"))`.
    public static func buildPush(if condition: Expression? = nil, dockerfile: Value, push: Expression, tags: Value,
                                 labels: Value? = nil, buildArgs: Value? = nil, cache: Value) -> Step {
        Step("Build and push", if: condition, uses: PinnedActions.buildPush, with: [
            .text("context", "."),
            .text("file", dockerfile),
            .text("push", Value(push)),
            .text("tags", tags),
        ] + (labels.map { [.text("labels", $0)] } ?? []) + (buildArgs.map { [.text("build-args", $0)] } ?? []) + [
            .text("cache-from", "type=registry,ref=\(cache)"),
            .text("cache-to", "type=registry,ref=\(cache),mode=max"),
        ])
    }

    /// Builds an image from `dockerfile` into the runner's Docker (`load`), not pushed, tagged `tag`,
    /// reading the registry's layer cache: what the scan and the size check look at before any push.
    /// `buildArgs`: `NAME=value` lines (`--build-arg`).
    public static func buildLocal(dockerfile: Value, tag: Value, buildArgs: Value? = nil, cache: Value) -> Step {
        Step("Build the image", uses: PinnedActions.buildPush, with: [
            .text("context", "."),
            .text("file", dockerfile),
            .text("load", "true"),
            .text("push", "false"),
            .text("tags", tag),
        ] + (buildArgs.map { [.text("build-args", $0)] } ?? []) + [
            .text("cache-from", "type=registry,ref=\(cache)"),
        ])
    }

    /// Installs this version of kubectl (the runner's own may be older or newer than the cluster).
    public static func setupKubectl(version: String) -> Step {
        Step("Install kubectl \(version)", uses: PinnedActions.setupKubectl, with: [.text("version", "\(version)")])
    }

    /// Creates a kind cluster (Kubernetes in Docker) named `name` with kind `version`, kubectl
    /// `kubectlVersion` and the kind configuration at `config`; the runner's kubeconfig then points
    /// at it as the cluster's admin.
    public static func kindCluster(name: String, version: String, kubectlVersion: String, config: String) -> Step {
        Step("Create the kind cluster", uses: PinnedActions.kind, with: [
            .text("version", "\(version)"), .text("kubectl_version", "\(kubectlVersion)"), .text("cluster_name", "\(name)"),
            .text("config", "\(config)"),
        ])
    }

    /// Posts `text` to the Slack channel of an incoming webhook (the webhook URL is a secret).
    public static func slack(_ name: String, if condition: Expression, webhook: Expression, text: Value) -> Step {
        Step(name, if: condition, uses: PinnedActions.slack, with: [
            .text("webhook", Value(webhook)),
            .text("webhook-type", "incoming-webhook"),
            .text("payload", "text: \"\(text)\"\n"),
        ])
    }
}
