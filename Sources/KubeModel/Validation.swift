import DocumentTree

/// The syntax rules of Kubernetes names, label keys and label values (apimachinery's validation).
public enum NameRules {
    /// RFC 1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric.
    public static func dnsLabelProblem(_ s: String) -> String? { bytes(s) { dnsLabelProblem($0[...]) } }

    /// RFC 1123 subdomain: dot-separated labels, at most 253 characters.
    public static func dnsSubdomainProblem(_ s: String) -> String? { bytes(s) { dnsSubdomainProblem($0[...]) } }

    /// A label value, or the name part of a label key: at most 63 of `[A-Za-z0-9_.-]`,
    /// starting and ending alphanumeric; values may be empty.
    public static func labelValueProblem(_ s: String, allowEmpty: Bool = true) -> String? {
        bytes(s) { labelValueProblem($0[...], allowEmpty: allowEmpty) }
    }

    /// A label or annotation key: optional DNS-subdomain prefix and '/', then a name.
    public static func qualifiedNameProblem(_ s: String) -> String? {
        bytes(s) { b in
            let slash = UInt8(ascii: "/")
            guard let i = b.firstIndex(of: slash) else { return labelValueProblem(b[...], allowEmpty: false) }
            let name = b[(i + 1)...]
            if name.contains(slash) { return "may contain at most one '/'" }
            if let p = dnsSubdomainProblem(b[..<i]) { return "prefix \(p)" }
            return labelValueProblem(name, allowEmpty: false)
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

    // The rules below run on the bytes of every name and label of every object, read in place:
    // no String is made for a part, no set is built per call, and no index of a String view is
    // validated per byte (callgrind: 3 700 instructions a label key through Substring views).
    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    private static func bytes(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> String?) -> String? {
        var s = s
        return s.withUTF8(body)
    }

    private static func dnsSubdomainProblem(_ s: Bytes) -> String? {
        if s.isEmpty { return "must not be empty" }
        if s.count > 253 { return "must be at most 253 characters" }
        // Label by label, without an array of the parts.
        var start = s.startIndex
        while true {
            let end = s[start...].firstIndex(of: UInt8(ascii: ".")) ?? s.endIndex
            if let problem = dnsLabelProblem(s[start..<end]) { return problem }
            guard end < s.endIndex else { return nil }
            start = end + 1
        }
    }

    private static func dnsLabelProblem(_ s: Bytes) -> String? {
        if s.isEmpty { return "must not be empty" }
        if s.count > 63 { return "must be at most 63 characters (has \(s.count))" }
        guard s.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else {
            return "must consist of lowercase letters, digits and '-'"
        }
        guard isLowerAlnum(s.first!), isLowerAlnum(s.last!) else {
            return "must start and end with a lowercase letter or digit"
        }
        return nil
    }

    private static func labelValueProblem(_ s: Bytes, allowEmpty: Bool) -> String? {
        if s.isEmpty { return allowEmpty ? nil : "must not be empty" }
        if s.count > 63 { return "must be at most 63 characters (has \(s.count))" }
        guard s.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) else {
            return "may contain only letters, digits, '-', '_' and '.'"
        }
        guard isAlnum(s.first!), isAlnum(s.last!) else {
            return "must start and end with a letter or digit"
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

/// Throws `InvalidValue` when `problem` is not nil, at the value itself or at its field `key`.
func check(_ problem: String?, _ value: String, what: String, at key: String? = nil) throws {
    if let problem {
        throw InvalidValue("\"\(value)\" is not a valid \(what): \(problem)", at: FieldPath(key.map { [.key($0)] } ?? []))
    }
}
