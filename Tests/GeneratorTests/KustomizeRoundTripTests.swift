import Environments
import Foundation
import Generator
import KustomizeTree
import Output
import Render
import TestSupport
import XCTest
import Yams

/// Proves that the Kustomize tree and the typed model agree: every kustomization, built by the
/// real `kubectl kustomize`, yields exactly the objects the model declares for it.
final class KustomizeRoundTripTests: XCTestCase {
    func testEveryKustomizationBuildsToTheModelsObjects() throws {
        guard let kubectl = which("kubectl") else {
            return XCTFail("kubectl not on PATH: run `make test`, which installs it under .tools/bin")
        }
        let generation = try Generator.generate(allEnvironments)
        let out = try temporaryFolder(self).appendingPathComponent("out")
        _ = try TreeWriter(outputDirectory: out).write(generation.plan)
        XCTAssertGreaterThanOrEqual(generation.tree.builds.count, 10)
        for build in generation.tree.builds {
            let result = try runProcess(kubectl, ["kustomize", out.appendingPathComponent(build.directory).path])
            XCTAssertEqual(result.status, 0, "\(build.directory): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", "\(build.directory) printed warnings")
            let built = try Yams.load_all(yaml: result.stdout).map { normalise($0) }
            let expected = try build.expected.map { normalise(try Yams.load(yaml: YAMLRenderer.render($0))) }
            XCTAssertEqual(sortedByIdentity(built), sortedByIdentity(expected), build.directory)
        }
    }

    /// Kustomize sorts keys; compare structure, not key order.
    private func normalise(_ value: Any?) -> NSObject {
        switch value {
        case let map as [String: Any]:
            return NSDictionary(dictionary: map.mapValues { normalise($0) })
        case let list as [Any]:
            return NSArray(array: list.map { normalise($0) })
        case let s as String: return NSString(string: s)
        case let i as Int: return NSNumber(value: i)
        case let b as Bool: return NSNumber(value: b)
        case nil: return NSNull()
        default: return NSString(string: "\(value!)")
        }
    }

    private func sortedByIdentity(_ objects: [NSObject]) -> [NSObject] {
        func key(_ o: NSObject) -> String {
            let d = o as? NSDictionary
            let meta = d?["metadata"] as? NSDictionary
            return "\(d?["kind"] ?? "")/\(meta?["name"] ?? "")"
        }
        return objects.sorted { key($0) < key($1) }
    }
}
