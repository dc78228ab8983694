import DocumentTree

/// A field that holds either an integer or a string (`targetPort`, `maxSurge`, `minAvailable`).
public enum IntOrString: Equatable, Hashable, Sendable, DocumentRepresentable, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral
{
    case int(Int)
    case string(String)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    /// A percentage such as `50%`.
    public static func percent(_ n: Int) -> IntOrString { .string("\(n)%") }

    public func document() -> DocNode {
        switch self {
        case .int(let i): .int(i)
        case .string(let s): .string(s)
        }
    }
}

/// A non-negative number of seconds (probe delays, grace periods, deadlines).
public struct Seconds: Equatable, Hashable, Comparable, Sendable, DocumentRepresentable, ExpressibleByIntegerLiteral {
    public let value: Int

    public init(_ value: Int) { self.value = value }
    public init(integerLiteral value: Int) { self.init(value) }

    public static func minutes(_ m: Int) -> Seconds { Seconds(m * 60) }
    public static func hours(_ h: Int) -> Seconds { Seconds(h * 3600) }
    public static func < (a: Seconds, b: Seconds) -> Bool { a.value < b.value }

    public func document() throws -> DocNode {
        if value < 0 {
            throw InvalidValue("\(value) seconds is negative", at: FieldPath())
        }
        return .int(value)
    }
}

/// A container image: repository, tag and optional digest, written `repo:tag@sha256:…`.
public struct Image: Equatable, Hashable, Sendable, DocumentRepresentable, CustomStringConvertible {
    public var repository: String
    public var tag: String?
    public var digest: String?

    public init(_ repository: String, tag: String? = nil, digest: String? = nil) {
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    public var description: String {
        repository + (tag.map { ":\($0)" } ?? "") + (digest.map { "@\($0)" } ?? "")
    }

    /// Why this reference is malformed, or nil.
    public var problem: String? {
        if repository.isEmpty || repository.contains(where: { $0 == " " || $0.isUppercase }) {
            return "repository \"\(repository)\" must be lowercase and non-empty"
        }
        if let tag {
            let ok = !tag.isEmpty && tag.count <= 128 && tag.first != "." && tag.first != "-"
                && tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            if !ok { return "tag \"\(tag)\" is not a valid image tag" }
        }
        if let digest {
            let hex = digest.dropFirst("sha256:".count)
            if !digest.hasPrefix("sha256:") || hex.count != 64 || !hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                return "digest \"\(digest)\" must be sha256: followed by 64 lowercase hex digits"
            }
        }
        return nil
    }

    public func document() throws -> DocNode {
        if let problem { throw InvalidValue("invalid image reference: \(problem)", at: FieldPath()) }
        return .string(description)
    }
}
