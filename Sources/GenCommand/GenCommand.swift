import ArgumentParser
import Foundation
import Output
import Platform

/// `gen` as a library: the command line of any product's generator. A product's executable is
/// one line, `GenCommand.main(environments: [staging, production])`: it gets `gen`'s generate,
/// check, lint, checks and explain commands, its exit codes and its messages, over its own
/// environments (each of which carries the product it deploys).
public enum GenCommand {
    /// The environments the running command generates, set once by `main` before parsing.
    nonisolated(unsafe) static var environments: [Environment] = []

    /// The folder `--output` names, or `generated/` of the package root found from the current folder.
    static func outputFolder(_ output: String?) throws -> URL {
        try output.map { URL(fileURLWithPath: $0) }
            ?? PackageRoot.defaultOutput(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// Parses the process's arguments, runs the command, exits with its status.
    ///
    /// Exit codes are part of the interface: 2 for usage errors and unreadable input
    /// (ArgumentParser's default is 64), 1 for invalid models, policy failures, refused writes and
    /// drift.
    public static func main(environments: [Environment]) -> Never {
        self.environments = environments
        do {
            var command = try Gen.parseAsRoot()
            try command.run()
            exit(0)
        } catch let error as UsageFailure {
            printError("error: \(error)\n")
            exit(2)
        } catch {
            let code = Gen.exitCode(for: error)
            if code == .success || error is ExitCode {
                Gen.exit(withError: error)
            } else if code == .validationFailure {
                printError(Gen.fullMessage(for: error) + "\n")
                exit(2)
            } else {
                printError("error: \(error)\n")
                exit(1)
            }
        }
    }
}
