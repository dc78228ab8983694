import Render
import Components
import KubeModel
import Platform

/// `docs/secrets.md` (every Secret of every environment: keys, how to create each value, who
/// reads it) and `secrets/create-<env>.sh`, the `kubectl create secret` template of one
/// environment, both from the stack's `SecretCatalogue`: a Secret exists in the docs and the
/// script exactly when a pod can read it.
enum SecretsDocument {
    static func markdown(_ stacks: [Stack], product: Product) -> String {
        var out = Markdown.header(title: "Secrets", product: product)
        out += """
            Values never enter git. Operators create the Secrets of an environment with
            `secrets/create-<env>.sh`, which reads each value from the environment variable named
            below (a CI secret of the same name in the deploy workflows) and applies it with
            `kubectl apply`, so that running it again rotates the value. Pods read passwords from
            files where the server supports it (PostgreSQL, its exporter), from `secretKeyRef`
            otherwise.


            """
        for stack in stacks {
            let consumers = stack.secrets.consumers(stack.deployed)
            out += "## \(stack.environment.name) (namespace `\(stack.environment.namespace ?? "")`)\n\n"
            out += table(stack.secrets.secrets) { consumers[$0.name].map { $0.map { "`\($0)`" }.joined(separator: ", ") } ?? "Ingress TLS" }
        }
        out += "## The cluster (namespace `\(Scraping.monitoringNamespace)`)\n\n"
        out += "The monitoring stack's Secrets, once per cluster, with `\(ProductRepository.clusterSecretsScript)` "
            + "(a cluster administrator: the deployers' Roles stop at their namespace).\n\n"
        out += table(Secrets.cluster(product).secrets) { _ in "Alertmanager (`alertmanagerSpec.secrets`)" }
        return out
    }

    /// The creation script of one environment: each Secret's `applyCommand`.
    static func script(_ stack: Stack) -> String {
        let env = stack.environment
        let namespace = env.namespace ?? "default"
        return script(stack.secrets.secrets, namespace: namespace, path: ProductRepository.secretsScript(env),
                      summary: ["Creates or updates the Secrets of \(env.name) (namespace \(namespace)) from environment variables.",
                                "Needs kubectl with access to the namespace (the deployer's Role may create and patch Secrets)."],
                      command: env.product.regenerateCommand(env.name))
    }

    /// The creation script of the cluster's own Secrets (the monitoring stack's), which a cluster
    /// administrator runs: the deployers' Roles do not reach the monitoring namespace.
    static func clusterScript(_ product: Product) -> String {
        script(Secrets.cluster(product).secrets, namespace: Scraping.monitoringNamespace, path: ProductRepository.clusterSecretsScript,
               summary: ["Creates or updates the monitoring stack's Secrets (namespace \(Scraping.monitoringNamespace)) from environment variables.",
                         "Needs kubectl as a cluster administrator, after the namespace exists (docs/disaster-recovery.md)."],
               command: product.regenerateCommand())
    }

    /// A creation script: each operator-supplied Secret's `applyCommand`. Every name and text of
    /// the catalogue reaches the script through `Shell` (the "how to create" notes hold apostrophes).
    private static func script(_ secrets: [SecretDeclaration], namespace: String, path: String, summary: [String],
                               command: String) -> String {
        let supplied = secrets.filter { $0.provider == .operatorSupplied }
        let inputs = supplied.flatMap { secret in
            secret.keys.map { key, how in ShellScript.Input(secret.variableName(key), "the value of \(secret.name)/\(key): \(how)") }
        }
        let body = supplied.flatMap { secret -> [String] in
            [""] + Shell.comment(secret.purpose) + [secret.applyCommand(namespace: namespace).rendered]
        }
        return ShellScript(name: String(path.split(separator: "/").last ?? Substring(path)), summary: summary,
                           inputs: inputs, body: body.dropFirst().joined(separator: "\n"))
            .render(header: FileHeader.lines(command: command))
    }

    /// The table of `secrets`: one row a key, `readers` naming who reads each Secret.
    private static func table(_ secrets: [SecretDeclaration], readers: (SecretDeclaration) -> String) -> String {
        var out = "| Secret | key | variable | how to create the value | read by | created by |\n|---|---|---|---|---|---|\n"
        for secret in secrets {
            for (key, how) in secret.keys {
                let variable = secret.provider == .operatorSupplied ? "`\(secret.variableName(key))`" : "—"
                out += "| `\(secret.name)` | `\(key)` | \(variable) | \(how) | \(readers(secret)) | \(provider(secret)) |\n"
            }
        }
        return out + "\n"
    }

    static func provider(_ secret: SecretDeclaration) -> String {
        switch secret.provider {
        case .operatorSupplied: "operator (script)"
        case .controller(let name): name
        }
    }
}

/// Small helpers for the generated Markdown documents.
enum Markdown {
    /// The title and the "generated, do not edit" note as an HTML comment (invisible on GitHub).
    static func header(title: String, product: Product) -> String {
        "<!-- " + FileHeader.lines(command: product.regenerateCommand()).joined(separator: " ") + " -->\n\n# \(title)\n\n"
    }
}
