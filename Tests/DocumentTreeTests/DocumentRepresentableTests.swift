import DocumentTree
import XCTest

/// A leaf that refuses some values, the way model types check themselves in `document()`.
private struct CheckedMemory: DocumentRepresentable {
    var text: String
    func document() throws -> DocNode {
        if text.hasSuffix("MB") { throw InvalidValue("\"\(text)\" is not a quantity", at: FieldPath()) }
        return .string(text)
    }
}

/// A small workload shaped like a Deployment: mappings, a sequence, a checked leaf.
private struct Limits: DocumentRepresentable {
    var cpu: String?
    var memory: CheckedMemory
    func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("cpu", cpu)
        try fields.add("memory", memory)
        return fields.node
    }
}

private struct Container: DocumentRepresentable {
    var name: String
    var limits: Limits
    func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("limits", limits)
        return fields.node
    }
}

private struct Spec: DocumentRepresentable {
    var containers: [Container]
    func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("containers", containers)
        return fields.node
    }
}

private struct Workload: DocumentRepresentable {
    var spec: Spec
    func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("spec", spec)
        return fields.node
    }
}

private func workload(memories: [String]) -> Workload {
    Workload(spec: Spec(containers: memories.enumerated().map {
        Container(name: "c\($0.offset)", limits: Limits(cpu: "1", memory: CheckedMemory(text: $0.element)))
    }))
}

final class DocumentRepresentableTests: XCTestCase {
    private enum Policy: String, DocumentRepresentable { case always = "Always" }

    private struct Ordered: DocumentRepresentable {
        var first: String?
        var second: Int
        var third: Bool?
        var fourth: [String]?
        func document() throws -> DocNode {
            var fields = Fields()
            try fields.add("zeta", first)
            try fields.add("alpha", second)
            try fields.add("mid", third)
            try fields.add("beta", fourth)
            return fields.node
        }
    }

    func testFieldsKeepTheOrderTheyAreAddedIn() throws {
        let node = try Ordered(first: "z", second: 1, third: true, fourth: ["b", "a"]).document()
        guard case .mapping(let fields) = node else { return XCTFail("expected a mapping, got \(node)") }
        XCTAssertEqual(fields.map(\.key), ["zeta", "alpha", "mid", "beta"])
        XCTAssertEqual(node["beta"], .sequence([.string("b"), .string("a")]))
    }

    func testScalarsKeepTheirTypes() throws {
        let node = try Ordered(first: "true", second: 3, third: false).document()
        XCTAssertEqual(node["zeta"], .string("true"))
        XCTAssertEqual(node["alpha"], .int(3))
        XCTAssertEqual(node["mid"], .bool(false))
    }

    func testNilOptionalsAreLeftOutAndEmptyListsKept() throws {
        XCTAssertEqual(try Ordered(second: 2).document(), .mapping([DocNode.Field("alpha", .int(2))]))
        XCTAssertEqual(try Ordered(first: "a", second: 2, third: false, fourth: []).document(),
                       .map([("zeta", .string("a")), ("alpha", .int(2)), ("mid", .bool(false)), ("beta", .sequence([]))]))
    }

    func testRawValueEnumsAreTheirStrings() {
        XCTAssertEqual(Policy.always.document(), .string("Always"))
    }

    func testEmbeddedDocNodeIsKeptAsIs() throws {
        let body = DocNode.map([("z", .number("0.5")), ("a", .null)])
        var fields = Fields()
        try fields.add("body", body)
        XCTAssertEqual(fields.node, .map([("body", body)]))
    }

    func testInvalidValuePathFromNestedMappingsAndSequences() {
        XCTAssertThrowsError(try workload(memories: ["512MB"]).document()) { error in
            guard let invalid = error as? InvalidValue else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(invalid.path.components, [.key("spec"), .key("containers"), .index(0), .key("limits"), .key("memory")])
            XCTAssertEqual(invalid.description, "spec.containers[0].limits.memory: \"512MB\" is not a quantity")
        }
    }

    func testInvalidValuePathNamesTheFailingElementIndex() {
        XCTAssertThrowsError(try workload(memories: ["1Gi", "2Gi", "3MB"]).document()) { error in
            XCTAssertEqual((error as? InvalidValue)?.path.description, "spec.containers[2].limits.memory")
        }
    }

    func testValidTreeHasTheExpectedShape() throws {
        let container = DocNode.map([("name", .string("c0")), ("limits", .map([("cpu", .string("1")), ("memory", .string("1Gi"))]))])
        XCTAssertEqual(try workload(memories: ["1Gi"]).document(),
                       .map([("spec", .map([("containers", .sequence([container]))]))]))
    }

    func testNestedSequencesOfSequences() throws {
        let rows: [[Int]] = [[1, 2], [], [3]]
        XCTAssertEqual(try rows.document(), .sequence([.sequence([.int(1), .int(2)]), .sequence([]), .sequence([.int(3)])]))
    }
}
