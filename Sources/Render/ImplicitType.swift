/// What a YAML parser would make of a plain (unquoted) scalar: the rules of YAML 1.1's
/// implicit types, as Yams' `Resolver.default` writes them in regular expressions (bool, int,
/// float, merge, null, timestamp, value), matched here by hand over the bytes.
///
/// Why not the regular expressions: they cost most of a run (one NSRegularExpression match per
/// rule for every string of the tree, issue 17's profile); these scans cost a few comparisons.
/// `ImplicitTypeTests` proves the answers equal to Yams' resolver on generated strings.
public enum ImplicitType: Sendable {
    case bool, int, float, merge, null, timestamp, value
    /// None of the above: the scalar is a string.
    case string

    /// Whether a plain scalar `s` would be read as something other than a string.
    static func isNonString(_ s: String) -> Bool { of(s) != .string }

    /// What a plain, untagged scalar `s` is read as.
    public static func of(_ s: String) -> ImplicitType {
        var s = s
        return s.withUTF8 { of($0) }
    }

    /// What a plain, untagged scalar of these UTF-8 bytes is read as; the rules are tried in the
    /// order of Yams' `Resolver.default`, the first match winning.
    public static func of(_ text: UnsafeBufferPointer<UInt8>) -> ImplicitType {
        // Most scalars (names, images, paths) start with a letter no rule accepts: no copy for them.
        if let first = text.first, !mayStartNonString(first) { return .string }
        var bytes = Array(text)
        // The expressions end in `$`, which ICU also matches before one final line terminator.
        dropFinalLineTerminator(&bytes)
        if isBool(bytes) { return .bool }
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        if bytes == mergeKey { return .merge }
        if isNull(bytes) { return .null }
        if isTimestamp(bytes) { return .timestamp }
        if bytes == valueKey { return .value }
        return .string
    }

    /// The first bytes any rule accepts: digits, signs, `.`, `~`, `<`, `=`, the initials of the
    /// booleans and nulls (yes, no, true, false, on, off, null), and the first byte of a line
    /// terminator (a lone one is the empty scalar, null, to `$`).
    private static func mayStartNonString(_ c: UInt8) -> Bool { nonStringStarts[Int(c)] }

    /// `mayStartNonString` by byte: searching the set's text for every scalar read or written was
    /// 3 % of `gen lint` (callgrind, 490 instructions a call).
    private static let nonStringStarts: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in Array("0123456789+-.~<=yYnNtTfFoO".utf8) + [0x0A, 0x0B, 0x0C, 0x0D, 0xC2, 0xE2] { table[Int(c)] = true }
        return table
    }()

    private static let booleans: Set<[UInt8]> = Set(
        ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
         "on", "On", "ON", "off", "Off", "OFF"].map { Array($0.utf8) })
    private static let nulls: Set<[UInt8]> = Set(["", "~", "null", "Null", "NULL"].map { Array($0.utf8) })
    private static let mergeKey = Array("<<".utf8), valueKey = Array("=".utf8)
    private static let binaryPrefix = Array("0b".utf8), hexPrefix = Array("0x".utf8)
    private static let infinities = ["inf", "Inf", "INF"].map { Array(".\($0)".utf8) }
    private static let notANumber = ["nan", "NaN", "NAN"].map { Array(".\($0)".utf8) }

    /// `$` in ICU (without the multi-line flag) matches at the end and before a line terminator
    /// that ends the input: `\n`, `\r\n`, `\r`, `\u{0B}`, `\u{0C}`, U+0085, U+2028, U+2029.
    private static func dropFinalLineTerminator(_ b: inout [UInt8]) {
        if b.last == 0x0A {
            b.removeLast()
            if b.last == 0x0D { b.removeLast() }
        } else if let last = b.last, last == 0x0D || last == 0x0B || last == 0x0C {
            b.removeLast()
        } else if b.count >= 2, b[b.count - 2] == 0xC2, b[b.count - 1] == 0x85 {
            b.removeLast(2)
        } else if b.count >= 3, b[b.count - 3] == 0xE2, b[b.count - 2] == 0x80,
                  b[b.count - 1] == 0xA8 || b[b.count - 1] == 0xA9 {
            b.removeLast(3)
        }
    }

    static func isBool(_ b: [UInt8]) -> Bool { booleans.contains(b) }
    static func isNull(_ b: [UInt8]) -> Bool { nulls.contains(b) }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    }
    private static let underscore = UInt8(ascii: "_")

    /// Index after an optional `[-+]`.
    private static func afterSign(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        if let c = b.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { return b.dropFirst() }
        return b
    }

    /// `(?::[0-5]?[0-9])+` consumed from the start of `b`; returns the rest, or nil when not one group.
    private static func sexagesimalGroups(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var rest = b
        var groups = 0
        while rest.first == UInt8(ascii: ":") {
            let digits = rest.dropFirst().prefix { isDigit($0) }
            // `[0-5]?[0-9]`: one digit, or two with the first at most 5. A longer run can still
            // match a shorter prefix only if the next byte starts another group, which a digit cannot.
            if digits.count == 1 {
                rest = rest.dropFirst(2)
            } else if digits.count >= 2, digits[digits.startIndex] <= UInt8(ascii: "5") {
                rest = rest.dropFirst(3)
            } else {
                break
            }
            groups += 1
        }
        return groups > 0 ? rest : nil
    }

    /// `[1-9][0-9_]*` from the start: the rest, or nil.
    private static func decimalNoLeadingZero(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let c = b.first, c >= UInt8(ascii: "1"), c <= UInt8(ascii: "9") else { return nil }
        return b.dropFirst().drop { isDigit($0) || $0 == underscore }
    }

    static func isInt(_ all: [UInt8]) -> Bool {
        let b = afterSign(all[...])
        guard !b.isEmpty else { return false }
        // [-+]?0b[0-1_]+
        if b.starts(with: binaryPrefix), b.count > 2,
           b.dropFirst(2).allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == underscore }) {
            return true
        }
        // [-+]?0o?[0-7_]+
        if b.first == UInt8(ascii: "0") {
            let body = b.dropFirst().first == UInt8(ascii: "o") ? b.dropFirst(2) : b.dropFirst()
            if !body.isEmpty, body.allSatisfy({ ($0 >= 0x30 && $0 <= 0x37) || $0 == underscore }) { return true }
        }
        // [-+]?(?:0|[1-9][0-9_]*)
        if b.elementsEqual([UInt8(ascii: "0")]) { return true }
        if let rest = decimalNoLeadingZero(b), rest.isEmpty { return true }
        // [-+]?0x[0-9a-fA-F_]+
        if b.starts(with: hexPrefix), b.count > 2, b.dropFirst(2).allSatisfy({ isHex($0) || $0 == underscore }) {
            return true
        }
        // [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
        if let digits = prefixBeforeColon(b, decimalNoLeadingZero), let rest = sexagesimalGroups(digits), rest.isEmpty {
            return true
        }
        return false
    }

    /// The part of `b` after a leading run accepted by `run`, when that part starts with `:`.
    /// The run `[0-9_]*` is greedy and cannot contain `:`, so no backtracking is needed.
    private static func prefixBeforeColon(_ b: ArraySlice<UInt8>,
                                          _ run: (ArraySlice<UInt8>) -> ArraySlice<UInt8>?) -> ArraySlice<UInt8>? {
        guard let rest = run(b), rest.first == UInt8(ascii: ":") else { return nil }
        return rest
    }

    static func isFloat(_ all: [UInt8]) -> Bool {
        let signed = afterSign(all[...])
        // [-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
        if let c = signed.first, isDigit(c) {
            var rest = signed.dropFirst().drop { isDigit($0) || $0 == underscore }
            if rest.first == UInt8(ascii: ".") { rest = rest.dropFirst().drop { isDigit($0) || $0 == underscore } }
            if rest.isEmpty || isExponent(rest, signRequired: false) { return true }
        }
        // \.[0-9_]+(?:[eE][-+][0-9]+)?   (no sign before the dot; a sign required in the exponent)
        if all.first == UInt8(ascii: ".") {
            let body = all.dropFirst()
            let run = body.prefix { isDigit($0) || $0 == underscore }
            let rest = body.dropFirst(run.count)
            if !run.isEmpty, rest.isEmpty || isExponent(rest, signRequired: true) { return true }
        }
        // [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        if let c = signed.first, isDigit(c) {
            let afterRun = signed.dropFirst().drop { isDigit($0) || $0 == underscore }
            if afterRun.first == UInt8(ascii: ":"), let rest = sexagesimalGroups(afterRun),
               rest.first == UInt8(ascii: "."), rest.dropFirst().allSatisfy({ isDigit($0) || $0 == underscore }) {
                return true
            }
        }
        // [-+]?\.(?:inf|Inf|INF)   and   \.(?:nan|NaN|NAN)
        if infinities.contains(where: { signed.elementsEqual($0) }) { return true }
        return notANumber.contains { all.elementsEqual($0) }
    }

    /// `[eE][-+]?[0-9]+` (or `[eE][-+][0-9]+`) spanning all of `b`.
    private static func isExponent(_ b: ArraySlice<UInt8>, signRequired: Bool) -> Bool {
        guard let e = b.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return false }
        var digits = b.dropFirst()
        if let s = digits.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        } else if signRequired {
            return false
        }
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }

    static func isTimestamp(_ b: [UInt8]) -> Bool {
        var i = 0
        func digits(_ min: Int, _ max: Int) -> Bool {
            var n = 0
            while n < max, i < b.count, isDigit(b[i]) { i += 1; n += 1 }
            return n >= min
        }
        func byte(_ c: Character) -> Bool {
            guard i < b.count, b[i] == UInt8(ascii: c.unicodeScalars.first!) else { return false }
            i += 1
            return true
        }
        // [0-9]{4}-[0-9]{2}-[0-9]{2}
        if b.count == 10 {
            i = 0
            if digits(4, 4), byte("-"), digits(2, 2), byte("-"), digits(2, 2), i == b.count { return true }
        }
        // [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        //   (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?
        i = 0
        guard digits(4, 4), byte("-"), digits(1, 2), byte("-"), digits(1, 2) else { return false }
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") {
            i += 1
        } else {
            let start = i
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
            guard i > start else { return false }
        }
        guard digits(1, 2), byte(":"), digits(2, 2), byte(":"), digits(2, 2) else { return false }
        if byte(".") { _ = digits(0, Int.max) }
        if i == b.count { return true }
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        if byte("Z") { return i == b.count }
        guard i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") else { return false }
        i += 1
        guard digits(1, 2) else { return false }
        if i == b.count { return true }
        return byte(":") && digits(2, 2) && i == b.count
    }
}
