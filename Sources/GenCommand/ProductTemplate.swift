/// The files `gen init` writes for a new product: a package that depends on gen's libraries,
/// declares one routed HTTP service backed by PostgreSQL, a staging and a blue/green production
/// environment, and runs gen's command line over them.
enum ProductTemplate {
    /// (path in the package, contents) for the product `name`, depending on gen through
    /// `dependency` (a `.package(…)` expression).
    static func files(name: String, dependency: String) -> [(String, String)] {
        let id = identifier(name)
        let tool = "\(name)-gen"
        return [
            ("Package.swift", #"""
                // swift-tools-version: 6.0
                import PackageDescription

                // The deployment of \#(name), described with gen's libraries: `swift run \#(tool)` writes its tree
                // into generated/, `swift run \#(tool) --check` fails on drift, `swift run \#(tool) lint DIR` checks YAML.
                let package = Package(
                    name: "\#(name)",
                    platforms: [.macOS(.v13)],
                    dependencies: [
                        \#(dependency),
                    ],
                    targets: [
                        .executableTarget(name: "\#(tool)", dependencies: [
                            .product(name: "GenCommand", package: "gen"),
                            .product(name: "Platform", package: "gen"),
                            .product(name: "Components", package: "gen"),
                            .product(name: "KubeModel", package: "gen"),
                        ]),
                    ]
                )

                """#),
            ("Sources/\(tool)/main.swift", #"""
                import Components
                import GenCommand
                import KubeModel
                import Platform

                /// \#(name)'s one service: routed at the environment's domain, built by CI from the pnpm workspace
                /// folder apps/\#(name), scraped by Prometheus. Add services the same way, one value each.
                let \#(id) = AppService(
                    "\#(name)", port: ContainerPort(name: "http", 8080),
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
                    app: "\#(name)", title: "\#(name)", registry: "ghcr.io/example/\#(name)", domain: "\#(name).example.org",
                    repository: "https://github.com/example/\#(name)", generatorExecutable: "\#(tool)", services: [\#(id)]
                ) { env, postgres, _ in
                    [Connection(from: env.product.peer(\#(id)), to: postgres.peer, ports: [DataTier.postgresPort], purpose: "SQL",
                                clientConfig: ["DATABASE_HOST": postgres.host, "DATABASE_NAME": env.product.database],
                                clientEnv: [EnvVar("DATABASE_PASSWORD",
                                                   from: .secret(DataTier.postgresCredentials, key: DataTier.passwordKey))])]
                }

                /// Rolling updates, at its own domain.
                let staging = Environment.named("staging", of: product) { env in
                    env.domain = "staging.\#(name).example.org"
                }

                /// Blue/green, more replicas.
                let production = Environment.named("production", of: product) { env in
                    env[\#(id)].replicas = 3
                    env.rollout = .blueGreen
                }

                GenCommand.main(environments: [staging, production])

                """#),
            (".gitignore", """
                .build/
                Package.resolved

                """),
        ]
    }

    /// `my-shop` → `myShop`: the Swift name of the service's value.
    static func identifier(_ name: String) -> String {
        let parts = name.split(separator: "-")
        let head = parts.first.map(String.init) ?? name
        let id = head + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return id.first?.isNumber == true ? "service\(id)" : id
    }
}
