/// How a string scalar is written so that every YAML parser reads it back as the same string:
/// quoted when a parser would read it as another type (`"true"`, `"1.20"`, `"0755"`, `""`,
/// `"3000"`, `y`, `n`), keys included; a literal block (`|`) when it spans lines, never folded.
enum ScalarQuoting {
    static func style(of s: String) -> EventEmitter.ScalarStyle {
        if s.contains("\n") { return .literal }
        // YAML 1.1's implicit types (what Yams' resolver and PyYAML read), plus the single-letter
        // booleans go-yaml v2 still reads and numbers go-yaml (kubectl, kustomize) parses:
        // `-.5`, `.5e3`, `0X1F`, `0B101`.
        if ImplicitType.isNonString(s) || ["y", "Y", "n", "N"].contains(s) || looksLikeNumber(s) {
            return .singleQuoted
        }
        return .any
    }

    /// Whether some YAML parser could read `s` as a number: decimal, float with optional exponent,
    /// or a 0x/0o/0b literal in either case.
    static func looksLikeNumber(_ s: String) -> Bool {
        var chars = Substring(s)
        if let sign = chars.first, sign == "+" || sign == "-" { chars = chars.dropFirst() }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        if chars.count > 2, chars.first == "0", let p = chars.dropFirst().first, "xXoObB".contains(p) {
            return chars.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" }
        }
        let mantissa = chars.prefix { isDigit($0) || $0 == "." }
        guard mantissa.filter({ $0 == "." }).count <= 1, mantissa.contains(where: isDigit) else { return false }
        let rest = chars.dropFirst(mantissa.count)
        if rest.isEmpty { return true }
        guard let e = rest.first, e == "e" || e == "E" else { return false }
        var exponent = rest.dropFirst()
        if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
    }
}
