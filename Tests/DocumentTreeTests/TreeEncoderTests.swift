import DocumentTree
import XCTest

/// A leaf that refuses some values, the way model types check themselves in `encode(to:)`.
private struct CheckedMemory: Encodable {
    var text: String
    func encode(to encoder: any Encoder) throws {
        if text.hasSuffix("MB") {
            throw InvalidValue("\"\(text)\" is not a quantity", codingPath: encoder.codingPath)
        }
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

private struct Limits: Encodable { var cpu: String?; var memory: CheckedMemory }
private struct Resources: Encodable { var limits: Limits }
private struct Container: Encodable { var name: String; var resources: Resources }
private struct PodSpec: Encodable { var containers: [Container] }
private struct Template: Encodable { var spec: PodSpec }
private struct WorkloadSpec: Encodable { var template: Template }
private struct Workload: Encodable { var spec: WorkloadSpec }

private func workload(memories: [String]) -> Workload {
    Workload(spec: WorkloadSpec(template: Template(spec: PodSpec(containers: memories.enumerated().map {
        Container(name: "c\($0.offset)", resources: Resources(limits: Limits(cpu: "1", memory: CheckedMemory(text: $0.element))))
    }))))
}

final class TreeEncoderTests: XCTestCase {
    private struct Ordered: Encodable {
        var zeta = "z"
        var alpha = 1
        var mid = true
        var beta: [String] = ["b", "a"]
    }

    func testKeepsDeclarationOrderNotAlphabetical() throws {
        let node = try TreeEncoder().encode(Ordered())
        guard case .mapping(let fields) = node else { return XCTFail("expected a mapping, got \(node)") }
        XCTAssertEqual(fields.map(\.key), ["zeta", "alpha", "mid", "beta"])
        XCTAssertEqual(node["beta"], .sequence([.string("b"), .string("a")]))
    }

    func testScalarsKeepTheirTypes() throws {
        let node = try TreeEncoder().encode(Ordered(zeta: "true", alpha: 3, mid: false))
        XCTAssertEqual(node["zeta"], .string("true"))
        XCTAssertEqual(node["alpha"], .int(3))
        XCTAssertEqual(node["mid"], .bool(false))
    }

    private struct WithOptionals: Encodable {
        var first: String?
        var second: Int
        var third: Bool?
        var fourth: [String]?
    }

    func testOmitsNilOptionals() throws {
        let node = try TreeEncoder().encode(WithOptionals(first: nil, second: 2, third: nil, fourth: nil))
        XCTAssertEqual(node, .mapping([DocNode.Field("second", .int(2))]))
    }

    func testKeepsPresentOptionalsInOrder() throws {
        let node = try TreeEncoder().encode(WithOptionals(first: "a", second: 2, third: false, fourth: []))
        XCTAssertEqual(node, .map([("first", .string("a")), ("second", .int(2)), ("third", .bool(false)),
                                   ("fourth", .sequence([]))]))
    }

    private struct ExplicitNil: Encodable {
        enum CodingKeys: String, CodingKey { case value }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeNil(forKey: .value)
        }
    }

    func testExplicitNilIsNull() throws {
        XCTAssertEqual(try TreeEncoder().encode(ExplicitNil()), .map([("value", .null)]))
    }

    func testInt32AndInt64BecomeInts() throws {
        struct Sized: Encodable { var a: Int32 = -5; var b: Int64 = 1 << 40 }
        XCTAssertEqual(try TreeEncoder().encode(Sized()), .map([("a", .int(-5)), ("b", .int(1 << 40))]))
    }

    func testEmbeddedDocNodeIsKeptAsIs() throws {
        struct Holder: Encodable { var body: DocNode }
        let body = DocNode.map([("z", .number("0.5")), ("a", .null)])
        XCTAssertEqual(try TreeEncoder().encode(Holder(body: body)), .map([("body", body)]))
    }

    func testRefusesDoubleWithPath() {
        struct Ratio: Encodable { var name = "x"; var ratio: Double = 0.5 }
        XCTAssertThrowsError(try TreeEncoder().encode(Ratio())) { error in
            guard let invalid = error as? InvalidValue else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(invalid.path.description, "ratio")
            XCTAssertTrue(invalid.message.contains("floating-point"), invalid.message)
        }
    }

    func testRefusesFloatInsideArrayWithIndexedPath() {
        struct Item: Encodable { var weight: Float }
        struct Outer: Encodable { var items: [Item] }
        let value = Outer(items: [Item(weight: 1), Item(weight: 2)])
        XCTAssertThrowsError(try TreeEncoder().encode(value)) { error in
            XCTAssertEqual((error as? InvalidValue)?.path.description, "items[0].weight")
        }
    }

    func testRefusesOptionalDoubleWhenPresent() throws {
        struct Maybe: Encodable { var share: Double? }
        XCTAssertEqual(try TreeEncoder().encode(Maybe(share: nil)), .mapping([]))
        XCTAssertThrowsError(try TreeEncoder().encode(Maybe(share: 0.25))) { error in
            XCTAssertEqual((error as? InvalidValue)?.path.description, "share")
        }
    }

    func testInvalidValuePathFromNestedStructWithArrays() {
        XCTAssertThrowsError(try TreeEncoder().encode(workload(memories: ["512MB"]))) { error in
            guard let invalid = error as? InvalidValue else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(invalid.path.description, "spec.template.spec.containers[0].resources.limits.memory")
            XCTAssertEqual(invalid.path.components, [
                .key("spec"), .key("template"), .key("spec"), .key("containers"), .index(0),
                .key("resources"), .key("limits"), .key("memory"),
            ])
            XCTAssertEqual(invalid.description,
                           "spec.template.spec.containers[0].resources.limits.memory: \"512MB\" is not a quantity")
        }
    }

    func testInvalidValuePathNamesTheFailingElementIndex() {
        XCTAssertThrowsError(try TreeEncoder().encode(workload(memories: ["1Gi", "2Gi", "3MB"]))) { error in
            XCTAssertEqual((error as? InvalidValue)?.path.description,
                           "spec.template.spec.containers[2].resources.limits.memory")
        }
    }

    func testValidNestedTreeHasExpectedShape() throws {
        let node = try TreeEncoder().encode(workload(memories: ["1Gi"]))
        let container = DocNode.map([
            ("name", .string("c0")),
            ("resources", .map([("limits", .map([("cpu", .string("1")), ("memory", .string("1Gi"))]))])),
        ])
        XCTAssertEqual(node, .map([("spec", .map([("template", .map([("spec", .map([
            ("containers", .sequence([container])),
        ]))]))]))]))
    }

    func testNestedSequencesOfSequences() throws {
        struct Grid: Encodable { var rows: [[Int]] }
        XCTAssertEqual(try TreeEncoder().encode(Grid(rows: [[1, 2], [], [3]])),
                       .map([("rows", .sequence([.sequence([.int(1), .int(2)]), .sequence([]), .sequence([.int(3)])]))]))
    }
}

/// Every integer width encodes as an integer; floats of any width are refused.
final class TreeEncoderNumberTests: XCTestCase {
    struct Widths: Encodable {
        var a: UInt8 = 3
        var b: Int16 = -4
        var c: UInt64 = 5
    }

    struct TooBig: Encodable { var n: UInt64 = .max }
    struct Half: Encodable { var f: Float = 0.5 }

    func testAllIntegerWidthsEncode() throws {
        XCTAssertEqual(try TreeEncoder().encode(Widths()), .map([("a", .int(3)), ("b", .int(-4)), ("c", .int(5))]))
    }

    func testOutOfRangeAndFloatsAreRefusedWithAPath() {
        XCTAssertThrowsError(try TreeEncoder().encode(TooBig())) { XCTAssertEqual(($0 as? InvalidValue)?.path.description, "n") }
        XCTAssertThrowsError(try TreeEncoder().encode(Half())) { XCTAssertEqual(($0 as? InvalidValue)?.path.description, "f") }
    }
}
