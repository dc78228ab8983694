/// Something a cluster must run before a generated tree applies and works, which the tree does
/// not generate (an ingress controller, an operator, a metrics API): installed once per cluster by
/// an administrator, at a pinned version, with what the tree expects of it stated, so that a fresh
/// cluster (the disaster-recovery procedure) gets exactly what the NetworkPolicies, the scripts
/// and the custom resources were written against.
public struct ClusterPrerequisite: Sendable {
    /// Where it comes from.
    public enum Source: Sendable {
        /// A Helm chart, installed (or upgraded) as `release` in `namespace` by
        /// `helm upgrade --install`: `chart` is an `oci://` reference, or a chart name in the
        /// classic `repository`. `valuesFiles` are paths in the generated tree; `settings` are
        /// `--set key=value` pairs.
        case helm(release: String, chart: String, repository: String? = nil, valuesFiles: [String] = [],
                  settings: [(key: String, value: String)] = [])
        /// A static manifest published with the release (it creates its own namespace and CRDs),
        /// applied by URL.
        case manifest(url: String)
    }

    public var name: String
    /// The pinned version: the chart's version for Helm, the release tag for a manifest.
    public var version: String
    /// The namespace it runs in (what the NetworkPolicies' peers name).
    public var namespace: String
    public var source: Source
    /// What the tree expects of it: objects, labels, names, each one line for the docs.
    public var expectations: [String]
    /// Why this version, and its risks (end of maintenance, cluster versions it supports).
    public var notes: [String]
    /// The Deployments (in `namespace`) whose rollout means it serves: a manifest's admission
    /// webhook must answer before the first custom resource is created. Helm installs wait by themselves (`--wait`).
    public var readyWhen: [String]

    public init(_ name: String, version: String, namespace: String, source: Source, expectations: [String],
                notes: [String] = [], readyWhen: [String] = []) {
        self.name = name
        self.version = version
        self.namespace = namespace
        self.source = source
        self.expectations = expectations
        self.notes = notes
        self.readyWhen = readyWhen
    }

    /// The commands that install it at its version and wait until it serves; run again, they
    /// upgrade in place (Helm) or re-apply (a manifest).
    public var installCommands: [ShellCommand] {
        [installCommand] + readyWhen.map { deployment in
            ShellCommand(["kubectl", "-n", ShellWord(namespace), "rollout", "status", ShellWord("deployment/\(deployment)"), "--timeout=5m"])
        }
    }

    /// The command that installs it at its version.
    public var installCommand: ShellCommand {
        switch source {
        case .helm(let release, let chart, let repository, let valuesFiles, let settings):
            var words: [ShellWord] = ["helm", "upgrade", "--install", ShellWord(release), ShellWord(chart)]
            if let repository { words += ["--repo", ShellWord(repository)] }
            words += ["--version", ShellWord(version), "--namespace", ShellWord(namespace), "--create-namespace", "--wait"]
            words += valuesFiles.flatMap { ["--values", ShellWord($0)] }
            words += settings.flatMap { ["--set", ShellWord("\($0.key)=\($0.value)")] }
            return ShellCommand(words)
        case .manifest(let url):
            return ShellCommand(["kubectl", "apply", "--server-side", "--filename", ShellWord(url)])
        }
    }
}
