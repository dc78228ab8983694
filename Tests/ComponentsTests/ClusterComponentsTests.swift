import Components
import KubeModel
import XCTest

/// The namespace-level constructs: derived quota and limits, hashed ConfigMaps, the Secret
/// catalogue and the edge policy.
final class ClusterComponentsTests: XCTestCase {
    private let http = ContainerPort(name: "http", 8080)

    private func service(_ name: String = "api", replicas: Int = 2, max: Int = 4) -> WebService {
        var s = WebService(app: "shop", name: name, image: Image("registry.example/\(name)", tag: "1"), ports: [http],
                           resources: ResourceRequirements(requests: ResourceList(cpu: "250m", memory: "512Mi"),
                                                           limits: ResourceList(memory: "1Gi")),
                           scaling: .autoscaled(min: replicas, max: max, metrics: [.utilization("cpu", percent: 70)], behavior: nil))
        s.strategy = .rollingUpdate(maxSurge: 1, maxUnavailable: 0)
        return s
    }

    /// Peak = autoscaler ceiling + surge for the service, one pod for the store; sums exact.
    func testQuotaIsTheWorkloadsPeak() throws {
        let manifests = try service().workloads(namespace: "shop") + DataStoreTests.store().objects(namespace: "shop")
        let budget = try NamespaceBudget(manifests)
        let quota = budget.quota(name: "q", namespace: "shop", labels: [:]).spec.hard
        XCTAssertEqual(quota["pods"], "6")                // (4 + 1) + 1
        XCTAssertEqual(quota["requests.cpu"], "1350m")    // 5 × 250m + 100m (the exporter requests none)
        XCTAssertEqual(quota["requests.memory"], "2816Mi") // 5 × 512Mi + 256Mi
        XCTAssertEqual(quota["limits.memory"], "5696Mi")  // 5 × 1Gi + 512Mi + 64Mi
        XCTAssertEqual(quota["persistentvolumeclaims"], "1")
        XCTAssertEqual(quota["requests.storage"], "10Gi")
        XCTAssertNil(quota["limits.cpu"], "a CPU-limit quota would force CPU limits on every container")
        let limits = budget.limitRange(name: "l", namespace: "shop", labels: [:]).spec.limits[0]
        XCTAssertEqual(limits.max?.memory, "1Gi")
        XCTAssertEqual(limits.default?.memory, "64Mi")
        XCTAssertEqual(limits.defaultRequest?.cpu, "100m")
    }

    func testQuantityArithmeticIsExact() {
        XCTAssertEqual(Quantity("250m").milliValue, 250)
        XCTAssertEqual(Quantity("1.5").milliValue, 1500)
        XCTAssertEqual(Quantity("1Gi").milliValue, 1_073_741_824_000)
        XCTAssertEqual(Quantity("0.5Gi").milliValue, 536_870_912_000)
        XCTAssertNil(Quantity("1e3").milliValue)
        XCTAssertNil(Quantity("0.0001").milliValue, "below a thousandth cannot be summed exactly")
        XCTAssertEqual(Quantity.cpu(milli: 2000), "2")
        XCTAssertEqual(Quantity.bytes(1536 * 1_048_576), "1536Mi")
        XCTAssertEqual(Quantity.bytes(3 * 1_073_741_824), "3Gi")
    }

    /// A change of any setting renames the ConfigMap and so changes the pod template: pods roll.
    func testConfigMapNameFollowsItsContent() throws {
        var s = service()
        s.config = ["LOG_LEVEL": "info"]
        let first = try XCTUnwrap(s.configMap(namespace: "shop")?.object as? ConfigMap)
        let firstDeployment = try XCTUnwrap(try s.workloads(namespace: "shop").first?.object as? Deployment)
        s.config["LOG_LEVEL"] = "debug"
        let second = try XCTUnwrap(s.configMap(namespace: "shop")?.object as? ConfigMap)
        let secondDeployment = try XCTUnwrap(try s.workloads(namespace: "shop").first?.object as? Deployment)
        XCTAssertNotEqual(first.metadata.name, second.metadata.name)
        XCTAssertTrue(first.metadata.name.hasPrefix("api-config-"))
        XCTAssertEqual(first.immutable, true)
        XCTAssertEqual(firstDeployment.spec.template.spec.containers[0].envFrom?.first?.configMapRef?.name, first.metadata.name)
        XCTAssertEqual(secondDeployment.spec.template.spec.containers[0].envFrom?.first?.configMapRef?.name, second.metadata.name)
    }

    func testSecretCatalogueRejectsUndeclaredSecretsAndKeys() throws {
        var s = service()
        s.env = [EnvVar("TOKEN", from: .secret("api-secrets", key: "tokne"))]
        s.envFrom = [.secret("forgotten")]
        let catalogue = SecretCatalogue([SecretDeclaration("api-secrets", keys: [("token", "openssl rand -hex 32")], purpose: "t")])
        let problems = catalogue.check(try s.workloads(namespace: "shop"))
        XCTAssertEqual(problems.count, 2, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("containers[0].env[0]: reads key \"tokne\" of Secret \"api-secrets\"") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("containers[0].envFrom[0]: reads Secret \"forgotten\"") }, "\(problems)")
        s.env = [EnvVar("TOKEN", from: .secret("api-secrets", key: "token"))]
        s.envFrom = []
        XCTAssertEqual(catalogue.check(try s.workloads(namespace: "shop")), [])
        XCTAssertEqual(catalogue.secrets[0].variableName("token"), "API_SECRETS_TOKEN")
    }

    func testEdgePolicyRendersTheControllersAnnotations() throws {
        var edge = EdgePolicy(rateLimit: .init(requestsPerSecond: 20, burstMultiplier: 5, connections: 100),
                              corsOrigins: ["https://shop.example"], hsts: .init(maxAge: 600, includeSubdomains: true, preload: false),
                              idleTimeout: .hours(1))
        let a = try edge.ingressAnnotations()
        XCTAssertEqual(a["nginx.ingress.kubernetes.io/force-ssl-redirect"], "true")
        XCTAssertEqual(a["nginx.ingress.kubernetes.io/limit-rps"], "20")
        XCTAssertEqual(a["nginx.ingress.kubernetes.io/cors-allow-origin"], "https://shop.example")
        XCTAssertEqual(a["nginx.ingress.kubernetes.io/proxy-read-timeout"], "3600")
        XCTAssertEqual(try edge.controllerConfig()["hsts-max-age"], "600")
        for bad in ["*", "http://shop.example", "https://*.example"] {
            edge.corsOrigins = [bad]
            XCTAssertThrowsError(try edge.ingressAnnotations(), bad)
        }
    }

    /// The rate limits count clients, not the load balancer: packets straight from clients keep
    /// their source (externalTrafficPolicy Local, no header trusted); forwarded headers are
    /// trusted from the balancer's ranges only, never from everyone.
    func testTheControllerLearnsClientAddressesWithoutTrustingClients() throws {
        var edge = EdgePolicy(rateLimit: .init(requestsPerSecond: 20, burstMultiplier: 5, connections: 100),
                              corsOrigins: [], hsts: nil, idleTimeout: .hours(1))
        XCTAssertEqual(edge.clientAddress, .direct)
        XCTAssertEqual(edge.externalTrafficPolicy, "Local")
        XCTAssertNil(try edge.controllerConfig()["use-forwarded-headers"])
        edge.clientAddress = .proxyProtocol
        XCTAssertNil(edge.externalTrafficPolicy)
        XCTAssertEqual(try edge.controllerConfig()["use-proxy-protocol"], "true")
        edge.clientAddress = .forwardedHeaders(trustedRanges: ["10.0.0.0/16"])
        XCTAssertEqual(try edge.controllerConfig()["use-forwarded-headers"], "true")
        XCTAssertEqual(try edge.controllerConfig()["proxy-real-ip-cidr"], "10.0.0.0/16")
        for everyone in [[], ["0.0.0.0/0"], ["10.0.0.0/16", "::/0"]] {
            edge.clientAddress = .forwardedHeaders(trustedRanges: everyone)
            XCTAssertThrowsError(try edge.controllerConfig(), "\(everyone)")
        }
    }

    func testShutdownGivesThePreStopDelayAndTheDrainToTheGracePeriod() throws {
        var s = service()
        s.shutdown = Shutdown(preStopDelay: 10, drain: 50)
        let deployment = try XCTUnwrap(try s.workloads(namespace: "shop").first?.object as? Deployment)
        XCTAssertEqual(deployment.spec.template.spec.terminationGracePeriodSeconds, 60)
        XCTAssertEqual(deployment.spec.template.spec.containers[0].lifecycle?.preStop?.sleep?.seconds, 10)
        XCTAssertEqual(deployment.spec.template.spec.topologySpreadConstraints?.map(\.topologyKey),
                       [TopologyKey.zone, TopologyKey.hostname])
    }
}
