import Components
import KubeModel
import WorkflowModel

/// Building a product's objects for one environment. Every port, host and name is declared once
/// (in the services, `Product`, `DataTier`) and passed by value.
public enum ProductStack {
    public static let ingressClass = "nginx"

    /// Where the services serve Prometheus metrics, on their HTTP port (seed 5.2).
    public static let metricsPath = "/metrics"
    /// postgres-exporter's metrics port (its default, 9187), in the PostgreSQL pod.
    public static let postgresExporterMetrics = ContainerPort(name: "metrics", 9187)
    /// redis_exporter's metrics port (its default, 9121), in the Redis pod.
    public static let redisExporterMetrics = ContainerPort(name: "metrics", 9121)

    /// The pods of `service` in `env`: image, size, probes and rollout from the declaration, then
    /// the service's own settings.
    public static func workload(_ service: AppService, _ env: Environment) -> WebService {
        let size = env[service]
        var s = WebService(
            app: env.product.app, name: service.name, image: image(service, env, colour: nil), ports: [service.port],
            resources: ResourceRequirements(requests: size.requests, limits: size.limits),
            scaling: size.maxReplicas.map {
                .autoscaled(min: size.replicas, max: $0, metrics: [.utilization("cpu", percent: 70)], behavior: nil)
            } ?? .fixed(size.replicas),
            source: service.source)
        operateLikeTheSeed(&s, service: service)
        service.configure(&s, env, size)
        s.config["PORT"] = String(service.port.containerPort)
        return s
    }

    /// The image a service runs in `colour` (nil: the environment's release): CI's build of the
    /// colour's release, or the external image the service declares.
    public static func image(_ service: AppService, _ env: Environment, colour: Environment.Colour?) -> Image {
        switch service.image {
        case .built(let recipe):
            env.image("\(env.product.registry)/\(service.name)", tag: env.release(of: colour) + ImageBuilds.tagSuffix(recipe, env))
        case .external(let image): image
        }
    }

    /// Probes, rollout and disruption settings the seed gives every service, declared once.
    ///
    /// The seed's liveness probe waits 30 s before its first check; a startup probe (up to 2 min
    /// to start) now covers the start, so a slow boot is not killed and a hang after start is still
    /// caught within 30 s.
    static func operateLikeTheSeed(_ s: inout WebService, service: AppService) {
        s.startup = .http(service.healthPath, port: service.port, period: 5, failureThreshold: 24)
        s.liveness = .http(service.healthPath, port: service.port, initialDelay: 30, period: 10)
        s.readiness = .http(service.healthPath, port: service.port, initialDelay: 10, period: 5)
        s.strategy = .rollingUpdate(maxSurge: 1, maxUnavailable: 0)
        s.maxUnavailableDuringDisruption = 1
        if let cpu = s.resources.limits?.cpu {
            s.allowing("cpu-limit", because: "The CPU limit (\(cpu), as the seed sets one per service) caps a runaway pod; "
                + "the HPA scales on requests. Drop it if container_cpu_cfs_throttled_periods_total shows throttling.")
        }
    }

    /// What the edge enforces (seed 10.3). The seed gives no figures: 20 requests/s per address
    /// with bursts of 100 is far above a chat client's steady use and far below a scripted
    /// flood; 100 open connections per address leaves room for carrier-grade NAT.
    public static func edge(_ env: Environment) -> EdgePolicy {
        EdgePolicy(
            rateLimit: .init(requestsPerSecond: 20, burstMultiplier: 5, connections: 100),
            corsOrigins: ["https://\(env.domain)"],
            hsts: .init(maxAge: .hours(24 * 365), includeSubdomains: true, preload: false),
            idleTimeout: .hours(1))
    }

    /// Every object of one environment, grouped by how it is deployed. The product's
    /// declarations are checked first (`Completeness`): nothing incomplete or dangling is built.
    public static func build(_ env: Environment) throws -> Stack {
        let product = env.product
        var postgres = DataTier.postgres(env)
        if postgres.server != nil { WALArchiving.enable(on: &postgres.server!, plan: try Backups.plan(env), product: product) }
        let redis = DataTier.redis(env)
        let topology = Wiring.topology(env, postgres: postgres, redis: redis)
        try Completeness.check(env, topology: topology, stores: [postgres, redis])
        var services = product.services.map { workload($0, env) }
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
        let labels: Labels = [StandardLabels.partOf: product.app, StandardLabels.managedBy: "gen"]
        var shared: [Manifest] = []
        var workloads: [Manifest] = []
        var colours: [(Environment.Colour, [Manifest])] = []
        /// A component's error, located at its declaration and at the environment line that sized it.
        func located<T>(_ service: WebService, _ build: () throws -> T) throws -> T {
            do { return try build() } catch let error as ComponentError {
                throw error.within([env.name], source: service.source, setAt: env.sizeSource(of: service.name))
            }
        }
        for (declared, service) in zip(product.services, services) {
            shared.append(try located(service) { try service.serviceAccount(namespace: ns) })
            if !declared.isWorker { shared.append(service.service(namespace: ns, selecting: env.activeVariant)) }
            if let config = service.configMap(namespace: ns) { shared.append(config) }
            workloads += try located(service) { try service.workloads(namespace: ns, preview: !env.colours.isEmpty && !declared.isWorker) }
        }
        for colour in env.colours {
            // Each colour runs its own release: a deploy changes the idle colour's images only.
            colours.append((colour, try zip(product.services, services).flatMap { declared, service in
                var service = service
                service.image = image(declared, env, colour: colour)
                // Only the serving colour's workers consume (`AppService.Exposure.worker`).
                if declared.isWorker, colour != env.deployState?.active { service.scaling = .fixed(0) }
                return try located(service) {
                    try service.workloads(namespace: ns, variant: colour.variant, preview: !declared.isWorker)
                }
            }))
        }
        for store in [postgres, redis] {
            if let server = store.server { shared += try server.objects(namespace: ns) }
        }
        for job in product.jobs {
            do {
                shared += try job.scheduledJob(env, topology: topology).objects(namespace: ns)
            } catch let error as ComponentError {
                throw error.within([env.name, job.name], source: job.source)
            }
        }
        shared += try ingresses(env)
        // The restore stops what runs: the Deployments of every colour (or the rolling ones).
        let deployments = Stack.deployed(shared: [], workloads: workloads, colours: colours)
            .compactMap { ($0.object as? Deployment)?.metadata.name }
        shared += try Backups.manifests(env, deployments: deployments)
        shared += try SmokeTests.jobs(env).flatMap { try $0.objects(namespace: ns) }
        shared += NetworkIsolation.policies(topology, namespace: ns, labels: labels).map {
            Manifest($0, component: "network", source: SourceLocation())
        }
        shared += try monitoring(env)

        let secrets = Secrets.catalogue(product)
        let deployed = Stack.deployed(shared: shared, workloads: workloads, colours: colours)
        let problems = secrets.check(deployed)
        if !problems.isEmpty { throw ComponentError(problems.joined(separator: "\n")) }

        var bootstrap: [Manifest] = []
        if let ns {
            let budget = try NamespaceBudget(deployed)
            let limits: [any KubernetesObject] = [budget.quota(name: product.app, namespace: ns, labels: labels),
                                                  budget.limitRange(name: product.app, namespace: ns, labels: labels)]
            bootstrap = Access.bootstrap(namespace: ns, app: product.app)
                + Backups.restoreAccess(namespace: ns, app: product.app, deployments: deployments)
                + limits.map { Manifest($0, component: "namespace-budget", source: SourceLocation()) }
        }
        return Stack(environment: env, shared: shared, workloads: workloads, colours: colours, bootstrap: bootstrap,
                     topology: topology, secrets: secrets, edge: edge(env), dataStores: [postgres, redis])
    }

    /// The Ingresses of the routed services, TLS from cert-manager (none when no service has a
    /// route): one for every route without affinity, and one per route whose service keeps state
    /// per client (`WebService.sessionAffinityTimeout`), with ingress-nginx's cookie affinity
    /// (`EdgePolicy.stickyAnnotations`), which ingress-nginx reads per Ingress. The first Ingress
    /// lists every host under TLS and alone carries cert-manager's annotation, so one Certificate
    /// covers all hosts; the others name the same Secret without asking for a certificate (two
    /// Ingresses asking for one Secret would make cert-manager's Certificates fight over it).
    ///
    /// The seed's `nginx.ingress.kubernetes.io/websocket-services` is an annotation of NGINX Inc's
    /// controller (`nginx.org/…`), not of ingress-nginx, which proxies WebSockets by default but
    /// closes idle connections after 60 s: the timeouts below keep them open for an hour.
    static func ingresses(_ env: Environment) throws -> [Manifest] {
        let routed = env.product.services.compactMap { service in
            service.host(env).map { (service: service, host: $0, affinity: workload(service, env).sessionAffinityTimeout) }
        }
        guard !routed.isEmpty else { return [] }
        let common = try edge(env).ingressAnnotations()
        func ingress(_ name: String, _ routes: [(service: AppService, host: String, affinity: Seconds?)],
                     tlsHosts: [String], annotations: StringMap, path: String = "/") -> Manifest {
            Manifest(Ingress(
                metadata: ObjectMeta(
                    name: name, namespace: env.namespace,
                    labels: [StandardLabels.partOf: env.product.app, StandardLabels.managedBy: "gen"],
                    annotations: annotations),
                spec: IngressSpec(
                    ingressClassName: ingressClass,
                    tls: [IngressTLS(hosts: tlsHosts, secretName: env.product.tlsSecret)],
                    rules: routes.map { route in
                        IngressRule(host: route.host, paths: [HTTPIngressPath(path, service: route.service.name,
                                                                              port: ServicePort(route.service.port))])
                    })), component: "ingress", source: SourceLocation())
        }
        var main = common
        main["cert-manager.io/cluster-issuer"] = env.certificateIssuer
        let sticky = routed.filter { $0.affinity != nil }
        // Prometheus scrapes the pods directly; from outside, the metrics path of every routed
        // service is refused (403) by an Ingress of its own, whose longer path wins over `/`.
        let scraped = routed.filter { !$0.service.providedMetrics.isEmpty }
        var denied = common
        denied[EdgePolicy.annotationPrefix + "denylist-source-range"] = EdgePolicy.everyAddress.joined(separator: ",")
        let metrics = scraped.isEmpty ? [] : [ingress("\(env.product.app)-metrics", scraped, tlsHosts: scraped.map(\.host),
                                                      annotations: denied, path: metricsPath)]
        return [ingress(env.product.app, routed.filter { $0.affinity == nil }, tlsHosts: routed.map(\.host), annotations: main)]
            + metrics
            + sticky.map { route in
                var annotations = common
                for (key, value) in EdgePolicy.stickyAnnotations(cookie: "\(env.product.app)-\(route.service.name)",
                                                                 maxAge: route.affinity!).pairs {
                    annotations[key] = value
                }
                return ingress("\(env.product.app)-\(route.service.name)", [route], tlsHosts: [route.host], annotations: annotations)
            }
    }

    /// Cluster-wide prerequisites shared by every environment.
    public static func cluster(_ product: Product) -> [Manifest] {
        [ClusterIssuers.letsEncrypt(email: product.operations.contactEmail, ingressClass: ingressClass), DataTier.priority(product)]
            + clusterMonitoring(product)
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
