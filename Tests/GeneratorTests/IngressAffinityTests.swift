import Components
import Environments
import KubeModel
import Platform
import SecureMessenger
import XCTest

/// The edge's stickiness, derived from the model: a routed service that keeps state per client
/// (its Service's ClientIP affinity, `WebService.sessionAffinityTimeout`) gets ingress-nginx's
/// cookie affinity, since ingress-nginx balances to pod endpoints and bypasses the Service's.
final class IngressAffinityTests: XCTestCase {
    func testEveryRouteWithClientAffinityIsStickyAtTheIngressAndNoOtherIs() throws {
        for env in allEnvironments {
            let stack = try ProductStack.build(env)
            let ingresses = stack.shared.compactMap { $0.object as? Ingress }
            let routed = env.product.services.filter { $0.host(env) != nil }
            XCTAssertFalse(routed.isEmpty, env.name)
            for service in routed {
                let host = try XCTUnwrap(service.host(env))
                let serving = ingresses.filter { $0.spec.rules.contains { $0.host == host && $0.http.paths.contains { $0.path == "/" } } }
                XCTAssertEqual(serving.count, 1, "\(env.name): \(host)/ is routed by exactly one Ingress")
                let annotations = try XCTUnwrap(serving.first).metadata.annotations ?? [:]
                let affinity = ProductStack.workload(service, env).sessionAffinityTimeout
                XCTAssertEqual(annotations["nginx.ingress.kubernetes.io/affinity"], affinity.map { _ in "cookie" },
                               "\(env.name): \(service.name)")
                XCTAssertEqual(annotations["nginx.ingress.kubernetes.io/session-cookie-max-age"], affinity.map { String($0.value) },
                               "\(env.name): \(service.name)")
                // Every route keeps the edge's limits, sticky or not.
                XCTAssertEqual(annotations["nginx.ingress.kubernetes.io/limit-rps"],
                               ProductStack.edge(env).rateLimit.map { String($0.requestsPerSecond) })
            }
            // One Certificate for every host: a single Ingress asks cert-manager, and lists them all.
            let issuing = ingresses.filter { $0.metadata.annotations?["cert-manager.io/cluster-issuer"] != nil }
            XCTAssertEqual(issuing.count, 1, env.name)
            XCTAssertEqual(Set(issuing.first?.spec.tls?.flatMap(\.hosts) ?? []), Set(routed.compactMap { $0.host(env) }))
        }
        // The seed's backend keeps WebSocket state per client: the case above is not vacuous.
        XCTAssertNotNil(ProductStack.workload(backend, production).sessionAffinityTimeout)
    }
}
