import ArgumentParser
import Foundation
import Generator
import Output
import Policy
import Platform

/// `gen [ENV…]`: write (or `--check`) the generated tree.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the deployment tree (the default subcommand).",
        discussion: """
            gen replaces only files it generated (listed in generated/.gen-manifest), builds the new \
            tree beside the old one and swaps it in at once: on any error nothing is written. Policy \
            checks run on every environment's objects first: an error-level finding stops generation \
            and names the Swift line that declared the object.
            """)

    @Argument(help: ArgumentHelp("Environments to generate; all when omitted.",
                                 discussion: "Known: \(GenCommand.environments.map(\.name).joined(separator: ", ")).",
                                 valueName: "environment"))
    var environments: [String] = []

    @Flag(help: "Compare with the output folder instead of writing; print a unified diff and exit 1 on any difference.")
    var check = false

    @Option(name: .shortAndLong, help: "Output folder (default: generated/ of the package root, found from any folder inside it).")
    var output: String?

    @Flag(help: "Replace or delete generated files even when they were edited by hand.")
    var force = false

    func validate() throws {
        let known = GenCommand.environments.map(\.name)
        for name in environments where !known.contains(name) {
            throw ValidationError("unknown environment \"\(name)\"; known environments: \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        let root = try GenCommand.outputFolder(output)
        let environments = try DeployState.applying(to: GenCommand.environments, recordedIn: root)
        try Self.generate(environments, selected: self.environments, into: root, shown: output ?? root.path,
                          check: check, force: force)
    }

    /// Generates `environments` (those `selected`, or all) and writes the tree into `root`, or
    /// compares it (`check`); `shown` is how messages name the folder.
    static func generate(_ environments: [Environment], selected: [String], into root: URL, shown output: String,
                         check: Bool, force: Bool) throws {
        let generation: Generator.Generation
        do {
            generation = try Generator.generate(environments, selected: selected.isEmpty ? nil : selected)
        } catch let failure as PolicyFailure {
            printError(TextReport.render(failure.report, color: terminalSupportsColor(fileDescriptor: 2)))
            throw Failure(failure.description)
        }
        if !generation.policy.findings.isEmpty || !generation.policy.suppressed.isEmpty {
            printError(TextReport.render(generation.policy, color: terminalSupportsColor(fileDescriptor: 2)))
        }
        let command = (["swift run gen"] + selected).joined(separator: " ")
        if check {
            let diff = try DriftCheck.diff(generation.plan, against: root)
            if diff.isEmpty {
                print("gen --check: \(output)/ is up to date (\(generation.plan.files.count) files)")
                return
            }
            print(diff, terminator: "")
            throw Failure("\(output)/ is stale: run `\(command)` and commit the result")
        }
        var writer = TreeWriter(outputDirectory: root)
        writer.force = force
        let summary = try writer.write(generation.plan)
        print("gen: \(summary.written.count) written, \(summary.unchanged) unchanged, \(summary.deleted.count) deleted in \(output)/")
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Colour only for a terminal, and never when NO_COLOR is set (no-color.org).
func terminalSupportsColor(fileDescriptor: Int32) -> Bool {
    ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(fileDescriptor) == 1
}
