import Components
import KubeModel

/// The Secure Messenger product as the seed describes it, built from components for one
/// environment. Every port, host and name is declared here once and passed by value.
public enum SecureMessengerStack {
    public static let app = "secure-messenger"
    public static let registry = "ghcr.io/secure-messenger"
    public static let ingressClass = "nginx"
    public static let opsEmail = "devops@secure-messenger.app"
    public static let tlsSecret = "secure-messenger-tls"

    /// NestJS serves HTTP and WebSockets on one port.
    ///
    /// The seed's Service lists `http` and `ws` both on 3000: the API rejects two Service ports
    /// with the same number and protocol, and WebSockets are an HTTP upgrade on the same port, so
    /// one named port serves both.
    public static let backendHTTP = ContainerPort(name: "http", 3000)
    /// Next.js.
    public static let webHTTP = ContainerPort(name: "http", 3001)
    /// Liveness and readiness path of both services.
    public static let healthPath = "/health"
    /// Where the backend and web serve Prometheus metrics, on their HTTP port (seed 5.2).
    public static let metricsPath = "/metrics"
    /// postgres-exporter's metrics port (its default, 9187), in the PostgreSQL pod.
    public static let postgresExporterMetrics = ContainerPort(name: "metrics", 9187)
    /// redis_exporter's metrics port (its default, 9121), in the Redis pod.
    public static let redisExporterMetrics = ContainerPort(name: "metrics", 9121)

    /// The backend (NestJS API and WebSocket gateway).
    public static func backend(_ env: Environment) -> WebService {
        var s = WebService(
            app: app, name: "backend",
            image: Image("\(registry)/backend", tag: env.release),
            ports: [backendHTTP],
            resources: ResourceRequirements(requests: env.backend.requests, limits: env.backend.limits),
            scaling: .autoscaled(
                min: env.backend.replicas, max: env.backend.maxReplicas ?? env.backend.replicas,
                metrics: [.utilization("cpu", percent: 70), .utilization("memory", percent: 80)],
                behavior: HPABehavior(
                    scaleUp: HPAScalingRules(policies: [.percent(100, every: 30)]),
                    scaleDown: HPAScalingRules(stabilizationWindow: 300, policies: [.percent(50, every: 60)]))))
        operateLikeTheSeed(&s, port: backendHTTP)
        s.sessionAffinityTimeout = .hours(1)
        s.envFrom = [.secret(appSecrets)]
        return s
    }

    /// The web front (Next.js).
    public static func web(_ env: Environment) -> WebService {
        var s = WebService(
            app: app, name: "web",
            image: Image("\(registry)/web", tag: env.release),
            ports: [webHTTP],
            resources: ResourceRequirements(requests: env.web.requests, limits: env.web.limits),
            scaling: env.web.maxReplicas.map {
                .autoscaled(min: env.web.replicas, max: $0, metrics: [.utilization("cpu", percent: 70)], behavior: nil)
            } ?? .fixed(env.web.replicas))
        operateLikeTheSeed(&s, port: webHTTP)
        s.env = [EnvVar("NEXT_TELEMETRY_DISABLED", "1"), EnvVar("PORT", String(webHTTP.containerPort))]
        return s
    }

    /// Probes, rollout and disruption settings the seed gives both services, declared once.
    ///
    /// The seed's liveness probe waits 30 s before its first check; a startup probe (up to 2 min
    /// to start) now covers the start, so a slow boot is not killed and a hang after start is still
    /// caught within 30 s.
    static func operateLikeTheSeed(_ s: inout WebService, port: ContainerPort) {
        s.startup = .http(healthPath, port: port, period: 5, failureThreshold: 24)
        s.liveness = .http(healthPath, port: port, initialDelay: 30, period: 10)
        s.readiness = .http(healthPath, port: port, initialDelay: 10, period: 5)
        s.strategy = .rollingUpdate(maxSurge: 1, maxUnavailable: 0)
        s.maxUnavailableDuringDisruption = 1
        s.allowing("cpu-limit", because: "The seed sets CPU limits (1000m backend, 500m web) to cap a runaway pod; "
            + "the HPA scales on requests. Drop them if container_cpu_cfs_throttled_periods_total shows throttling.")
        s.allowing("networkpolicy-coverage", because: "NetworkPolicies derived from the typed connections between "
            + "components come with the network-isolation issue (5); until then the namespace is not isolated.")
    }

    /// The Secret holding the backend's credentials (seed section 10: `app-secrets`). Its values
    /// never enter git; `kubectl create secret` fills it.
    public static let appSecrets = "app-secrets"

    /// Every object of one environment, grouped by how it is deployed.
    public static func build(_ env: Environment) throws -> Stack {
        let services = [backend(env), web(env)]
        let ns = env.namespace
        var shared: [Manifest] = []
        var workloads: [Manifest] = []
        var colours: [(Environment.Colour, [Manifest])] = []
        for service in services {
            shared.append(try service.serviceAccount(namespace: ns))
            shared.append(service.service(namespace: ns, selecting: env.activeVariant))
            workloads += try service.workloads(namespace: ns, preview: !env.colours.isEmpty)
        }
        for colour in env.colours {
            colours.append((colour, try services.flatMap {
                try $0.workloads(namespace: ns, variant: colour.variant, preview: true)
            }))
        }
        shared.append(ingress(env, backend: services[0], web: services[1]))
        shared += monitoring(env)
        return Stack(environment: env, shared: shared, workloads: workloads, colours: colours,
                     bootstrap: ns.map { Access.bootstrap(namespace: $0, app: app) } ?? [])
    }

    /// One Ingress for both hosts, TLS from cert-manager.
    ///
    /// The seed's `nginx.ingress.kubernetes.io/websocket-services` is an annotation of NGINX Inc's
    /// controller (`nginx.org/…`), not of ingress-nginx, which proxies WebSockets by default but
    /// closes idle connections after 60 s: the timeouts below keep them open for an hour. Note that
    /// ingress-nginx balances to pod endpoints itself, so the Service's ClientIP affinity applies
    /// to in-cluster clients only.
    static func ingress(_ env: Environment, backend: WebService, web: WebService) -> Manifest {
        let hosts = [env.webHost, env.apiHost]
        let oneHour = String(Seconds.hours(1).value)
        let ingress = Ingress(
            metadata: ObjectMeta(
                name: app, namespace: env.namespace,
                labels: [StandardLabels.partOf: app, StandardLabels.managedBy: "gen"],
                annotations: [
                    "cert-manager.io/cluster-issuer": env.certificateIssuer,
                    "nginx.ingress.kubernetes.io/ssl-redirect": "true",
                    "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
                    "nginx.ingress.kubernetes.io/proxy-read-timeout": oneHour,
                    "nginx.ingress.kubernetes.io/proxy-send-timeout": oneHour,
                ]),
            spec: IngressSpec(
                ingressClassName: ingressClass,
                tls: [IngressTLS(hosts: hosts, secretName: tlsSecret)],
                rules: [
                    IngressRule(host: env.webHost, paths: [
                        HTTPIngressPath("/", service: web.name, port: web.servicePort(web.primaryPort)),
                    ]),
                    IngressRule(host: env.apiHost, paths: [
                        HTTPIngressPath("/", service: backend.name, port: backend.servicePort(backend.primaryPort)),
                    ]),
                ]))
        return Manifest(ingress, component: "ingress", source: SourceLocation())
    }

    /// Cluster-wide prerequisites shared by every environment.
    public static func cluster() -> [Manifest] {
        [ClusterIssuers.letsEncrypt(email: opsEmail, ingressClass: ingressClass)] + clusterMonitoring()
    }
}

/// Every object of one environment, grouped by how it is deployed.
public struct Stack: Sendable {
    public var environment: Environment
    /// Objects that exist once per environment (Services, ServiceAccounts, Ingress).
    public var shared: [Manifest]
    /// Deployments and what belongs to them, without colour.
    public var workloads: [Manifest]
    /// For blue/green, each colour's copy of the workloads.
    public var colours: [(Environment.Colour, [Manifest])]
    /// Applied once by a cluster administrator: the Namespace and the deployer's access.
    public var bootstrap: [Manifest]
}
