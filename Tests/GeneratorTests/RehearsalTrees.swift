import Environments
import Foundation
import Generator
import SecureMessenger
import XCTest

/// Writes the tree that every deploy state of the rehearsal needs (`Tests/Rehearsal`): all
/// environments, with each colour in turn declared active in the blue/green ones, exactly as `gen`
/// would write them after the colour-switch pull request. Runs only when `REHEARSAL_TREES` names a
/// folder (`scripts/rehearse.sh` sets it); `<folder>/<colour>/` receives each tree.
final class RehearsalTrees: XCTestCase {
    func testWriteTheTreeOfEachActiveColour() throws {
        guard let folder = ProcessInfo.processInfo.environment["REHEARSAL_TREES"] else {
            throw XCTSkip("REHEARSAL_TREES is not set: nothing to write")
        }
        for colour in Environment.Colour.allCases {
            let environments = allEnvironments.map { env -> Environment in
                var env = env
                if case .blueGreen = env.rollout { env.rollout = .blueGreen(active: colour) }
                return env
            }
            let root = URL(fileURLWithPath: folder).appendingPathComponent(colour.rawValue)
            for file in try Generator.generate(environments).plan.files {
                let url = root.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
            }
        }
    }
}
