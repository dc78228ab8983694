import Components
import Environments
import KubeModel
import Platform
import SecureMessenger

let notifierName = unusedName("push-notifier", in: secureMessenger)

/// A third HTTP service, declared once as a product engineer would: routed, built by CI,
/// scraped, called by the backend. Every expectation about it is taken from this value.
let notifier = AppService(
    notifierName, port: ContainerPort(name: "http", 3002),
    exposure: .route(subdomain: notifierName, purpose: "push notifications"),
    image: .built(NodeImage(build: { app in ["pnpm --filter ./\(app) deploy --prod /out"] },
                            copies: { _ in [("/out", ".")] }, command: { _ in ["node", "dist/main.js"] })),
    metrics: .scraped(Telemetry.httpMetrics),
    sizing: .init(replicas: 2, maxReplicas: 4, requests: ResourceList(cpu: "100m", memory: "128Mi"),
                  limits: ResourceList(cpu: "500m", memory: "256Mi"))
) { s, _, _ in
    s.shutdown = Shutdown(preStopDelay: 10, drain: 20)
}

/// A worker, declared once: it consumes the notification queue in Redis, has no route and no
/// Service, and is scraped for its process metrics. Every expectation about it is taken from
/// this value.
let queueWorker = AppService(
    unusedName("notification-worker", in: secureMessenger), port: ContainerPort(name: "http", 3003),
    exposure: .worker(consumes: "the notification queue in Redis"),
    image: .built(NodeImage(build: { app in ["pnpm --filter ./\(app) deploy --prod /out"] },
                            copies: { _ in [("/out", ".")] }, command: { _ in ["node", "dist/worker.js"] })),
    metrics: .scraped([Telemetry.processCPU, Telemetry.processMemory]),
    sizing: .init(replicas: 2, requests: ResourceList(cpu: "100m", memory: "128Mi"),
                  limits: ResourceList(cpu: "500m", memory: "256Mi"))
) { s, _, _ in
    s.shutdown = Shutdown(preStopDelay: 5, drain: 30)
}

/// `product` plus `worker`, which consumes from the environment's Redis.
func adding(worker: AppService, to product: Product) -> Product {
    var p = product
    p.services.append(worker)
    let wiring = product.wiring
    p.wiring = { env, postgres, redis in
        wiring(env, postgres, redis) + [
            Connection(from: env.product.peer(worker), to: redis.peer, ports: [DataTier.redisPort], purpose: "consumes the queue",
                       clientConfig: ["REDIS_HOST": redis.host, "REDIS_PORT": String(DataTier.redisPort.containerPort)],
                       clientEnv: [EnvVar("REDIS_PASSWORD", from: .secret(DataTier.redisCredentials, key: DataTier.passwordKey))]),
        ]
    }
    return p
}

/// A scheduled job, declared once: it runs the notifier's image at the live release with its own
/// command, every night, and reads PostgreSQL.
let digestJob = AppJob(
    unusedName("nightly-digest", in: secureMessenger), schedule: "30 2 * * *", image: .service(notifier),
    command: ["node", "dist/digest.js"],
    resources: ResourceRequirements(requests: ResourceList(cpu: "50m", memory: "64Mi"), limits: ResourceList(memory: "128Mi")),
    activeDeadline: .minutes(20))

/// `product` plus `job`, which reads the environment's PostgreSQL.
func adding(_ job: AppJob, to product: Product) -> Product {
    var p = product
    p.jobs.append(job)
    let wiring = product.wiring
    p.wiring = { env, postgres, redis in
        wiring(env, postgres, redis) + [
            Connection(from: env.product.peer(job), to: postgres.peer, ports: [DataTier.postgresPort], purpose: "reads the digests",
                       clientConfig: ["DATABASE_HOST": postgres.host]),
        ]
    }
    return p
}

/// `wanted`, or `wanted-2`… if the product has a service or job of that name already (the
/// README's example adds a `notifier` and a `nightly-digest` to the real product, then runs these
/// tests on it).
func unusedName(_ wanted: String, in product: Product) -> String {
    let taken = Set(product.services.map(\.name) + product.jobs.map(\.name))
    var name = wanted, n = 1
    while taken.contains(name) {
        n += 1
        name = "\(wanted)-\(n)"
    }
    return name
}

/// `product` plus `service`, which `caller` talks to on its port.
func adding(_ service: AppService, calledBy caller: AppService, to product: Product) -> Product {
    var p = product
    p.services.append(service)
    let wiring = product.wiring
    p.wiring = { env, postgres, redis in
        wiring(env, postgres, redis) + [
            Connection(from: env.product.peer(caller), to: env.product.peer(service), ports: [service.port],
                       purpose: "sends notifications",
                       clientConfig: ["\(service.name.uppercased().replacingOccurrences(of: "-", with: "_"))_URL": "http://\(service.name):\(service.port.containerPort)"]),
        ]
    }
    return p
}

/// `product` without `service`, and without the connections that name it.
func removing(_ service: AppService, from product: Product) -> Product {
    var p = product
    p.services.removeAll { $0.name == service.name }
    let wiring = product.wiring
    p.wiring = { env, postgres, redis in
        let gone = env.product.peer(service)
        return wiring(env, postgres, redis).filter { $0.from != gone && $0.to != gone }
    }
    return p
}

/// Every environment, deploying `product` instead.
func environments(of product: Product) -> [Environment] {
    allEnvironments.map { env in
        var e = env
        e.product = product
        return e
    }
}
