import ConcurrentWork
import DocumentTree
import Foundation

/// Turns the files given to `gen lint` into policy objects, one document at a time.
///
/// Kustomize's own files are not objects: `kustomization.yaml` is skipped, and so is every patch
/// it lists (a patch is a fragment, not something the cluster receives). A kustomization is a
/// document with a `kustomize.config.k8s.io/` apiVersion, or one without apiVersion and kind in a
/// file named like kustomize's own (it does not require them). What a kustomization builds is
/// linted by `KustomizeBuilds` when kubectl is on PATH; these are the files it did not cover.
public enum LintInput {
    /// The patch files the kustomizations among `inputs` list, normalised (kustomize reads only
    /// files named like its own, and they are small: each is read whole, bounded).
    public static func patches(among inputs: [LintSources.Input], limits: YAMLInput.Limits = .init()) -> Set<String> {
        var patches = Set<String>()
        for case let path? in inputs.map(\.path) where KustomizeBuilds.fileNames.contains((path as NSString).lastPathComponent) {
            guard case .success(let text) = LintSources.read(path: path, maxBytes: limits.maxBytes),
                  let documents = try? YAMLInput.documents(from: text, file: path, limits: limits)
            else { continue }
            let dir = directory(of: path)
            for (document, _) in documents where isKustomization(document, named: true) {
                for entry in (document["patches"]?.items ?? []) + (document["patchesStrategicMerge"]?.items ?? []) {
                    if let patch = entry["path"]?.stringValue ?? entry.stringValue { patches.insert(normalise(dir + patch)) }
                }
            }
        }
        return patches
    }

    /// Calls `body` with each object of the YAML stream `descriptor` made into `transform`'s value,
    /// in the stream's order, with lines counted from the start of the stream; `each` first sees
    /// every document's text (to keep a copy of standard input for a second pass). Throws at the
    /// first document that cannot be read or parsed, after `body` saw everything before it.
    ///
    /// Documents are read a batch at a time (`Limits.batchBytes` of text), then parsed and transformed on
    /// every core at once: memory stays bounded by a batch, whatever the number of objects.
    /// `transform` must be safe to run concurrently (see `concurrentMap`); `each` and `body` run
    /// on the caller's thread, in order.
    public static func forEachObject<T>(in descriptor: Int32, name: String, limits: YAMLInput.Limits = .init(),
                                        each: (YAMLDocumentReader.Document) throws -> Void = { _ in },
                                        transform: (PolicyObject) -> T, _ body: (T) throws -> Void) throws {
        let named = KustomizeBuilds.fileNames.contains((name as NSString).lastPathComponent)
        var reader = YAMLDocumentReader(descriptor: descriptor, name: name, limits: limits)
        var batch: [YAMLDocumentReader.Document] = [], bytes = 0
        func flush() throws {
            let parsed = batch.concurrentMap { chunk in
                Result {
                    try YAMLInput.documents(from: chunk.text, file: name, limits: limits, firstLine: chunk.firstLine)
                        .filter { !isKustomization($0.0, named: named) }
                        .compactMap { YAMLInput.object($0, file: name).map(transform) }
                }
            }
            batch = []
            bytes = 0
            for result in parsed { for value in try result.get() { try body(value) } }
        }
        while true {
            let chunk: YAMLDocumentReader.Document?
            do {
                chunk = try reader.next()
            } catch {
                // What was read before the stream went wrong is still reported.
                try flush()
                throw error
            }
            guard let chunk else { break }
            try each(chunk)
            batch.append(chunk)
            bytes += chunk.text.utf8.count
            if bytes >= limits.batchBytes { try flush() }
        }
        try flush()
    }

    /// `forEachObject` with the objects themselves.
    public static func forEachObject(in descriptor: Int32, name: String, limits: YAMLInput.Limits = .init(),
                                     each: (YAMLDocumentReader.Document) throws -> Void = { _ in },
                                     _ body: (PolicyObject) throws -> Void) throws {
        try forEachObject(in: descriptor, name: name, limits: limits, each: each, transform: { $0 }, body)
    }

    static func isKustomization(_ document: DocNode, named: Bool) -> Bool {
        if let apiVersion = document["apiVersion"]?.stringValue { return apiVersion.hasPrefix("kustomize.config.k8s.io/") }
        return named && document["kind"] == nil
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// Removes `./` and `dir/../` segments so that paths written two ways compare equal (as
    /// `KustomizeBuilds.Outcome.covered` holds them).
    public static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}
