import DocumentTree
import Render
import SecureMessenger

/// `ingress-nginx/values.yaml`: the `controller.config` entries of the ingress-nginx Helm chart
/// that the edge policy needs but an Ingress cannot carry (HSTS is a controller-wide setting).
/// The controller is installed once per cluster, so this is written from the seed's values.
/// `controller.metrics.enabled` gives the metrics Service that Prometheus scrapes
/// (`Scraping.ingressController`): the error-rate alert reads the 5xx the edge answers.
enum IngressControllerValues {
    static func yaml() throws -> String {
        let config = SecureMessengerStack.edge(.base).controllerConfig()
        let doc = DocNode.map([("controller", .map([("config", try TreeEncoder().encode(config)),
                                                     ("metrics", .map([("enabled", .bool(true))]))]))])
        return try YAMLRenderer.render(doc, header: FileHeader.lines(command: "swift run gen"))
    }
}
