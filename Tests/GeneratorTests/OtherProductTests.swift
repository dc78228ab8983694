import Components
import Environments
import Generator
import KubeModel
@testable import Platform
import SecureMessenger
import XCTest

/// A product that is not Secure Messenger, declared as `gen init` declares one (`Examples/guestbook`):
/// one routed service backed by PostgreSQL, staging and a blue/green production.
let otherService = AppService(
    "ledger", port: ContainerPort(name: "http", 8080),
    exposure: .route(subdomain: nil, purpose: "HTTPS"),
    image: .built(NodeImage(copies: { _ in [("/out", ".")] }, command: { _ in ["node", "dist/main.js"] })),
    metrics: .scraped(Telemetry.httpMetrics),
    sizing: .init(replicas: 2, requests: ResourceList(cpu: "100m", memory: "128Mi"), limits: ResourceList(cpu: "500m", memory: "256Mi"))
) { s, _, _ in
    s.shutdown = Shutdown(preStopDelay: 10, drain: 20)
}

let otherProduct = Product(
    app: "ledger", title: "Ledger", registry: "ghcr.io/example/ledger", domain: "ledger.example.org",
    repository: "https://github.com/example/ledger", generatorExecutable: "ledger-gen", services: [otherService]
) { env, postgres, _ in
    [Connection(from: env.product.peer(otherService), to: postgres.peer, ports: [DataTier.postgresPort], purpose: "SQL",
                clientConfig: ["DATABASE_HOST": postgres.host, "DATABASE_NAME": env.product.database],
                clientEnv: [EnvVar("DATABASE_PASSWORD", from: .secret(DataTier.postgresCredentials, key: DataTier.passwordKey))])]
}

/// Secure Messenger's names live in its `Product` value only: another product's tree contains
/// none of them. The names are taken from the `secureMessenger` value, and each is first shown to
/// be in Secure Messenger's own tree, so that a name the platform stops writing cannot pass by
/// being absent from both.
final class OtherProductTests: XCTestCase {
    /// Every name Secure Messenger's declaration sets that no other product shares: its identity,
    /// database, the command that regenerates its tree, operations settings, own Secrets and CI jobs (ids, names, step names).
    /// Service names are left out: `backend` and `web` are also ordinary words of the tree's YAML
    /// (an Ingress's `backend:`, "webhook"), and so are the step names CI gives every service's
    /// tests (`Jest`).
    static var secureMessengerNames: [String] {
        let p = secureMessenger
        let ops = p.operations
        let everyProducts = Set(p.builtServices.flatMap { CI.tests($0.service, $0.recipe, p).steps.map(\.name) })
        return [p.app, p.title, p.domain, p.registry, p.repository, p.database, p.regenerateCommand(),
                ops.contactEmail, ops.pageChannel, ops.ticketChannel, ops.backupBucket]
            + p.secrets.map(\.name)
            + p.ciJobs.flatMap { [$0.id + ":", $0.name] + $0.steps([]).map(\.name).filter { !everyProducts.contains($0) } }
    }

    func files(of product: Product) throws -> [String: String] {
        let envs = [Environment.named("staging", of: product) { _ in },
                    Environment.named("production", of: product) { $0.rollout = .blueGreen }]
        let plan = try Generator.generate(envs).plan
        return Dictionary(uniqueKeysWithValues: plan.files.map { ($0.path, $0.contents) })
    }

    func testAnotherProductsTreeNamesNothingOfSecureMessenger() throws {
        let names = Self.secureMessengerNames
        XCTAssertGreaterThan(names.count, 10)
        let own = try files(of: secureMessenger).values.joined(separator: "\n")
        for name in names {
            XCTAssertTrue(own.contains(name), "\(name) is not in Secure Messenger's tree: the check would prove nothing")
        }
        let other = try files(of: otherProduct)
        XCTAssertTrue(other.values.contains { $0.contains(otherProduct.app) })
        for (path, contents) in other.sorted(by: { $0.key < $1.key }) {
            for name in names where contents.contains(name) {
                XCTFail("\(path) names Secure Messenger's \"\(name)\"")
            }
        }
    }
}
