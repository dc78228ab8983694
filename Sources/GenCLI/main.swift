import ArgumentParser
import Foundation

// Exit codes are part of the interface: 2 for usage errors (ArgumentParser's default is 64),
// 1 for invalid models, refused writes and drift.
do {
    var command = try Gen.parseAsRoot()
    try command.run()
} catch {
    let code = Gen.exitCode(for: error)
    if code == .success {
        Gen.exit(withError: error)
    } else if code == .validationFailure {
        FileHandle.standardError.write(Data((Gen.fullMessage(for: error) + "\n").utf8))
        exit(2)
    } else if error is ExitCode {
        Gen.exit(withError: error)
    } else {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
