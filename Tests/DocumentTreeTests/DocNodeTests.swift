import DocumentTree
import XCTest

final class DocNodeTests: XCTestCase {
    private let base = DocNode.map([("a", .int(1)), ("b", .string("two")), ("c", .bool(true))])

    private func keys(_ node: DocNode) -> [String] {
        guard case .mapping(let fields) = node else { return [] }
        return fields.map(\.key)
    }

    func testSettingExistingKeyReplacesInPlace() {
        let changed = base.setting("b", to: .int(2))
        XCTAssertEqual(keys(changed), ["a", "b", "c"])
        XCTAssertEqual(changed["b"], .int(2))
        XCTAssertEqual(base["b"], .string("two"), "setting must return a copy")
    }

    func testSettingNewKeyAppends() {
        let changed = base.setting("0first", to: .null)
        XCTAssertEqual(keys(changed), ["a", "b", "c", "0first"])
        XCTAssertEqual(changed["0first"], .null)
    }

    func testRemovingDropsOnlyThatKey() {
        let changed = base.removing("b")
        XCTAssertEqual(keys(changed), ["a", "c"])
        XCTAssertNil(changed["b"])
        XCTAssertEqual(base.removing("missing"), base)
    }

    func testSettingAndRemovingOnNonMappingReturnSelf() {
        let list = DocNode.sequence([.int(1)])
        XCTAssertEqual(list.setting("a", to: .int(2)), list)
        XCTAssertEqual(DocNode.string("x").removing("a"), .string("x"))
    }

    func testSubscriptAndStringValue() {
        XCTAssertEqual(base["b"]?.stringValue, "two")
        XCTAssertNil(base["a"]?.stringValue)
        XCTAssertNil(base["zzz"])
        XCTAssertNil(DocNode.sequence([])["a"])
    }

    func testEqualityIsOrderSensitive() {
        XCTAssertNotEqual(DocNode.map([("a", .int(1)), ("b", .int(2))]), DocNode.map([("b", .int(2)), ("a", .int(1))]))
        XCTAssertNotEqual(DocNode.string("1"), DocNode.int(1))
        XCTAssertNotEqual(DocNode.string("true"), DocNode.bool(true))
    }
}
