import Environments
import Foundation
import Generator
import KustomizeTree
import Output
import Platform
import SecureMessenger
import TestSupport
import XCTest

/// Proves that the Kustomize tree and the typed model agree: every kustomization, built by the
/// real `kubectl kustomize`, yields exactly the objects the model declares for it.
final class KustomizeRoundTripTests: XCTestCase {
    func testEveryKustomizationBuildsToTheModelsObjects() throws {
        try assertRoundTrip(allEnvironments)
    }

    /// The same with a third service, a worker (whose idle colour's overlay patches it to 0
    /// replicas) and a scheduled job (`ExtendedProduct.swift`).
    func testTheExtendedProductsKustomizationsBuildToItsObjects() throws {
        try assertRoundTrip(environments(of: adding(worker: queueWorker, to: adding(digestJob, to: adding(notifier, calledBy: backend,
                                                                                                       to: secureMessenger)))))
    }

    func assertRoundTrip(_ environments: [Environment]) throws {
        guard let kubectl = which("kubectl") else {
            return XCTFail("kubectl not on PATH: run `make test`, which installs it under .tools/bin")
        }
        let generation = try Generator.generate(environments)
        let out = try temporaryFolder(self).appendingPathComponent("out")
        _ = try TreeWriter(outputDirectory: out).write(generation.plan)
        XCTAssertGreaterThanOrEqual(generation.tree.builds.count, 10)
        for build in generation.tree.builds {
            let result = try runProcess(kubectl, ["kustomize", out.appendingPathComponent(build.directory).path])
            XCTAssertEqual(result.status, 0, "\(build.directory): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", "\(build.directory) printed warnings")
            let built = try BuiltObjects.parse(result.stdout)
            let expected = try build.expected.map(BuiltObjects.rendered)
            XCTAssertEqual(BuiltObjects.sortedByIdentity(built), BuiltObjects.sortedByIdentity(expected), build.directory)
        }
    }
}
