/// A multi-stage Dockerfile, small and typed: stages refer to earlier stages by value, the runtime
/// user is a number, and instructions render in exec form where Docker allows it.
public struct Dockerfile: Sendable {
    public var stages: [Stage]

    public init(stages: [Stage]) { self.stages = stages }

    /// The Dockerfile's text, after checking that every `COPY --from` names an earlier stage and
    /// that the last stage (the image) runs as a non-root numeric user.
    public func render(header: [String]) throws -> String {
        try validate()
        return text(header: header)
    }

    /// Every `COPY --from` names an earlier stage, no stage is declared twice, and the last stage
    /// runs as a non-root numeric user.
    public func validate() throws {
        var names = Set<String>()
        for stage in stages {
            for case .copy(let from?, _, _) in stage.instructions where !names.contains(from.name) {
                throw DockerfileError("stage \(stage.name) copies from \(from.name), which is not an earlier stage")
            }
            guard names.insert(stage.name).inserted else { throw DockerfileError("stage \(stage.name) declared twice") }
        }
        guard let last = stages.last else { throw DockerfileError("a Dockerfile needs a stage") }
        guard let user = last.instructions.compactMap({ if case .user(let uid) = $0 { uid } else { nil } }).last,
              user > 0 else {
            throw DockerfileError("the runtime stage \(last.name) must end as a non-root numeric USER")
        }
    }

    /// The Dockerfile's text, unchecked (`render` checks it first).
    public func text(header: [String]) -> String {
        var lines = header.map { $0.isEmpty ? "#" : "# \($0)" }
        for stage in stages {
            lines.append("")
            if let comment = stage.comment { lines.append("# \(comment)") }
            lines.append("FROM \(stage.base.reference) AS \(stage.name)")
            lines += stage.instructions.map(\.line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One `FROM … AS name` and what follows it.
public struct Stage: Sendable {
    public let name: String
    public var comment: String?
    public var base: BaseImage
    public var instructions: [Instruction]

    public init(_ name: String, comment: String? = nil, from base: BaseImage, _ instructions: [Instruction]) {
        self.name = name
        self.comment = comment
        self.base = base
        self.instructions = instructions
    }
}

/// A base image: a tag, and a digest when one has been read from the registry.
public struct BaseImage: Hashable, Sendable {
    public var repository: String
    public var tag: String
    /// `sha256:…` of the image index; with it, the tag is only a label for readers.
    public var digest: String?

    public init(_ repository: String, tag: String, digest: String? = nil) {
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    public var reference: String { "\(repository):\(tag)" + (digest.map { "@\($0)" } ?? "") }
}

/// The instructions our images use.
public enum Instruction: Sendable {
    case workdir(String)
    case env([(String, String)])
    /// `ARG NAME`: a value given at build time (`--build-arg`), in the environment of the stage's
    /// later `RUN`s and not in the image.
    case arg(String)
    /// A shell command (`/bin/sh -c`); multi-line commands are joined with ` \` continuations.
    case run([String])
    /// `COPY [--from=stage] sources… destination`: files keep root as owner, so the runtime user
    /// can read them but not change them.
    case copy(from: Stage?, sources: [String], destination: String)
    case user(Int)
    case expose(Int)
    case healthcheck(intervalSeconds: Int, timeoutSeconds: Int, startPeriodSeconds: Int, retries: Int, command: [String])
    case entrypoint([String])
    case cmd([String])

    var line: String {
        switch self {
        case .workdir(let dir): "WORKDIR \(dir)"
        case .arg(let name): "ARG \(name)"
        case .env(let vars): "ENV " + vars.map { "\($0.0)=\(Self.quoted($0.1))" }.joined(separator: " ")
        case .run(let lines): "RUN " + lines.joined(separator: " \\\n    ")
        case .copy(let from, let sources, let destination):
            (["COPY"] + (from.map { ["--from=\($0.name)"] } ?? []) + sources + [destination]).joined(separator: " ")
        case .user(let uid): "USER \(uid):\(uid)"
        case .expose(let port): "EXPOSE \(port)"
        case .healthcheck(let interval, let timeout, let start, let retries, let command):
            "HEALTHCHECK --interval=\(interval)s --timeout=\(timeout)s --start-period=\(start)s --retries=\(retries) "
                + "CMD \(Self.execForm(command))"
        case .entrypoint(let args): "ENTRYPOINT \(Self.execForm(args))"
        case .cmd(let args): "CMD \(Self.execForm(args))"
        }
    }

    /// A JSON array: no shell between Docker and the process, so signals reach it.
    static func execForm(_ args: [String]) -> String {
        "[" + args.map(quoted).joined(separator: ", ") + "]"
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

/// A Dockerfile that cannot be written as it is.
public struct DockerfileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
