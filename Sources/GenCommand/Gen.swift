import ArgumentParser

/// `gen`: parse, call the libraries, print, exit. Every subcommand lives in its own file.
struct Gen: ParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Generate a product's deployment tree from its typed Swift model, and gate manifests with policy checks.",
        discussion: """
            The model lives in Sources/ (what the product is) and environments/ (what differs per \
            environment). `gen` (the generate subcommand, the default) renders it into generated/. \
            `gen lint` checks any Kubernetes YAML with the same policy checks.

            Examples:
              swift run gen production          regenerate production and the shared base
              swift run gen --check             exit 1 with a diff if generated/ is stale (CI)
              swift run gen render staging      the objects `kubectl apply -k` of staging's overlay sends
              swift run gen lint k8s/           check hand-written manifests
              kubectl kustomize DIR | swift run gen lint -
              swift run gen checks              list the policy checks
              swift run gen explain run-as-non-root

            Exit status: 0 success, 1 invalid model, policy failure or drift, 2 usage error or unreadable input.
            """,
        version: version,
        subcommands: [Generate.self, State.self, RenderCommand.self, Lint.self, ListChecks.self, Explain.self, Init.self],
        defaultSubcommand: Generate.self)
}

/// A failure already explained to the user: exit 1.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Input the command cannot use (unreadable file, YAML syntax error): exit 2.
struct UsageFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
