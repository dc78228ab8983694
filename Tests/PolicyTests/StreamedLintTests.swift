import DocumentTree
import Foundation
@testable import Policy
import XCTest

/// `gen lint` streams: documents are read one at a time, and what stays in memory between the two
/// passes is the index of projections, never whole documents.
final class StreamedLintTests: XCTestCase {
    /// Every YAML fixture of the policy tests, kustomizations left out (they are not objects).
    static func fixtureFiles() throws -> [String] {
        let root = CheckFixtureTests.fixtures.path
        let walker = try XCTUnwrap(FileManager.default.enumerator(atPath: root))
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard name.hasSuffix(".yaml"), !KustomizeBuilds.fileNames.contains(name) else { continue }
            out.append((root as NSString).appendingPathComponent(relative))
        }
        return out.sorted()
    }

    /// Checks read projections of the other objects (`IndexProjection`) as they read whole ones:
    /// over every fixture, streaming gives exactly the findings of evaluating the whole objects,
    /// whether the first pass keeps the objects (small inputs) or the second reads them again.
    func testStreamingFindsWhatWholeObjectsFind() throws {
        let engine = PolicyEngine()
        let files = try Self.fixtureFiles()
        XCTAssertGreaterThan(files.count, 100)
        var readTwice = YAMLInput.Limits()
        readTwice.keptBytes = 0
        for path in files {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let whole = engine.evaluate(try YAMLInput.objects(from: text, file: path))
            for limits in [YAMLInput.Limits(), readTwice] {
                let streamed = StreamedLint.run([LintSources.Input(name: path, path: path)], engine: engine, limits: limits)
                XCTAssertEqual(streamed.unreadable.map(\.description), [], path)
                XCTAssertEqual(streamed.report.findings, whole.findings, path)
                XCTAssertEqual(streamed.report.suppressed, whole.suppressed, path)
            }
        }
    }

    /// The first pass keeps objects until their inputs' text passes `keptBytes` (the input that
    /// crosses it is dropped and read again, as are those after it): linting every fixture at
    /// once finds the same whether all, about half or none of them are kept.
    func testKeepingSomeInputsFindsWhatKeepingAllOrNoneFinds() throws {
        let engine = PolicyEngine()
        let files = try Self.fixtureFiles()
        let inputs = files.map { LintSources.Input(name: $0, path: $0) }
        let sizes = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)).count }
        var all = YAMLInput.Limits(), none = YAMLInput.Limits(), half = YAMLInput.Limits()
        all.keptBytes = sizes.reduce(0, +) * 2
        none.keptBytes = 0
        half.keptBytes = sizes.reduce(0, +) / 2
        let expected = StreamedLint.run(inputs, engine: engine, limits: none).report
        for limits in [all, half] {
            let report = StreamedLint.run(inputs, engine: engine, limits: limits).report
            XCTAssertEqual(report.findings, expected.findings)
            XCTAssertEqual(report.suppressed, expected.suppressed)
        }
    }

    /// Documents are parsed and checked a batch at a time on every core: every fixture in one
    /// stream finds what evaluating its whole objects finds, whatever the batch (one document,
    /// a few kilobytes, everything at once), whether the objects are kept or read twice.
    func testBatchesFindWhatWholeObjectsFind() throws {
        let engine = PolicyEngine()
        let documents = try Self.fixtureFiles().map { try String(contentsOfFile: $0, encoding: .utf8) }
            .filter { !$0.contains("\n---") && !$0.hasPrefix("---") }
        let stream = documents.joined(separator: "---\n")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batches-\(ProcessInfo.processInfo.processIdentifier).yaml").path
        try stream.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = engine.evaluate(try YAMLInput.objects(from: stream, file: path))
        XCTAssertGreaterThan(whole.findings.count, 100)
        for batch in [1, 4096, stream.utf8.count * 2] {
            for kept in [0, stream.utf8.count * 2] {
                var limits = YAMLInput.Limits()
                limits.batchBytes = batch
                limits.keptBytes = kept
                let streamed = StreamedLint.run([LintSources.Input(name: path, path: path)], engine: engine, limits: limits)
                XCTAssertEqual(streamed.unreadable.map(\.description), [], "batch \(batch), kept \(kept)")
                XCTAssertEqual(streamed.report.findings, whole.findings, "batch \(batch), kept \(kept)")
                XCTAssertEqual(streamed.report.suppressed, whole.suppressed, "batch \(batch), kept \(kept)")
            }
        }
    }

    /// The nodes of a document tree.
    func nodes(_ node: DocNode) -> Int {
        switch node {
        case .mapping(let fields): 1 + fields.reduce(0) { $0 + nodes($1.value) }
        case .sequence(let items): 1 + items.reduce(0) { $0 + nodes($1) }
        default: 1
        }
    }

    /// A Deployment whose container has `variables` environment variables (what no cross-object
    /// check reads) and one port (what they read).
    func deployment(variables: Int) throws -> PolicyObject {
        let env = (0..<variables).map { "        - {name: V\($0), value: \"\($0)\"}\n" }.joined()
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {app: web}, annotations: {note: long}}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: registry.example/web:1.0
                    ports: [{name: http, containerPort: 8080}]
                    env:

            """ + env
        return try XCTUnwrap(YAMLInput.objects(from: yaml, file: "web.yaml").first)
    }

    /// The index grows by a projection per object, whatever the size of the object: a document
    /// with 1,000 environment variables costs the index what one with 1 does.
    func testTheIndexKeepsProjectionsNotDocuments() throws {
        var small = InputIndex(), large = InputIndex()
        small.add(try deployment(variables: 1))
        let big = try deployment(variables: 1_000)
        large.add(big)
        let kept = try XCTUnwrap(large.entries.first)
        XCTAssertEqual(nodes(kept.document), nodes(try XCTUnwrap(small.entries.first).document))
        XCTAssertGreaterThan(nodes(big.document), 20 * nodes(kept.document))
        // What cross-object checks read is there; no field lines (findings locate the checked object).
        XCTAssertEqual(kept[FieldPath("spec", "template", "spec", "containers", 0, "ports", 0, "name")], .string("http"))
        XCTAssertEqual(kept.origin, .file(path: "web.yaml", lines: LineMap()))
    }

    /// Writes `text` to a temporary file and reads it with a `YAMLDocumentReader`.
    func read(_ text: String, limits: YAMLInput.Limits) throws -> (documents: [YAMLDocumentReader.Document], peak: Int) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        var reader = YAMLDocumentReader(descriptor: fd, name: "stream.yaml", limits: limits)
        var documents: [YAMLDocumentReader.Document] = []
        while let document = try reader.next() { documents.append(document) }
        return (documents, reader.peakHeldBytes)
    }

    /// A stream far larger than the per-document limit is read, one document at a time, each with
    /// the line it starts on; the reader never holds much more than a document and a chunk.
    func testTheReaderHoldsOneDocumentAtATime() throws {
        var limits = YAMLInput.Limits()
        limits.maxBytes = 4096
        let count = 20_000
        let documents = (0..<count).map { "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\($0)}\ndata: {a: b}\n" }
        let text = "# a comment before the first document\n" + documents.joined(separator: "---\n")
        XCTAssertGreaterThan(text.utf8.count, 200 * limits.maxBytes)
        let (read, peak) = try read(text, limits: limits)
        XCTAssertEqual(read.count, count)
        XCTAssertEqual(read.map(\.text).joined(), text, "the documents are the stream, cut")
        // Each starts where the text before it ends.
        var line = 1
        for document in read {
            XCTAssertEqual(document.firstLine, line)
            line += document.text.filter { $0 == "\n" }.count
        }
        XCTAssertLessThan(peak, 4 * (1 << 16), "held \(peak) bytes of a \(text.utf8.count)-byte stream")
    }

    /// A last line without a newline ends the last document, and the reader then says the input
    /// is over however often it is asked (fuzz-lint found `|` alone, and any stream whose last
    /// line had no newline, crashing the call after the last document).
    func testALastLineWithoutANewlineEndsTheStream() throws {
        for text in ["|", "kind: A", "kind: A\n---\nkind: B", "---\n"] {
            let (read, _) = try read(text, limits: YAMLInput.Limits())
            XCTAssertEqual(read.map(\.text).joined(), text, "the documents are the stream, cut")
        }
    }

    /// The limit is per document: one document over it is refused at its first line.
    func testADocumentOverTheLimitIsRefusedAtItsLine() throws {
        var limits = YAMLInput.Limits()
        limits.maxBytes = 256
        let small = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
        let large = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {a: \(String(repeating: "x", count: 300))}\n"
        XCTAssertThrowsError(try read(small + "---\n" + large, limits: limits)) { error in
            XCTAssertEqual((error as? YAMLInput.InputError)?.description, "stream.yaml:4: a document larger than 256 bytes")
        }
    }
}
