@testable import Policy
import TestSupport
import XCTest

/// `firstAssignment`'s pre-filter (ASCII-lowered bytes searched for the secret words) skips no
/// line that can match: against the same rules applied to every line, on generated config files.
final class ConfigFileSecretsTests: XCTestCase {
    static let lines = [
        "db.password=hunter2", "DB_PASSWORD = 's3cr3t'", "\"apiToken\": \"abc123\",", "export API_KEY=xyz",
        "password: ${DB_PASSWORD}", "token =", "secret_file: /run/secrets/x", "PrivateKey: {{ .Values.key }}",
        "name: web", "\"panels\": [", "keyboard: true", "Ünïcödé: wert", "KEY=\u{212A}ey", "# password=commented",
        "credentials:", "  - token: abc", "", "   ", "passwd=x", "Pass_Word = \"x\" # note",
    ]

    /// The rules on every line, no pre-filter.
    static func oracle(_ text: String) -> (Int, String, String)? {
        for (i, line) in Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if let (name, value) = ConfigFileSecrets.assignment(Substring(String(decoding: line, as: UTF8.self))),
               let word = SecretShapes.secretWord(inName: name), !ConfigFileSecrets.isPlaceholder(value),
               !SecretShapes.isNotALiteralSecret(value) {
                return (i + 1, name, word)
            }
        }
        return nil
    }

    func testThePreFilterSkipsNoMatchingLine() {
        var random = SplitMix64(seed: 1123)
        var found = 0
        for _ in 0..<5000 {
            let text = (0..<random.next(6)).map { _ in random.pick(Self.lines) }.joined(separator: random.pick(["\n", "\r\n"]))
            let expected = Self.oracle(text)
            let actual = ConfigFileSecrets.firstAssignment(in: text)
            XCTAssertEqual(actual.map { "\($0.line) \($0.name) \($0.word)" }, expected.map { "\($0) \($1) \($2)" }, text)
            if expected != nil { found += 1 }
        }
        XCTAssertGreaterThan(found, 1000)
    }

    func testACRLFFileIsReadLineByLine() {
        XCTAssertEqual(ConfigFileSecrets.firstAssignment(in: "name: web\r\npassword: hunter2\r\n")?.line, 2)
    }
}
