import Components
import Environments
import Foundation
@testable import Generator
import Platform
import SecureMessenger
import TestSupport
import XCTest

/// Property tests of the quoting layer (`Shell`, `ShellWord`, `ShellCommand`, `ShellScript`): for
/// values made of the characters that break shell code (apostrophes, quotes, `$`, backquotes,
/// backslashes, newlines, globs, non-ASCII), real bash receives exactly the value. Values come
/// from a seeded generator, so a failure names a value that reproduces.
final class ShellQuotingTests: XCTestCase {
    /// Characters with a meaning to bash, and text that is not ASCII.
    static let alphabet: [String] = ["'", "\"", "$", "`", "\\", "\n", "\t", " ", "!", "*", "?", "[", "]", "{", "}",
                                     "(", ")", ";", "&", "|", "<", ">", "#", "~", "=", "%", "-", "a", "Z", "0", "_",
                                     "$(", "${", "'\\''", "é", "日本", "🔑", "\u{301}", "\u{202E}", "\r"]

    /// `count` values of 0 to 12 pieces of the alphabet, the empty value first.
    static func values(_ count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        return [""] + (1..<count).map { _ in
            (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
        }
    }

    /// Runs `script` with bash (`bash -eo pipefail`, as GitHub runs `run:` steps) and returns its
    /// standard output split at NUL (each value printed with `printf '%s\0'`).
    func bash(_ script: String, environment: [String: String] = [:]) throws -> [String] {
        let dir = try temporaryFolder(self)
        let file = dir.appendingPathComponent("script.sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let env = environment.map { "\($0.key)=\($0.value)" }
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["-i", "PATH=/usr/bin:/bin"] + env + ["bash", "-eo", "pipefail", file.path],
                                in: dir)  // a quoting bug may run a redirection: never in the repository
        XCTAssertEqual(result.status, 0, "bash failed: \(result.stderr)")
        var out = result.stdout.components(separatedBy: "\0")
        XCTAssertEqual(out.popLast(), "", "output must end with NUL")
        return out
    }

    func testAQuotedOrBareWordReachesACommandAsExactlyTheValue() throws {
        let values = Self.values(300, seed: 1)
        let script = values.map { "printf '%s\\0' \(Shell.quote($0)) \(Shell.word($0))" }.joined(separator: "\n")
        XCTAssertEqual(try bash(script), values.flatMap { [$0, $0] })
    }

    func testWordsWithVariablesKeepTextAndValuesIntact() throws {
        // The variables hold hostile values too; text around them is escaped for double quotes.
        let values = Self.values(200, seed: 2)
        var lines: [String] = [], expected: [String] = []
        for (index, pair) in zip(values, values.reversed()).enumerated() {
            let name = "V\(index)"
            lines.append(ShellCommand.assignment(name, ShellWord(pair.0)))
            let word = ShellWord(pair.1) + .variable(name) + ShellWord("x" + pair.1)
            lines.append(ShellCommand(["printf", "%s\\0", word]).rendered)
            expected.append(pair.1 + pair.0 + "x" + pair.1)
        }
        XCTAssertEqual(try bash(lines.joined(separator: "\n")), expected)
    }

    func testProcessSubstitutionPassesTheValueAsAFile() throws {
        let values = Self.values(50, seed: 3)
        var lines: [String] = []
        for (index, value) in values.enumerated() {
            lines.append(ShellCommand.assignment("V\(index)", ShellWord(value)))
            let file = ShellWord.output(of: ShellCommand(["printf", "%s", .variable("V\(index)")]))
            lines.append(ShellCommand(["cat", ShellWord("--") , file]).piped(into: ShellCommand(["tr", "-d", "\\0"])).rendered
                         + "; printf '\\0'")
        }
        XCTAssertEqual(try bash(lines.joined(separator: "\n")), values)
    }

    func testAScriptsConstantsDefaultsAndCommentsCannotBecomeCode() throws {
        let values = Self.values(60, seed: 4).filter { !$0.isEmpty }
        let script = ShellScript(
            name: "x.sh", summary: values,
            usage: values[0],
            constants: values.enumerated().map { .init("C\($0.offset)", $0.element) },
            inputs: values.enumerated().map { .init("D\($0.offset)", $0.element, default: $0.element) },
            body: values.indices.map { "printf '%s\\0%s\\0' \"$C\($0)\" \"$D\($0)\"" }.joined(separator: "\n"))
        XCTAssertEqual(try bash(script.render(header: values)), values.flatMap { [$0, $0] },
                       "a value in a comment, a constant or a default changed the script")
    }

    /// The secrets script of every environment, run with hostile values and a stand-in kubectl
    /// that prints each `--from-file` it receives: every key gets exactly its variable's value.
    func testTheSecretsScriptsCreateEveryKeyWithExactlyItsValue() throws {
        for env in allEnvironments {
            let stack = try ProductStack.build(env)
            let text = SecretsDocument.script(stack)
            let dir = try temporaryFolder(self)
            let bin = dir.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            // create: one "secret/key" NUL value NUL per --from-file; apply: passes its input on.
            try """
                #!/bin/bash
                set -euo pipefail
                if [[ "$1" == create ]]; then
                  for arg in "$@"; do
                    if [[ "$arg" == --from-file=* ]]; then
                      spec="${arg#--from-file=}"
                      printf '%s/%s\\0' "$4" "${spec%%=*}"
                      cat -- "${spec#*=}"
                      printf '\\0'
                    fi
                  done
                else
                  cat
                fi
                """.write(to: bin.appendingPathComponent("kubectl"), atomically: true, encoding: .utf8)
            _ = try runProcess(URL(fileURLWithPath: "/bin/chmod"), ["+x", bin.appendingPathComponent("kubectl").path])
            let supplied = stack.secrets.secrets.filter { $0.provider == .operatorSupplied }
            let keys = supplied.flatMap { secret in secret.keys.map { (secret, $0.key) } }
            let values = Self.values(keys.count + 1, seed: 5).dropFirst().map { "v\($0)" }
            var environment: [String: String] = [:], expected: [String] = []
            for ((secret, key), value) in zip(keys, values) {
                environment[secret.variableName(key)] = value
                expected += ["\(secret.name)/\(key)", value]
            }
            let file = dir.appendingPathComponent("create.sh")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                        ["-i", "PATH=\(bin.path):/usr/bin:/bin"] + environment.map { "\($0.key)=\($0.value)" } + ["bash", file.path],
                                        in: dir)
            XCTAssertEqual(result.status, 0, "\(env.name): \(result.stderr)")
            XCTAssertEqual(result.stdout.components(separatedBy: "\0").dropLast(), expected[...], env.name)
        }
    }
}
