import Environments
import Foundation
import Generator
import KustomizeTree
import Platform
import SecureMessenger
import TestSupport
import XCTest
import Yams

/// Runs the `run:` scripts of deploy-production.yml as GitHub runs them (`bash -eo pipefail`),
/// with real bash, awk and jq, and stand-ins for kubectl (logs its arguments, answers the live
/// selector) and curl (answers a Prometheus query). `sleep` only advances bash's clock.
final class DeployScriptTests: XCTestCase {
    struct Run {
        var status: Int32
        var output: String
        var kubectl: [String]
    }

    var steps: [String: [String: Any]] = [:]

    override func setUpWithError() throws {
        let file = try XCTUnwrap(try Generator.generate(allEnvironments).plan.files.first {
            $0.path == ".github/workflows/deploy-production.yml"
        })
        let workflow = try XCTUnwrap(try Yams.load(yaml: file.contents) as? [String: Any])
        let jobs = try XCTUnwrap(workflow["jobs"] as? [String: [String: Any]])
        for job in jobs.values {
            for step in job["steps"] as? [[String: Any]] ?? [] { steps[step["name"] as? String ?? ""] = step }
        }
    }

    /// Runs one step's script with `env` standing for the values GitHub would put in its `env:`.
    func run(_ name: String, env: [String: String] = [:], liveColour: String = "blue", prometheus: String = "",
             stubs: [String: String] = [:], in directory: URL? = nil) throws -> Run {
        let step = try XCTUnwrap(steps[name], "no step \(name)")
        let script = try XCTUnwrap(step["run"] as? String)
        let declared = Set((step["env"] as? [String: Any] ?? [:]).keys)
        XCTAssertEqual(Set(env.keys), declared, "\(name): the test must stand in for exactly the step's env")
        let dir = try temporaryFolder(self)
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = dir.appendingPathComponent("kubectl.log")
        try stub(bin, "kubectl", """
            printf '%s\\n' "$*" >> "\(log.path)"
            case "$*" in *"jsonpath={.spec.selector."*) printf '%s' "$LIVE_COLOUR" ;; esac
            """)
        try stub(bin, "curl", "printf '%s' \"$PROMETHEUS_RESPONSE\"")
        for (name, body) in stubs { try stub(bin, name, body) }
        let outputs = dir.appendingPathComponent("output")
        XCTAssertTrue(FileManager.default.createFile(atPath: outputs.path, contents: nil))
        var environment = env
        environment["PATH"] = "\(bin.path):/usr/bin:/bin"
        environment["GITHUB_OUTPUT"] = outputs.path
        environment["LIVE_COLOUR"] = liveColour
        environment["PROMETHEUS_RESPONSE"] = prometheus
        let prelude = "sleep() { SECONDS=$((SECONDS + $1)); }\n"
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                    ["-i"] + environment.map { "\($0.key)=\($0.value)" }.sorted()
                                        + ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", prelude + script],
                                    in: directory)
        let calls = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        return Run(status: result.status, output: result.stdout + result.stderr, kubectl: calls)
    }

    func stub(_ bin: URL, _ name: String, _ body: String) throws {
        let url = bin.appendingPathComponent(name)
        try "#!/bin/bash\n\(body)\n".write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func prometheus(_ ratio: String?) -> String {
        ratio.map { #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764000000,"\#($0)"]}]}}"# }
            ?? #"{"status":"success","data":{"resultType":"vector","result":[]}}"#
    }

    func testTheVersionMustBeTheReleaseTheIdleColourPins() throws {
        let state = try XCTUnwrap(production.deployState)
        let release = production.release(of: state.idle)
        let name = "Check that \(state.idle.rawValue), the idle colour, pins this version"
        let ok = try run(name, env: ["VERSION": release])
        XCTAssertEqual(ok.status, 0, ok.output)
        let wrong = try run(name, env: ["VERSION": "9.9.9"])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.output.contains("pins release \(release) on \(state.idle.rawValue), the idle colour, not 9.9.9: "
            + "run `\(production.product.regenerateCommand()) state production --release 9.9.9`"), wrong.output)
    }

    func testTheDeployStopsWhenTheLiveColourIsNotTheDeclaredOne() throws {
        let name = "Detect the active colour from the live Services"
        XCTAssertEqual(try run(name, liveColour: "blue").status, 0)
        let drift = try run(name, liveColour: "green")
        XCTAssertEqual(drift.status, 1)
        XCTAssertTrue(drift.output.contains("merge the pending colour-switch pull request"), drift.output)
        XCTAssertEqual(drift.kubectl.count, production.product.services.count, "every public Service is read")
        XCTAssertTrue(drift.kubectl.allSatisfy { $0.contains("--ignore-not-found") }, "\(drift.kubectl)")
    }

    /// No public Service at all (kubectl prints nothing with --ignore-not-found): a first deploy,
    /// which the steps that need a previous one (backup, scale-down) skip.
    func testAnEmptyNamespaceIsAFirstDeploy() throws {
        let first = try run("Detect the active colour from the live Services", liveColour: "")
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertTrue(first.output.contains("first deploy of production"), first.output)
        for name in ["Back up the database", "Scale blue, the old colour, down to 1 replica (kept for a fast rollback)"] {
            XCTAssertEqual(steps[name]?["if"] as? String, "steps.detect.outputs.first != 'true'", name)
        }
    }

    func testTheErrorRateWatchFailsAboveTheThresholdOnly() throws {
        let name = "Watch the green error rate for 5 minutes"
        let env = ["PROMETHEUS_URL": "http://prometheus:9090", "QUERY": "q", "MAX_ERROR_RATIO": "0.05"]
        let high = try run(name, env: env, prometheus: prometheus("0.2"))
        XCTAssertEqual(high.status, 1, high.output)
        XCTAssertTrue(high.output.contains("green serves more than 0.05 of 5xx responses"), high.output)
        for ratio in ["0.01", "0.05", nil, "NaN"] {
            let calm = try run(name, env: env, prometheus: prometheus(ratio))
            XCTAssertEqual(calm.status, 0, "ratio \(ratio ?? "none"): \(calm.output)")
            // Five minutes, a sample every 30 s.
            XCTAssertEqual(calm.output.components(separatedBy: "5xx ratio of green").count - 1, 10, calm.output)
        }
    }

    func testSwitchingBackRestoresTheOldColourThenMovesTraffic() throws {
        let back = try run("Switch back to blue")
        // The job has already failed (or been cancelled) when this runs: it reports, it does not fail again.
        XCTAssertEqual(back.status, 0, back.output)
        XCTAssertTrue(back.output.contains("::error::Traffic is back on blue"), back.output)
        let services = production.product.services.filter { !$0.isWorker }.map(\.name)
        let workers = production.product.services.filter(\.isWorker)
        // Scheduled jobs that run a service's image go back to blue's release with the traffic.
        let jobs = production.product.jobs.compactMap { job -> String? in
            guard case .service(let service) = job.image else { return nil }
            return "-n production set image cronjob/\(job.name) \(job.name)=\(ProductStack.image(service, production, colour: .blue))"
        }
        XCTAssertEqual(back.kubectl, ["apply -f \(KustomizeTree.renderedFile(of: KustomizeTree.variantDirectory(environment: production.name, variant: "blue")))"]
            + services.map { "-n production rollout status deployment/\($0)-blue --timeout=10m" }
            + workers.flatMap { [#"-n production patch deployment \#($0.name)-blue --type=merge -p {"spec":{"replicas":\#(production[$0].replicas)}}"#,
                                 "-n production rollout status deployment/\($0.name)-blue --timeout=10m"] }
            + services.map { #"-n production patch service \#($0) --type=merge -p {"spec":{"selector":{"color":"blue"}}}"# }
            + jobs
            + workers.map { #"-n production patch deployment \#($0.name)-green --type=merge -p {"spec":{"replicas":0}}"# })
    }

    func testScaleDownLowersTheHPAFloorBeforeTheReplicas() throws {
        let down = try run("Scale blue, the old colour, down to 1 replica (kept for a fast rollback)")
        XCTAssertEqual(down.status, 0, down.output)
        // An autoscaled service's HPA floor goes first, or the HPA would scale it back up.
        XCTAssertEqual(down.kubectl, production.product.services.flatMap { declared -> [String] in
            let name = ProductStack.workload(declared, production).workloadName(Environment.Colour.blue.variant)
            let replicas = #"-n production patch deployment \#(name) --type=merge -p {"spec":{"replicas":1}}"#
            guard case .autoscaled = ProductStack.workload(declared, production).scaling else { return [replicas] }
            return [#"-n production patch hpa \#(name) --type=merge -p {"spec":{"minReplicas":1}}"#, replicas]
        })
    }

    /// The record job runs `gen state` in the Swift image on the checkout (mounted from the folder
    /// above it), commits on a branch of its own, pushes it and opens the pull request (git push,
    /// docker and gh are stand-ins here; the rehearsal runs the real gen on a real repository).
    func testTheColourSwitchIsCommittedOnABranchAndProposed() throws {
        let repo = try temporaryFolder(self).appendingPathComponent("product")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try "{}\n".write(to: repo.appendingPathComponent("state.json"), atomically: true, encoding: .utf8)
        let git = URL(fileURLWithPath: "/usr/bin/git")
        for args in [["init", "-q", "-b", "main"], ["add", "-A"],
                     ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "initial"]] {
            XCTAssertEqual(try runProcess(git, args, in: repo).status, 0)
        }
        let log = repo.deletingLastPathComponent().appendingPathComponent("calls.log")
        let record = try run("Open a pull request that records green as active",
                             env: ["GH_TOKEN": "t0ken", "REPOSITORY": "acme/messenger", "RUN_ID": "42", "VERSION": "1.1.0"],
                             stubs: [
                                "git": "if [ \"$1\" = push ]; then echo \"git $*\" >> \(log.path); exit 0; fi\nexec /usr/bin/git \"$@\"",
                                // What gen state changes, in the checkout the step stands in.
                                "docker": "echo \"docker $*\" >> \(log.path)\necho '{\"active\": \"green\"}' > state.json",
                                "gh": "echo \"gh $*\" >> \(log.path)",
                             ], in: repo)
        XCTAssertEqual(record.status, 0, record.output)
        let head = try runProcess(git, ["log", "-1", "--format=%s%n%D"], in: repo).stdout
        XCTAssertEqual(head, "production: green is active (release 1.1.0, deploy run 42)\nHEAD -> gen/production-active-green-42\n")
        let calls = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(calls.count, 3, calls.joined(separator: "\n"))
        XCTAssertTrue(calls[0].hasPrefix("docker run --rm"), calls[0])
        XCTAssertTrue(calls[0].contains("-v \(repo.deletingLastPathComponent().path):/work -w /work/product "), calls[0])
        XCTAssertTrue(calls[0].hasSuffix("\(Toolchain.swiftImage) swift run --package-path deploy/gen --scratch-path /tmp/gen-build "
            + "gen state production --active green --output ."), calls[0])
        XCTAssertEqual(calls[1], "git push https://x-access-token:t0ken@github.com/acme/messenger.git HEAD:refs/heads/gen/production-active-green-42")
        XCTAssertTrue(calls[2].hasPrefix("gh pr create --base main --head gen/production-active-green-42"), calls[2])
    }
}
