import DocumentTree
import KubeModel

extension Check {
    static let labelSyntax = Check(
        id: "label-syntax",
        summary: "Label keys and values must have the syntax the API accepts.",
        rationale: "The API server refuses an object whose labels (its own, its pod template's, or a selector's "
            + "matchLabels) are malformed: a value longer than 63 characters, with spaces, slashes or a leading "
            + "dash, or a key with an invalid prefix. The apply fails, often in a pipeline where the value came "
            + "from a branch name or a version string.",
        remediation: "Keep label values to 63 characters of letters, digits, '-', '_' and '.', starting and ending "
            + "with a letter or digit (or empty); keys as name or prefix/name, the prefix a DNS subdomain.",
        severity: .error
    ) { object, _ in
        var places: [FieldPath] = [FieldPath("metadata", "labels")]
        if let pod = PodTemplateView(object), pod.metadataPath != FieldPath("metadata") {
            places.append(pod.metadataPath / "labels")
        }
        places.append(FieldPath("spec", "selector", "matchLabels"))
        var out: [Violation] = []
        for place in places {
            for field in object[place]?.fields ?? [] {
                if let problem = LabelRules.problem(key: field.key) {
                    out.append(Violation("label key \"\(field.key)\" \(problem)", at: place / field.key))
                }
                if let value = field.value.scalarText, let problem = LabelRules.problem(value: value) {
                    out.append(Violation("label \(field.key) value \"\(value)\" \(problem)", at: place / field.key))
                }
            }
        }
        return out
    }
}

/// The syntax of label keys and values as the API server checks them (k8s.io/apimachinery
/// validation: IsQualifiedName, IsValidLabelValue), on UTF-8 bytes (Go's `len` counts bytes).
/// Values and names are `NameRules`' label values; a key's prefix is checked here because
/// `NameRules.dnsSubdomainProblem` also limits each of its labels to 63 characters, which suits
/// the host names gen writes but is stricter than the API server is for a label key.
enum LabelRules {
    /// `(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?`, at most 63 bytes.
    static func problem(value: String) -> String? { NameRules.labelValueProblem(value) }

    /// `[prefix/]name`: name as a value but not empty, prefix a DNS-1123 subdomain of at most 253
    /// bytes (`[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`).
    static func problem(key: String) -> String? {
        let bytes = key.utf8
        let slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        let name = slash.map { bytes[bytes.index(after: $0)...] } ?? bytes[...]
        if name.contains(UInt8(ascii: "/")) { return "has more than one '/'" }
        if let problem = NameRules.labelValueProblem(String(decoding: name, as: UTF8.self), allowEmpty: false) {
            return "has a name that \(problem)"
        }
        if let slash {
            let prefix = bytes[..<slash]
            let valid = !prefix.isEmpty && prefix.count <= 253
                && prefix.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
                    guard let first = label.first, let last = label.last else { return false }
                    return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
                        && label.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
                }
            if !valid { return "has a prefix \"\(String(decoding: prefix, as: UTF8.self))\" that is not a lower-case DNS subdomain" }
        }
        return nil
    }

    private static func isLowerAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
