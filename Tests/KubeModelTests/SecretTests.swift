import DocumentTree
import KubeModel
import Render
import XCTest

final class SecretTests: XCTestCase {
    private let secret = Secret(metadata: ObjectMeta(name: "db", namespace: "prod"), keys: ["password", "api-key"])

    func testRendersPlaceholdersOnlyUnderStringData() throws {
        let doc = try document(secret)
        XCTAssertEqual(keys(doc), ["apiVersion", "kind", "metadata", "type", "stringData"])
        XCTAssertEqual(doc["type"], .string("Opaque"))
        XCTAssertNil(doc["data"])
        XCTAssertEqual(doc["stringData"], .map([
            ("api-key", .string("<set api-key outside git>")),
            ("password", .string("<set password outside git>")),
        ]))
    }

    func testRenderedYAMLHasOnlyPlaceholders() throws {
        let yaml = try YAMLRenderer.render(try document(secret))
        XCTAssertTrue(yaml.contains("<set password outside git>"), yaml)
        XCTAssertTrue(yaml.contains("<set api-key outside git>"), yaml)
        XCTAssertFalse(yaml.contains("\ndata:"), yaml)
        let stringDataLines = yaml.components(separatedBy: "\n").drop { $0 != "stringData:" }.dropFirst()
        XCTAssertEqual(stringDataLines.filter { $0.hasPrefix("  ") }.count, 2, yaml)
        for line in stringDataLines where line.hasPrefix("  ") {
            XCTAssertTrue(line.contains("outside git>"), "not a placeholder: \(line)")
        }
    }

    func testKeysAreSorted() {
        XCTAssertEqual(secret.keys, ["api-key", "password"])
        XCTAssertEqual(Secret.placeholder(for: "token"), "<set token outside git>")
    }

    func testReferenceToDeclaredKey() throws {
        XCTAssertEqual(try secret.reference("password"), .secret("db", key: "password"))
        let env = try EnvVar("DB_PASSWORD", from: try secret.reference("password")).document()
        XCTAssertEqual(env, .map([("name", .string("DB_PASSWORD")), ("valueFrom", .map([
            ("secretKeyRef", .map([("name", .string("db")), ("key", .string("password"))])),
        ]))]))
    }

    func testReferenceToUndeclaredKeyThrows() {
        let error = invalidValue { try secret.reference("passwd") }
        XCTAssertTrue(error?.message.contains("\"passwd\"") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("api-key, password") ?? false, error?.message ?? "")
    }
}
