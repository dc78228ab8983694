import ArgumentParser
import Foundation

// Exit codes are part of the interface: 2 for usage errors and unreadable input (ArgumentParser's
// default is 64), 1 for invalid models, policy failures, refused writes and drift.
do {
    var command = try Gen.parseAsRoot()
    try command.run()
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
