/// How a string scalar is written so that every YAML parser reads it back as the same string:
/// quoted when a parser would read it as another type (`"true"`, `"1.20"`, `"0755"`, `""`,
/// `"3000"`, `y`, `n`), keys included; a literal block (`|`) when it spans lines, never folded.
///
/// Decided on UTF-8 bytes: this runs for every scalar gen writes, and the Character-based version
/// was 4 % of generating 300 services (perf).
enum ScalarQuoting {
    static func style(of s: String) -> EventEmitter.ScalarStyle {
        if spansLines(s) { return .literal }
        // YAML 1.1's implicit types (what Yams' resolver and PyYAML read), plus the single-letter
        // booleans go-yaml v2 still reads and numbers go-yaml (kubectl, kustomize) parses:
        // `-.5`, `.5e3`, `0X1F`, `0B101`.
        if ImplicitType.isNonString(s) || isSingleLetterBoolean(s) || looksLikeNumber(s) {
            return .singleQuoted
        }
        return .any
    }

    /// Whether `s` holds a line feed that is a Character of its own: as a Swift Character, `\r\n`
    /// is one grapheme and not `"\n"`, and that is the rule this has always applied.
    private static func spansLines(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for byte in s.utf8 {
            if byte == 0x0A && previous != 0x0D { return true }
            previous = byte
        }
        return false
    }

    private static func isSingleLetterBoolean(_ s: String) -> Bool {
        guard s.utf8.count == 1, let c = s.utf8.first else { return false }
        return c == UInt8(ascii: "y") || c == UInt8(ascii: "Y") || c == UInt8(ascii: "n") || c == UInt8(ascii: "N")
    }

    /// Whether some YAML parser could read `s` as a number: decimal, float with optional exponent,
    /// or a 0x/0o/0b literal in either case.
    static func looksLikeNumber(_ s: String) -> Bool {
        var chars = s.utf8[...]
        if let sign = chars.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { chars = chars.dropFirst() }
        // A number starts with a digit or a point: most scalars are names and stop here.
        guard let first = chars.first, isDigit(first) || first == UInt8(ascii: ".") else { return false }
        if chars.count > 2, first == UInt8(ascii: "0"), let p = chars.dropFirst().first, "xXoObB".utf8.contains(p) {
            return chars.dropFirst(2).allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: "_") }
        }
        let mantissa = chars.prefix { isDigit($0) || $0 == UInt8(ascii: ".") }
        guard mantissa.count(where: { $0 == UInt8(ascii: ".") }) <= 1, mantissa.contains(where: isDigit) else { return false }
        let rest = chars.dropFirst(mantissa.count)
        if rest.isEmpty { return true }
        guard let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return false }
        var exponent = rest.dropFirst()
        if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
    }
}
