import DocumentTree
import Foundation
import Render
import WorkflowModel
import XCTest
import Yams

final class WorkflowTests: XCTestCase {
    func render(_ workflow: Workflow) throws -> String {
        PinnedActions.annotatingVersions(try YAMLRenderer.render(workflow.document()))
    }

    /// The rendered sample, byte for byte. `RECORD_GOLDEN=1` rewrites the file (then review the diff).
    func testSampleMatchesTheGolden() throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/sample.yml")
        let yaml = try render(Sample.workflow())
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try yaml.write(to: golden, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(yaml, try String(contentsOf: golden, encoding: .utf8))
    }

    /// `on` is read back as the string key GitHub expects (a YAML 1.1 reader would make an unquoted
    /// `on` the boolean true), and values that look like other types stay strings.
    func testKeysAndScalarsReadBackWithTheirTypes() throws {
        let yaml = try render(Sample.workflow())
        XCTAssertTrue(yaml.contains("\n'on':\n"), "on must be quoted")
        let loaded = try XCTUnwrap(try Yams.load(yaml: yaml) as? [String: Any])
        XCTAssertNotNil(loaded["on"])
        XCTAssertNil(loaded["true"])
        let env = try XCTUnwrap(loaded["env"] as? [String: Any])
        XCTAssertEqual(env["CI"] as? String, "true")
        let jobs = try XCTUnwrap(loaded["jobs"] as? [String: Any])
        let test = try XCTUnwrap(jobs["test"] as? [String: Any])
        let matrix = try XCTUnwrap((test["strategy"] as? [String: Any])?["matrix"] as? [String: Any])
        XCTAssertEqual(matrix["shard"] as? [String], ["1", "2"])
        let steps = try XCTUnwrap(test["steps"] as? [[String: Any]])
        XCTAssertEqual(steps[0]["run"] as? String, "echo \"shard $SHARD of $TAGS\"\ntest \"$SHARD\" != y\n")
        XCTAssertTrue(yaml.contains("run: |\n"), "scripts are literal blocks")
    }

    func testEmptyPermissionsRenderAsAnEmptyMappingInAFixedOrder() throws {
        XCTAssertTrue(try render(Sample.workflow()).contains("\npermissions: {}\n"))
        let permissions = Permissions([.securityEvents: .write, .contents: .read, .actions: .read])
        let doc = try Workflow(file: "p.yml", name: "P", on: [], permissions: permissions, concurrency: nil, jobs: []).document()
        XCTAssertEqual(doc["permissions"], .map([("actions", .string("read")), ("contents", .string("read")),
                                                 ("security-events", .string("write"))]))
    }

    func testCheckoutNeverPersistsTheToken() throws {
        guard case .uses(let action, let inputs) = Step.checkout().body else { return XCTFail("not an action step") }
        XCTAssertEqual(action, PinnedActions.checkout)
        XCTAssertTrue(try render(Sample.workflow()).contains("persist-credentials: false\n"))
        XCTAssertEqual(inputs.map(\.name), ["persist-credentials"])
    }

    // MARK: What the model refuses

    func assertRefused(_ workflow: Workflow, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try workflow.document(), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(message), "\(error)", file: file, line: line)
        }
    }

    func testANeededJobMustBeAnEarlierJobOfTheWorkflow() {
        var workflow = Sample.workflow()
        workflow.jobs.removeFirst()   // `build` is gone, `test` and `ship` still need it
        assertRefused(workflow, "job test: needs build, which is not an earlier job of this workflow")
        var reordered = Sample.workflow()
        reordered.jobs.reverse()
        assertRefused(reordered, "needs build, which is not an earlier job")
    }

    func testAnOutputIsReadOnlyFromANeededJobThatDeclaresIt() {
        var workflow = Sample.workflow()
        workflow.jobs[1].needs = []
        assertRefused(workflow, "job test: step 1 (Run) reads an output of build, which is not in needs")
        var undeclared = Sample.workflow()
        undeclared.jobs[0].outputs = []
        assertRefused(undeclared, "reads output tags of build, which build does not declare")
    }

    func testAnInputMustBeDeclaredByWorkflowDispatch() {
        var workflow = Sample.workflow()
        workflow.triggers = [.push(branches: ["main"])]
        assertRefused(workflow, "reads input release, which workflow_dispatch does not declare")
    }

    func testAStepOutputIsReadOnlyAfterItsStep() {
        var workflow = Sample.workflow()
        workflow.jobs[0].steps.insert(Step("Early", env: [("TAGS", Value(.stepOutput(StepID("meta"), "tags")))], run: "true"), at: 0)
        assertRefused(workflow, "job build: step 1 (Early) reads step meta, which does not run before it")
        var missing = Sample.workflow()
        missing.jobs[0].steps.removeLast()
        assertRefused(missing, "job build: outputs reads step meta")
    }

    func testAScriptMayNotInterpolateAnExpression() {
        var workflow = Sample.workflow()
        workflow.jobs[2].steps[0] = Step("Ship", run: "echo ${{ inputs.release }}")
        assertRefused(workflow, "job ship: step 1 (Ship): the script interpolates an expression; pass it through env: instead")
    }

    func testAMatrixValueNeedsTheAxis() {
        var workflow = Sample.workflow()
        workflow.jobs[1].matrix = nil
        assertRefused(workflow, "reads matrix.shard, which the job's matrix does not declare")
    }

    func testJobIDsAreUniqueAndWellFormed() {
        var twice = Sample.workflow()
        twice.jobs.append(Sample.build())
        assertRefused(twice, "job build: declared twice")
        var bad = Sample.workflow()
        bad.jobs = [Job("1st", name: "x", timeoutMinutes: 1, steps: [])]
        assertRefused(bad, "a job id must match")
        var noTimeout = Sample.workflow()
        noTimeout.jobs[0].timeoutMinutes = 0
        assertRefused(noTimeout, "timeout-minutes must be positive")
    }

    func testExpressionsQuoteTheirLiteralsAndCombine() {
        XCTAssertEqual(Expression.literal("it's").text, "'it''s'")
        let condition = (.failure || .cancelled) && Expression.stepOutcome(StepID("s")) == .literal("success")
        XCTAssertEqual(condition.description, "${{ ((failure()) || (cancelled())) && (steps.s.outcome == 'success') }}")
        let value: Value = "a-\(Expression.input(Sample.release))-\(3)"
        XCTAssertEqual(value.text, "a-${{ inputs.release }}-3")
        XCTAssertEqual(value.references, [.input("release")])
    }
}
