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
    /// The Prometheus Pushgateway that batch jobs push their metrics to.
    public var pushgateway: Peer
    /// Where backups go: the object store's addresses. Any public address by default (an S3
    /// endpoint's addresses change), never a private one, so that the rule cannot reach the
    /// cluster's or the VPC's own services on 443; narrow it to the provider's published ranges, or
    /// point it at a VPC endpoint's, per environment.
    public var objectStore: Peer
    /// The Kubernetes API server, as the pods that call it (the restore jobs) reach it: the
    /// `kubernetes` Service's endpoints, on the control plane's private addresses (443 on managed
    /// clusters, 6443 on kubeadm's). Any private range by default; narrow it to the cluster's
    /// control-plane addresses per environment.
    public var apiServer = Peer("kubernetes-api", .addresses(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]))

    /// The API server's ports after the Service's translation (NetworkPolicies see the endpoint's).
    public static let apiServerPorts = [ContainerPort(name: "https", 443), ContainerPort(name: "apiserver", 6443)]
    /// DNS over UDP and TCP (large answers fall back to TCP).
    public static let dnsPorts = [ContainerPort(name: "dns", 53, protocol: .udp), ContainerPort(name: "dns-tcp", 53)]

    /// The Pushgateway's port (its default, 9091), and HTTPS for the object store.
    public static let pushgatewayPort = ContainerPort(name: "http", 9091)
    public static let objectStorePort = ContainerPort(name: "https", 443)

    /// What the standard installations label their pods with.
    public static let standard = ClusterServices(
        ingressController: Peer("ingress-nginx", .podsIn(namespace: "ingress-nginx",
                                                          pods: [StandardLabels.name: "ingress-nginx"])),
        prometheus: Peer("prometheus", .podsIn(namespace: "monitoring", pods: [StandardLabels.name: "prometheus"])),
        dns: Peer("kube-dns", .podsIn(namespace: "kube-system", pods: ["k8s-app": "kube-dns"])),
        pushgateway: Peer("pushgateway", .podsIn(namespace: "monitoring",
                                                 pods: [StandardLabels.name: "prometheus-pushgateway"])),
        objectStore: Peer("object-store", .addresses(["0.0.0.0/0"], except: privateRanges)))

    /// RFC 1918 private ranges, and link-local (cloud metadata services live at 169.254.169.254).
    public static let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]
}
