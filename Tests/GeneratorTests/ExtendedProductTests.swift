import Components
import Environments
import Foundation
import Generator
import KubeModel
import Output
import Platform
import SecureMessenger
import TestSupport
import WorkflowModel
import XCTest
import Yams

/// Adding a service or a scheduled job is one declaration: a third service (`notifier`) and a
/// nightly job (`digestJob`), each declared once in `ExtendedProduct.swift`, appear in every
/// artefact, and the real validators pass on the tree that includes them. Every expectation is
/// derived from the declarations.
final class ExtendedProductTests: XCTestCase {
    let product = adding(worker: queueWorker, to: adding(digestJob, to: adding(notifier, calledBy: backend, to: secureMessenger)))
    var extended: [Environment] { environments(of: product) }

    func testTheNewServiceIsInEveryArtefact() throws {
        let generation = try Generator.generate(extended)
        let files = Dictionary(uniqueKeysWithValues: generation.plan.files.map { ($0.path, $0.contents) })
        for env in extended {
            let stack = try ProductStack.build(env)
            let ids = Set(stack.deployed.map(\.id.description))
            let workload = ProductStack.workload(notifier, env)
            // Its objects, in each colour or rolling.
            XCTAssertTrue(ids.contains("Service/\(notifier.name)"), env.name)
            XCTAssertTrue(ids.contains("ServiceAccount/\(notifier.name)"), env.name)
            for colour in env.colours.map(\.variant) + (env.colours.isEmpty ? [nil] : []) {
                XCTAssertTrue(ids.contains("Deployment/\(workload.workloadName(colour))"), env.name)
            }
            // The Ingress routes its host to its port.
            let ingress = try XCTUnwrap(stack.shared.compactMap { $0.object as? Ingress }.first)
            let host = try XCTUnwrap(notifier.host(env))
            XCTAssertEqual(ingress.spec.rules.first { $0.host == host }?.http.paths.first?.backend.service.name, notifier.name)
            XCTAssertTrue(ingress.spec.tls?.first?.hosts.contains(host) == true)
            // NetworkPolicies: the ingress controller, the caller and Prometheus in; DNS out.
            let peer = env.product.peer(notifier)
            let connections = stack.topology.connections.filter { $0.to == peer || $0.from == peer }
            XCTAssertEqual(Set(connections.map { $0.from == peer ? $0.to.name : $0.from.name }),
                           Set([env.cluster.ingressController.name, backend.name, env.cluster.prometheus.name, env.cluster.dns.name]
                               + SmokeTests.peers(env).map(\.name)))
            XCTAssertTrue(ids.contains("NetworkPolicy/\(notifier.name)-connections"), env.name)
            // The caller is configured to reach it.
            let caller = try XCTUnwrap(stack.shared.compactMap { $0.object as? ConfigMap }
                .first { $0.metadata.name.hasPrefix("\(backend.name)-config-") })
            XCTAssertEqual(caller.data["\(notifier.name.uppercased().replacingOccurrences(of: "-", with: "_"))_URL"], "http://\(notifier.name):\(notifier.port.containerPort)")
            // Scraped by a PodMonitor, counted by the application alerts and dashboards.
            XCTAssertTrue(ids.contains("PodMonitor/\(notifier.name)"), env.name)
            let rules = try Monitoring.environmentRules(env)
            let down = try XCTUnwrap(rules.file.alerts.first { $0.name == "ApplicationDown" })
            XCTAssertTrue(down.expr.description.contains("job=\"\(notifier.name)\""), down.expr.description)
            let overview = try XCTUnwrap(Dashboards.all(env).first)
            XCTAssertTrue(overview.panels.contains { $0.targets.contains { $0.expr.description.contains(notifier.name) } })
            // Its deploy: rollout waits, smoke test, and (blue/green) the selector switch and scale-down.
            let deploy = try XCTUnwrap(files[".github/workflows/deploy-\(env.name).yml"])
            for colour in env.colours.map(\.variant) + (env.colours.isEmpty ? [nil] : []) {
                XCTAssertTrue(deploy.contains("deployment/\(workload.workloadName(colour))"), "\(env.name): no rollout wait")
            }
            if !env.colours.isEmpty {
                // The switch step itself (the switch-back step names every Service too).
                let steps = try XCTUnwrap(((try Yams.load(yaml: deploy) as? [String: Any])?["jobs"] as? [String: Any])
                    .flatMap { $0.values.compactMap { ($0 as? [String: Any])?["steps"] as? [[String: Any]] }.joined() })
                let switchStep = try XCTUnwrap(steps.first { $0["id"] as? String == "switch" }?["run"] as? String)
                XCTAssertTrue(switchStep.contains("patch service \(notifier.name) "), "\(env.name): no selector switch")
                // The scheduled job moves to the new colour's release with the traffic.
                let idle = try XCTUnwrap(env.deployState?.idle)
                XCTAssertTrue(switchStep.contains("set image cronjob/\(digestJob.name) "
                    + "\(digestJob.name)=\(ProductStack.image(notifier, env, colour: idle))"), switchStep)
                let back = try XCTUnwrap(steps.first { ($0["name"] as? String)?.hasPrefix("Switch back") == true }?["run"] as? String)
                XCTAssertTrue(back.contains("set image cronjob/\(digestJob.name) "
                    + "\(digestJob.name)=\(ProductStack.image(notifier, env, colour: env.deployState?.active))"), back)
                XCTAssertTrue(env.colours.contains { deploy.contains("patch hpa \(workload.workloadName($0.variant)) ") },
                              "\(env.name): no scale-down")
            }
            // The scheduled job: one CronJob whatever the rollout, running the notifier's image at
            // the live release, with its connection's settings, DNS and PostgreSQL egress.
            let cronJob = try XCTUnwrap(stack.shared.compactMap { $0.object as? CronJob }.first { $0.metadata.name == digestJob.name })
            XCTAssertFalse(stack.colours.flatMap(\.1).contains { $0.id.description.hasPrefix("CronJob/\(digestJob.name)") })
            let jobContainer = try XCTUnwrap(cronJob.spec.jobTemplate.spec.template.spec.containers.first)
            XCTAssertEqual(jobContainer.image, ProductStack.image(notifier, env, colour: env.deployState?.active))
            XCTAssertEqual(jobContainer.command, digestJob.command)
            XCTAssertTrue(jobContainer.env?.contains { $0.name == "DATABASE_HOST" } == true, env.name)
            XCTAssertTrue(ids.contains("ServiceAccount/\(digestJob.name)"), env.name)
            XCTAssertTrue(ids.contains("NetworkPolicy/\(digestJob.name)-connections"), env.name)
            let jobPeer = env.product.peer(digestJob)
            XCTAssertEqual(Set(stack.topology.connections.filter { $0.from == jobPeer }.map(\.to.name)),
                           Set([DataTier.postgres(env).peer.name, env.cluster.dns.name]))
            // The namespace's quota grows by what it runs.
            let without = try ProductStack.build(environments(of: secureMessenger).first { $0.name == env.name }!)
            XCTAssertGreaterThan(try NamespaceBudget(stack.deployed).pods, try NamespaceBudget(without.deployed).pods)
        }
        // Its image: a Dockerfile, CI's build matrix, the production deploy's image check.
        XCTAssertNotNil(files[Dockerfiles.path(notifier.name)])
        XCTAssertTrue(try XCTUnwrap(files[".github/workflows/ci.yml"]).contains("- \(notifier.name)"))
        XCTAssertTrue(try XCTUnwrap(files[".github/workflows/deploy-production.yml"])
            .contains("\(product.registry)/\(notifier.name):"))
        // The documents.
        XCTAssertTrue(try XCTUnwrap(files["docs/architecture.md"]).contains("`\(notifier.name)`"))
        XCTAssertTrue(try XCTUnwrap(files["docs/architecture.md"]).contains("\(digestJob.name)<br/>CronJob"))
    }

    /// The scheduled job is not coloured: it runs the release the public Services select, so a
    /// job never runs code that does not serve (here green is live on a release blue does not run).
    func testTheScheduledJobRunsTheLiveRelease() throws {
        var production = try XCTUnwrap(extended.first { $0.colours.count == 2 })
        production.deployState = DeployState(active: .green, releases: [.blue: "1.0.0", .green: "2.0.0"])
        let stack = try ProductStack.build(production)
        let cronJob = try XCTUnwrap(stack.shared.compactMap { $0.object as? CronJob }.first { $0.metadata.name == digestJob.name })
        XCTAssertEqual(cronJob.spec.jobTemplate.spec.template.spec.containers.first?.image.tag, "2.0.0")
    }

    func testTheSmokeTestsProbeTheNewService() throws {
        try SmokeTestsTests.checkSmokeTests(extended)
    }

    func testBlueGreenCoversTheNewService() throws {
        let production = try XCTUnwrap(extended.first { $0.colours.count == 2 })
        try assertBlueGreen(production)
        try assertSwitchChangesOnlySelectors(production)
    }

    /// The tree with the third service passes the same validators as the committed one.
    func testTheRealValidatorsPassOnTheTree() throws {
        for tool in ["kubectl", "kubernetes-validate", "actionlint", "hadolint", "promtool"] where which(tool) == nil {
            return XCTFail("\(tool) not on PATH: run `make test`, which installs the test tools")
        }
        let out = try temporaryFolder(self).appendingPathComponent("generated")
        _ = try TreeWriter(outputDirectory: out).write(try Generator.generate(extended).plan)
        let scripts = repositoryRoot.appendingPathComponent("scripts")
        for (script, tree) in [("validate-kubernetes.sh", out.appendingPathComponent("kubernetes")),
                               ("validate-workflows.sh", out), ("check-monitoring.sh", out)] {
            // stderr joins stdout: one pipe cannot fill up while the other is read.
            let result = try runProcess(URL(fileURLWithPath: "/bin/bash"),
                                        ["-c", "bash \"$0\" \"$1\" 2>&1", scripts.appendingPathComponent(script).path, tree.path])
            XCTAssertEqual(result.status, 0, "\(script):\n\(result.stdout.suffix(3000))")
        }
    }

    /// Removing a service removes every reference to it: no object, selector, route, image,
    /// workflow target, scrape job or rule names it any more.
    func testARemovedServiceIsReferencedNowhere() throws {
        let gone = web
        let smaller = removing(gone, from: secureMessenger)
        let envs = [Environment.named("staging", of: smaller) { _ in },
                    Environment.named("production", of: smaller) { $0.rollout = .blueGreen }]
        let generation = try Generator.generate(envs)
        let references = ["name: \(gone.name)\n", "name: \(gone.name)-", "\(StandardLabels.component): \(gone.name)\n",
                          "deployment/\(gone.name)", "service \(gone.name) ", "\(Dockerfiles.folder)/\(gone.name)/",
                          "job=\"\(gone.name)\"", "- \(gone.name)\n", "`\(gone.name)`", "\(gone.name):\n"]
        // A job matcher listing it among others (`job=~"backend|web"`); runbooks may quote the seed's.
        let matcher = try NSRegularExpression(pattern: #"job=~\?"[^"]*\b"# + gone.name + #"\b"#)
        for file in generation.plan.files {
            for reference in references where file.contents.contains(reference) {
                XCTFail("\(file.path) still names \(gone.name): \(reference)")
            }
            let range = NSRange(file.contents.startIndex..., in: file.contents)
            if !file.path.hasPrefix("docs/runbooks/"), matcher.firstMatch(in: file.contents, range: range) != nil {
                XCTFail("\(file.path) still selects job \(gone.name)")
            }
        }
        XCTAssertNil(generation.plan.files.first { $0.path.contains("-\(gone.name)") || $0.path.hasSuffix("/\(gone.name).yaml") })
    }

    /// A worker has no Service, no route, no smoke test; Prometheus in, DNS and its queue out; in
    /// blue/green only the serving colour's pods run, and the deploy's switch moves them.
    func testTheWorkerConsumesOnlyOnTheServingColour() throws {
        let generation = try Generator.generate(extended)
        let files = Dictionary(uniqueKeysWithValues: generation.plan.files.map { ($0.path, $0.contents) })
        for env in extended {
            let stack = try ProductStack.build(env)
            let ids = Set(stack.deployed.map(\.id.description))
            let workload = ProductStack.workload(queueWorker, env)
            XCTAssertFalse(ids.contains { $0.hasPrefix("Service/\(queueWorker.name)") }, "\(env.name): a worker has no Service")
            XCTAssertNil(queueWorker.host(env))
            XCTAssertFalse(try XCTUnwrap(files[".github/workflows/deploy-\(env.name).yml"]).contains("patch service \(queueWorker.name) "))
            let peer = env.product.peer(queueWorker)
            XCTAssertEqual(Set(stack.topology.connections.filter { $0.to == peer }.map(\.from.name)), [env.cluster.prometheus.name])
            XCTAssertEqual(Set(stack.topology.connections.filter { $0.from == peer }.map(\.to.name)),
                           [DataTier.redis(env).peer.name, env.cluster.dns.name])
            guard let state = env.deployState else {
                XCTAssertTrue(ids.contains("Deployment/\(queueWorker.name)"), env.name)
                continue
            }
            for (colour, manifests) in stack.colours {
                let deployment = try XCTUnwrap(manifests.compactMap { $0.object as? Deployment }
                    .first { $0.metadata.name == workload.workloadName(colour.variant) })
                XCTAssertEqual(deployment.spec.replicas, colour == state.active ? env[queueWorker].replicas : 0, colour.rawValue)
            }
            // The switch: the new colour's workers up and ready before any selector moves, the old
            // colour's down after; the switch back does the reverse.
            let deploy = try XCTUnwrap(files[".github/workflows/deploy-\(env.name).yml"])
            let steps = try XCTUnwrap(((try Yams.load(yaml: deploy) as? [String: Any])?["jobs"] as? [String: Any])
                .flatMap { $0.values.compactMap { ($0 as? [String: Any])?["steps"] as? [[String: Any]] }.joined() })
            func lines(_ run: String, _ needle: String) -> [Int] {
                run.split(separator: "\n").enumerated().filter { $0.element.contains(needle) }.map(\.offset)
            }
            let up = { (colour: Environment.Colour) in
                "patch deployment \(workload.workloadName(colour.variant)) --type=merge -p '{\"spec\":{\"replicas\":\(env[queueWorker].replicas)}}'"
            }
            let down = { (colour: Environment.Colour) in
                "patch deployment \(workload.workloadName(colour.variant)) --type=merge -p '{\"spec\":{\"replicas\":0}}'"
            }
            for (step, to, from) in [(try XCTUnwrap(steps.first { $0["id"] as? String == "switch" }?["run"] as? String), state.idle, state.active),
                                     (try XCTUnwrap(steps.first { ($0["name"] as? String)?.hasPrefix("Switch back") == true }?["run"] as? String),
                                      state.active, state.idle)] {
                let scaledUp = try XCTUnwrap(lines(step, up(to)).first, step)
                let ready = try XCTUnwrap(lines(step, "rollout status deployment/\(workload.workloadName(to.variant))").last, step)
                let selectors = lines(step, "patch service ")
                let scaledDown = try XCTUnwrap(lines(step, down(from)).first, step)
                XCTAssertFalse(selectors.isEmpty)
                XCTAssertLessThan(scaledUp, ready)
                XCTAssertLessThan(ready, selectors.min()!)
                XCTAssertLessThan(selectors.max()!, scaledDown)
            }
        }
    }
}

/// Model errors name what is wrong, the model path and the Swift line of the declaration (or
/// the environment line that set the value).
final class CompletenessTests: XCTestCase {
    private func error(_ envs: [Environment]) -> String {
        do {
            _ = try Generator.generate(envs)
            XCTFail("generation succeeded")
            return ""
        } catch { return String(describing: error) }
    }

    private func product(with service: AppService) -> Product { adding(service, calledBy: backend, to: secureMessenger) }

    func testAProbeOnAnUndeclaredPortNamesTheServiceAndItsLine() {
        let admin = ContainerPort(name: "admin", 9000)
        var broken = notifier
        broken.configure = { s, _, _ in s.readiness = .http("/ready", port: admin) }
        XCTAssertEqual(error(environments(of: product(with: broken))),
                       "base › \(notifier.name): a probe targets port \"admin\", which the container does not declare\n"
                       + "  declared at \(notifier.source)")
    }

    func testAnOptOutWithoutAReasonNamesTheServiceAndItsLine() {
        var broken = notifier
        broken.configure = { s, _, _ in s.allowing(.readOnlyRootFilesystem, because: " ") }
        XCTAssertEqual(error(environments(of: product(with: broken))),
                       "base › \(notifier.name): opting out of read-only-root-filesystem needs a reason\n"
                       + "  declared at \(notifier.source)")
    }

    func testAConnectionToAComponentNotDeployedNamesTheWiringLine() {
        var p = product(with: notifier)
        let wiring = p.wiring
        let line = #line + 3
        p.wiring = { env, postgres, redis in
            wiring(env, postgres, redis)
                + [Connection(from: env.product.peer(backend), to: Peer.component("notifer", app: env.product.app),
                              ports: [notifier.port], purpose: "typo")]
        }
        XCTAssertEqual(error(environments(of: p)),
                       "base › wiring: a connection (typo) names \"notifer\", which base does not deploy\n"
                       + "  declared at GeneratorTests/ExtendedProductTests.swift:\(line)")
    }

    func testSizingAServiceTheProductDoesNotDeclareNamesTheEnvironmentLine() {
        let line = #line + 1
        let env = Environment.named("staging") { $0[notifier].replicas = 3 }
        XCTAssertEqual(error([env]), "staging: sizes the service \"\(notifier.name)\", which the product does not declare\n"
                       + "  set at GeneratorTests/ExtendedProductTests.swift:\(line)")
    }

    func testIncompleteDeclarationsAreRefusedWithTheirLine() {
        var internalWithoutReason = notifier
        internalWithoutReason.exposure = .internal(because: "")
        XCTAssertEqual(error(environments(of: product(with: internalWithoutReason))),
                       "base › \(notifier.name): an internal service needs a reason (.internal(because: \"…\"))\n"
                       + "  declared at \(notifier.source)")
        var sameHost = notifier
        sameHost.exposure = .route(subdomain: nil, purpose: "a second site")
        XCTAssertEqual(error(environments(of: product(with: sameHost))),
                       "base › \(notifier.name): is routed at \(Environment.base.domain), like \(web.name): give it a subdomain of its own\n"
                       + "  declared at \(notifier.source)")
        var unpinned = notifier
        unpinned.image = .external(Image("ghcr.io/acme/notifier", tag: "1.0"))
        XCTAssertEqual(error(environments(of: product(with: unpinned))),
                       "base › \(notifier.name): runs ghcr.io/acme/notifier:1.0, which nothing here builds, by tag only: pin its digest\n"
                       + "  declared at \(notifier.source)")
        var lonely = notifier
        lonely.exposure = .internal(because: "called by nobody yet")
        lonely.metrics = .none(because: "exposes nothing yet")
        var p = secureMessenger
        p.services.append(lonely)
        XCTAssertEqual(error(environments(of: p)),
                       "base › \(notifier.name): has no route and no connection: declare one in the product's wiring, "
                       + "or declare it isolated (isolated(because: \"…\"))\n  declared at \(notifier.source)")
        p.services[p.services.count - 1] = lonely.isolated(because: "a batch consumer being rolled out")
        XCTAssertNoThrow(try Generator.generate(environments(of: p)))
    }

    func testAWorkerIsRefusedWhatItCannotHave() throws {
        var unnamed = queueWorker
        unnamed.exposure = .worker(consumes: " ")
        XCTAssertEqual(error(environments(of: adding(worker: unnamed, to: secureMessenger))),
                       "base › \(queueWorker.name): a worker needs to say what it consumes (.worker(consumes: \"…\"))\n"
                       + "  declared at \(queueWorker.source)")
        // Something connecting to a worker: it has no Service to connect to.
        var p = adding(worker: queueWorker, to: secureMessenger)
        let wiring = p.wiring
        let line = #line + 3
        p.wiring = { env, postgres, redis in
            wiring(env, postgres, redis)
                + [Connection(from: env.product.peer(backend), to: env.product.peer(queueWorker), ports: [queueWorker.port], purpose: "pushes jobs")]
        }
        XCTAssertEqual(error(environments(of: p)),
                       "base › wiring: a connection (pushes jobs) goes to the worker \"\(queueWorker.name)\", which has no Service: "
                       + "a worker takes its work from a queue or a store; connect both to that\n"
                       + "  declared at GeneratorTests/ExtendedProductTests.swift:\(line)")
        // Autoscaling a worker where the switch sets its replicas, at the environment's line.
        var production = try XCTUnwrap(environments(of: adding(worker: queueWorker, to: secureMessenger)).first { !$0.colours.isEmpty })
        let sized = #line + 1
        production[queueWorker].maxReplicas = 6
        XCTAssertEqual(error([production]),
                       "production › \(queueWorker.name): a worker has a fixed replica count in blue/green (the switch scales it); drop maxReplicas\n"
                       + "  set at GeneratorTests/ExtendedProductTests.swift:\(sized)\n  declared at \(queueWorker.source)")
    }

    func testAScheduledJobRunsOnlyWhatIsBuiltOrPinned() {
        var unpinned = digestJob
        unpinned.image = .external(Image("ghcr.io/acme/digest", tag: "1.0"))
        XCTAssertEqual(error(environments(of: adding(unpinned, to: secureMessenger))),
                       "base › \(digestJob.name): runs ghcr.io/acme/digest:1.0, which nothing here builds, by tag only: pin its digest\n"
                       + "  declared at \(digestJob.source)")
        // The notifier's image, in a product that does not declare the notifier.
        XCTAssertEqual(error(environments(of: adding(digestJob, to: secureMessenger))),
                       "base › \(digestJob.name): runs the image of \(notifier.name), which the product does not declare\n"
                       + "  declared at \(digestJob.source)")
    }
}
