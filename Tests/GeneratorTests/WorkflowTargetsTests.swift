import DocumentTree
import Environments
import Foundation
import Generator
import KustomizeTree
import Platform
import SecureMessenger
import WorkflowModel
import XCTest
import Yams

/// The workflows and Dockerfiles agree with the generated tree: every kubectl target exists, the
/// images probe what the kubelet probes, and the colour the deploy rewrites is the one declared.
final class WorkflowTargetsTests: XCTestCase {
    /// Targets that another issue adds to the tree. Each must be missing today: once it exists,
    /// this test fails so that the entry is removed.
    let knownMissing: Set<Target> = []

    struct Target: Hashable, CustomStringConvertible {
        var namespace: String
        var kind: String
        var name: String
        var description: String { "\(kind)/\(name) in \(namespace)" }
    }

    /// An object of some kustomization build, as `kubectl kustomize` yields it.
    struct Object {
        var namespace: String
        var document: DocNode
        var kind: String { document["kind"]?.stringValue ?? "" }
        var name: String { document["metadata"]?["name"]?.stringValue ?? "" }
    }

    func testEveryKubectlTargetInTheWorkflowsExistsInTheGeneratedTree() throws {
        let generation = try Generator.generate(allEnvironments)
        let objects = generation.tree.builds.flatMap { build in
            build.expected.compactMap { doc in doc["metadata"]?["namespace"]?.stringValue.map { Object(namespace: $0, document: doc) } }
        }
        let namespaces = Set(allEnvironments.compactMap(\.namespace))
        func object(_ target: Target) -> Object? {
            objects.first { $0.namespace == target.namespace && $0.kind == target.kind && $0.name == target.name }
        }
        var missing = Set<Target>()
        var checked = 0
        func require(_ target: Target, _ command: String) -> Object? {
            checked += 1
            XCTAssertFalse(target.name.contains("$"), "not a literal target: \(command)")
            guard let found = object(target) else { missing.insert(target); return nil }
            return found
        }

        let workflows = generation.plan.files.filter { $0.path.hasPrefix(".github/workflows/") }
        XCTAssertEqual(workflows.count, 3)
        var commands = 0
        for file in workflows {
            for command in try kubectlCommands(in: file.contents) {
                commands += 1
                let words = shellWords(command)
                let namespace = value(after: "-n", in: words)
                if let namespace {
                    XCTAssertTrue(namespaces.contains(namespace), "\(file.path): unknown namespace in \(command)")
                }
                if appliedBuild(words, in: file.contents, generation.tree.appliedBuilds) != nil { checked += 1 }
                guard let ns = namespace else { continue }
                for word in words {
                    if let from = word.wholeMatch(of: /--from=cronjob\/(.+)/) {
                        _ = require(Target(namespace: ns, kind: "CronJob", name: String(from.1)), command)
                    }
                    if let ref = word.wholeMatch(of: /(deployment|statefulset)\/(.+)/) {
                        let kind = ref.1 == "deployment" ? "Deployment" : "StatefulSet"
                        _ = require(Target(namespace: ns, kind: kind, name: String(ref.2)), command)
                    }
                }
                let kinds = ["service": "Service", "deployment": "Deployment", "hpa": "HorizontalPodAutoscaler"]
                for verb in ["get", "patch"] {
                    guard let i = words.firstIndex(of: verb), i + 2 < words.count, let kind = kinds[words[i + 1]] else { continue }
                    let found = require(Target(namespace: ns, kind: kind, name: words[i + 2]), command)
                    guard kind == "Service", let service = found else { continue }
                    let selector = labels(service.document["spec"]?["selector"])
                    if let path = words.first(where: { $0.hasPrefix("jsonpath={.spec.selector.") }) {
                        let key = String(path.dropFirst("jsonpath={.spec.selector.".count).dropLast())
                        XCTAssertNotNil(selector[key], "Service \(service.name) has no selector key \(key): \(command)")
                    }
                    if let patch = value(after: "-p", in: words) {
                        // After the patch, the Service must still select the pods of some Deployment.
                        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(patch.utf8)) as? [String: Any])
                        let change = try XCTUnwrap((json["spec"] as? [String: Any])?["selector"] as? [String: String])
                        let patched = selector.merging(change) { $1 }
                        let selected = objects.filter { $0.namespace == ns && $0.kind == "Deployment" }.filter { deployment in
                            let podLabels = labels(deployment.document["spec"]?["template"]?["metadata"]?["labels"])
                            return patched.allSatisfy { podLabels[$0.key] == $0.value }
                        }
                        XCTAssertEqual(selected.count, 1, "after \(command), Service \(service.name) selects \(selected.map(\.name))")
                    }
                }
            }
        }
        XCTAssertGreaterThan(commands, 20)
        XCTAssertGreaterThan(checked, 20)
        XCTAssertTrue(missing.isSubset(of: knownMissing), "kubectl targets missing from the tree: \(missing.subtracting(knownMissing))")
        for target in knownMissing.subtracting(missing) {
            XCTFail("\(target) now exists in the tree: remove it from knownMissing")
        }
    }

    /// The deployer Role of each namespace (bootstrap/<env>) allows every API call the deploy
    /// workflows' kubectl commands make there.
    func testTheDeployerRoleAllowsWhatTheDeployWorkflowsDo() throws {
        let generation = try Generator.generate(allEnvironments)
        let resources = [
            "Deployment": "apps/deployments", "StatefulSet": "apps/statefulsets", "Service": "/services", "ServiceAccount": "/serviceaccounts",
            "ConfigMap": "/configmaps", "Secret": "/secrets", "HorizontalPodAutoscaler": "autoscaling/horizontalpodautoscalers",
            "PodDisruptionBudget": "policy/poddisruptionbudgets", "Ingress": "networking.k8s.io/ingresses",
            "NetworkPolicy": "networking.k8s.io/networkpolicies", "CronJob": "batch/cronjobs", "Job": "batch/jobs",
            "PodMonitor": "monitoring.coreos.com/podmonitors", "PrometheusRule": "monitoring.coreos.com/prometheusrules",
        ]
        var checked = 0
        for file in generation.plan.files where file.path.hasPrefix(".github/workflows/deploy-") {
            for command in try kubectlCommands(in: file.contents) {
                let words = shellWords(command)
                if words == ["kubectl", "version"] { continue }   // /version: open to every authenticated user
                // Where the calls go: -n, or the namespace of the applied overlay's objects.
                let build = appliedBuild(words, in: file.contents, generation.tree.appliedBuilds)
                let namespace = value(after: "-n", in: words) ?? build?.expected.first?["metadata"]?["namespace"]?.stringValue
                let ns = try XCTUnwrap(namespace, "no namespace for \(command)")
                let role = try XCTUnwrap(generation.tree.builds.first { $0.directory.hasSuffix("bootstrap/\(ns)") }?.expected
                    .first { $0["kind"]?.stringValue == "Role" }, "no Role in \(ns)")
                var calls: [(String, String)] = []
                if let build {
                    for doc in build.expected {
                        let kind = doc["kind"]?.stringValue ?? ""
                        let resource = try XCTUnwrap(resources[kind], "kubectl apply of \(kind): which resource?")
                        calls += ["get", "create", "patch"].map { ($0, resource) }
                    }
                }
                if words.contains("rollout") {
                    let workload = words.contains { $0.hasPrefix("statefulset/") } ? "apps/statefulsets" : "apps/deployments"
                    calls += [("get", workload), ("watch", workload), ("list", "apps/replicasets"), ("list", "/pods")]
                }
                if words.contains("logs") { calls.append(("get", "/pods/log")) }
                if words.contains("wait") { calls += [("get", "batch/jobs"), ("list", "batch/jobs"), ("watch", "batch/jobs")] }
                if words.contains(where: { $0.hasPrefix("--from=cronjob/") }) {
                    calls += [("get", "batch/cronjobs"), ("create", "batch/jobs")]
                }
                if words.contains("--server-side") { calls += [("create", "/secrets"), ("patch", "/secrets")] }
                let kinds = ["service": "Service", "deployment": "Deployment", "hpa": "HorizontalPodAutoscaler"]
                for verb in ["get", "patch"] {
                    if let i = words.firstIndex(of: verb), i + 1 < words.count, let kind = kinds[words[i + 1]] {
                        calls.append((verb, resources[kind]!))
                    }
                }
                for (verb, resource) in calls {
                    checked += 1
                    XCTAssertTrue(allows(role, verb: verb, resource: resource), "\(file.path): Role deployer in \(ns) does not allow \(verb) \(resource): \(command)")
                }
            }
        }
        XCTAssertGreaterThan(checked, 40)
    }

    /// Whether a Role's rules grant `verb` on `group/resource`.
    func allows(_ role: DocNode, verb: String, resource: String) -> Bool {
        let parts = resource.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard case .sequence(let rules)? = role["rules"] else { return false }
        func strings(_ node: DocNode?) -> [String] {
            guard case .sequence(let items)? = node else { return [] }
            return items.compactMap(\.stringValue)
        }
        return rules.contains { rule in
            strings(rule["apiGroups"]).contains(parts[0]) && strings(rule["resources"]).contains(parts[1])
                && strings(rule["verbs"]).contains(verb)
        }
    }

    /// Every script a workflow runs (`bash <path>`) is a file of the generated tree, and every
    /// variable the secrets script requires is set from a GitHub secret of that name.
    func testScriptsTheWorkflowsRunAreGenerated() throws {
        let plan = try Generator.generate(allEnvironments).plan.files
        var scripts = 0
        for file in plan where file.path.hasPrefix(".github/workflows/") {
            let workflow = try XCTUnwrap(try Yams.load(yaml: file.contents) as? [String: Any])
            let steps = (workflow["jobs"] as? [String: Any] ?? [:]).values
                .flatMap { ($0 as? [String: Any])?["steps"] as? [[String: Any]] ?? [] }
            for step in steps {
                guard let run = step["run"] as? String, let match = run.firstMatch(of: /^bash ([^\s]+)$/.anchorsMatchLineEndings()) else { continue }
                scripts += 1
                let script = try XCTUnwrap(plan.first { $0.path == String(match.1) }, "\(file.path) runs \(match.1), which gen does not write")
                let env = step["env"] as? [String: String] ?? [:]
                for required in script.contents.matches(of: /\$\{([A-Z0-9_]+):\?/) {
                    XCTAssertEqual(env[String(required.1)], "${{ secrets.\(required.1) }}", "\(file.path): \(required.1)")
                }
            }
        }
        // Each environment's by its deploy workflow, and again by CI's kind job (`ClusterRehearsal`).
        XCTAssertEqual(scripts, 2 * allEnvironments.filter { $0.namespace != nil }.count)
    }

    /// Every `uses:` of the generated workflows is an action of the pinned table, at its full SHA,
    /// with its release tag in a comment; nothing is referenced by tag or branch.
    func testEveryActionIsUsedAtItsPinnedSHAWithItsVersion() throws {
        let plan = try Generator.generate(allEnvironments).plan.files
        let pinned = Dictionary(uniqueKeysWithValues: PinnedActions.all.map { ($0.reference, $0.version) })
        var uses = 0
        for file in plan where file.path.hasPrefix(".github/workflows/") {
            for line in file.contents.split(separator: "\n") where line.contains("uses:") {
                uses += 1
                let match = try XCTUnwrap(line.wholeMatch(of: /\s*(?:- )?uses: (\S+@[0-9a-f]{40}) # (v\S+)/), "\(file.path): \(line)")
                XCTAssertEqual(pinned[String(match.1)], String(match.2), "\(file.path): \(line)")
            }
        }
        XCTAssertGreaterThan(uses, 20)
    }

    /// The `record` job records the switch with `gen state` (a data change and a regeneration,
    /// no text edit of the Swift source), for the idle colour of the state the tree was generated from.
    func testTheColourSwitchIsRecordedWithGenState() throws {
        let committed = try DeployState.applying(to: allEnvironments, recordedIn: repositoryRoot.appendingPathComponent("generated"))
        let blueGreen = committed.filter { $0.deployState != nil }
        XCTAssertFalse(blueGreen.isEmpty, "no blue/green environment")
        for env in blueGreen {
            let idle = try XCTUnwrap(env.deployState).idle
            let workflow = try String(contentsOf: repositoryRoot.appendingPathComponent("generated/.github/workflows/deploy-\(env.name).yml"),
                                      encoding: .utf8)
            XCTAssertTrue(workflow.contains("gen state \(env.name) --active \(idle.rawValue) --output ."), env.name)
            XCTAssertFalse(workflow.contains("sed -i"), env.name)
        }
    }

    /// Each image's HEALTHCHECK requests the path and port of the Deployment's readiness probe, and
    /// the image's user is the pod's runAsUser.
    func testImagesProbeWhatTheKubeletProbesAsTheSameUser() throws {
        let generation = try Generator.generate(allEnvironments)
        let deployments = try XCTUnwrap(generation.tree.builds.first { $0.directory == "kubernetes/base" }).expected
            .filter { $0["kind"]?.stringValue == "Deployment" }
        XCTAssertEqual(deployments.count, Environment.base.product.builtServices.count)
        for deployment in deployments {
            let name = try XCTUnwrap(deployment["metadata"]?["name"]?.stringValue)
            let pod = try XCTUnwrap(deployment["spec"]?["template"]?["spec"])
            guard case .sequence(let containers) = pod["containers"], let container = containers.first,
                  case .sequence(let ports) = container["ports"] else { return XCTFail("no container") }
            let probe = try XCTUnwrap(container["readinessProbe"]?["httpGet"])
            let portName = try XCTUnwrap(probe["port"]?.stringValue)
            let port = try XCTUnwrap(ports.first { $0["name"]?.stringValue == portName }?["containerPort"])
            guard case .int(let number) = port else { return XCTFail("port is not a number") }
            let path = try XCTUnwrap(probe["path"]?.stringValue)
            let user = pod["securityContext"]?["runAsUser"] ?? container["securityContext"]?["runAsUser"]
            guard case .int(let uid)? = user else { return XCTFail("\(name): no runAsUser") }

            let dockerfile = try XCTUnwrap(generation.plan.files.first { $0.path == Dockerfiles.path(name) }).contents
            XCTAssertTrue(dockerfile.contains("fetch('http://127.0.0.1:\(number)\(path)')"), "\(name): HEALTHCHECK")
            XCTAssertTrue(dockerfile.contains("\nEXPOSE \(number)\n"), "\(name): EXPOSE")
            XCTAssertTrue(dockerfile.contains("\nUSER \(uid):\(uid)\n"), "\(name): USER")
            XCTAssertTrue(dockerfile.contains("\nENTRYPOINT [\"dumb-init\", \"--\"]\n"), "\(name): PID 1")
            XCTAssertEqual(dockerfile.components(separatedBy: "\nFROM ").count - 1, 3, "\(name): three stages")
        }
    }

    /// CI and the images are shared files, identical whatever a run selects; each deploy workflow
    /// belongs to its environment, so a run for staging leaves production's alone.
    func testDeployWorkflowsBelongToTheirEnvironment() throws {
        let all = try Generator.generate(allEnvironments).plan.files
        let one = try Generator.generate(allEnvironments, selected: ["staging"]).plan.files
        XCTAssertEqual(one.filter { $0.scope == "shared" }.map(\.contents), all.filter { $0.scope == "shared" }.map(\.contents))
        XCTAssertEqual(all.first { $0.path == ".github/workflows/deploy-production.yml" }?.scope, "production")
        XCTAssertEqual(all.first { $0.path == ".github/workflows/ci.yml" }?.scope, "shared")
        XCTAssertTrue(one.contains { $0.path == ".github/workflows/deploy-staging.yml" })
        XCTAssertFalse(one.contains { $0.path == ".github/workflows/deploy-production.yml" })
    }

    // MARK: Reading the workflows

    /// Every kubectl command line in the `run:` scripts (continuation lines joined, pipes split).
    func kubectlCommands(in yaml: String) throws -> [String] {
        let workflow = try XCTUnwrap(try Yams.load(yaml: yaml) as? [String: Any])
        let jobs = try XCTUnwrap(workflow["jobs"] as? [String: Any])
        let scripts = jobs.values.compactMap { ($0 as? [String: Any])?["steps"] as? [[String: Any]] }
            .flatMap { $0.compactMap { $0["run"] as? String } }
        return scripts.flatMap { script in
            script.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").flatMap { line in
                line.components(separatedBy: " | ").compactMap { part -> String? in
                    guard let range = part.range(of: "kubectl ") else { return nil }
                    let command = part[range.lowerBound...]
                    // `x=$(kubectl …)`: the command ends before the closing parenthesis.
                    if part[..<range.lowerBound].hasSuffix("$("), let close = command.lastIndex(of: ")") {
                        return String(command[..<close])
                    }
                    return String(command)
                }
            }
        }
    }

    /// Splits like a shell for our commands: whitespace outside single or double quotes.
    func shellWords(_ command: String) -> [String] {
        var words: [String] = [], word = "", quote: Character?
        for c in command {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == " " {
                if !word.isEmpty { words.append(word); word = "" }
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    func value(after flag: String, in words: [String]) -> String? {
        guard let i = words.firstIndex(of: flag), i + 1 < words.count else { return nil }
        return words[i + 1]
    }

    /// The kustomization whose rendered build (`KustomizeTree.renderedFile`) `kubectl apply -f`
    /// applies: the literal file, or, for a file the script writes at run time (`-f "$release"`,
    /// staging's with CI's image tags), the rendered file it reads (`done < FILE`), which must be
    /// the only one. Standard input and URLs (the Operator's CRDs) are not builds of the tree.
    func appliedBuild(_ words: [String], in script: String, _ builds: [KustomizeTree.Build]) -> KustomizeTree.Build? {
        guard words.contains("apply"), var file = value(after: "-f", in: words), file != "-", !file.hasPrefix("https://") else {
            return nil
        }
        if file.hasPrefix("$") {
            let read = Set(script.matches(of: /done < (\S+)/).map { String($0.1) })
            XCTAssertEqual(read.count, 1, "a file written at run time must come from exactly one rendered build: \(read)")
            file = read.first ?? file
        }
        let build = builds.first { KustomizeTree.renderedFile(of: $0.directory) == file }
        XCTAssertNotNil(build, "no rendered build at \(file): \(words.joined(separator: " "))")
        return build
    }
}
