import DocumentTree
import XCTest

final class FieldPathTests: XCTestCase {
    func testDescriptionJoinsKeysWithDotsAndIndexesWithBrackets() {
        let path = FieldPath([.key("spec"), .key("containers"), .index(3), .key("ports"), .index(0), .key("name")])
        XCTAssertEqual(path.description, "spec.containers[3].ports[0].name")
    }

    func testLeadingIndexHasNoDot() {
        XCTAssertEqual(FieldPath([.index(1), .key("name")]).description, "[1].name")
    }

    func testAppendingDoesNotMutateOriginal() {
        let base = FieldPath([.key("spec")])
        let longer = base.appending(.key("rules")).appending(.index(2))
        XCTAssertEqual(base.description, "spec")
        XCTAssertEqual(longer.description, "spec.rules[2]")
    }

    func testInvalidValueDescriptionWithoutPathIsJustTheMessage() {
        XCTAssertEqual(InvalidValue("bad", at: FieldPath()).description, "bad")
        XCTAssertEqual(InvalidValue("bad", at: FieldPath([.key("a")])).description, "a: bad")
    }
}
