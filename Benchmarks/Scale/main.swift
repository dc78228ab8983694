// gen-scale N [OUTPUT]: Secure Messenger plus N more HTTP services (each routed, scraped, sized,
// with its Deployment, Service, ServiceAccount, HPA, PDB and NetworkPolicy in every environment),
// generated through gen's own library and written as gen writes its tree. Prints the wall time of
// the generation and of the write, in milliseconds, as `N generate_ms write_ms files environments`
// (the environments' names, comma-separated).
// A release build measures what users get: `swift build -c release --product gen-scale`.
import Components
import Environments
import Foundation
import Generator
import KubeModel
import Output
import Platform
import SecureMessenger

let arguments = CommandLine.arguments.dropFirst()
guard let count = arguments.first.flatMap({ Int($0) }), count >= 0, arguments.count <= 2 else {
    FileHandle.standardError.write(Data("usage: gen-scale N [OUTPUT]\n".utf8))
    exit(2)
}

/// Service `i`: its own name, port and route; the same size and image recipe as every other.
func service(_ i: Int) -> AppService {
    let name = "svc-\(i)"
    return AppService(
        name, port: ContainerPort(name: "http", 3000),
        exposure: .route(subdomain: name, purpose: "benchmark service \(i)"),
        image: .built(NodeImage(build: { app in ["pnpm --filter ./\(app) deploy --prod /out"] },
                                copies: { _ in [("/out", ".")] }, command: { _ in ["node", "dist/main.js"] })),
        metrics: .scraped(Telemetry.httpMetrics),
        sizing: .init(replicas: 2, maxReplicas: 4, requests: ResourceList(cpu: "100m", memory: "128Mi"),
                      limits: ResourceList(cpu: "500m", memory: "256Mi"))
    ) { s, _, _ in
        s.shutdown = Shutdown(preStopDelay: 10, drain: 20)
    }
}

var product = secureMessenger
product.services += (0..<count).map(service)
let environments = allEnvironments.map { env -> Environment in
    var env = env
    env.product = product
    return env
}

func milliseconds(since start: DispatchTime) -> Int {
    Int((DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000)
}

let started = DispatchTime.now()
let generation = try Generator.generate(environments)
let generateMs = milliseconds(since: started)
var writeMs = 0
if let output = arguments.dropFirst().first {
    let writing = DispatchTime.now()
    _ = try TreeWriter(outputDirectory: URL(fileURLWithPath: output)).write(generation.plan)
    writeMs = milliseconds(since: writing)
}
print("\(count) \(generateMs) \(writeMs) \(generation.plan.files.count) \(environments.map(\.name).joined(separator: ","))")
