import ConcurrentWork
import Foundation

/// `gen lint` over its inputs in two passes, each reading one document at a time, so that memory
/// is bounded by the largest document plus the index, whatever the number of objects; the objects
/// of the first inputs, up to `Limits.keptBytes` of text, are kept from the first pass instead.
///
/// The first pass keeps each object's projection (`InputIndex`): what cross-object checks read
/// from the other objects. The second pass reads every document again and runs every check on it
/// whole, with the complete index as its context, then drops it; only the findings stay (they are
/// the report, sorted once at the end). Standard input cannot be read twice: the first pass copies
/// it, document by document, to a temporary file for the second. A file that cannot be read or
/// parsed in the first pass is reported and left out of both, as a whole (none of its objects
/// are linted, as when files were read whole). The builds of kustomizations (`KustomizeBuilds`)
/// are small and already in memory: each is evaluated as its own input, as
/// `PolicyEngine.evaluate(inputSets:)` does.
public enum StreamedLint {
    /// The report, and the inputs that could not be read (also findings in the report).
    public struct Outcome: Sendable {
        public var report: PolicyReport
        public var unreadable: [YAMLInput.InputError]
    }

    /// Lints `inputs` (patch files of their kustomizations left out) and `builds` with `engine`;
    /// `unreadable` are problems found before (missing paths, failed builds), reported first.
    public static func run(_ inputs: [LintSources.Input], builds: [[PolicyObject]] = [], unreadable: [YAMLInput.InputError] = [],
                           engine: PolicyEngine, limits: YAMLInput.Limits = .init()) -> Outcome {
        let patches = LintInput.patches(among: inputs, limits: limits)
        var problems = unreadable
        var index = InputIndex()
        var readable: [(input: LintSources.Input, path: String)] = []
        // The objects of the inputs small enough to keep (`Limits.keptBytes`), by readable index.
        var kept: [Int: [PolicyObject]] = [:]
        var keptBytes = 0
        var copies: [URL] = []
        defer { for copy in copies { try? FileManager.default.removeItem(at: copy) } }

        for input in inputs where !(input.path.map { patches.contains(LintInput.normalise($0)) } ?? false) {
            // This input's objects, until its text passes what may be kept.
            var objects: [PolicyObject]? = []
            var bytes = 0
            func measure(_ document: YAMLDocumentReader.Document) {
                bytes += document.text.utf8.count
                if keptBytes + bytes > limits.keptBytes { objects = nil }
            }
            func add(_ object: PolicyObject) {
                index.add(object)
                objects?.append(object)
            }
            do {
                let source: String
                if let path = input.path {
                    try read(path, name: input.name, limits: limits, each: measure, transform: { $0 }, add)
                    source = path
                } else {
                    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gen-lint-stdin-\(UUID().uuidString)")
                    copies.append(copy)
                    guard FileManager.default.createFile(atPath: copy.path, contents: nil),
                          let handle = try? FileHandle(forWritingTo: copy)
                    else { throw YAMLInput.InputError(file: input.name, line: nil, message: "cannot keep a copy in \(copy.path)") }
                    defer { try? handle.close() }
                    try LintInput.forEachObject(in: 0, name: input.name, limits: limits, each: {
                        try handle.write(contentsOf: Data($0.text.utf8))
                        measure($0)
                    }, add)
                    source = copy.path
                }
                if let objects {
                    kept[readable.count] = objects
                    keptBytes += bytes
                }
                readable.append((input, source))
            } catch {
                problems.append(error as? YAMLInput.InputError
                    ?? YAMLInput.InputError(file: input.name, line: nil, message: "cannot read: \(error)"))
            }
        }

        index.addDefinitions(in: builds.flatMap { $0 })
        var report = PolicyReport(findings: [], suppressed: [])
        let context = PolicyContext(objects: index.entries, settings: engine.settings, schema: index.schema)
        // Each object's checks on every core at once (`PolicyContext` is read-only), the findings
        // gathered in order.
        func evaluated(_ object: PolicyObject) -> PolicyReport {
            var own = PolicyReport(findings: [], suppressed: [])
            engine.evaluate(object, in: context, into: &own)
            return own
        }
        func gather(_ own: PolicyReport) {
            report.findings += own.findings
            report.suppressed += own.suppressed
        }
        for (i, (input, path)) in readable.enumerated() {
            if let objects = kept.removeValue(forKey: i) {
                for own in objects.concurrentMap(evaluated) { gather(own) }
                continue
            }
            do {
                try read(path, name: input.name, limits: limits, transform: evaluated, gather)
            } catch {
                // Changed between the passes: what it still held is reported, and the change.
                problems.append(error as? YAMLInput.InputError
                    ?? YAMLInput.InputError(file: input.name, line: nil, message: "cannot read: \(error)"))
            }
        }
        for build in builds {
            let context = PolicyContext(objects: build, settings: engine.settings, schema: index.schema)
            for object in build { engine.evaluate(object, in: context, into: &report) }
        }
        report.findings += engine.findings(unreadable: problems)
        return Outcome(report: report.sorted(), unreadable: problems)
    }

    /// Each object of the file at `path`, named `name` in reports, made into `transform`'s value
    /// (on every core at once: see `LintInput.forEachObject`).
    private static func read<T>(_ path: String, name: String, limits: YAMLInput.Limits,
                                each: (YAMLDocumentReader.Document) throws -> Void = { _ in },
                                transform: (PolicyObject) -> T, _ body: (T) throws -> Void) throws {
        let fd = try LintSources.open(path)
        defer { close(fd) }
        try LintInput.forEachObject(in: fd, name: name, limits: limits, each: each, transform: transform, body)
    }
}
