import DocumentTree
import Foundation
import Render
import TestSupport
import XCTest

/// The JSON renderer against Foundation's parser: every generated tree reads back as itself, with
/// strings holding quotes, backslashes, control characters and non-ASCII text.
final class JSONRendererTests: XCTestCase {
    static let pieces = ["a", "key", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "日本", "🙂", " ", "/", "\\u0041"]

    static func string(_ random: inout SplitMix64) -> String {
        (0..<random.next(6)).map { _ in random.pick(pieces) }.joined()
    }

    static func node(_ random: inout SplitMix64, depth: Int) -> DocNode {
        switch depth > 3 ? random.next(4) : random.next(6) {
        case 0: return .string(string(&random))
        case 1: return .int(random.next(2_000_000) - 1_000_000)
        case 2: return .bool(random.next(2) == 0)
        case 3: return .null
        case 4: return .sequence((0..<random.next(4)).map { _ in node(&random, depth: depth + 1) })
        default:
            var keys = Set<String>()
            return .mapping((0..<random.next(4)).compactMap { _ in
                let key = string(&random)
                guard keys.insert(key).inserted else { return nil }
                return DocNode.Field(key, node(&random, depth: depth + 1))
            })
        }
    }

    /// What Foundation reads back, compared with the tree (key order aside: the bytes test below).
    static func matches(_ value: Any, _ node: DocNode) -> Bool {
        switch node {
        case .string(let s): return (value as? String) == s
        case .int(let i): return (value as? Int) == i
        case .bool(let b): return (value as? Bool) == b
        case .null: return value is NSNull
        case .number: return false
        case .sequence(let items):
            guard let array = value as? [Any], array.count == items.count else { return false }
            return zip(array, items).allSatisfy { matches($0, $1) }
        case .mapping(let fields):
            guard let dict = value as? [String: Any], dict.count == fields.count else { return false }
            return fields.allSatisfy { f in dict[f.key].map { matches($0, f.value) } ?? false }
        }
    }

    func testEveryTreeReadsBackAsItself() throws {
        var random = SplitMix64(seed: 8259)
        for _ in 0..<3000 {
            let tree = DocNode.sequence([Self.node(&random, depth: 0)])
            let text = JSONRenderer.render(tree)
            let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            XCTAssertTrue(Self.matches(value, tree), text)
        }
    }

    func testBytesKeyOrderAndEscapes() {
        let tree = DocNode.map([("z", .string("a\"b\\c\nd\u{1}é")), ("a", .sequence([.int(-1), .bool(true), .null, .mapping([])])),
                                ("m", .sequence([]))])
        XCTAssertEqual(JSONRenderer.render(tree), """
            {
              "z": "a\\"b\\\\c\\nd\\u0001é",
              "a": [
                -1,
                true,
                null,
                {}
              ],
              "m": []
            }

            """)
        XCTAssertEqual(JSONRenderer.quoted("tab\there"), "\"tab\\there\"")
    }
}
