import Components
import KubeModel

/// The cluster's own services that Secure Messenger's pods talk to or hear from, as peers of
/// connections. They differ between clusters, so each environment may change them.
public struct ClusterServices: Sendable {
    /// The ingress controller's pods (ingress-nginx, installed by its Helm chart).
    public var ingressController: Peer
    /// The Prometheus server that scrapes every metrics port.
    public var prometheus: Peer
    /// The cluster DNS (CoreDNS keeps kube-dns's `k8s-app` label).
    public var dns: Peer

    /// DNS over UDP and TCP (large answers fall back to TCP).
    public static let dnsPorts = [ContainerPort(name: "dns", 53, protocol: .udp), ContainerPort(name: "dns-tcp", 53)]

    /// What the standard installations label their pods with.
    public static let standard = ClusterServices(
        ingressController: Peer("ingress-nginx", .podsIn(namespace: "ingress-nginx",
                                                          pods: [StandardLabels.name: "ingress-nginx"])),
        prometheus: Peer("prometheus", .podsIn(namespace: "monitoring", pods: [StandardLabels.name: "prometheus"])),
        dns: Peer("kube-dns", .podsIn(namespace: "kube-system", pods: ["k8s-app": "kube-dns"])))
}
