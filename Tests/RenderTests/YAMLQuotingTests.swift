import DocumentTree
@testable import Render
import Yams
import XCTest

/// Strings that YAML 1.1 or 1.2 parsers would read as booleans, numbers, nulls or timestamps.
let ambiguousStrings = [
    "true", "false", "yes", "no", "on", "off", "null", "~", "1.20", "0755", "", "3000", "1e3",
    "y", "n", "Y", "N", "2024-01-01", "12:30",
    "True", "NO", "Off", "NULL", "0x1F", "0o17", "1_000", "+1", "-1", ".5", "1.", ".inf", "-.inf", ".nan", "<<", "=",
]

final class YAMLQuotingTests: XCTestCase {
    private func render(_ node: DocNode) throws -> String { try YAMLRenderer.render(node) }

    func testAmbiguousValuesLoadBackAsIdenticalStrings() throws {
        let doc = DocNode.map(ambiguousStrings.enumerated().map { ("k\($0.offset)", .string($0.element)) })
        let yaml = try render(doc)
        let loaded = try XCTUnwrap(try Yams.load(yaml: yaml) as? [AnyHashable: Any], yaml)
        XCTAssertEqual(loaded.count, ambiguousStrings.count)
        for (i, original) in ambiguousStrings.enumerated() {
            let value = loaded["k\(i)"]
            XCTAssertTrue(value is String, "\(original.debugDescription) came back as \(String(describing: value)) from:\n\(yaml)")
            XCTAssertEqual(value as? String, original)
        }
    }

    func testAmbiguousKeysLoadBackAsIdenticalStrings() throws {
        let doc = DocNode.map(ambiguousStrings.map { ($0, .string("v")) })
        let yaml = try render(doc)
        let loaded = try XCTUnwrap(try Yams.load(yaml: yaml) as? [AnyHashable: Any], yaml)
        XCTAssertEqual(loaded.count, ambiguousStrings.count, yaml)
        for original in ambiguousStrings {
            XCTAssertEqual(loaded[AnyHashable(original)] as? String, "v", "key \(original.debugDescription) lost in:\n\(yaml)")
        }
        XCTAssertTrue(loaded.keys.allSatisfy { $0.base is String }, "non-string key in:\n\(yaml)")
    }

    func testKeysAndValuesTogether() throws {
        let doc = DocNode.map(ambiguousStrings.map { ($0, .string($0)) })
        let yaml = try render(doc)
        let node = try XCTUnwrap(try Yams.compose(yaml: yaml), yaml)
        let mapping = try XCTUnwrap(node.mapping)
        XCTAssertEqual(mapping.count, ambiguousStrings.count)
        for (key, value) in mapping {
            XCTAssertEqual(key.tag.rawValue, Tag.Name.str.rawValue, "key \(key) is not a string in:\n\(yaml)")
            XCTAssertEqual(value.tag.rawValue, Tag.Name.str.rawValue, "value \(value) is not a string in:\n\(yaml)")
            XCTAssertEqual(key.string, value.string)
        }
        XCTAssertEqual(mapping.keys.compactMap(\.string), ambiguousStrings, "order of keys changed")
    }

    /// Yams itself reads `y` and `n` as strings, so the load-back test alone would not catch these;
    /// go-yaml v2 (kubectl, Helm) reads them as booleans.
    func testSingleLetterBooleansQuotedInRawText() throws {
        let yaml = try render(.map([("y", .string("y")), ("n", .string("n")), ("Y", .string("Y")), ("N", .string("N"))]))
        XCTAssertEqual(yaml, "'y': 'y'\n'n': 'n'\n'Y': 'Y'\n'N': 'N'\n")
    }

    func testAmbiguousStringsAreQuotedInRawText() throws {
        for s in ["true", "yes", "off", "1.20", "0755", "3000", "1e3", "2024-01-01", "12:30", "~", "null"] {
            let yaml = try render(.map([("v", .string(s))]))
            XCTAssertTrue(yaml == "v: '\(s)'\n" || yaml == "v: \"\(s)\"\n", "\(s) not quoted: \(yaml)")
        }
        XCTAssertEqual(try render(.map([("v", .string(""))])), "v: ''\n")
    }

    func testPlainStringsAreNotQuoted() throws {
        let yaml = try render(.map([("image", .string("ghcr.io/acme/web:1.2.3")), ("name", .string("backend")),
                                    ("memory", .string("512Mi")), ("version", .string("v1.20"))]))
        XCTAssertEqual(yaml, "image: ghcr.io/acme/web:1.2.3\nname: backend\nmemory: 512Mi\nversion: v1.20\n")
    }

    func testStringsWithIndicatorsStayStrings() throws {
        let tricky = ["- item", ": colon", "# hash", "a: b", "a #b", "*alias", "&anchor", "!tag", "@at", "`tick",
                      "{x}", "[x]", "'single'", "\"double\"", " leading", "trailing ", "%percent", "|pipe", ">gt", "?q"]
        let doc = DocNode.map(tricky.enumerated().map { ("k\($0.offset)", .string($0.element)) })
        let yaml = try render(doc)
        let loaded = try XCTUnwrap(try Yams.load(yaml: yaml) as? [String: Any], yaml)
        for (i, original) in tricky.enumerated() {
            XCTAssertEqual(loaded["k\(i)"] as? String, original, yaml)
        }
    }
}

/// Numbers that Yams' resolver misses but go-yaml (kubectl, kustomize) reads.
final class GoYAMLNumberQuotingTests: XCTestCase {
    func testNumberLookAlikesAreQuoted() throws {
        for s in ["-.5", "+.5", ".5e3", "-.5e3", "0X1F", "0B101", "0O17", "-0B1", "1.0", "3000"] {
            let yaml = try YAMLRenderer.render(.map([("v", .string(s))]))
            XCTAssertEqual(yaml, "v: '\(s)'\n", s)
        }
        for s in ["1.0.0", "1.1.0-rc.1", "250m", "1Gi", "0xZZ", "e5", "."] {
            XCTAssertFalse(ScalarQuoting.looksLikeNumber(s), s)
        }
    }
}
