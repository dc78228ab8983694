import Components
import GenCommand
import KubeModel
import Platform

/// guestbook's one service: routed at the environment's domain, built by CI from the pnpm workspace
/// folder apps/guestbook, scraped by Prometheus. Add services the same way, one value each.
let guestbook = AppService(
    "guestbook", port: ContainerPort(name: "http", 8080),
    exposure: .route(subdomain: nil, purpose: "HTTPS"),
    image: .built(NodeImage(build: { app in ["pnpm --filter ./\(app) deploy --prod /out"] },
                            copies: { _ in [("/out", ".")] }, command: { _ in ["node", "dist/main.js"] })),
    metrics: .scraped(Telemetry.httpMetrics),
    sizing: .init(replicas: 2, requests: ResourceList(cpu: "100m", memory: "128Mi"),
                  limits: ResourceList(cpu: "500m", memory: "256Mi"))
) { s, _, _ in
    s.shutdown = Shutdown(preStopDelay: 10, drain: 20)
}

/// The product: its services, and who talks to whom beyond routes and scraping.
let product = Product(
    app: "guestbook", title: "guestbook", registry: "ghcr.io/example/guestbook", domain: "guestbook.example.org",
    repository: "https://github.com/example/guestbook", generatorExecutable: "guestbook-gen", services: [guestbook]
) { env, postgres, _ in
    [Connection(from: env.product.peer(guestbook), to: postgres.peer, ports: [DataTier.postgresPort], purpose: "SQL",
                clientConfig: ["DATABASE_HOST": postgres.host, "DATABASE_NAME": env.product.database],
                clientEnv: [EnvVar("DATABASE_PASSWORD",
                                   from: .secret(DataTier.postgresCredentials, key: DataTier.passwordKey))])]
}

/// Rolling updates, at its own domain.
let staging = Environment.named("staging", of: product) { env in
    env.domain = "staging.guestbook.example.org"
}

/// Blue/green, more replicas.
let production = Environment.named("production", of: product) { env in
    env[guestbook].replicas = 3
    env.rollout = .blueGreen
}

GenCommand.main(environments: [staging, production])
