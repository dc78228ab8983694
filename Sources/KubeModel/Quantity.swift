import DocumentTree

/// A Kubernetes resource quantity (`250m`, `512Mi`, `1`, `1.5Gi`), checked when written.
///
/// Written as a string literal for readability; a value Kubernetes would reject (`512MB`) fails
/// generation with the field path and a suggestion instead of reaching the cluster.
public struct Quantity: Equatable, Hashable, Sendable, ExpressibleByStringLiteral, DocumentRepresentable,
    CustomStringConvertible
{
    public let text: String

    public init(_ text: String) { self.text = text }
    public init(stringLiteral value: String) { self.init(value) }

    /// Millicores: `.millicores(250)` is `250m`.
    public static func millicores(_ n: Int) -> Quantity { Quantity("\(n)m") }
    /// Mebibytes: `.mebibytes(512)` is `512Mi`.
    public static func mebibytes(_ n: Int) -> Quantity { Quantity("\(n)Mi") }
    /// Gibibytes: `.gibibytes(1)` is `1Gi`.
    public static func gibibytes(_ n: Int) -> Quantity { Quantity("\(n)Gi") }

    public var description: String { text }

    static let suffixes: Set<String> = ["", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    /// Why `text` is not a quantity, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        var digits = text[...]
        if let first = digits.first, first == "+" || first == "-" { digits = digits.dropFirst() }
        let number = digits.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let suffix = String(digits.dropFirst(number.count))
        let dots = number.filter { $0 == "." }.count
        guard !number.isEmpty, number != ".", dots <= 1 else {
            return "is not a Kubernetes quantity: it must start with a number"
        }
        if suffixes.contains(suffix) { return nil }
        if let e = suffix.first, e == "e" || e == "E" {
            var exponent = suffix.dropFirst()
            if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
            if !exponent.isEmpty, exponent.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        }
        var message = "is not a Kubernetes quantity"
        if let better = suggestion(number: String(text.dropLast(suffix.count)), suffix: suffix) {
            message += " (did you mean \"\(better)\"?)"
        } else {
            message += " (suffixes: m, k, M, G, T, Ki, Mi, Gi, Ti)"
        }
        return message
    }

    private static func suggestion(number: String, suffix: String) -> String? {
        let trimmed = suffix.trimmingSpaces()
        let map: [String: String] = [
            "KB": "Ki", "kb": "Ki", "Kb": "Ki", "KiB": "Ki", "kB": "k",
            "MB": "Mi", "mb": "Mi", "Mb": "Mi", "MiB": "Mi",
            "GB": "Gi", "gb": "Gi", "Gb": "Gi", "GiB": "Gi",
            "TB": "Ti", "tb": "Ti", "TiB": "Ti",
            "mi": "Mi", "gi": "Gi", "ki": "Ki", "K": "k",
        ]
        if suffixes.contains(trimmed), trimmed != suffix { return number + trimmed }
        return map[trimmed].map { number + $0 }
    }

    public func document() throws -> DocNode {
        if let problem = Quantity.problem(text) {
            throw InvalidValue("\"\(text)\" \(problem)", at: FieldPath())
        }
        return .string(text)
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
