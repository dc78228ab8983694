import DocumentTree
import Foundation
import KustomizeTree
import Render
import TestSupport
import XCTest

/// `StrategicMergeDiff`'s patches, applied by the real `kubectl kustomize`, give the target: keyed
/// lists (containers by name) changed, added to, reordered and shortened at random, every case a
/// Deployment of one build.
final class StrategicMergeDiffTests: XCTestCase {
    static func deployment(_ name: String, containers: [DocNode]) -> DocNode {
        .map([
            ("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")),
            ("metadata", .map([("name", .string(name))])),
            ("spec", .map([("template", .map([("spec", .map([("containers", .sequence(containers))]))]))])),
        ])
    }

    /// Up to five containers named from a small set, each with an image and sometimes a command.
    static func containers(_ random: inout SplitMix64) -> [DocNode] {
        var names = ["a", "b", "c", "d", "e"]
        names.shuffle(using: &random)
        return names.prefix(1 + random.next(5)).map { name in
            var fields: [(String, DocNode)] = [("name", .string(name)), ("image", .string("\(name):\(random.next(2))"))]
            if random.next(2) == 0 { fields.append(("command", .sequence([.string("run-\(random.next(2))")]))) }
            return .map(fields)
        }
    }

    func testKustomizeAppliesEachPatchToTheTarget() throws {
        guard let kubectl = which("kubectl") else {
            return XCTFail("kubectl not on PATH: run `make test`, which installs it under .tools/bin")
        }
        var random = SplitMix64(seed: 17)
        let folder = try temporaryFolder(self)
        var resources: [DocNode] = [], patches: [DocNode] = [], targets: [DocNode] = []
        for i in 0..<200 {
            let name = "case-\(i)"
            let base = Self.deployment(name, containers: Self.containers(&random))
            let target = Self.deployment(name, containers: Self.containers(&random))
            try YAMLRenderer.render(base).write(to: folder.appendingPathComponent("\(name).yaml"), atomically: false, encoding: .utf8)
            resources.append(.string("\(name).yaml"))
            targets.append(target)
            guard var patch = StrategicMergeDiff.patch(from: base, to: target) else { continue }
            patch = patch.setting("apiVersion", to: .string("apps/v1")).setting("kind", to: .string("Deployment"))
                .setting("metadata", to: .map([("name", .string(name))]))
            try YAMLRenderer.render(patch).write(to: folder.appendingPathComponent("patch-\(name).yaml"), atomically: false, encoding: .utf8)
            patches.append(.map([("path", .string("patch-\(name).yaml"))]))
        }
        XCTAssertGreaterThan(patches.count, 150)
        try YAMLRenderer.render(.map([("resources", .sequence(resources)), ("patches", .sequence(patches))]))
            .write(to: folder.appendingPathComponent("kustomization.yaml"), atomically: false, encoding: .utf8)
        let result = try runProcess(kubectl, ["kustomize", folder.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let built = try BuiltObjects.parse(result.stdout)
        let expected = try targets.map(BuiltObjects.rendered)
        XCTAssertEqual(built.count, expected.count)
        for (b, e) in zip(BuiltObjects.sortedByIdentity(built), BuiltObjects.sortedByIdentity(expected)) where b != e {
            XCTFail("\(BuiltObjects.identity(e)): kustomize built\n\(b)\nthe target is\n\(e)")
        }
    }
}
