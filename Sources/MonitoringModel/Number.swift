import Foundation

/// An exact decimal number for thresholds, ratios and burn rates (`0.05`, `14.4`, `0.999`).
///
/// Built from string or integer literals and combined with decimal arithmetic, so `1 - 0.999` is
/// written `0.001`, never `0.0010000000000000009` as binary floating point would.
public struct PromNumber: Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral
{
    public let value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(integerLiteral value: Int) { self.value = Decimal(value) }
    public init(_ value: Int) { self.value = Decimal(value) }
    public init(stringLiteral value: String) {
        guard let d = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")) else {
            preconditionFailure("\"\(value)\" is not a decimal number")
        }
        self.value = d
    }

    public static func + (a: PromNumber, b: PromNumber) -> PromNumber { PromNumber(a.value + b.value) }
    public static func - (a: PromNumber, b: PromNumber) -> PromNumber { PromNumber(a.value - b.value) }
    public static func * (a: PromNumber, b: PromNumber) -> PromNumber { PromNumber(a.value * b.value) }
    public static func / (a: PromNumber, b: PromNumber) -> PromNumber { PromNumber(a.value / b.value) }
    public static func < (a: PromNumber, b: PromNumber) -> Bool { a.value < b.value }

    /// Plain decimal notation, no exponent, no trailing zeros.
    public var description: String { NSDecimalNumber(decimal: value).stringValue }

    /// As a percentage for people (`0.999` → `99.9`).
    public var percent: String { (self * 100).description }
}
