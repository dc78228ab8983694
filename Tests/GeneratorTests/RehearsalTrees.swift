import Environments
import Foundation
import Generator
import Output
import Platform
import SecureMessenger
import XCTest

/// Writes the trees that every deploy state of the rehearsal needs (`Tests/Rehearsal`): all
/// environments, with each colour in turn recorded active in the blue/green ones, exactly as `gen`
/// writes them after the colour-switch pull request (deploy state included). Runs only when
/// `REHEARSAL_TREES` names a folder (`scripts/rehearse.sh` sets it); `<folder>/<colour>/` receives
/// each tree of Secure Messenger, and `REHEARSAL_EXTENDED_TREES`, when set, each tree of the
/// extended product (`ExtendedProduct.swift`: a third service, a worker, a scheduled job), whose
/// deploys the rehearsal runs too.
final class RehearsalTrees: XCTestCase {
    func testWriteTheTreeOfEachActiveColour() throws {
        let variables = ProcessInfo.processInfo.environment
        guard let folder = variables["REHEARSAL_TREES"] else {
            throw XCTSkip("REHEARSAL_TREES is not set: nothing to write")
        }
        try write(allEnvironments, into: folder)
        if let extended = variables["REHEARSAL_EXTENDED_TREES"] {
            let product = adding(worker: queueWorker, to: adding(digestJob, to: adding(notifier, calledBy: backend, to: secureMessenger)))
            try write(environments(of: product), into: extended)
        }
    }

    private func write(_ environments: [Environment], into folder: String) throws {
        // The committed deploy state, with each colour in turn active: what `gen state <env>
        // --active <colour>` records after a switch (each colour keeps its release).
        let committed = try DeployState.applying(to: environments, recordedIn: repositoryRoot.appendingPathComponent("generated"))
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
