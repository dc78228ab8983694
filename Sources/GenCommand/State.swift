import ArgumentParser
import Foundation
import Platform

/// `gen state ENV`: changes a blue/green environment's recorded deploy state (which colour serves,
/// the release each colour pins) and regenerates the tree with it, or prints it.
struct State: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or change a blue/green environment's deploy state, then regenerate the tree.",
        discussion: """
            The state lives in <output>/deploy-state/<env>.json. Prepare a release with --release \
            (it pins the version on the idle colour's overlay), merge, and run the deploy workflow; \
            after the traffic switch, the workflow's record job runs --active with the new colour \
            and opens a pull request with the result. Without options, prints the state.
            """)

    @Argument(help: "The blue/green environment.")
    var environment: String

    @Option(help: "Pin this release (image tag) on the idle colour, the one the next deploy changes.")
    var release: String?

    @Option(help: "Record this colour as the one the public Services select.")
    var active: String?

    @Option(name: .shortAndLong, help: "Output folder (default: generated/ of the package root).")
    var output: String?

    func run() throws {
        guard let env = GenCommand.environments.first(where: { $0.name == environment }) else {
            throw UsageFailure("unknown environment \"\(environment)\"; known environments: "
                + GenCommand.environments.map(\.name).joined(separator: ", "))
        }
        let root = try GenCommand.outputFolder(output)
        var environments = try DeployState.applying(to: GenCommand.environments, recordedIn: root)
        let index = GenCommand.environments.firstIndex { $0.name == env.name }!
        // The state lists every colour's release: the colour that leaves service keeps the one it ran.
        guard var state = environments[index].recordedDeployState else {
            throw UsageFailure("\(environment) deploys by rolling update: it has no colours to record")
        }
        if release == nil && active == nil {
            print(state.json, terminator: "")
            return
        }
        if let release {
            try DeployState.validate(release: release, at: "--release")
            state.releases[state.idle] = release
        }
        if let active {
            guard let colour = Environment.Colour(rawValue: active) else {
                throw UsageFailure("--active \(active): not a colour (known: "
                    + Environment.Colour.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            state.active = colour
        }
        environments[index].deployState = state
        // A tree that cannot be generated leaves the recorded state as it was.
        let file = root.appendingPathComponent(DeployState.path(environment: environment))
        let before = FileManager.default.contents(atPath: file.path)
        try state.write(environment: environment, into: root)
        do {
            try Generate.generate(environments, selected: [], into: root, shown: output ?? root.path, check: false, force: false)
        } catch {
            if let before { try? before.write(to: file, options: .atomic) } else { try? FileManager.default.removeItem(at: file) }
            throw error
        }
        print("gen state: \(environment) records \(state.active.rawValue) active, "
            + Environment.Colour.allCases.map { "\($0.rawValue) \(state.releases[$0] ?? "")" }.joined(separator: ", "))
    }
}
