import DocumentTree
import Foundation
import Policy
import TestSupport
import XCTest

/// Hostile and odd YAML through `gen lint`'s reader: every input either parses or throws a
/// `YAMLInput.InputError` naming the file (and the line where one is meaningful), within bounded
/// time and memory. A crash (stack overflow, trap) ends the whole test process, so simply
/// getting through a test proves "no crash" for its inputs.
final class YAMLInputRobustnessTests: XCTestCase {
    static let file = "input.yaml"

    // MARK: - Helpers

    /// Parses `text`, failing the test when it throws anything but an `InputError` or takes longer
    /// than `seconds`. Returns the objects, or nil when the input was refused (`error` set).
    @discardableResult
    func parse(_ text: String, limits: YAMLInput.Limits = .init(), seconds: Double = 20,
               error: UnsafeMutablePointer<YAMLInput.InputError?>? = nil,
               file: StaticString = #filePath, line: UInt = #line) -> [PolicyObject]? {
        let start = Date()
        defer {
            let elapsed = Date().timeIntervalSince(start)
            XCTAssertLessThan(elapsed, seconds, "took \(elapsed) s", file: file, line: line)
        }
        do {
            return try YAMLInput.objects(from: text, file: Self.file, limits: limits)
        } catch let e as YAMLInput.InputError {
            XCTAssertEqual(e.file, Self.file, file: file, line: line)
            XCTAssertFalse(e.message.isEmpty, file: file, line: line)
            error?.pointee = e
            return nil
        } catch let other {
            XCTFail("expected objects or an InputError, got \(type(of: other)): \(other)", file: file, line: line)
            return nil
        }
    }

    /// The `InputError` that `text` must produce.
    func refusal(_ text: String, limits: YAMLInput.Limits = .init(), seconds: Double = 20,
                 file: StaticString = #filePath, line: UInt = #line) -> YAMLInput.InputError? {
        var error: YAMLInput.InputError?
        if let objects = parse(text, limits: limits, seconds: seconds, error: &error, file: file, line: line) {
            XCTFail("expected an InputError, got \(objects.count) objects", file: file, line: line)
        }
        return error
    }

    /// The objects of `text`, which must parse.
    func accepted(_ text: String, limits: YAMLInput.Limits = .init(), seconds: Double = 20,
                  file: StaticString = #filePath, line: UInt = #line) -> [PolicyObject] {
        var error: YAMLInput.InputError?
        let objects = parse(text, limits: limits, seconds: seconds, error: &error, file: file, line: line)
        if let error { XCTFail("expected a parse, got \(error)", file: file, line: line) }
        return objects ?? []
    }

    /// The line `gen lint` records for `path` in `object`.
    func line(_ object: PolicyObject, _ path: FieldPath) -> Int? {
        guard case .file(_, let lines) = object.origin else { return nil }
        return lines.line(of: path)
    }

    /// Peak resident memory of this process since the last `resetPeakMemory()`, in MiB (Linux only).
    func peakMemoryMiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let row = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(row.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kib >> 10
    }

    /// Resets the peak so that the next `peakMemoryMiB()` covers only what follows; false when
    /// the kernel does not allow it (then memory is not asserted).
    func resetPeakMemory() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
          labels: {app: api}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              securityContext:
                runAsNonRoot: true
              containers:
              - name: api
                image: "registry.example/api:1.0"
                args: ['--port', "8080"]
                ports:
                - containerPort: 8080
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}

        """

    // MARK: - Resource exhaustion

    func testBillionLaughsIsRefusedQuicklyAndInLittleMemory() throws {
        // 9 levels, each a list of 9 aliases of the level below: 9^9 ≈ 387 million nodes expanded.
        var text = "l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        XCTAssertLessThan(text.utf8.count, 1024)
        let canMeasure = resetPeakMemory()
        let error = refusal(text, seconds: 5)
        XCTAssertEqual(error?.message.contains("alias"), true, "\(String(describing: error))")
        XCTAssertNotNil(error?.line)
        if canMeasure, let peak = peakMemoryMiB() {
            // The test process itself holds some tens of MiB; the bomb must not add hundreds.
            XCTAssertLessThan(peak, 400, "peak resident memory \(peak) MiB")
        }
    }

    func testAliasBombInsideAKubernetesObjectAndSmallBudgetsAreRefused() {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            x: &a [1, 2, 3, 4, 5, 6, 7, 8]
            y: &b [*a, *a, *a, *a, *a, *a, *a, *a]
            z: &c [*b, *b, *b, *b, *b, *b, *b, *b]
            data: [*c, *c, *c, *c, *c, *c, *c, *c]

            """
        // 8^4 = 4096 leaves, about 4700 nodes: fine by default, refused with a budget of 1000.
        XCTAssertEqual(accepted(text).count, 1)
        var small = YAMLInput.Limits()
        small.maxNodes = 1000
        XCTAssertEqual(refusal(text, limits: small)?.message.contains("alias"), true)
    }

    /// The inputs `make fuzz` found (Tests/FuzzFindings): a few hundred bytes that expand to
    /// 161 051 to 531 441 nodes, under `maxNodes`, and took over 30 s each to lint. The budget per
    /// byte refuses them before any conversion.
    func testFuzzFindingsAreRefusedByTheBudgetPerByte() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzFindings")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(files.isEmpty, "no fuzz finding found in \(folder.path)")
        for name in files {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let error = refusal(text, seconds: 5)
            XCTAssertEqual(error?.message.contains("alias"), true, "\(name): \(String(describing: error))")
            XCTAssertNotNil(error?.line, name)
        }
    }

    func testTheNodeBudgetGrowsWithTheInputUpToMaxNodes() {
        let limits = YAMLInput.Limits()
        XCTAssertEqual(limits.nodeBudget(bytes: 384), limits.minNodes)
        XCTAssertEqual(limits.nodeBudget(bytes: 100_000), 100_000 * limits.nodesPerByte)
        XCTAssertEqual(limits.nodeBudget(bytes: limits.maxBytes), limits.maxNodes)
        // A large alias-free list (about 1 node per 5 bytes) is far under its budget.
        let list = "apiVersion: v1\nkind: List\nitems:\n" + (0..<3000).map {
            "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c\($0)}\n  data: {a: b, c: d, e: f, g: h}\n"
        }.joined()
        XCTAssertEqual(accepted(list, seconds: 60).count, 3000)
    }

    func testNodeBudgetIsSharedAcrossDocumentsOfOneFile() {
        var limits = YAMLInput.Limits()
        limits.maxNodes = 7 * 8
        // 8 nodes: the document, apiVersion, kind, metadata, name, data, a, c (keys are not counted).
        let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: b, c: d}\n"
        XCTAssertEqual(accepted(Array(repeating: doc, count: 7).joined(separator: "---\n"), limits: limits).count, 7)
        XCTAssertNotNil(refusal(Array(repeating: doc, count: 8).joined(separator: "---\n"), limits: limits))
    }

    func testDeeplyNestedFlowSequencesAreRefused() {
        let depth = 100_000
        let text = "key: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let error = refusal(text, seconds: 10)
        XCTAssertEqual(error?.line, 1)
        // libyaml's scanner reads ahead on a line of flow brackets, so its own limit (1000) may come first.
        XCTAssertEqual(error?.message.contains("nested deeper than"), true, "\(String(describing: error))")
        // Unclosed, and flow mappings, too.
        XCTAssertEqual(refusal(String(repeating: "[", count: depth))?.line, 1)
        XCTAssertEqual(refusal("a:\n  b: " + String(repeating: "{a: ", count: depth))?.line, 2)
    }

    func testDeeplyNestedBlockMappingsAreRefusedWithTheLine() {
        // 5000 levels, two spaces each: line n (1-based) is indented 2(n-1).
        var text = ""
        text.reserveCapacity(26 << 20)
        for level in 0..<5000 {
            text += String(repeating: " ", count: 2 * level) + "k\(level):\n"
        }
        text += String(repeating: " ", count: 10_000) + "leaf: 1\n"
        let error = refusal(text, seconds: 20)
        // Refused at the first line deeper than 256 levels: indentation 514 = line 258.
        XCTAssertEqual(error?.line, 258)
    }

    func testCompactNestedSequencesAreRefused() {
        let text = String(repeating: "- ", count: 50_000) + "x\n"
        let error = refusal(text, seconds: 10)
        XCTAssertEqual(error?.line, 1)
        XCTAssertEqual(error?.message.contains("nested deeper"), true)
        // The same on a later line of a real document.
        let inObject = "apiVersion: v1\nkind: List\nitems:\n" + String(repeating: "- ", count: 50_000) + "x\n"
        XCTAssertEqual(refusal(inObject)?.line, 4)
    }

    /// The reader counts levels as it builds them, so text that would mislead a scan of the bytes
    /// (an apostrophe in a plain scalar, `#` not after a space, a block scalar) is refused on the
    /// line of the first node past the limit.
    func testNestingIsCountedOnTheNodesNotTheText() {
        let hide = "note: don't\n"
        let cases: [(String, Int)] = [
            (hide + "a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n", 2),
            (hide + "a: " + String(repeating: "{a: ", count: 100_000) + "\n", 2),
            (hide + "a:\n" + String(repeating: "- ", count: 50_000) + "x\n", 3),
            // k0 is on line 2; the mapping under k(n) starts on line n + 3, at level n + 1.
            (hide + (0..<2000).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined() + "  v\n", 259),
            ("a: [x#, " + String(repeating: "[", count: 100_000) + "\n", 1),  // `#` not after a space is no comment
            ("a: |\n  it's a block scalar\nb: " + String(repeating: "[", count: 100_000) + "\n", 3),
        ]
        for (text, line) in cases {
            let error = refusal(text)
            XCTAssertEqual(error?.line, line, "\(String(describing: error))")
            XCTAssertEqual(error?.message.contains("nested deeper"), true, "\(String(describing: error))")
        }
    }

    func testNestingUpToTheLimitParses() {
        // `data` holds level 1: 255 sequences put the scalar on level 256, the limit; one more is refused.
        func nested(_ levels: Int) -> String {
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: "
                + String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels) + "\n"
        }
        XCTAssertEqual(accepted(nested(255)).count, 1)
        XCTAssertEqual(refusal(nested(256))?.message, "nested deeper than 256 levels")
        // A higher limit, below libyaml's own (1000): the reader recurses 900 levels deep without trouble.
        var limits = YAMLInput.Limits()
        limits.maxDepth = 1000
        var node = accepted(nested(900), limits: limits).first?.document["data"]
        var depth = 0
        while case .sequence(let items)? = node { depth += 1; node = items.first }
        XCTAssertEqual(depth, 900)
        XCTAssertEqual(node, .int(1))
    }

    // MARK: - Size

    func testA20MiBScalarIsAcceptedBecauseTheLimitIs32MiB() throws {
        let size = 20 << 20
        XCTAssertLessThan(size, YAMLInput.Limits().maxBytes, "the 20 MiB case assumes the default size limit is larger")
        for style in ["plain", "quoted", "literal"] {
            let value = String(repeating: "a", count: size)
            let scalar = switch style {
            case "plain": value
            case "quoted": "\"" + value + "\""
            default: "|\n    " + value
            }
            let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  big: \(scalar)\n"
            let objects = accepted(text, seconds: 30)
            XCTAssertEqual(objects.count, 1, style)
            let big = objects.first?.document["data"]?["big"]?.stringValue
            XCTAssertEqual(big?.utf8.count, style == "literal" ? size + 1 : size, style)  // literal keeps the newline
            XCTAssertEqual(objects.first.map { line($0, FieldPath("data", "big")) }, 5, style)
        }
    }

    func testInputOverTheSizeLimitIsRefusedWithoutALine() {
        let limit = YAMLInput.Limits().maxBytes
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  big: "
        let over = text + String(repeating: "a", count: limit - text.utf8.count) + "\n"
        XCTAssertEqual(over.utf8.count, limit + 1)
        let error = refusal(over, seconds: 10)
        XCTAssertEqual(error?.message, "larger than 32 MiB")
        XCTAssertNil(error?.line)
    }

    func testTheSizeLimitCountsBytesAndIsInclusive() {
        var limits = YAMLInput.Limits()
        limits.maxBytes = 64
        let head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "
        let room = limits.maxBytes - head.utf8.count - 1
        let exact = head + String(repeating: "b", count: room) + "}"
        XCTAssertEqual(exact.utf8.count, limits.maxBytes)
        XCTAssertEqual(accepted(exact, limits: limits).count, 1)
        XCTAssertNotNil(refusal(head + String(repeating: "b", count: room + 1) + "}", limits: limits))
        // Fewer characters than the limit, more bytes (an emoji is four in UTF-8): refused.
        let wide = head + "\u{1F600}" + "}"
        XCTAssertLessThanOrEqual(wide.count, limits.maxBytes)
        XCTAssertGreaterThan(wide.utf8.count, limits.maxBytes)
        XCTAssertEqual(refusal(wide, limits: limits)?.message, "larger than 64 bytes")
    }

    // MARK: - Garbage

    func testRandomBinaryGarbageParsesOrIsRefusedWithTheFile() {
        var refused = 0
        for seed: UInt64 in 1...12 {
            var rng = SplitMix64(seed: seed)
            for size in [1, 16, 256, 4096, 65_536] {
                let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let text = String(decoding: bytes, as: UTF8.self)
                var error: YAMLInput.InputError?
                _ = parse(text, seconds: 10, error: &error)
                if let error {
                    refused += 1
                    if let line = error.line {
                        XCTAssertTrue((1...text.split(separator: "\n", omittingEmptySubsequences: false).count + 1).contains(line),
                                      "seed \(seed) size \(size): line \(line) is outside the input")
                    }
                }
            }
        }
        XCTAssertGreaterThan(refused, 30, "random bytes should mostly be refused")
    }

    func testNULAndInvalidUTF8AreRefusedWithTheLine() {
        let nul = "apiVersion: v1\nkind: ConfigMap\n\u{0}metadata: {name: x}\n"
        let error = refusal(nul)
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.message.contains("control characters"), true, "\(String(describing: error))")
        // Invalid UTF-8 decoded leniently (U+FFFD) is just text; inside a value it parses.
        let lenient = String(decoding: Array("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: ".utf8) + [0xFF, 0xFE, 0xC0]
                                 + Array("}\n".utf8), as: UTF8.self)
        XCTAssertEqual(accepted(lenient).first?.document["data"]?["a"]?.stringValue, "\u{FFFD}\u{FFFD}\u{FFFD}")
        // Other C0 controls are refused too, on their line.
        XCTAssertEqual(refusal("a: 1\nb: 2\nc: \u{1}\n")?.line, 3)
    }

    // MARK: - Syntax errors

    func testUnterminatedQuotesGiveTheLineWhereTheyStart() {
        for quote in ["\"", "'"] {
            let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(quote)abc\ndata:\n  a: b\n"
            let error = refusal(text)
            // libyaml finds the problem at the end of the stream; the message names the start.
            XCTAssertEqual(error?.line, 7, quote)
            XCTAssertEqual(error?.message.contains("quoted scalar from line 4"), true, "\(String(describing: error))")
            XCTAssertEqual(error?.description.hasPrefix("input.yaml:7: invalid YAML: "), true, "\(String(describing: error))")
        }
        XCTAssertEqual(refusal("a: [1, 2\nb: c\n")?.message.contains("flow sequence from line 1"), true)
    }

    func testTabsAsIndentationAreRefusedOnTheirLine() {
        XCTAssertEqual(refusal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n")?.line, 4)
        XCTAssertEqual(refusal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n\t  a: b\n")?.line, 6)
        // A tab inside a value, or after the indentation, is fine.
        let objects = accepted("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \"x\\ty\"\n  b: c\td\n")
        XCTAssertEqual(objects.first?.document["data"]?["b"]?.stringValue, "c\td")
    }

    func testDuplicateKeysAreRefusedWithTheLineAndWithoutQuotingTheInput() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  secret: do-not-print-me\n"
        let error = refusal(text)
        XCTAssertEqual(error?.line, 4)  // the first of the two
        XCTAssertEqual(error?.message, "invalid YAML: duplicate key \"name\"")
        XCTAssertEqual(error?.description.contains("do-not-print-me"), false)
        // In the third document of a stream, the line counts from the top of the file.
        XCTAssertEqual(refusal("a: 1\n---\nb: 2\n---\nc: 3\nc: 4\n")?.line, 5)
    }

    // MARK: - Documents that are not objects

    func testScalarsListsAndEmptyDocumentsGiveNoObjectsAndNoError() {
        for text in ["hello", "42", "null", "~", "", "\n\n", "# only a comment\n", "---\n", "---\n...\n", "- a\n- b\n",
                     "[1, 2, 3]", "{}", "- kind: Pod\n  apiVersion: v1\n", "--- |\n  a literal\n", "!!str tagged\n"] {
            XCTAssertEqual(accepted(text).count, 0, text)
        }
    }

    func testDocumentsWithoutKindOrApiVersionAreSkipped() {
        let text = """
            kind: ConfigMap
            metadata: {name: no-api-version}
            ---
            apiVersion: v1
            metadata: {name: no-kind}
            ---
            metadata: {name: neither}
            ---
            apiVersion: v1
            kind: [ConfigMap]
            metadata: {name: kind-is-not-a-string}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: kept}

            """
        let objects = accepted(text)
        XCTAssertEqual(objects.map(\.name), ["kept"])
        XCTAssertEqual(objects.first.map { line($0, FieldPath("metadata", "name")) }, 15)
    }

    func testKindListGivesItsItemsWithTheirOwnLines() {
        let text = """
            apiVersion: v1
            kind: List
            metadata: {resourceVersion: ""}
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: first
            - not an object
            - kind: ConfigMap
              metadata: {name: no-api-version}
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: second
              spec:
                replicas: 1

            """
        let objects = accepted(text)
        XCTAssertEqual(objects.map(\.reference), ["ConfigMap/first", "Deployment/second"])
        XCTAssertEqual(line(objects[0], FieldPath("metadata", "name")), 8)
        XCTAssertEqual(line(objects[0], FieldPath("kind")), 6)
        XCTAssertEqual(line(objects[1], FieldPath("metadata", "name")), 15)
        XCTAssertEqual(line(objects[1], FieldPath("spec", "replicas")), 17)
        // A field the item lacks falls back to its nearest ancestor in the item, not the List.
        XCTAssertEqual(line(objects[1], FieldPath("spec", "template", "spec")), 16)
        // An empty List, and a List whose items are not a list, are not errors.
        XCTAssertEqual(accepted("apiVersion: v1\nkind: List\nitems: []\n").count, 0)
        XCTAssertEqual(accepted("apiVersion: v1\nkind: List\nitems: {}\n").map(\.kind), ["List"])
    }

    /// `kubectl get … -o yaml` prints one `List` with every object; splitting it is linear.
    func testALargeListIsSplitInLinearTime() {
        func list(_ count: Int) -> String {
            "apiVersion: v1\nkind: List\nitems:\n" + (0..<count).map {
                "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\($0)\n  data: {a: b, c: d, e: f, g: h}\n"
            }.joined()
        }
        let small = Date()
        XCTAssertEqual(accepted(list(500)).count, 500)
        let smallSeconds = Date().timeIntervalSince(small)
        let large = Date()
        let objects = accepted(list(4000), seconds: 60)
        let largeSeconds = Date().timeIntervalSince(large)
        XCTAssertEqual(objects.count, 4000)
        XCTAssertEqual(objects.last.map { line($0, FieldPath("metadata", "name")) }, 3 + 3999 * 5 + 4)
        // 8 times the items: linear is ~8 times the time, quadratic ~64. Allow for noise.
        XCTAssertLessThan(largeSeconds, max(1, smallSeconds) * 24, "500 items: \(smallSeconds) s, 4000 items: \(largeSeconds) s")
    }

    func testUnknownKindsAndCustomResourcesAreKeptAndEvaluatedWithoutCrashing() {
        let text = """
            apiVersion: example.com/v1alpha1
            kind: Widget
            metadata: {name: w, namespace: shop}
            spec:
              template:
                spec:
                  containers: "not a list"
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions:
              - name: v1alpha1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: odd}
            spec:
              template:
                spec:
                  containers: {name: not-a-list}
                  initContainers: [1, null, {}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec:
              selector: [not, a, map]

            """
        let objects = accepted(text)
        XCTAssertEqual(objects.map(\.kind), ["Widget", "CustomResourceDefinition", "Deployment", "Service"])
        XCTAssertEqual(line(objects[1], FieldPath("spec", "versions", 0, "schema", "openAPIV3Schema", "type")), 22)
        // Odd shapes in known kinds and any shape in unknown kinds: the checks must cope.
        let report = PolicyEngine().evaluate(objects)
        XCTAssertTrue(report.findings.allSatisfy { $0.file == Self.file })
    }

    // MARK: - Anchors and merge keys

    func testPlainAnchorsAndAliasesCopyTheValue() {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              labels: &labels {app: web, tier: front}
              annotations: *labels
            spec:
              containers:
              - name: a
                image: &image registry.example/web:1.0
              - name: b
                image: *image

            """
        let object = accepted(text).first
        XCTAssertEqual(object?.annotations, ["app": "web", "tier": "front"])
        XCTAssertEqual(object?.document["spec"]?["containers"]?.items.last?["image"]?.stringValue, "registry.example/web:1.0")
        // An alias is located where its anchor's value is written.
        XCTAssertEqual(object.map { line($0, FieldPath("metadata", "annotations", "app")) }, 5)
    }

    /// kubectl reads `<<: *defaults` as YAML merge keys (go-yaml), so gen lint does too: the keys
    /// a mapping lacks come from the merged mapping, explicit keys win, and `<<` itself is gone.
    func testMergeKeysAreApplied() {
        let text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              template:
                spec:
                  containers:
                  - name: api
                    image: registry.example/api:1.0
                    securityContext: &hardened
                      runAsNonRoot: true
                      readOnlyRootFilesystem: true
                  - name: sidecar
                    image: registry.example/side:1.0
                    securityContext:
                      readOnlyRootFilesystem: false
                      <<: *hardened
                  - name: listed
                    image: registry.example/listed:1.0
                    securityContext:
                      <<: [{runAsUser: 1}, *hardened, {runAsUser: 2, privileged: true}]
                      "<<": quoted is a plain key

            """
        let objects = accepted(text)
        let containers = objects.first?.document["spec"]?["template"]?["spec"]?["containers"]?.items ?? []
        XCTAssertEqual(containers.count, 3)
        guard containers.count == 3 else { return }
        let sidecar = containers[1]["securityContext"]
        XCTAssertEqual(sidecar?["runAsNonRoot"], .bool(true))
        XCTAssertEqual(sidecar?["readOnlyRootFilesystem"], .bool(false), "the explicit key wins")
        XCTAssertEqual(sidecar?.fields.map(\.key).sorted(), ["readOnlyRootFilesystem", "runAsNonRoot"])
        let listed = containers[2]["securityContext"]
        XCTAssertEqual(listed?["runAsUser"], .int(1), "the first merged mapping wins")
        XCTAssertEqual(listed?["privileged"], .bool(true))
        XCTAssertEqual(listed?["runAsNonRoot"], .bool(true))
        XCTAssertEqual(listed?["<<"]?.stringValue, "quoted is a plain key")
        // Lines: explicit keys where they are written, merged keys where the anchor wrote them.
        let object = objects[0]
        let base = FieldPath("spec", "template", "spec", "containers")
        XCTAssertEqual(line(object, base / 1 / "securityContext" / "readOnlyRootFilesystem"), 16)
        XCTAssertEqual(line(object, base / 1 / "securityContext" / "runAsNonRoot"), 11)
        XCTAssertEqual(line(object, base / 2 / "securityContext" / "privileged"), 21)
        // The checks see the merged value: no run-as-non-root finding for the sidecar.
        let report = PolicyEngine().evaluate(objects)
        XCTAssertEqual(report.findings.filter { $0.check == "run-as-non-root" }.map(\.path.description), [])
    }

    func testAMergeKeyWithAScalarIsRefusedWithTheLine() {
        let error = refusal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  <<: not-a-mapping\n")
        XCTAssertEqual(error?.line, 5)
        XCTAssertEqual(error?.message.contains("merge key"), true)
    }

    func testUndefinedAliasIsRefusedWithTheLine() {
        let error = refusal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *nowhere\n")
        XCTAssertEqual(error?.line, 4)
        XCTAssertEqual(error?.message.contains("undefined alias"), true, "\(String(describing: error))")
    }

    // MARK: - Streams and lines

    func testMultiDocumentStreamWithEndMarkersKeepsLinesFromTheTopOfTheFile() {
        let text = """
            # leading comment
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: first}
            ...
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: second
            ---
            # the third document
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: third
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: registry.example/web:1.0
            ...

            """
        let objects = accepted(text)
        XCTAssertEqual(objects.map(\.name), ["first", "second", "third"])
        XCTAssertEqual(line(objects[0], FieldPath("metadata", "name")), 4)
        XCTAssertEqual(line(objects[1], FieldPath("metadata", "name")), 10)
        XCTAssertEqual(line(objects[2], FieldPath("metadata", "name")), 16)
        XCTAssertEqual(line(objects[2], FieldPath("spec", "template", "spec", "containers", 0, "image")), 22)
        XCTAssertEqual(line(objects[2], FieldPath("spec", "template", "spec", "containers", 0)), 21)
        // A missing field is located at its nearest present ancestor, in the third document.
        XCTAssertEqual(line(objects[2], FieldPath("spec", "template", "spec", "containers", 0, "livenessProbe")), 21)
        // Findings carry the same lines.
        let finding = PolicyEngine().evaluate(objects).findings.first { $0.check == "liveness-probe" }
        XCTAssertEqual(finding?.line, 21)
        XCTAssertEqual(finding?.file, Self.file)
    }

    func testWindowsLineEndingsAndAByteOrderMarkKeepTheLines() {
        let text = "\u{FEFF}apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n---\r\nbad: [\r\n"
        let error = refusal(text)
        XCTAssertEqual(error?.line, 7)
        let objects = accepted(String(text.dropLast("---\r\nbad: [\r\n".count)))
        XCTAssertEqual(objects.first.map { line($0, FieldPath("metadata", "name")) }, 4)
    }

    // MARK: - Property: mutations of a valid Deployment

    func testRandomMutationsOfAValidDeploymentParseOrAreRefused() {
        let original = Array(Self.deployment.utf8)
        XCTAssertEqual(accepted(Self.deployment).count, 1)
        var rng = SplitMix64(seed: 0x5EED_2024)
        var outcomes = (parsed: 0, refused: 0)
        for iteration in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<max(1, bytes.count), using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
                case 1: bytes.insert(Self.interesting.randomElement(using: &rng)!, at: at)
                default: if !bytes.isEmpty { bytes.remove(at: at) }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            var error: YAMLInput.InputError?
            if parse(text, seconds: 5, error: &error) != nil {
                outcomes.parsed += 1
            } else if let error {
                outcomes.refused += 1
                if let line = error.line {
                    XCTAssertTrue((1...text.utf8.count + 1).contains(line), "mutation \(iteration): line \(line)")
                }
            }
        }
        XCTAssertEqual(outcomes.parsed + outcomes.refused, 300)
        // Both outcomes must occur, or the mutations are not exercising anything.
        XCTAssertGreaterThan(outcomes.parsed, 20)
        XCTAssertGreaterThan(outcomes.refused, 20)
    }

    /// Bytes worth inserting: YAML indicators, whitespace, controls, and a non-UTF-8 byte.
    static let interesting = Array("[]{}:-?,&*!|>'\"%@`#\t\n\r ".utf8) + [0, 0x7F, 0xFF, 0xC3]
}
