import Environments
import Foundation
import Generator
import Output
import Platform
import SecureMessenger
import TestSupport
import XCTest

/// `gen render`: the objects computed from the model for every overlay are, object by object,
/// what the real `kubectl kustomize` builds from the written tree.
final class RenderOverlaysTests: XCTestCase {
    /// The committed deploy state: each colour's overlay pins the release recorded for it.
    private func environments() throws -> [Environment] {
        try DeployState.applying(to: allEnvironments, recordedIn: repositoryRoot.appendingPathComponent("generated"))
    }

    func testEveryOverlayRendersToWhatKubectlKustomizeBuilds() throws {
        guard let kubectl = which("kubectl") else {
            throw XCTSkip("kubectl not on PATH: `make test-tools` installs it under .tools/bin, which `make test` puts on PATH")
        }
        let environments = try environments()
        let out = try temporaryFolder(self).appendingPathComponent("out")
        _ = try TreeWriter(outputDirectory: out).write(Generator.generate(environments).plan)
        var rendered: [String] = []
        for env in environments where env.namespace != nil {
            for overlay in try Generator.builtOverlays(of: env.name, in: environments) {
                rendered.append(overlay.directory)
                let result = try runProcess(kubectl, ["kustomize", out.appendingPathComponent(overlay.directory).path])
                XCTAssertEqual(result.status, 0, "\(overlay.directory): \(result.stderr)")
                XCTAssertEqual(result.stderr, "", "\(overlay.directory) printed warnings")
                // The printed stream, parsed: what `gen render` shows, not only the documents behind it.
                let mine = try BuiltObjects.parse(overlay.yaml())
                let built = try BuiltObjects.parse(result.stdout)
                XCTAssertEqual(mine.map(BuiltObjects.identity).sorted(), built.map(BuiltObjects.identity).sorted(),
                               overlay.directory)
                let byIdentity = Dictionary(built.map { (BuiltObjects.identity($0), $0) }, uniquingKeysWith: { a, _ in a })
                for object in mine {
                    let id = BuiltObjects.identity(object)
                    XCTAssertEqual(object, byIdentity[id], "\(overlay.directory): \(id) differs from kubectl kustomize's")
                }
            }
        }
        // Every Kustomization in the overlays' folders is rendered (a Component is built only
        // through the overlays that use it).
        let folders = Set(rendered.map { $0.split(separator: "/").dropLast().joined(separator: "/") })
        XCTAssertEqual(folders.count, 1, "overlays sit in one folder: \(folders)")
        var onDisk: [String] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(folder).path) {
                let kustomization = out.appendingPathComponent("\(folder)/\(name)/kustomization.yaml")
                let parsed = try BuiltObjects.parse(String(contentsOf: kustomization, encoding: .utf8))
                if (parsed.first as? NSDictionary)?["kind"] as? String == "Kustomization" { onDisk.append("\(folder)/\(name)") }
            }
        }
        XCTAssertEqual(rendered.sorted(), onDisk.sorted())
        XCTAssertGreaterThanOrEqual(rendered.count, 4)
    }

    func testRenderCommandPrintsOneOverlayOrRefusesAnUnknownOne() throws {
        let environments = try environments()
        let blueGreen = try XCTUnwrap(environments.first { $0.deployState != nil })
        let overlays = try Generator.builtOverlays(of: blueGreen.name, in: environments)
        let colour = try XCTUnwrap(overlays.last)
        let name = URL(fileURLWithPath: colour.directory).lastPathComponent
        let generated = repositoryRoot.appendingPathComponent("generated").path

        let one = try runProcess(genExecutable, ["render", blueGreen.name, "--overlay", name, "--output", generated])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(one.stdout, try colour.yaml())

        let all = try runProcess(genExecutable, ["render", blueGreen.name, "--output", generated])
        XCTAssertEqual(all.stdout, try overlays.map { try $0.yaml() }.joined())

        let unknown = try runProcess(genExecutable, ["render", blueGreen.name, "--overlay", "no-such-overlay"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("its overlays: \(overlays.map { URL(fileURLWithPath: $0.directory).lastPathComponent }.joined(separator: ", "))"), unknown.stderr)
    }
}
