import Components
import Environments
import KubeModel
import Platform
import SecureMessenger
import XCTest

/// Prometheus scrapes the pods; the public Ingress never serves a scraped service's metrics path:
/// on every routed host, the longest matching path for it belongs to an Ingress that refuses every
/// client address.
final class MetricsNotRoutedTests: XCTestCase {
    func testEveryRoutedHostRefusesTheMetricsPathToEveryAddress() throws {
        for env in allEnvironments {
            let ingresses = try ProductStack.build(env).shared.compactMap { $0.object as? Ingress }
            let scraped = env.product.services.filter { $0.host(env) != nil && !$0.providedMetrics.isEmpty }
            XCTAssertFalse(scraped.isEmpty, env.name)
            for service in scraped {
                let host = try XCTUnwrap(service.host(env))
                // nginx serves a request from the longest prefix among the host's paths.
                let candidates = ingresses.flatMap { ingress in
                    ingress.spec.rules.filter { $0.host == host }.flatMap(\.http.paths)
                        .filter { ProductStack.metricsPath.hasPrefix($0.path) }.map { (ingress, $0) }
                }
                let chosen = try XCTUnwrap(candidates.max { $0.1.path.count < $1.1.path.count }, "\(env.name): \(host)")
                XCTAssertEqual(chosen.1.path, ProductStack.metricsPath, "\(env.name): \(host)")
                let denied = chosen.0.metadata.annotations?[EdgePolicy.annotationPrefix + "denylist-source-range"]
                XCTAssertEqual(Set(denied?.split(separator: ",").map(String.init) ?? []), Set(EdgePolicy.everyAddress),
                               "\(env.name): \(host)\(ProductStack.metricsPath)")
            }
        }
    }
}
