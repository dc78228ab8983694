import DocumentTree
import Policy
import XCTest

final class EngineTests: XCTestCase {
    private func deployment(annotations: String = "") throws -> [PolicyObject] {
        try YAMLInput.objects(from: """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: shop
            \(annotations)
            spec:
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers:
                  - name: api
                    image: registry.example/api:1.0
            """, file: "d.yaml")
    }

    private let onlyRoot = PolicyEngine(checks: [CheckRegistry.check("run-as-non-root")!])

    func testFindingsCarryFileLineAndPath() throws {
        let report = onlyRoot.evaluate(try deployment())
        XCTAssertEqual(report.findings.count, 1)
        let f = report.findings[0]
        XCTAssertEqual(f.file, "d.yaml")
        XCTAssertEqual(f.line, 13, "the container, nearest existing ancestor of the missing field")
        XCTAssertEqual(f.path.description, "spec.template.spec.containers[0].securityContext.runAsNonRoot")
        XCTAssertEqual(f.object, "Deployment/shop/api")
    }

    func testSuppressionWithAReasonIsListedNotSilent() throws {
        let report = onlyRoot.evaluate(try deployment(annotations: """
              annotations:
                gen.policy/ignore-run-as-non-root: "the vendor image needs root to bind port 80"
            """))
        XCTAssertEqual(report.findings, [])
        XCTAssertEqual(report.suppressed.map(\.suppressedBecause), ["the vendor image needs root to bind port 80"])
        XCTAssertTrue(TextReport.render(report, color: false).contains("1 suppressed"))
    }

    func testEmptyReasonAndUnknownCheckAreFindings() throws {
        let report = onlyRoot.evaluate(try deployment(annotations: """
              annotations:
                gen.policy/ignore-run-as-non-root: " "
                gen.policy/ignore-no-such-check: "typo"
            """))
        XCTAssertEqual(report.findings.map(\.check).sorted(), ["run-as-non-root", "suppression-reason", "suppression-reason"])
        XCTAssertEqual(report.findings.filter { $0.check == "suppression-reason" }.map(\.severity).sorted(), [.warning, .error])
        XCTAssertTrue(report.fails(at: .error))
        XCTAssertFalse(report.fails(at: nil))
    }

    func testSARIFNamesEveryRuleAndLocatesResults() throws {
        let report = onlyRoot.evaluate(try deployment())
        let sarif = SARIFReport.document(report, checks: onlyRoot.checks, toolVersion: "1", toolURL: "https://example.org/gen")
        XCTAssertEqual(sarif["version"], .string("2.1.0"))
        let run = try XCTUnwrap(sarif["runs"]?.items.first)
        XCTAssertEqual(run["tool"]?["driver"]?["rules"]?.items.compactMap { $0["id"]?.stringValue },
                       ["run-as-non-root", "suppression-reason", "unreadable-input"])
        let result = try XCTUnwrap(run["results"]?.items.first)
        XCTAssertEqual(result["ruleIndex"], .int(0))
        XCTAssertEqual(result["level"], .string("error"))
        let location = result["locations"]?.items.first?["physicalLocation"]
        XCTAssertEqual(location?["artifactLocation"]?["uri"], .string("d.yaml"))
        XCTAssertEqual(location?["region"]?["startLine"], .int(13))
        // An unreadable file is a result of the engine's own rule, at its line.
        let broken = onlyRoot.evaluate([], unreadable: [YAMLInput.InputError(file: "t.yaml", line: 2, message: "invalid YAML")])
        let unreadable = try XCTUnwrap(SARIFReport.document(broken, checks: onlyRoot.checks, toolVersion: "1", toolURL: "https://example.org/gen")["runs"]?
            .items.first?["results"]?.items.first)
        XCTAssertEqual(unreadable["ruleId"], .string("unreadable-input"))
        XCTAssertEqual(unreadable["ruleIndex"], .int(2))
        XCTAssertEqual(unreadable["locations"]?.items.first?["physicalLocation"]?["region"]?["startLine"], .int(2))
        XCTAssertTrue(broken.hasUnreadableInput)
        XCTAssertFalse(report.hasUnreadableInput)
    }

    func testGitHubCommandsEscapeTheirProperties() {
        let finding = Finding(check: "c", severity: .warning, object: "K/ns/n", file: "a,b:c.yaml", line: 3,
                              path: FieldPath(), message: "50% done\nnext", remediation: "fix")
        let text = GitHubReport.render(PolicyReport(findings: [finding], suppressed: []))
        XCTAssertEqual(text, "::warning file=a%2Cb%3Ac.yaml,line=3,title=c%3A K/ns/n::50%25 done%0Anext Fix: fix\n")
    }
}
