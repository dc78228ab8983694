import DocumentTree
@testable import Render
import Yams
import TestSupport
import XCTest

/// The event emitter against the renderer it replaced: `Yams.serialize` over `Yams.Node`s whose
/// string styles come from Yams' own regex resolver. Both must write the same bytes for any tree,
/// and the hand-written implicit-type rules must give that resolver's tag for any string.
final class EventEmitterTests: XCTestCase {
    /// Pieces that reach every branch of YAML 1.1's implicit types (signs, radix prefixes, `_`,
    /// sexagesimal `:`, exponents, `.inf`/`.nan`, timestamps, booleans, null, merge, value) and
    /// every line terminator ICU's `$` matches before.
    private static let pieces = [
        "0", "1", "5", "6", "7", "9", "_", ".", ":", "-", "+", "e", "E", "x", "b", "o", "a", "F", "T", "t", "Z",
        " ", "\t", "inf", "Inf", "INF", "nan", "NaN", "NAN", "true", "yes", "Off", "ON", "null", "~", "<<", "=",
        "2001-12-14", "2001-1-4", "21:59:43", "12", "59", "60", "0x", "0b", "0o", "y", "n", "é",
        "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "#", "'", "\"", "@", "*", "&", "!", "%", "|", ">",
    ]

    /// The pieces numbers, sexagesimals and timestamps are made of, drawn from for half the strings
    /// so that their rarer shapes (`1:60`, `-0o17`, `2001-1-4T1:02:03.5 +1:00`) come up often.
    private static let numericPieces = [
        "0", "1", "5", "6", "7", "9", "12", "59", "60", "_", ".", ":", "-", "+", "e", "x", "b", "o", "T", " ", "Z",
        "2001-12-14", "2001-1-4",
    ]


    private static func string(_ random: inout SplitMix64) -> String {
        let alphabet = random.next(2) == 0 ? pieces : numericPieces
        return (0..<random.next(7)).map { _ in alphabet[random.next(alphabet.count)] }.joined()
    }

    func testImplicitTypesAgreeWithYamsResolver() {
        var random = SplitMix64(seed: 20261205)
        var nonStrings = 0
        for _ in 0..<60_000 {
            let s = Self.string(&random)
            let tag = Resolver.default.resolveTag(of: Node(s))
            let yams = tag != .str
            XCTAssertEqual(ImplicitType.isNonString(s), yams, "\(s.debugDescription)")
            XCTAssertEqual(Self.tagName(ImplicitType.of(s)), tag, "\(s.debugDescription)")
            if yams { nonStrings += 1 }
        }
        // The generator must reach the non-string side often, or the comparison proves little.
        XCTAssertGreaterThan(nonStrings, 6_000)
    }

    /// The tag Yams' resolver gives for each answer (what `gen lint`'s parser relies on).
    private static func tagName(_ type: ImplicitType) -> Tag.Name {
        switch type {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .merge: return .merge
        case .null: return .null
        case .timestamp: return .timestamp
        case .value: return .value
        case .string: return .str
        }
    }

    func testSameBytesAsYamsSerialize() throws {
        var random = SplitMix64(seed: 4242)
        for _ in 0..<3_000 {
            let tree = Self.tree(&random, depth: 0)
            XCTAssertEqual(try EventEmitter.render(tree), try Self.yamsRendering(tree))
        }
    }

    private static func tree(_ random: inout SplitMix64, depth: Int) -> DocNode {
        switch random.next(depth > 3 ? 6 : 8) {
        case 0: return .int(random.next(2_000_001) - 1_000_000)
        case 1: return .bool(random.next(2) == 0)
        case 2: return .number(["0.5", "1e3", "-2.25", "100"][random.next(4)])
        case 3: return .null
        case 4, 5:
            // Multi-line strings too, with the indentation and trailing breaks literal blocks must keep.
            return .string(random.next(5) == 0 ? string(&random) + "\n" + ["  x", "", "y\n"][random.next(3)] : string(&random))
        case 6: return .sequence((0..<random.next(4)).map { _ in tree(&random, depth: depth + 1) })
        default:
            return .mapping((0..<random.next(4)).map { _ in DocNode.Field(string(&random), tree(&random, depth: depth + 1)) })
        }
    }

    /// The renderer this emitter replaced, kept here as the oracle.
    private static func yamsRendering(_ doc: DocNode) throws -> String {
        func string(_ s: String) -> Node {
            if s.contains("\n") { return .scalar(.init(s, Tag(.str), .literal)) }
            if ["y", "Y", "n", "N"].contains(s) || ScalarQuoting.looksLikeNumber(s) {
                return .scalar(.init(s, Tag(.str), .singleQuoted))
            }
            return .scalar(s.represented())
        }
        func node(_ doc: DocNode) -> Node {
            switch doc {
            case .mapping(let fields): return .mapping(.init(fields.map { (string($0.key), node($0.value)) }))
            case .sequence(let items): return .sequence(.init(items.map(node)))
            case .string(let s): return string(s)
            case .int(let i): return Node(String(i), Tag(.int))
            case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
            case .number(let n): return Node(n, Tag(.float))
            case .null: return Node("null", Tag(.null))
            }
        }
        return try Yams.serialize(node: node(doc), indent: 2, width: -1, allowUnicode: true, lineBreak: .ln)
    }
}
