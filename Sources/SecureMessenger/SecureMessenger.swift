import Components
import KubeModel
import Platform
import WorkflowModel

// Secure Messenger (seed phase 12), the product this repository ships: one value of the platform's
// `Product`, built from its components. Nothing outside this module names its services.

/// The backend (NestJS API and WebSocket gateway). NestJS serves HTTP and WebSockets on one port.
///
/// The seed's Service lists `http` and `ws` both on 3000: the API rejects two Service ports with
/// the same number and protocol, and WebSockets are an HTTP upgrade on the same port, so one named
/// port serves both.
public let backend = AppService(
    "backend", port: ContainerPort(name: "http", 3000),
    exposure: .route(subdomain: "api", purpose: "API and WebSockets"),
    // An isolated folder with the backend's production dependencies and its dist/.
    image: .built(NodeImage(build: { app in ["pnpm --filter ./\(app) deploy --prod /out"] },
                            copies: { _ in [("/out", ".")] }, command: { _ in ["node", "dist/main.js"] })),
    metrics: .scraped(Telemetry.messagingMetrics),
    sizing: .init(replicas: 3, maxReplicas: 10, requests: ResourceList(cpu: "250m", memory: "512Mi"),
                  limits: ResourceList(cpu: "1000m", memory: "1Gi")),
    tests: .init(usesDataTier: true, coverage: true),
    objectives: true
) { s, env, size in
    s.scaling = .autoscaled(
        min: size.replicas, max: size.maxReplicas ?? size.replicas,
        metrics: [.utilization("cpu", percent: 70), .utilization("memory", percent: 80)],
        behavior: HPABehavior(
            scaleUp: HPAScalingRules(policies: [.percent(100, every: 30)]),
            scaleDown: HPAScalingRules(stabilizationWindow: 300, policies: [.percent(50, every: 60)])))
    s.sessionAffinityTimeout = .hours(1)
    s.envFrom = [.secret(appSecrets.name)]
    s.config = ["NODE_ENV": "production", "CORS_ORIGINS": ProductStack.edge(env).corsOrigins.joined(separator: ",")]
    // WebSocket clients get a close frame on SIGTERM and reconnect elsewhere; 50 s lets the
    // last messages in flight finish.
    s.shutdown = Shutdown(preStopDelay: 10, drain: 50)
}

/// The backend's public address as the web's client code reads it.
let apiURLVariable = "NEXT_PUBLIC_API_URL"

/// The web front (Next.js). `output: 'standalone'` traces the server's dependencies into
/// .next/standalone; static assets and public/ are served by the same server but not traced, so
/// they are copied apart. The standalone server binds to $HOSTNAME, which the runtime sets to the
/// pod's (or container's) name: 0.0.0.0 makes it answer on every interface, loopback included.
public let web = AppService(
    "web", port: ContainerPort(name: "http", 3001),
    exposure: .route(subdomain: nil, purpose: "HTTPS"),
    image: .built(NodeImage(
        buildEnv: [("NEXT_TELEMETRY_DISABLED", "1")], runtimeEnv: [("HOSTNAME", "0.0.0.0")],
        copies: { app in [("/app/\(app)/.next/standalone", "."), ("/app/\(app)/.next/static", "./\(app)/.next/static"),
                          ("/app/\(app)/public", "./\(app)/public")] },
        command: { app in ["node", "\(app)/server.js"] },
        // The browser's API address: inlined by `next build` (seed: set at run time, which the
        // client bundle never sees).
        buildArguments: [apiURLVariable])),
    metrics: .scraped(Telemetry.httpMetrics),
    sizing: .init(replicas: 2, requests: ResourceList(cpu: "200m", memory: "256Mi"),
                  limits: ResourceList(cpu: "500m", memory: "512Mi")),
    tests: .init(buildStep: "Next.js build")
) { s, env, _ in
    s.config = ["NEXT_TELEMETRY_DISABLED": "1", "HOSTNAME": "0.0.0.0",
                apiURLVariable: backend.host(env).map { "https://\($0)" } ?? ""]
    s.shutdown = Shutdown(preStopDelay: 10, drain: 20)
}

/// The Secret holding the backend's own secrets (seed section 10: `app-secrets`). Its values
/// never enter git; `kubectl create secret` fills it.
public let appSecrets = SecretDeclaration("app-secrets", keys: [("jwt-secret", Secrets.randomHex)],
                                          purpose: "signs the backend's session tokens")

/// The mobile app of the seed's workspace (`apps/mobile`): no image, CI runs its tests.
let mobileApp = "mobile"

/// Secure Messenger as the seed describes it: its services and who talks to whom (`Wiring`), its
/// operations settings, its Secret and the CI jobs only it has. Its tree is published in gen's own
/// repository, whose GitHub organisation is the image registry's.
public let secureMessenger: Product = {
    var product = Product(
        app: "secure-messenger", title: "Secure Messenger", registry: "ghcr.io/secure-messenger", domain: "secure-messenger.app",
        repository: "https://github.com/secure-messenger/gen",
        operations: Operations(contactEmail: "devops@secure-messenger.app", pageChannel: "#secure-messenger-oncall",
                               ticketChannel: "#secure-messenger-alerts", backupBucket: "secure-messenger-backups"),
        services: [backend, web], wiring: SecureMessengerWiring.connections)
    product.database = "messenger"
    product.secrets = [appSecrets]
    product.ciJobs = [
        CIJob("mobile", name: "Mobile tests", timeoutMinutes: 15) { _ in
            [Step("Jest", run: ShellCommand(["pnpm", "--filter", ShellWord("./" + ProductRepository.app(mobileApp)), "test"]).rendered)]
        },
        CIJob("e2e", name: "End-to-end tests", timeoutMinutes: 30, afterServiceTests: true, usesDataTier: true) { dataTier in
            [
                Step("Install Chromium for Playwright", run: "pnpm exec playwright install --with-deps chromium"),
                // Playwright's webServer (playwright.config.ts) builds and starts the backend and the web.
                Step("Playwright", env: dataTier + [("NEXT_TELEMETRY_DISABLED", "1")], run: "pnpm exec playwright test"),
                .uploadArtifact(name: "playwright-report", path: "playwright-report", retentionDays: 14, if: .failure),
            ]
        },
    ]
    return product
}()

/// Who talks to whom in Secure Messenger beyond routes and scraping, declared once per connection.
enum SecureMessengerWiring {
    /// Secure Messenger's own connections (seed sections 2 and 3): what its services' routes and metrics do not imply.
    @Sendable static func connections(_ env: Environment, postgres: DataTier.Store, redis: DataTier.Store) -> [Connection] {
        let p = env.product
        return [
            Connection(from: p.peer(web), to: p.peer(backend), ports: [backend.port],
                       purpose: "server-side rendering calls the API",
                       clientConfig: ["API_INTERNAL_URL": "http://\(backend.name):\(backend.port.containerPort)"]),
            Connection(from: p.peer(backend), to: postgres.peer, ports: [DataTier.postgresPort], purpose: "SQL",
                       clientConfig: [
                           "DATABASE_HOST": postgres.host, "DATABASE_PORT": String(DataTier.postgresPort.containerPort),
                           "DATABASE_NAME": p.database, "DATABASE_USER": p.database,
                       ],
                       clientEnv: [
                           EnvVar("DATABASE_PASSWORD", from: .secret(DataTier.postgresCredentials, key: DataTier.passwordKey)),
                           // Composed by the kubelet from the variables above: the URL the seed kept
                           // whole in a Secret, without a host that a rename could leave stale.
                           EnvVar("DATABASE_URL", "postgresql://$(DATABASE_USER):$(DATABASE_PASSWORD)@$(DATABASE_HOST):$(DATABASE_PORT)/$(DATABASE_NAME)"),
                       ]),
            Connection(from: p.peer(backend), to: redis.peer, ports: [DataTier.redisPort], purpose: "sessions, pub/sub",
                       clientConfig: ["REDIS_HOST": redis.host, "REDIS_PORT": String(DataTier.redisPort.containerPort)],
                       clientEnv: [
                           EnvVar("REDIS_PASSWORD", from: .secret(DataTier.redisCredentials, key: DataTier.passwordKey)),
                           EnvVar("REDIS_URL", "redis://:$(REDIS_PASSWORD)@$(REDIS_HOST):$(REDIS_PORT)"),
                       ]),
        ]
    }
}

extension Environment {
    /// Secure Messenger's environment-neutral values: its Kustomize base, and every environment's
    /// starting point.
    public static let base = Environment.base(of: secureMessenger)

    /// A Secure Messenger environment: the base's values, changed by `configure`.
    public static func named(_ name: String, namespace: String? = nil,
                             _ configure: (inout Environment) -> Void) -> Environment {
        named(name, namespace: namespace, of: secureMessenger, configure)
    }
}
