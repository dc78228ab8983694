// swift-tools-version: 6.0
import PackageDescription

// The deployment of guestbook, described with gen's libraries: `swift run guestbook-gen` writes its tree
// into generated/, `swift run guestbook-gen --check` fails on drift, `swift run guestbook-gen lint DIR` checks YAML.
let package = Package(
    name: "guestbook",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "gen", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "guestbook-gen", dependencies: [
            .product(name: "GenCommand", package: "gen"),
            .product(name: "Platform", package: "gen"),
            .product(name: "Components", package: "gen"),
            .product(name: "KubeModel", package: "gen"),
        ]),
    ]
)
