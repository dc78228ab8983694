import ArgumentParser
import Foundation
import Policy
import Render

/// `gen lint PATH…`: the policy checks on any Kubernetes YAML.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check Kubernetes YAML files, folders or standard input (-) with the policy checks.",
        discussion: """
            A folder holding a kustomization is linted as what it builds: the output of \
            `kubectl kustomize` (kubectl from PATH), each object located in the file it comes from; \
            the bases it includes are not linted again on their own, and cross-object checks (selectors, \
            references) compare a build's objects with that build's only. Without kubectl, the files are \
            linted one by one, kustomization files and the patches they list skipped, and the run \
            says so on standard error. Suppress a finding with the annotation \
            gen.policy/ignore-<check-id>: "<reason>" (an empty reason is an error).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github
    }

    enum Threshold: String, ExpressibleByArgument, CaseIterable {
        case error, warning, info, none

        var severity: Severity? { Severity(rawValue: rawValue) }
    }

    @Argument(help: "Files, folders, or - for standard input.")
    var paths: [String]

    @Option(help: "Report format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity (none: never).")
    var failOn: Threshold = .error

    @Option(help: "Kubernetes version the manifests target (removed and deprecated API versions).")
    var kubernetesVersion = PolicySettings().targetKubernetesVersion.description

    @Option(help: "Kubernetes version whose Pod Security admission rules apply (pod-security-restricted).")
    var podSecurityVersion = PolicySettings().podSecurityVersion.description

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file, folder, or - for standard input") }
        if KubernetesVersion(kubernetesVersion) == nil {
            throw ValidationError("--kubernetes-version \"\(kubernetesVersion)\" is not a version like 1.31")
        }
        if KubernetesVersion(podSecurityVersion) == nil {
            throw ValidationError("--pod-security-version \"\(podSecurityVersion)\" is not a version like 1.37")
        }
    }

    func run() throws {
        // Unreadable inputs are findings: the rest of the files are still read and linted.
        let sources = LintSources.list(paths)
        let builds = KustomizeBuilds.build(sources.inputs, kubectl: Self.onPath("kubectl"))
        let raw = sources.inputs.filter { input in !(input.path.map { builds.covered.contains(LintInput.normalise($0)) } ?? false) }
        for note in builds.notes { printError("note: \(note)\n") }
        var settings = PolicySettings()
        settings.targetKubernetesVersion = KubernetesVersion(kubernetesVersion)!
        settings.podSecurityVersion = KubernetesVersion(podSecurityVersion)!
        let engine = PolicyEngine(settings: settings)
        // Each build is applied on its own: its objects meet the other objects of the same build only.
        let outcome = StreamedLint.run(raw, builds: builds.builds, unreadable: sources.unreadable + builds.unreadable,
                                       engine: engine)
        let report = outcome.report
        let unreadable = outcome.unreadable
        switch format {
        case .text: print(TextReport.render(report, color: terminalSupportsColor(fileDescriptor: 1)), terminator: "")
        case .json: print(JSONRenderer.render(JSONReport.document(report)), terminator: "")
        case .sarif:
            print(JSONRenderer.render(SARIFReport.document(report, checks: engine.checks, toolVersion: Gen.version, toolURL: Gen.repositoryURL)),
                  terminator: "")
        case .github: print(GitHubReport.render(report), terminator: "")
        }
        if !unreadable.isEmpty {
            // Also on standard error: machine-readable reports on stdout may go to a file.
            for problem in unreadable { printError("error: \(problem)\n") }
            throw ExitCode(2)
        }
        if report.fails(at: failOn.severity) { throw ExitCode(1) }
    }

    /// The executable `name` in a folder of PATH, as a shell would find it.
    static func onPath(_ name: String) -> URL? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }
}
