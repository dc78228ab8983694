import Foundation
import Policy
import TestSupport
import XCTest

/// `gen lint` on a folder holding a kustomization: what it builds, with the real kubectl, located in
/// the files the objects come from (Fixtures/kustomize: a base and an overlay that sets the
/// namespace, a name suffix, replicas by a patch, and generates a ConfigMap).
extension LintCommandTests {
    static let kustomizeFixture = CheckFixtureTests.fixtures.appendingPathComponent("kustomize")
    static let baseDeployment = "kustomize/base/deployment.yaml"
    static let overlay = "kustomize/overlays/prod/kustomization.yaml"

    /// Copies the fixture into the temporary folder, so that reports name it `kustomize/…`.
    func copyKustomizeFixture() throws {
        try FileManager.default.copyItem(at: Self.kustomizeFixture, to: folder.appendingPathComponent("kustomize"))
    }

    /// The line of the base Deployment's `image:` field, read from the fixture itself.
    func baseImageLine() throws -> Int {
        let text = try String(contentsOf: folder.appendingPathComponent(Self.baseDeployment), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("image:") }) + 1
    }

    func testAKustomizationFolderIsLintedAsWhatItBuilds() throws {
        guard let kubectl = which("kubectl") else {
            throw XCTSkip("kubectl not on PATH: `make test-tools` installs it under .tools/bin, which `make test` puts first on PATH")
        }
        try copyKustomizeFixture()
        // What the overlay deploys, from kubectl itself: the expected objects are not written here.
        let build = try runProcess(kubectl, ["kustomize", "kustomize/overlays/prod"], in: folder)
        XCTAssertEqual(build.status, 0, build.stderr)
        let built = try YAMLInput.objects(from: build.stdout, file: "build")
        let deployment = try XCTUnwrap(built.first { $0.kind == "Deployment" })
        let generated = try XCTUnwrap(built.first { $0.kind == "ConfigMap" })

        let json = try jsonReport(["--fail-on", "none", "kustomize"])
        XCTAssertEqual(json.status, 0)
        func findings(_ check: String) -> [[String: Any]] { json.findings.filter { $0["check"] as? String == check } }
        // Every finding is about a built object: the base is not linted again as raw files.
        XCTAssertEqual(Set(json.findings.compactMap { $0["object"] as? String }).subtracting(built.map(\.reference)), [])
        // Located in the base file the Deployment comes from, at the field's line there.
        let image = findings("image-tag")
        XCTAssertEqual(image.count, 1, "\(image)")
        XCTAssertEqual(image.first?["object"] as? String, deployment.reference)
        XCTAssertEqual(image.first?["file"] as? String, Self.baseDeployment)
        XCTAssertEqual(image.first?["line"] as? Int, try baseImageLine())
        // The overlay's patch (3 replicas) is what makes a PodDisruptionBudget necessary.
        XCTAssertEqual(findings("pdb-for-replicated-workload").compactMap { $0["file"] as? String }, [Self.baseDeployment])
        // A generated ConfigMap has no source file: it is located at the kustomization.
        let secret = findings("secret-in-configmap")
        XCTAssertEqual(secret.compactMap { $0["object"] as? String }, [generated.reference])
        XCTAssertEqual(secret.compactMap { $0["file"] as? String }, [Self.overlay])

        let text = try gen(["lint", "--fail-on", "none", "kustomize"])
        XCTAssertEqual(text.stderr, "note: linted what \(Self.overlay) builds (kubectl kustomize)\n")
    }

    /// Two overlays that deploy the same names into the same (no) namespace (Fixtures/kustomize-variants):
    /// each build meets only its own objects, so the folder gives the findings of each overlay linted
    /// on its own, not those of a mix of both.
    func testEachBuildIsItsOwnInputForCrossObjectChecks() throws {
        guard which("kubectl") != nil else {
            throw XCTSkip("kubectl not on PATH: `make test-tools` installs it under .tools/bin, which `make test` puts first on PATH")
        }
        let fixture = "kustomize-variants"
        try FileManager.default.copyItem(at: CheckFixtureTests.fixtures.appendingPathComponent(fixture),
                                         to: folder.appendingPathComponent(fixture))
        func findings(_ path: String) throws -> [String] {
            let json = try jsonReport(["--fail-on", "none", path])
            XCTAssertEqual(json.status, 0)
            return json.findings.map { f in
                ["check", "object", "file", "line", "message"].map { "\(f[$0] ?? "-")" }.joined(separator: " | ")
            }.sorted()
        }
        let overlays = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("\(fixture)/overlays").path)
        let separately = try overlays.flatMap { try findings("\(fixture)/overlays/\($0)") }.sorted()
        let together = try findings(fixture)
        // Differences only, both ways: the full lists are long.
        XCTAssertEqual(together.filter { !separately.contains($0) }, [], "found only when linting the folder")
        XCTAssertEqual(separately.filter { !together.contains($0) }, [], "found only when linting each overlay")
        XCTAssertEqual(together.count, separately.count)
        // What mixing the builds would get wrong (the fixture's README): a defect it hides, a false alarm it makes.
        func of(_ check: String) -> [String] { separately.filter { $0.hasPrefix(check + " |") } }
        XCTAssertEqual(of("service-selector-matches").map { $0.components(separatedBy: " | ")[2] },
                       ["\(fixture)/overlays/one/service.yaml"])
        XCTAssertEqual(of("hpa-with-fixed-replicas"), [])
    }

    func testWithoutKubectlTheFilesAreLintedOneByOneAndTheRunSaysSo() throws {
        try copyKustomizeFixture()
        let noTools = folder.appendingPathComponent("empty-path").path
        try FileManager.default.createDirectory(atPath: noTools, withIntermediateDirectories: true)
        let text = try gen(["lint", "--fail-on", "none", "kustomize"], path: noTools)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stderr.contains("note: kubectl not on PATH: \(Self.overlay) was not built"), text.stderr)
        let json = try jsonReport(["--fail-on", "none", "kustomize"], path: noTools)
        let image = json.findings.filter { $0["check"] as? String == "image-tag" }
        XCTAssertEqual(image.compactMap { $0["file"] as? String }, [Self.baseDeployment])
        XCTAssertEqual(image.first?["line"] as? Int, try baseImageLine())
        // The raw base: no namespace, no suffix, no patch, no generated ConfigMap.
        XCTAssertEqual(image.first?["object"] as? String, "Deployment/api")
        let checks = Set(json.findings.compactMap { $0["check"] as? String })
        XCTAssertFalse(checks.contains("pdb-for-replicated-workload"), "\(checks)")
        XCTAssertFalse(checks.contains("secret-in-configmap"), "\(checks)")
    }

    func testAKustomizationThatDoesNotBuildIsReportedAndItsFilesStillLinted() throws {
        guard which("kubectl") != nil else {
            throw XCTSkip("kubectl not on PATH: `make test-tools` installs it under .tools/bin, which `make test` puts first on PATH")
        }
        try write("app/kustomization.yaml", "resources:\n- deployment.yaml\n- missing.yaml\n")
        try write("app/deployment.yaml", Self.rootDeployment)
        let json = try jsonReport(["app"])
        XCTAssertEqual(json.status, 2)
        let unreadable = json.findings.filter { $0["check"] as? String == PolicyEngine.unreadableInput }
        XCTAssertEqual(unreadable.compactMap { $0["file"] as? String }, ["app/kustomization.yaml"])
        let message = try XCTUnwrap(unreadable.first?["message"] as? String)
        XCTAssertTrue(message.hasPrefix("kubectl kustomize failed: "), message)
        // kubectl's reason, naming the missing file, without its log prefix.
        XCTAssertTrue(message.contains("missing.yaml") && !message.contains("run.go"), message)
        XCTAssertTrue(json.findings.contains { $0["check"] as? String == "run-as-non-root" && $0["file"] as? String == "app/deployment.yaml" })
    }
}
