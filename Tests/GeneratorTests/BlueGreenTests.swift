import Environments
import Generator
import KubeModel
import KustomizeTree
import Platform
import SecureMessenger
import XCTest

/// The structure a blue/green deploy workflow relies on.
final class BlueGreenTests: XCTestCase {
    func testBothColoursAreRenderedAndPublicServicesSelectTheActiveOne() throws {
        try assertBlueGreen(production)
    }

    func testSwitchingTrafficChangesOnlyTheServiceSelectors() throws {
        try assertSwitchChangesOnlySelectors(production)
    }

    func testStagingRollsInPlace() throws {
        let stack = try ProductStack.build(staging)
        XCTAssertTrue(stack.colours.isEmpty)
        XCTAssertEqual(stack.workloads.filter { $0.object is Deployment }.map(\.object.metadata.name),
                       staging.product.services.map(\.name))
    }
}

/// Every service of `env`'s product has, in each colour, its Deployment and what belongs to it;
/// the public Services select the active colour, the data tier's have none.
func assertBlueGreen(_ env: Environment, file: StaticString = #filePath, line: UInt = #line) throws {
    guard let active = env.deployState?.active else { return XCTFail("\(env.name) is not blue/green", file: file, line: line) }
    let stack = try ProductStack.build(env)
    XCTAssertEqual(stack.colours.map(\.0), [.blue, .green], file: file, line: line)
    for (colour, manifests) in stack.colours {
        var expected = Set<String>()
        for declared in env.product.services {
            let service = ProductStack.workload(declared, env)
            let name = service.workloadName(colour.variant)
            expected.insert("Deployment/\(name)")
            if case .autoscaled = service.scaling { expected.insert("HorizontalPodAutoscaler/\(name)") }
            if service.maxUnavailableDuringDisruption != nil { expected.insert("PodDisruptionBudget/\(name)") }
            let deployment = try XCTUnwrap(manifests.compactMap { $0.object as? Deployment }.first { $0.metadata.name == name })
            // A worker has no Service; only the serving colour's consume.
            if declared.isWorker {
                XCTAssertEqual(deployment.spec.replicas, colour == active ? env[declared].replicas : 0, name, file: file, line: line)
                continue
            }
            expected.insert("Service/\(service.previewServiceName(colour.variant))")
            let preview = try XCTUnwrap(manifests.compactMap { $0.object as? Service }
                .first { $0.metadata.name == service.previewServiceName(colour.variant) })
            XCTAssertTrue(preview.spec.selector.isSubset(of: deployment.spec.template.metadata.labels ?? [:]), file: file, line: line)
            XCTAssertEqual(preview.spec.selector[Environment.Colour.labelKey], colour.rawValue, file: file, line: line)
            // An HPA owns the replica count: the Deployment must not fix it.
            if case .autoscaled = service.scaling { XCTAssertNil(deployment.spec.replicas, name, file: file, line: line) }
        }
        XCTAssertEqual(Set(manifests.map(\.id.description)), expected, file: file, line: line)
        for manifest in manifests {
            XCTAssertEqual(manifest.object.metadata.labels?[Environment.Colour.labelKey], colour.rawValue, manifest.id.description,
                           file: file, line: line)
        }
    }
    let services = stack.shared.compactMap { $0.object as? Service }
    let coloured = Set(env.product.services.filter { !$0.isWorker }.map(\.name))
    XCTAssertTrue(coloured.isSubset(of: services.map(\.metadata.name)), file: file, line: line)
    for service in services {
        XCTAssertEqual(service.spec.selector[Environment.Colour.labelKey],
                       coloured.contains(service.metadata.name) ? active.rawValue : nil, service.metadata.name, file: file, line: line)
    }
}

/// Switching traffic changes the deploy workflow (generated for the recorded colour), one Service
/// patch per service (and the shared overlay's rendered file, which holds the Services) and the
/// runbooks' per-environment commands, nothing else.
func assertSwitchChangesOnlySelectors(_ env: Environment, file: StaticString = #filePath, line: UInt = #line) throws {
    guard let state = env.deployState else { return XCTFail("\(env.name) is not blue/green", file: file, line: line) }
    var switched = env
    switched.deployState?.active = state.idle
    let before = try Generator.generate([env]).plan.files
    let after = try Generator.generate([switched]).plan.files
    let old = Dictionary(uniqueKeysWithValues: before.map { ($0.path, $0.contents) })
    let new = Dictionary(uniqueKeysWithValues: after.map { ($0.path, $0.contents) })
    let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
    // The runbook pages that give each environment's commands name the serving colour too.
    let runbooks = before.filter { $0.path.hasPrefix(Runbooks.folder + "/") && $0.contents.contains(RunbookCommands.heading) }.map(\.path)
    XCTAssertFalse(runbooks.isEmpty, "no runbook page gives the environments' commands", file: file, line: line)
    // CI's kind job deploys the recorded active colour first, then switches to the idle one; the
    // disaster-recovery procedure brings back the recorded active colour.
    XCTAssertEqual(Set(changed), Set([".github/workflows/deploy-\(env.name).yml", ".github/workflows/ci.yml",
                                      DisasterRecovery.documentPath] + runbooks
        + env.product.services.filter { !$0.isWorker }.map { "kubernetes/overlays/\(env.name)/patches/service-\($0.name).yaml" }
        + [KustomizeTree.renderedFile(of: KustomizeTree.overlayDirectory(environment: env.name))]
        + workerReplicaFiles(env)), file: file, line: line)
}

/// The files that hold the replica count of a colour's workers: the idle colour's overlay patches
/// them to 0, so the switch moves the patch (and each colour's kustomization) to the other colour.
func workerReplicaFiles(_ env: Environment) -> [String] {
    let workers = env.product.services.filter(\.isWorker)
    guard !workers.isEmpty else { return [] }
    return env.colours.flatMap { colour in
        let overlay = KustomizeTree.variantDirectory(environment: env.name, variant: colour.rawValue)
        return ["\(overlay)/kustomization.yaml", KustomizeTree.renderedFile(of: overlay)]
            + workers.map { "\(overlay)/patches/deployment-\($0.name).yaml" }
    }
}
