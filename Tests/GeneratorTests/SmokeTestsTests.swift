import DocumentTree
import Environments
import Generator
import Platform
import SecureMessenger
import XCTest

/// Each smoke test, as the built tree deploys it, reaches every service of exactly the colour it
/// tests (every service of a rolling environment), through a Service port that leads to the port
/// and path the kubelet probes. The rehearsal runs the same Jobs against the NetworkPolicies.
final class SmokeTestsTests: XCTestCase {
    func testEachSmokeTestProbesEveryServiceOfItsColour() throws {
        try Self.checkSmokeTests(allEnvironments)
    }

    /// The check, for any product's environments (`ExtendedProductTests` runs it on a third service).
    static func checkSmokeTests(_ environments: [Environment]) throws {
        let generation = try Generator.generate(environments)
        for env in environments {
            let ns = try XCTUnwrap(env.namespace)
            // Everything applied in the namespace, each object once (the builds overlap).
            var objects: [String: DocNode] = [:]
            for build in generation.tree.builds {
                for doc in build.expected where doc["metadata"]?["namespace"]?.stringValue == ns {
                    objects["\(doc["kind"]?.stringValue ?? "")/\(doc["metadata"]?["name"]?.stringValue ?? "")"] = doc
                }
            }
            let deployments = objects.filter { $0.key.hasPrefix("Deployment/") }
            XCTAssertEqual(deployments.count, env.product.services.count * max(1, env.colours.count), env.name)
            for colour in SmokeTests.colours(env) {
                let name = SmokeTests.cronJob(colour)
                let cronJob = try XCTUnwrap(objects["CronJob/\(name)"], "\(env.name): no CronJob \(name)")
                XCTAssertEqual(cronJob["spec"]?["suspend"], .bool(true), "\(name) must only run when a deploy runs it")
                let pod = try XCTUnwrap(cronJob["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"])
                guard case .sequence(let containers)? = pod["containers"], case .sequence(let command)? = containers.first?["command"]
                else { return XCTFail("\(name): no command") }
                let urls = command.compactMap(\.stringValue).filter { $0.hasPrefix("http://") }.compactMap(URLComponents.init(string:))
                var reached = Set<String>()
                for url in urls {
                    let service = try XCTUnwrap(objects["Service/\(url.host ?? "")"], "\(name): no Service \(url.host ?? "")")
                    guard case .sequence(let ports)? = service["spec"]?["ports"],
                          let port = ports.first(where: { $0["port"] == .int(url.port ?? 80) }) else {
                        XCTFail("\(name): Service \(url.host ?? "") has no port \(url.port ?? 80)"); continue
                    }
                    let selector = labels(service["spec"]?["selector"])
                    let selected = deployments.filter { _, d in
                        let podLabels = labels(d["spec"]?["template"]?["metadata"]?["labels"])
                        return selector.allSatisfy { podLabels[$0.key] == $0.value }
                    }
                    XCTAssertEqual(selected.count, 1, "\(url): selects \(selected.keys.sorted())")
                    for (key, deployment) in selected {
                        reached.insert(key)
                        let template = deployment["spec"]?["template"]
                        if let colour {
                            XCTAssertEqual(template?["metadata"]?["labels"]?[Environment.Colour.labelKey]?.stringValue, colour.rawValue, "\(url)")
                        }
                        guard case .sequence(let served)? = template?["spec"]?["containers"] else { continue }
                        let probe = served.first?["readinessProbe"]?["httpGet"]
                        XCTAssertEqual(probe?["path"]?.stringValue, url.path, "\(url): not the path the kubelet probes")
                        XCTAssertEqual(probe?["port"], port["targetPort"], "\(url): not the port the kubelet probes")
                    }
                }
                // Every Deployment of the colour, but the workers': they have no Service to test through.
                let workers = Set(env.product.services.filter(\.isWorker)
                    .map { "Deployment/" + ProductStack.workload($0, env).workloadName(colour?.variant) })
                let expected = deployments.filter { key, d in
                    !workers.contains(key)
                        && (colour.map { labels(d["spec"]?["template"]?["metadata"]?["labels"])[Environment.Colour.labelKey] == $0.rawValue } ?? true)
                }
                XCTAssertEqual(reached, Set(expected.keys), "\(env.name): \(name) does not test every service")
            }
        }
    }
}
