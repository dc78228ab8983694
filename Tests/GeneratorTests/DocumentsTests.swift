import Environments
@testable import Generator
import Platform
import SecureMessenger
import XCTest

/// The generated documents say what the model says: the diagram has a node for every end of
/// every connection and an arrow per connection; the secrets table and script cover every
/// operator-supplied key, and nothing else.
final class DocumentsTests: XCTestCase {
    func testArchitectureDiagramDrawsEveryConnectionBetweenDeclaredNodes() throws {
        for env in allEnvironments {
            let stack = try ProductStack.build(env)
            let section = ArchitectureDocument.section(stack)
            let mermaid = try XCTUnwrap(section.components(separatedBy: "```mermaid\n").last?.components(separatedBy: "```").first)
            let lines = mermaid.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let nodes = Set(lines.compactMap { line -> String? in
                guard !line.contains("-->"), !line.contains("-.->"), let end = line.firstIndex(where: { "[(".contains($0) })
                else { return nil }
                return String(line[..<end])
            })
            let arrows = lines.filter { $0.contains("-->") || $0.contains("-.->") }
            XCTAssertEqual(arrows.count, stack.topology.connections.count + 1, "one arrow per connection, plus the Internet")
            for arrow in arrows {
                let parts = arrow.split(separator: " ")
                let from = String(parts[0]), to = String(parts[parts.count - 1])
                XCTAssertTrue(nodes.contains(from) && nodes.contains(to), "\(env.name): \(arrow) uses an undeclared node (\(nodes))")
            }
        }
    }

    func testSecretsScriptCreatesEveryOperatorSuppliedKey() throws {
        let stack = try ProductStack.build(staging)
        let script = SecretsDocument.script(stack)
        for secret in stack.secrets.secrets {
            for (key, _) in secret.keys {
                let variable = secret.variableName(key)
                XCTAssertEqual(script.contains("$\(variable)"), secret.provider == .operatorSupplied, variable)
            }
        }
        XCTAssertTrue(script.contains("--namespace=staging"))
        XCTAssertFalse(script.contains("--from-literal"), "values must not reach argv")
    }
}
