import Environments
import Generator
import KubeModel
import SecureMessenger
import XCTest

/// The structure a blue/green deploy workflow relies on.
final class BlueGreenTests: XCTestCase {
    func testBothColoursAreRenderedAndPublicServicesSelectTheActiveOne() throws {
        let stack = try SecureMessengerStack.build(production)
        XCTAssertEqual(stack.colours.map(\.0), [.blue, .green])
        for (colour, manifests) in stack.colours {
            let names = Set(manifests.map(\.id.description))
            XCTAssertEqual(names, [
                "Deployment/backend-\(colour.rawValue)", "HorizontalPodAutoscaler/backend-\(colour.rawValue)",
                "PodDisruptionBudget/backend-\(colour.rawValue)", "Service/backend-preview-\(colour.rawValue)",
                "Deployment/web-\(colour.rawValue)", "PodDisruptionBudget/web-\(colour.rawValue)",
                "Service/web-preview-\(colour.rawValue)",
            ])
            for manifest in manifests {
                XCTAssertEqual(manifest.object.metadata.labels?["color"], colour.rawValue, manifest.id.description)
            }
            let deployment = try XCTUnwrap(manifests.compactMap { $0.object as? Deployment }.first)
            let preview = try XCTUnwrap(manifests.compactMap { $0.object as? Service }.first { $0.metadata.name.hasPrefix("backend") })
            XCTAssertTrue(preview.spec.selector.isSubset(of: deployment.spec.template.metadata.labels ?? [:]))
            XCTAssertEqual(preview.spec.selector["color"], colour.rawValue)
        }
        // The public Services select the active colour; the data tier's do not have colours.
        let services = stack.shared.compactMap { $0.object as? Service }
        XCTAssertEqual(services.map(\.metadata.name), ["backend", "web", "postgres", "redis"])
        for service in services.prefix(2) { XCTAssertEqual(service.spec.selector["color"], "blue") }
        for service in services.suffix(2) { XCTAssertNil(service.spec.selector["color"]) }
        // The HPA owns the backend's replica count: the Deployment must not fix it.
        let backend = try XCTUnwrap(stack.colours[0].1.compactMap { $0.object as? Deployment }.first)
        XCTAssertNil(backend.spec.replicas)
    }

    func testSwitchingTrafficChangesOnlyTheServiceSelectors() throws {
        var green = production
        green.rollout = .blueGreen(active: .green)
        let blueFiles = try Generator.generate([production]).plan.files
        let greenFiles = try Generator.generate([green]).plan.files
        let changed = zip(blueFiles, greenFiles).filter { $0.contents != $1.contents }.map(\.0.path)
        // The deploy workflow is generated for the declared colour: it now deploys blue, the idle one.
        XCTAssertEqual(changed, [
            ".github/workflows/deploy-production.yml",
            "kubernetes/overlays/production/patches/service-backend.yaml",
            "kubernetes/overlays/production/patches/service-web.yaml",
        ])
    }

    func testStagingRollsInPlace() throws {
        let stack = try SecureMessengerStack.build(staging)
        XCTAssertTrue(stack.colours.isEmpty)
        XCTAssertEqual(stack.workloads.filter { $0.object is Deployment }.map(\.object.metadata.name), ["backend", "web"])
    }
}
