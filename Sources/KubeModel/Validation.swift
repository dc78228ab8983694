import DocumentTree

/// The syntax rules of Kubernetes names, label keys and label values (apimachinery's validation).
public enum NameRules {
    /// RFC 1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric.
    public static func dnsLabelProblem(_ s: String) -> String? {
        if s.isEmpty { return "must not be empty" }
        if s.utf8.count > 63 { return "must be at most 63 characters (has \(s.utf8.count))" }
        guard s.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else {
            return "must consist of lowercase letters, digits and '-'"
        }
        guard isLowerAlnum(s.utf8.first!), isLowerAlnum(s.utf8.last!) else {
            return "must start and end with a lowercase letter or digit"
        }
        return nil
    }

    /// RFC 1123 subdomain: dot-separated labels, at most 253 characters.
    public static func dnsSubdomainProblem(_ s: String) -> String? {
        if s.isEmpty { return "must not be empty" }
        if s.utf8.count > 253 { return "must be at most 253 characters" }
        for part in s.split(separator: ".", omittingEmptySubsequences: false) {
            if let problem = dnsLabelProblem(String(part)) { return problem }
        }
        return nil
    }

    /// A label value, or the name part of a label key: at most 63 of `[A-Za-z0-9_.-]`,
    /// starting and ending alphanumeric; values may be empty.
    public static func labelValueProblem(_ s: String, allowEmpty: Bool = true) -> String? {
        if s.isEmpty { return allowEmpty ? nil : "must not be empty" }
        if s.utf8.count > 63 { return "must be at most 63 characters (has \(s.utf8.count))" }
        let extra: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")]
        guard s.utf8.allSatisfy({ isAlnum($0) || extra.contains($0) }) else {
            return "may contain only letters, digits, '-', '_' and '.'"
        }
        guard isAlnum(s.utf8.first!), isAlnum(s.utf8.last!) else {
            return "must start and end with a letter or digit"
        }
        return nil
    }

    /// A label or annotation key: optional DNS-subdomain prefix and '/', then a name.
    public static func qualifiedNameProblem(_ s: String) -> String? {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return labelValueProblem(s, allowEmpty: false)
        case 2:
            if let p = dnsSubdomainProblem(String(parts[0])) { return "prefix \(p)" }
            return labelValueProblem(String(parts[1]), allowEmpty: false)
        default:
            return "may contain at most one '/'"
        }
    }

    /// IANA service name, as used for named container ports: at most 15 characters, lowercase
    /// alphanumerics and '-', at least one letter, no leading, trailing or doubled '-'.
    public static func portNameProblem(_ s: String) -> String? {
        if s.isEmpty || s.utf8.count > 15 { return "must be 1 to 15 characters" }
        guard s.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else {
            return "must consist of lowercase letters, digits and '-'"
        }
        if s.hasPrefix("-") || s.hasSuffix("-") || s.contains("--") { return "must not start or end with '-' or contain '--'" }
        if !s.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            return "must contain at least one letter"
        }
        return nil
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        isLowerAlnum(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }
}

extension Encoder {
    /// Throws `InvalidValue` at this encoder's path when `problem` is not nil.
    func check(_ problem: String?, _ value: String, what: String, at key: (any CodingKey)? = nil) throws {
        if let problem {
            throw InvalidValue("\"\(value)\" is not a valid \(what): \(problem)",
                               codingPath: codingPath + (key.map { [$0] } ?? []))
        }
    }
}
