import ArgumentParser
import Foundation
import Generator
import Policy
import Platform

/// `gen render ENV`: prints the built objects of an environment's overlays, from the model.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the objects `kubectl apply -k` of an environment's overlays would send, without kustomize.",
        discussion: """
            Computed from the model (with the deploy state recorded in the output folder), not by \
            running kustomize; a test proves every overlay equal to `kubectl kustomize` object by \
            object. A blue/green environment prints its shared overlay, then each colour's; each \
            overlay starts with a `# kubectl apply -k DIR` comment. Pipe one overlay into \
            `kubectl apply -f -` or `kubectl diff -f -`.
            """)

    @Argument(help: "The environment.")
    var environment: String

    @Option(help: "Print only this overlay (its folder name, e.g. production-blue).")
    var overlay: String?

    @Option(name: .shortAndLong, help: "Output folder whose deploy state is used (default: generated/ of the package root).")
    var output: String?

    func validate() throws {
        let known = GenCommand.environments.map(\.name)
        if !known.contains(environment) {
            throw ValidationError("unknown environment \"\(environment)\"; known environments: \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        let environments = try DeployState.applying(to: GenCommand.environments, recordedIn: try GenCommand.outputFolder(output))
        let overlays: [BuiltOverlay]
        do {
            overlays = try Generator.builtOverlays(of: environment, in: environments)
        } catch let failure as PolicyFailure {
            printError(TextReport.render(failure.report, color: terminalSupportsColor(fileDescriptor: 2)))
            throw Failure(failure.description)
        }
        let names = overlays.map { URL(fileURLWithPath: $0.directory).lastPathComponent }
        let chosen = try overlay.map { name in
            guard let index = names.firstIndex(of: name) else {
                throw UsageFailure("\(environment) has no overlay \"\(name)\"; its overlays: \(names.joined(separator: ", "))")
            }
            return [overlays[index]]
        } ?? overlays
        for built in chosen { print(try built.yaml(), terminator: "") }
    }
}
