// swift-tools-version: 6.2
import PackageDescription

// Module graph (one way, no cycles):
//   DocumentTree ← KubeModel ← Components ← Platform ← SecureMessenger ← Environments ← GenCLI
//   DocumentTree ← WorkflowModel ← Platform;  DockerfileModel ← Platform
// `Platform` is what every product is built from (Product, Environment, the data tier, backups,
// monitoring, pipelines); `SecureMessenger` is one value of it, the product this repository ships.
//   DocumentTree ← Render ← Output;  KubeModel ← KustomizeTree;  all of these ← Generator ← GenCommand ← GenCLI
// `Environments` (the folder environments/) sits on top so that editing one environment
// rebuilds only that target and the CLI.
// Tests compile without warnings: a warning in a test is an error (make test's build step).
let testSettings: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "gen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gen", targets: ["GenCLI"]),
        // gen as a library: another package describes its own product with the same components
        // and reuses the command line (`GenCommand.main(environments:)`); see Examples/.
        .library(name: "GenCommand", targets: ["GenCommand"]),
        .library(name: "Platform", targets: ["Platform"]),
        .library(name: "Generator", targets: ["Generator"]),
        .library(name: "Components", targets: ["Components"]),
        .library(name: "KubeModel", targets: ["KubeModel"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "WorkflowModel", targets: ["WorkflowModel"]),
        .library(name: "DockerfileModel", targets: ["DockerfileModel"]),
        .library(name: "MonitoringModel", targets: ["MonitoringModel"]),
        .library(name: "KustomizeTree", targets: ["KustomizeTree"]),
        .library(name: "Render", targets: ["Render"]),
        .library(name: "Output", targets: ["Output"]),
        .library(name: "DocumentTree", targets: ["DocumentTree"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .target(name: "DocumentTree"),
        // Work spread over every core, results in order (one helper, no dependency).
        .target(name: "ConcurrentWork"),
        .target(name: "KubeModel", dependencies: ["DocumentTree"]),
        .target(name: "Render", dependencies: ["DocumentTree", .product(name: "Yams", package: "Yams")]),
        .target(name: "Output", dependencies: ["Render", "ConcurrentWork"]),
        .target(name: "Components", dependencies: ["KubeModel"]),
        .target(name: "MonitoringModel", dependencies: ["DocumentTree"]),
        .target(name: "WorkflowModel", dependencies: ["DocumentTree"]),
        .target(name: "DockerfileModel"),
        .target(name: "Platform", dependencies: ["Components", "KubeModel", "KustomizeTree", "WorkflowModel", "DockerfileModel", "MonitoringModel", "Render"]),
        .target(name: "SecureMessenger", dependencies: ["Platform", "Components", "KubeModel", "WorkflowModel"]),
        .target(name: "KustomizeTree", dependencies: ["KubeModel", "DocumentTree"]),
        .target(name: "Policy", dependencies: ["DocumentTree", "KubeModel", "Render", "ConcurrentWork", .product(name: "Yams", package: "Yams")]),
        .target(name: "Generator", dependencies: ["Platform", "Components", "KustomizeTree", "Policy", "Render", "Output", "ConcurrentWork", "WorkflowModel", "DockerfileModel", "MonitoringModel"]),
        .target(name: "Environments", dependencies: ["SecureMessenger", "Platform"], path: "environments"),
        .target(name: "GenCommand", dependencies: [
            "Generator", "Platform", "KubeModel", "Policy", "Output", "Render",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "GenCLI", dependencies: ["GenCommand", "Environments"]),
        // gen at scale: Secure Messenger plus N services, for profiles and `make bench` (not a product).
        .executableTarget(name: "gen-scale", dependencies: ["Generator", "Platform", "SecureMessenger", "Components", "KubeModel", "Output", "Environments"],
                          path: "Benchmarks/Scale"),
        // The floor of `gen lint` in `make bench`: libyaml's event parser over a file, building nothing.
        .executableTarget(name: "yaml-events", dependencies: [.product(name: "Yams", package: "Yams")], path: "Benchmarks/YAMLEvents"),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: testSettings),
        .testTarget(name: "DocumentTreeTests", dependencies: ["DocumentTree"], swiftSettings: testSettings),
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel", "Render", "TestSupport"], swiftSettings: testSettings),
        .testTarget(name: "RenderTests", dependencies: ["Render", "TestSupport", .product(name: "Yams", package: "Yams")], swiftSettings: testSettings),
        .testTarget(name: "OutputTests", dependencies: ["Output", "TestSupport"], swiftSettings: testSettings),
        .testTarget(name: "ConcurrentWorkTests", dependencies: ["ConcurrentWork"], swiftSettings: testSettings),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "TestSupport", .product(name: "Yams", package: "Yams")], exclude: ["Fixtures"], swiftSettings: testSettings),
        .testTarget(name: "ComponentsTests", dependencies: ["Components", "Render"], exclude: ["Golden"], swiftSettings: testSettings),
        .testTarget(name: "MonitoringModelTests", dependencies: ["MonitoringModel", "Render"], exclude: ["Golden"], swiftSettings: testSettings),
        .testTarget(name: "MonitoringTests", dependencies: ["Platform", "SecureMessenger", "MonitoringModel", "Environments"], swiftSettings: testSettings),
        // Starts the real Prometheus and Alertmanager (Debian packages) on loopback.
        .testTarget(name: "MonitoringIntegrationTests",
                    dependencies: ["Platform", "SecureMessenger", "MonitoringModel", "Environments", "Render", "TestSupport"],
                    swiftSettings: testSettings),
        .testTarget(name: "WorkflowModelTests", dependencies: ["WorkflowModel", "DockerfileModel", "DocumentTree", "Render", .product(name: "Yams", package: "Yams")], exclude: ["Golden"], swiftSettings: testSettings),
        .testTarget(
            name: "GeneratorTests",
            dependencies: ["Generator", "Environments", "Components", "Platform", "SecureMessenger", "KubeModel", "KustomizeTree", "DocumentTree", "WorkflowModel", "DockerfileModel", "Output", "Policy", "TestSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: testSettings
        ),
    ]
)
