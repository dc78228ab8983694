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
            image: env.image("\(registry)/backend", tag: env.release),
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
        s.config = ["NODE_ENV": "production", "PORT": String(backendHTTP.containerPort),
                    "CORS_ORIGINS": edge(env).corsOrigins.joined(separator: ",")]
        // WebSocket clients get a close frame on SIGTERM and reconnect elsewhere; 50 s lets the
        // last messages in flight finish.
        s.shutdown = Shutdown(preStopDelay: 10, drain: 50)
        return s
    }

    /// The web front (Next.js).
    public static func web(_ env: Environment) -> WebService {
        var s = WebService(
            app: app, name: "web",
            image: env.image("\(registry)/web", tag: env.release),
            ports: [webHTTP],
            resources: ResourceRequirements(requests: env.web.requests, limits: env.web.limits),
            scaling: env.web.maxReplicas.map {
                .autoscaled(min: env.web.replicas, max: $0, metrics: [.utilization("cpu", percent: 70)], behavior: nil)
            } ?? .fixed(env.web.replicas))
        operateLikeTheSeed(&s, port: webHTTP)
        // Next.js's standalone server binds to $HOSTNAME, which the runtime sets to the pod's name.
        s.config = ["NEXT_TELEMETRY_DISABLED": "1", "PORT": String(webHTTP.containerPort), "HOSTNAME": "0.0.0.0",
                    "NEXT_PUBLIC_API_URL": "https://\(env.apiHost)"]
        s.shutdown = Shutdown(preStopDelay: 10, drain: 20)
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
    }

    /// The Secret holding the backend's own secrets (seed section 10: `app-secrets`). Its values
    /// never enter git; `kubectl create secret` fills it.
    public static let appSecrets = "app-secrets"

    /// What the edge enforces (seed 10.3). The seed gives no figures: 20 requests/s per address
    /// with bursts of 100 is far above a chat client's steady use and far below a scripted
    /// flood; 100 open connections per address leaves room for carrier-grade NAT.
    public static func edge(_ env: Environment) -> EdgePolicy {
        EdgePolicy(
            rateLimit: .init(requestsPerSecond: 20, burstMultiplier: 5, connections: 100),
            corsOrigins: ["https://\(env.webHost)"],
            hsts: .init(maxAge: .hours(24 * 365), includeSubdomains: true, preload: false),
            idleTimeout: .hours(1))
    }

    /// Every object of one environment, grouped by how it is deployed.
    public static func build(_ env: Environment) throws -> Stack {
        var services = [backend(env), web(env)]
        var postgres = DataTier.postgres(env)
        if postgres.server != nil { WALArchiving.enable(on: &postgres.server!, plan: try Backups.plan(env)) }
        let redis = DataTier.redis(env)
        let topology = Wiring.topology(env, backend: services[0], web: services[1], postgres: postgres, redis: redis)
        for i in services.indices {
            let peer = services[i].peer
            for (key, value) in try topology.config(of: peer).pairs {
                if let own = services[i].config[key], own != value {
                    throw ComponentError("\(peer.name): \(key) is set to \"\(own)\" and, by a connection, to \"\(value)\"")
                }
                services[i].config[key] = value
            }
            services[i].env += topology.env(of: peer)
        }
        let ns = env.namespace
        let labels: Labels = [StandardLabels.partOf: app, StandardLabels.managedBy: "gen"]
        var shared: [Manifest] = []
        var workloads: [Manifest] = []
        var colours: [(Environment.Colour, [Manifest])] = []
        for service in services {
            shared.append(try service.serviceAccount(namespace: ns))
            shared.append(service.service(namespace: ns, selecting: env.activeVariant))
            if let config = service.configMap(namespace: ns) { shared.append(config) }
            workloads += try service.workloads(namespace: ns, preview: !env.colours.isEmpty)
        }
        for colour in env.colours {
            colours.append((colour, try services.flatMap {
                try $0.workloads(namespace: ns, variant: colour.variant, preview: true)
            }))
        }
        for store in [postgres, redis] {
            if let server = store.server { shared += try server.objects(namespace: ns) }
        }
        shared.append(try ingress(env, backend: services[0], web: services[1]))
        shared += try Backups.manifests(env)
        shared += NetworkIsolation.policies(topology, namespace: ns, labels: labels).map {
            Manifest($0, component: "network", source: SourceLocation())
        }
        shared += try monitoring(env)

        let secrets = Secrets.catalogue()
        let deployed = Stack.deployed(shared: shared, workloads: workloads, colours: colours)
        let problems = secrets.check(deployed)
        if !problems.isEmpty { throw ComponentError(problems.joined(separator: "\n")) }

        var bootstrap: [Manifest] = []
        if let ns {
            let budget = try NamespaceBudget(deployed)
            let limits: [any KubernetesObject] = [budget.quota(name: app, namespace: ns, labels: labels),
                                                  budget.limitRange(name: app, namespace: ns, labels: labels)]
            bootstrap = Access.bootstrap(namespace: ns, app: app)
                + limits.map { Manifest($0, component: "namespace-budget", source: SourceLocation()) }
        }
        return Stack(environment: env, shared: shared, workloads: workloads, colours: colours, bootstrap: bootstrap,
                     topology: topology, secrets: secrets, edge: edge(env), dataStores: [postgres, redis])
    }
    /// One Ingress for both hosts, TLS from cert-manager.
    ///
    /// The seed's `nginx.ingress.kubernetes.io/websocket-services` is an annotation of NGINX Inc's
    /// controller (`nginx.org/…`), not of ingress-nginx, which proxies WebSockets by default but
    /// closes idle connections after 60 s: the timeouts below keep them open for an hour. Note that
    /// ingress-nginx balances to pod endpoints itself, so the Service's ClientIP affinity applies
    /// to in-cluster clients only.
    static func ingress(_ env: Environment, backend: WebService, web: WebService) throws -> Manifest {
        let hosts = [env.webHost, env.apiHost]
        var annotations = try edge(env).ingressAnnotations()
        annotations["cert-manager.io/cluster-issuer"] = env.certificateIssuer
        let ingress = Ingress(
            metadata: ObjectMeta(
                name: app, namespace: env.namespace,
                labels: [StandardLabels.partOf: app, StandardLabels.managedBy: "gen"],
                annotations: annotations),
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
        [ClusterIssuers.letsEncrypt(email: opsEmail, ingressClass: ingressClass), DataTier.priority()] + clusterMonitoring()
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
    /// Applied once by a cluster administrator: the Namespace (with Pod Security labels), the
    /// deployer's access, the ResourceQuota and LimitRange.
    public var bootstrap: [Manifest]
    /// Who talks to whom (NetworkPolicies, docs).
    public var topology: Topology
    /// Every Secret the pods read.
    public var secrets: SecretCatalogue
    /// What the edge enforces (Ingress annotations, the controller's HSTS settings).
    public var edge: EdgePolicy
    /// PostgreSQL and Redis, in the cluster or outside it.
    public var dataStores: [DataTier.Store]

    /// What runs in the namespace: the shared objects and every colour (or the rolling workloads).
    public var deployed: [Manifest] { Stack.deployed(shared: shared, workloads: workloads, colours: colours) }

    static func deployed(shared: [Manifest], workloads: [Manifest], colours: [(Environment.Colour, [Manifest])]) -> [Manifest] {
        shared + (colours.isEmpty ? workloads : colours.flatMap(\.1))
    }
}
