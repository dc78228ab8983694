import KubeModel

/// A Secret the environment needs: its name, its keys, and who provides the values. Declared
/// once; values never enter the model (see `Secret`).
public struct SecretDeclaration: Sendable {
    /// Who creates the Secret in the cluster.
    public enum Provider: Sendable, Equatable {
        /// An operator, with `kubectl create secret` (the generated script) or a secret store.
        case operatorSupplied
        /// A controller that writes it (cert-manager for a TLS certificate).
        case controller(String)
    }

    public var name: String
    /// Each key and how to produce its value (`openssl rand -hex 32`: URL-safe, 256 bits).
    public var keys: [(key: String, howToCreate: String)]
    public var purpose: String
    public var provider: Provider

    /// The environment variable that carries `key`'s value to the creation script (and the CI
    /// secret of that name): `app-secrets`/`jwt-secret` is `APP_SECRETS_JWT_SECRET`.
    public func variableName(_ key: String) -> String {
        String("\(name)_\(key)".uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// Creates or updates the Secret in `namespace` from the variables named by `variableName`:
    /// values through process substitution, never argv (where `ps` shows them) nor a file;
    /// server-side apply needs no `get` (the deployer's Role may create and patch Secrets but not
    /// read them). The creation script and the key rotation procedure run this same command.
    public func applyCommand(namespace: String) -> ShellCommand {
        let namespace = ShellWord("--namespace=\(namespace)")
        let values = keys.map { key, _ in
            ShellWord("--from-file=\(key)=") + .output(of: ShellCommand(["printf", "%s", .variable(variableName(key))]))
        }
        let create = ShellCommand(["kubectl", "create", "secret", "generic", ShellWord(name), namespace]
                                  + values + ["--dry-run=client", "--output=yaml"])
        return create.piped(into: ShellCommand(["kubectl", "apply", "--server-side", "--field-manager=gen-secrets",
                                                namespace, "--filename=-"]))
    }

    public init(_ name: String, keys: [(key: String, howToCreate: String)], purpose: String,
                provider: Provider = .operatorSupplied) {
        self.name = name
        self.keys = keys
        self.purpose = purpose
        self.provider = provider
    }
}

/// Every Secret one environment's workloads read, declared once. `check` proves that every
/// reference in the rendered pods names a declared Secret and key; `consumers` says who reads
/// what, for the docs.
public struct SecretCatalogue: Sendable {
    public private(set) var secrets: [SecretDeclaration] = []

    public init(_ secrets: [SecretDeclaration] = []) { self.secrets = secrets }

    public func declaration(_ name: String) -> SecretDeclaration? { secrets.first { $0.name == name } }

    /// A problem for every pod that reads an undeclared Secret or key: "component › Kind/name ›
    /// spec.template.spec.containers[0].env[2]: …".
    public func check(_ manifests: [Manifest]) -> [String] {
        var problems: [String] = []
        for (manifest, owner) in Self.owners(manifests) {
            for ref in owner.podTemplate.spec.secretReferences {
                let at = "\(manifest.component) › \(manifest.id) › \(Self.podPath(owner)).\(ref.path)"
                guard let declared = declaration(ref.secret) else {
                    problems.append("\(at): reads Secret \"\(ref.secret)\", which no SecretDeclaration declares "
                                    + "(declared: \(secrets.map(\.name).joined(separator: ", ")))")
                    continue
                }
                if let key = ref.key, !declared.keys.contains(where: { $0.key == key }) {
                    problems.append("\(at): reads key \"\(key)\" of Secret \"\(ref.secret)\", which declares only "
                                    + declared.keys.map(\.key).joined(separator: ", "))
                }
            }
        }
        return problems
    }

    /// The names of the workloads (Deployment, StatefulSet, CronJob…) that read each Secret, sorted.
    public func consumers(_ manifests: [Manifest]) -> [String: [String]] {
        var map: [String: Set<String>] = [:]
        for (manifest, owner) in Self.owners(manifests) {
            for ref in owner.podTemplate.spec.secretReferences { map[ref.secret, default: []].insert(manifest.id.description) }
        }
        return map.mapValues { $0.sorted() }
    }

    private static func owners(_ manifests: [Manifest]) -> [(Manifest, any PodTemplateOwner)] {
        manifests.compactMap { m in (m.object as? any PodTemplateOwner).map { (m, $0) } }
    }

    private static func podPath(_ owner: any PodTemplateOwner) -> String {
        owner is CronJob ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec"
    }
}
