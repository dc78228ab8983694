import ArgumentParser
import Foundation
import KubeModel

/// `gen init NAME`: a new product package that depends on gen's libraries, declares one routed
/// service and two environments, and generates a valid tree out of the box
/// (`swift run NAME-gen`). `Examples/guestbook` is exactly what `gen init guestbook --gen ../..`
/// writes, and `make test` builds it, generates its tree and validates it.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a package for a new product: one routed service on PostgreSQL, generated and validated out of the box.")

    @Argument(help: "The product's name (a DNS label: lower-case letters, digits, '-'): the folder, the service, the app label.")
    var name: String

    @Option(help: ArgumentHelp("Where the gen package is: a path (a local checkout) or a git URL.", valueName: "path-or-url"))
    var gen = Gen.repositoryURL

    @Option(help: "The version of gen to depend on, when --gen is a URL.")
    var version = Gen.version

    @Option(name: .shortAndLong, help: "The folder to create the package in (default: ./NAME).")
    var output: String?

    func validate() throws {
        if let problem = NameRules.dnsLabelProblem(name) {
            throw ValidationError("\"\(name)\" cannot name a product: \(problem)")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: output ?? name)
        if FileManager.default.fileExists(atPath: folder.path) {
            throw Failure("\(folder.path) exists already: gen init creates a new package and never writes into an existing folder")
        }
        let dependency = gen.contains("://") ? ".package(name: \"gen\", url: \"\(gen)\", from: \"\(version)\")"
            : ".package(name: \"gen\", path: \"\(gen)\")"
        for (path, contents) in ProductTemplate.files(name: name, dependency: dependency) {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        print("gen init: created \(folder.path); `swift run --package-path \(folder.path) \(name)-gen --help`")
    }
}
