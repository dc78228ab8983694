import DocumentTree
import Render
import Platform

/// `ingress-nginx/values.yaml`: the `controller.config` entries of the ingress-nginx Helm chart
/// that the edge policy needs but an Ingress cannot carry (HSTS is a controller-wide setting).
/// The controller is installed once per cluster, so this is written from the seed's values.
/// `controller.metrics.enabled` gives the metrics Service that Prometheus scrapes
/// (`Scraping.ingressController`): the error-rate alert reads the 5xx the edge answers. The
/// client-address settings (`EdgePolicy.clientAddress`) make the per-address rate limits see
/// clients, not the load balancer.
enum IngressControllerValues {
    static func yaml(_ product: Product) throws -> String {
        let edge = ProductStack.edge(.base(of: product))
        var controller: [(String, DocNode)] = [("config", try edge.controllerConfig().document()),
                                               ("metrics", .map([("enabled", .bool(true))]))]
        if let policy = edge.externalTrafficPolicy {
            controller.append(("service", .map([("externalTrafficPolicy", .string(policy))])))
        }
        let doc = DocNode.map([("controller", .map(controller))])
        return try YAMLRenderer.render(doc, header: FileHeader.lines(command: product.regenerateCommand()))
    }
}
