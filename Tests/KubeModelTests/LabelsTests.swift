import DocumentTree
import KubeModel
import XCTest

final class LabelsTests: XCTestCase {
    func testEncodedSortedByKeyRegardlessOfInsertionOrder() throws {
        let labels: Labels = ["tier": "api", "app.kubernetes.io/name": "backend", "env": "prod"]
        let node = try labels.document()
        XCTAssertEqual(node, .map([("app.kubernetes.io/name", .string("backend")), ("env", .string("prod")),
                                   ("tier", .string("api"))]))
    }

    func testSubscriptReplacesAndRemoves() {
        var labels: Labels = ["b": "1", "a": "2"]
        labels["b"] = "3"
        labels["c"] = "4"
        labels["a"] = nil
        XCTAssertEqual(labels.pairs.map(\.key), ["b", "c"])
        XCTAssertEqual(labels["b"], "3")
        XCTAssertNil(labels["a"])
    }

    func testMergingOtherWins() {
        let base: Labels = ["a": "1", "b": "2"]
        let merged = base.merging(["b": "x", "c": "3"])
        XCTAssertEqual(merged, ["a": "1", "b": "x", "c": "3"])
    }

    func testIsSubset() {
        let all: Labels = ["a": "1", "b": "2"]
        XCTAssertTrue((["a": "1"] as Labels).isSubset(of: all))
        XCTAssertFalse((["a": "2"] as Labels).isSubset(of: all))
        XCTAssertFalse((["z": "1"] as Labels).isSubset(of: all))
    }

    func testBadValueReportsKeyInPath() {
        let meta = ObjectMeta(name: "backend", labels: ["app": "ok", "version": "1.0 beta"])
        let error = invalidValue { try document(ConfigMap(metadata: meta, data: [:])) }
        XCTAssertEqual(error?.path.description, "metadata.labels.version")
        XCTAssertTrue(error?.message.contains("\"1.0 beta\"") ?? false, error?.message ?? "")
    }

    func testTooLongValueRejected() {
        let value64 = String(repeating: "v", count: 64)
        let error = invalidValue { try Labels([("k", value64)]).document() }
        XCTAssertEqual(error?.path.description, "k")
        XCTAssertNoThrow(try Labels([("k", String(value64.dropLast()))]).document())
    }

    func testBadKeyRejected() {
        let meta = ObjectMeta(name: "backend", labels: ["Bad Key": "x"])
        let error = invalidValue { try document(ConfigMap(metadata: meta, data: [:])) }
        XCTAssertEqual(error?.path.description, "metadata.labels")
        XCTAssertTrue(error?.message.contains("Bad Key") ?? false, error?.message ?? "")
    }

    func testEmptyLabelsOmittedFromMetadata() throws {
        let doc = try document(ConfigMap(metadata: ObjectMeta(name: "cfg", labels: [:]), data: ["k": "v"]))
        XCTAssertEqual(keys(doc["metadata"]), ["name"])
    }

    func testBadAnnotationKeyRejectedButFreeFormValuesAllowed() throws {
        let good = ObjectMeta(name: "cfg", annotations: ["example.com/note": "any value: with spaces / and slashes"])
        XCTAssertNoThrow(try document(ConfigMap(metadata: good, data: [:])))
        let bad = ObjectMeta(name: "cfg", annotations: ["not a key": "x"])
        let error = invalidValue { try document(ConfigMap(metadata: bad, data: [:])) }
        XCTAssertEqual(error?.path.description, "metadata.annotations")
    }

    func testStringMapSortedByKey() throws {
        let data: StringMap = ["z.conf": "1", "a.conf": "2"]
        XCTAssertEqual(data.document(), .map([("a.conf", .string("2")), ("z.conf", .string("1"))]))
    }
}
