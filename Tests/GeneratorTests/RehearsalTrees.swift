import Environments
import Foundation
import Generator
import Output
import Platform
import SecureMessenger
import XCTest

/// Writes the tree that every deploy state of the rehearsal needs (`Tests/Rehearsal`): all
/// environments, with each colour in turn recorded active in the blue/green ones, exactly as `gen`
/// writes them after the colour-switch pull request (deploy state included). Runs only when `REHEARSAL_TREES` names a
/// folder (`scripts/rehearse.sh` sets it); `<folder>/<colour>/` receives each tree.
final class RehearsalTrees: XCTestCase {
    func testWriteTheTreeOfEachActiveColour() throws {
        guard let folder = ProcessInfo.processInfo.environment["REHEARSAL_TREES"] else {
            throw XCTSkip("REHEARSAL_TREES is not set: nothing to write")
        }
        // The committed deploy state, with each colour in turn active: what `gen state <env>
        // --active <colour>` records after a switch (each colour keeps its release).
        let committed = try DeployState.applying(to: allEnvironments, recordedIn: repositoryRoot.appendingPathComponent("generated"))
        for colour in Environment.Colour.allCases {
            let environments = committed.map { env -> Environment in
                var env = env
                if var state = env.recordedDeployState {
                    state.active = colour
                    env.deployState = state
                }
                return env
            }
            // Written by gen's own writer: with the ownership manifest a later `gen` run relies on.
            let root = URL(fileURLWithPath: folder).appendingPathComponent(colour.rawValue)
            _ = try TreeWriter(outputDirectory: root).write(Generator.generate(environments).plan)
            for env in environments { try env.deployState?.write(environment: env.name, into: root) }
        }
    }
}
