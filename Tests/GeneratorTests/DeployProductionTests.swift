import Environments
import KustomizeTree
import Platform
import SecureMessenger
import WorkflowModel
import XCTest

/// The blue/green path of deploy-production.yml, in order, with its guards.
final class DeployProductionTests: XCTestCase {
    func testTheBlueGreenPathIsCompleteAndInOrder() throws {
        let workflow = try DeployProduction.workflow(production)
        XCTAssertEqual(workflow.jobs.map(\.id), ["preflight", "deploy", "record", "notify"])
        XCTAssertEqual(workflow.concurrency?.cancelInProgress, false, "a second deploy must wait, not cancel the first")
        let deploy = try XCTUnwrap(workflow.jobs.first { $0.id == "deploy" })
        XCTAssertEqual(deploy.environment?.name, "production")
        XCTAssertEqual(deploy.needs.map(\.id), ["preflight"])
        let names = deploy.steps.map(\.name)
        let path = [
            "Detect the active colour from the live Services", "Back up the database", "Apply the shared objects",
            "Deploy green, the idle colour", "Wait for the green rollout",
            "Smoke-test green through its preview Services, from inside the namespace", "Switch traffic to green",
            "Watch the green error rate for 5 minutes",
            "Scale blue, the old colour, down to 1 replica (kept for a fast rollback)", "Switch back to blue",
        ]
        let positions = try path.map { step in try XCTUnwrap(names.firstIndex(of: step), "missing step \(step)") }
        XCTAssertEqual(positions, positions.sorted(), "steps out of order: \(names)")

        let back = try XCTUnwrap(deploy.steps.last)
        // Also after a switch step that failed or was cancelled half-way: some Services may be switched.
        XCTAssertEqual(back.condition?.text, "((failure()) || (cancelled())) && (((steps.switch.outcome == 'success') || "
            + "(steps.switch.outcome == 'failure')) || (steps.switch.outcome == 'cancelled'))")
        guard case .run(let script) = back.body else { return XCTFail("switch back is not a script") }
        let lines = script.split(separator: "\n").map(String.init)
        // The old colour is back at full size before it takes traffic again.
        let restore = try XCTUnwrap(lines.firstIndex { $0.contains("apply -f \(KustomizeTree.renderedFile(of: KustomizeTree.variantDirectory(environment: production.name, variant: "blue")))") })
        let firstSwitch = try XCTUnwrap(lines.firstIndex { $0.contains("patch service") })
        XCTAssertLessThan(restore, firstSwitch)
        XCTAssertEqual(lines.filter { $0.contains("\"color\":\"blue\"") }.count, production.product.services.count)
    }

    /// The error-rate watch reads the metric and label the services declare, on the new colour's pods.
    func testTheErrorRateQueryUsesTheDeclaredMetric() throws {
        let deploy = try XCTUnwrap(try DeployProduction.workflow(production).jobs.first { $0.id == "deploy" })
        let watch = try XCTUnwrap(deploy.steps.first { $0.name.hasPrefix("Watch") })
        let query = try XCTUnwrap(watch.env.first { $0.0 == "QUERY" }?.1.text)
        XCTAssertTrue(query.contains("\(Telemetry.httpRequests){"), query)
        XCTAssertTrue(query.contains("\(Telemetry.httpStatusLabel)=~\"5..\""), query)
        let pods = production.product.services.map(\.name).joined(separator: "|")
        XCTAssertTrue(query.contains("pod=~\"(\(pods))-green-.+\""), query)
        XCTAssertEqual(watch.env.first { $0.0 == "MAX_ERROR_RATIO" }?.1.text, "0.05")
    }

    func testARollingEnvironmentHasNoBlueGreenWorkflow() {
        XCTAssertThrowsError(try DeployProduction.workflow(staging))
    }

    /// CI pushes `<registry>/<service>` tagged with the version and its build's suffix
    /// (`ImageBuilds`): that must be the image each Deployment runs, or the deploy would wait for
    /// images nobody builds. (ImageBuildsTests runs CI's side.)
    func testCIBuildsTheImagesTheDeploymentsRun() throws {
        let builds = try ImageBuilds.builds(production.product, environments: allEnvironments)
        for (declared, _) in production.product.builtServices {
            let service = ProductStack.workload(declared, production)
            XCTAssertEqual(service.image.repository, "\(production.product.registry)/\(service.name)")
            let build = try XCTUnwrap(builds.first { $0.service.name == declared.name
                && ($0.environment == nil || $0.environment?.name == production.name) })
            XCTAssertEqual(service.image.tag, production.release + build.tagSuffix)
        }
    }
}
