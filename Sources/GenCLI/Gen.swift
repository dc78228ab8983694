import ArgumentParser
import Environments
import Foundation
import Generator
import Output

/// `gen`: parse, call the generator, print, exit. Everything else lives in the libraries.
struct Gen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Generate Secure Messenger's deployment tree from its typed Swift model.",
        discussion: """
            The model lives in Sources/ (what the product is) and environments/ (what differs per \
            environment). gen renders it into the output folder (generated/ by default): a Kustomize \
            base, one overlay per environment, and the blue/green colours of production.

            Examples:
              swift run gen production     regenerate production and the shared base
              swift run gen                regenerate every environment
              swift run gen --check        exit 1 and print a diff if generated/ is stale (CI runs this)

            gen replaces only files it generated (listed in generated/.gen-manifest), builds the new \
            tree beside the old one and swaps it in at once: on any error nothing is written.
            Exit status: 0 success, 1 invalid model or drift, 2 usage error.
            """)

    @Argument(help: ArgumentHelp("Environments to generate; all when omitted.",
                                 discussion: "Known: \(allEnvironments.map(\.name).joined(separator: ", ")).",
                                 valueName: "environment"))
    var environments: [String] = []

    @Flag(help: "Compare with the output folder instead of writing; print a unified diff and exit 1 on any difference.")
    var check = false

    @Option(name: .shortAndLong, help: "Output folder.")
    var output = "generated"

    @Flag(help: "Replace or delete generated files even when they were edited by hand.")
    var force = false

    func validate() throws {
        let known = allEnvironments.map(\.name)
        for name in environments where !known.contains(name) {
            throw ValidationError("unknown environment \"\(name)\"; known environments: \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        let generation = try Generator.generate(allEnvironments, selected: environments.isEmpty ? nil : environments)
        let root = URL(fileURLWithPath: output)
        if check {
            let diff = try DriftCheck.diff(generation.plan, against: root)
            if diff.isEmpty {
                print("gen --check: \(output)/ is up to date (\(generation.plan.files.count) files)")
                return
            }
            print(diff, terminator: "")
            throw Failure("\(output)/ is stale: run `swift run gen \(environments.joined(separator: " "))` and commit the result"
                .replacingOccurrences(of: "gen  and", with: "gen and"))
        }
        var writer = TreeWriter(outputDirectory: root)
        writer.force = force
        let summary = try writer.write(generation.plan)
        print("gen: \(summary.written.count) written, \(summary.unchanged) unchanged, \(summary.deleted.count) deleted in \(output)/")
    }
}

/// A failure already explained to the user: exit 1.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
