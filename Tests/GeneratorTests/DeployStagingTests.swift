import Components
import Environments
import Foundation
import Generator
import KustomizeTree
import Output
import Platform
import SecureMessenger
import TestSupport
import XCTest
import Yams

/// The apply step of a rolling environment's deploy workflow, run as GitHub runs it (`bash -eo
/// pipefail`, in the checkout) on the written tree, with a kubectl stand-in that keeps the file it
/// is given: it must apply what kustomize's `images:` transformer makes of the overlay with CI's
/// tags for this commit, and apply nothing when an image it must replace is not there.
final class DeployStagingTests: XCTestCase {
    let commit = String(repeating: "0123456789abcdef", count: 3).prefix(40)

    struct Applied {
        var status: Int32
        var output: String
        /// The file kubectl was given, nil if it was not called.
        var file: String?
    }

    func rolling() -> [Environment] {
        allEnvironments.filter { $0.namespace != nil && $0.deployState == nil && !$0.product.builtServices.isEmpty }
    }

    /// Runs the step of `env`'s deploy workflow that applies its overlay, in `tree`.
    func apply(_ env: Environment, in tree: URL, workflow: String) throws -> Applied {
        let parsed = try XCTUnwrap(try Yams.load(yaml: workflow) as? [String: Any])
        let jobs = try XCTUnwrap(parsed["jobs"] as? [String: [String: Any]])
        let steps = jobs.values.flatMap { $0["steps"] as? [[String: Any]] ?? [] }
        let step = try XCTUnwrap(steps.first { ($0["run"] as? String)?.contains("kubectl apply") == true }, "no apply step")
        XCTAssertEqual(Set((step["env"] as? [String: Any] ?? [:]).keys), ["SHA"])
        let dir = try temporaryFolder(self)
        let bin = dir.appendingPathComponent("bin"), temp = dir.appendingPathComponent("temp")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        let kept = dir.appendingPathComponent("applied.yaml")
        try? FileManager.default.removeItem(at: kept)
        let kubectl = bin.appendingPathComponent("kubectl")
        // `kubectl apply -f FILE`: keeps FILE.
        try """
            #!/bin/bash
            [ "$1 $2" = "apply -f" ] && [ $# -eq 3 ] || { echo "unexpected kubectl $*" >&2; exit 2; }
            cp -- "$3" \(Shell.word(kept.path))
            """.write(to: kubectl, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: kubectl.path)
        let script = try XCTUnwrap(step["run"] as? String)
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                    ["-i", "PATH=\(bin.path):/usr/bin:/bin", "SHA=\(commit)", "RUNNER_TEMP=\(temp.path)",
                                     "GITHUB_WORKSPACE=\(tree.path)", "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                    in: tree)
        return Applied(status: result.status, output: result.stdout + result.stderr,
                       file: try? String(contentsOf: kept, encoding: .utf8))
    }

    func testTheApplyStepSendsWhatKustomizeImagesMakesOfTheOverlay() throws {
        guard let kubectl = which("kubectl") else {
            throw XCTSkip("kubectl not on PATH: `make test-tools` installs it under .tools/bin, which `make test` puts on PATH")
        }
        let environments = rolling()
        XCTAssertFalse(environments.isEmpty)
        let tree = try temporaryFolder(self).appendingPathComponent("tree")
        let plan = try Generator.generate(allEnvironments).plan
        _ = try TreeWriter(outputDirectory: tree).write(plan)
        for env in environments {
            let workflow = try XCTUnwrap(plan.files.first { $0.path == ".github/workflows/deploy-\(env.name).yml" })
            let applied = try apply(env, in: tree, workflow: workflow.contents)
            XCTAssertEqual(applied.status, 0, applied.output)
            // The reference: kustomize's images transformer over the overlay, one entry per built image.
            // Beside the tree: kustomize takes a base by relative path only ("new root cannot be absolute").
            let reference = tree.deletingLastPathComponent().appendingPathComponent("reference")
            try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
            let entries = env.product.builtServices.map { declared in
                "- name: \(env.product.registry)/\(declared.service.name)\n  newTag: sha-\(commit)\(ImageBuilds.tagSuffix(declared.recipe, env))\n"
            }
            try ("resources:\n- ../\(tree.lastPathComponent)/\(KustomizeTree.overlayDirectory(environment: env.name))\nimages:\n"
                 + entries.joined()).write(to: reference.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
            let built = try runProcess(kubectl, ["kustomize", reference.path])
            XCTAssertEqual(built.status, 0, built.stderr)
            let mine = try BuiltObjects.parse(try XCTUnwrap(applied.file, "kubectl apply was not called"))
            let expected = try BuiltObjects.parse(built.stdout)
            XCTAssertEqual(mine.map(BuiltObjects.identity), expected.map(BuiltObjects.identity), env.name)
            for (object, reference) in zip(mine, expected) {
                XCTAssertEqual(object, reference, "\(env.name): \(BuiltObjects.identity(object))")
            }
            // Every built image is the commit's: the comparison above is not between two unchanged files.
            for declared in env.product.builtServices {
                XCTAssertTrue(built.stdout.contains("\(env.product.registry)/\(declared.service.name):sha-\(commit)"), declared.service.name)
            }
        }
    }

    func testNothingIsAppliedWhenAnImageToReplaceIsMissing() throws {
        for env in rolling() {
            let tree = try temporaryFolder(self).appendingPathComponent("tree")
            let plan = try Generator.generate(allEnvironments).plan
            _ = try TreeWriter(outputDirectory: tree).write(plan)
            let workflow = try XCTUnwrap(plan.files.first { $0.path == ".github/workflows/deploy-\(env.name).yml" })
            // The rendered file pins another tag than the model's: the step must not apply it half-replaced.
            let declared = try XCTUnwrap(env.product.builtServices.last)
            let image = ProductStack.image(declared.service, env, colour: nil).description
            let rendered = tree.appendingPathComponent(KustomizeTree.renderedFile(of: KustomizeTree.overlayDirectory(environment: env.name)))
            let text = try String(contentsOf: rendered, encoding: .utf8)
            XCTAssertTrue(text.contains(" image: \(image)\n"), image)
            try text.replacingOccurrences(of: " image: \(image)\n", with: " image: \(image)-other\n")
                .write(to: rendered, atomically: true, encoding: .utf8)
            let applied = try apply(env, in: tree, workflow: workflow.contents)
            XCTAssertNotEqual(applied.status, 0)
            XCTAssertTrue(applied.file == nil, "kubectl apply ran")
            XCTAssertTrue(applied.output.contains("::error::") && applied.output.contains(image), applied.output)
        }
    }
}
