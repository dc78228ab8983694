import Foundation

/// Docker's `.dockerignore` rules, emulated to decide which files of a repository reach an image's
/// build context (no Docker daemon runs where the tests run). Written from Docker's documentation
/// ("Build context", `.dockerignore` files: Go's `filepath.Match` rules extended with `**`, `!`
/// exceptions, the last matching line decides) and from the code BuildKit and the Docker CLI use,
/// moby/patternmatcher (read at 5a6d842): `ignorefile.ReadAll` reads the lines, `New` and
/// `Pattern.compile` turn each pattern into an exact, prefix, suffix or regular-expression match,
/// and `MatchesOrParentMatches` decides a path: every pattern in order, a pattern that matches the
/// path or one of its parent directories sets "excluded" to `!exception`.
struct DockerIgnoreRules {
    private struct Pattern {
        enum Match {
            case exact(String), prefix(String), suffix(String), regex(NSRegularExpression)
        }
        let exception: Bool
        let match: Match

        func matches(_ path: String) -> Bool {
            switch match {
            case .exact(let p): return path == p
            case .prefix(let p): return path.hasPrefix(p)
            // `**/name` matches `name` at the root as well as under any folder.
            case .suffix(let s): return path.hasSuffix(s) || (s.hasPrefix("/") && path == String(s.dropFirst()))
            case .regex(let re):
                return re.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
            }
        }
    }

    private let patterns: [Pattern]

    /// The patterns of a `.dockerignore` file's text (`ignorefile.ReadAll`: `#` lines are
    /// comments, blanks are skipped, a leading `/` is dropped, each pattern is cleaned).
    init(file text: String) throws {
        patterns = try text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { raw in
            if raw.hasPrefix("#") { return nil }
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { return nil }
            let exception = line.hasPrefix("!")
            if exception { line = String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
            line = Self.clean(line)
            if line.count > 1 && line.hasPrefix("/") { line.removeFirst() }
            return Pattern(exception: exception, match: try Self.compile(line))
        }
    }

    /// Whether a file (a `/`-separated path relative to the context root) is sent to the builder.
    func keeps(_ path: String) -> Bool {
        let elements = path.split(separator: "/")
        let parents = elements.indices.dropFirst().map { elements[..<$0].joined(separator: "/") }
        var excluded = false
        for pattern in patterns where pattern.exception == excluded {
            if pattern.matches(path) || parents.contains(where: pattern.matches) {
                excluded = !pattern.exception
            }
        }
        return !excluded
    }

    /// Go's `filepath.Clean` for the relative patterns a `.dockerignore` holds: no empty or `.`
    /// elements, `..` removes the element before it, no trailing `/`.
    static func clean(_ pattern: String) -> String {
        var elements: [Substring] = []
        for element in pattern.split(separator: "/", omittingEmptySubsequences: true) where element != "." {
            if element == "..", let last = elements.last, last != ".." { elements.removeLast() } else { elements.append(element) }
        }
        let cleaned = elements.joined(separator: "/")
        return pattern.hasPrefix("/") ? "/" + cleaned : (cleaned.isEmpty ? "." : cleaned)
    }

    /// `Pattern.compile`: `**` (and `**/`) matches any number of folders, `*` and `?` anything but
    /// `/`, `[…]` a class, `\` escapes; a pattern with no wildcard is an exact match, one ending
    /// in `/**` with none before a prefix match, one starting with `**/` and no other wildcard a
    /// suffix match.
    private static func compile(_ pattern: String) throws -> Pattern.Match {
        enum Kind { case exact, prefix, suffix, regex }
        var regex = "^"
        var kind = Kind.exact
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            let first = i == 0
            i += 1
            switch ch {
            case "*" where i < chars.count && chars[i] == "*":
                i += 1
                if i < chars.count && chars[i] == "/" { i += 1 }
                if i == chars.count {
                    if kind == .exact { kind = .prefix } else { regex += ".*"; kind = .regex }
                } else {
                    regex += "(.*/)?"
                    kind = .regex
                }
                if first { kind = .suffix }
            case "*": regex += "[^/]*"; kind = .regex
            case "?": regex += "[^/]"; kind = .regex
            case "\\" where i < chars.count: regex += "\\" + String(chars[i]); i += 1; kind = .regex
            case "[", "]": regex += String(ch); kind = .regex
            case _ where ".+()|{}$".contains(ch): regex += "\\" + String(ch)
            default: regex += String(ch)
            }
        }
        switch kind {
        case .exact: return .exact(pattern)
        case .prefix: return .prefix(String(pattern.dropLast(2)))
        case .suffix: return .suffix(String(pattern.dropFirst(2)))
        case .regex: return .regex(try NSRegularExpression(pattern: regex + "$"))
        }
    }
}
