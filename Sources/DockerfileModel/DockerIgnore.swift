/// The files kept out of an image's build context: BuildKit reads `<Dockerfile>.dockerignore`
/// beside the Dockerfile before the context root's `.dockerignore`, so each image excludes what
/// it does not need while both build from the repository root.
public struct DockerIgnore: Sendable {
    /// Patterns in `.dockerignore` syntax; a leading `!` re-includes.
    public var patterns: [String]

    public init(_ patterns: [String]) { self.patterns = patterns }

    public func render(header: [String]) -> String {
        (header.map { $0.isEmpty ? "#" : "# \($0)" } + patterns).joined(separator: "\n") + "\n"
    }
}
