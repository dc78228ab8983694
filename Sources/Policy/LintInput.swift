import DocumentTree

/// Turns the files given to `gen lint` into policy objects.
///
/// Kustomize's own files are not objects: `kustomization.yaml` is skipped, and so is every patch
/// it lists (a patch is a fragment, not something the cluster receives). A kustomization is a
/// document with a `kustomize.config.k8s.io/` apiVersion, or one without apiVersion and kind in a
/// file named like kustomize's own (it does not require them). What a kustomization builds is
/// linted by `KustomizeBuilds` when kubectl is on PATH; these are the files it did not cover.
public enum LintInput {
    /// The objects of the readable files, and why each other file could not be read.
    public struct Result: Sendable {
        public var objects: [PolicyObject]
        public var unreadable: [YAMLInput.InputError]
    }

    /// Parses every file; a file that is not valid YAML (a Helm template, duplicate keys) is
    /// reported in `unreadable` and the others are still linted.
    public static func objects(_ files: [(path: String, text: String)], limits: YAMLInput.Limits = .init()) -> Result {
        var patches = Set<String>()
        var parsed: [(String, [PolicyObject])] = []
        var unreadable: [YAMLInput.InputError] = []
        for file in files {
            let dir = directory(of: file.path)
            let named = ["kustomization.yaml", "kustomization.yml", "Kustomization"].contains(String(file.path.dropFirst(dir.count)))
            func isKustomization(_ document: DocNode) -> Bool {
                if let apiVersion = document["apiVersion"]?.stringValue { return apiVersion.hasPrefix("kustomize.config.k8s.io/") }
                return named && document["kind"] == nil
            }
            let documents: [(DocNode, [FieldPath: Int])]
            do {
                documents = try YAMLInput.documents(from: file.text, file: file.path, limits: limits)
            } catch {
                unreadable.append(error as? YAMLInput.InputError ?? YAMLInput.InputError(file: file.path, line: nil, message: "\(error)"))
                continue
            }
            for (document, _) in documents where isKustomization(document) {
                for entry in (document["patches"]?.items ?? []) + (document["patchesStrategicMerge"]?.items ?? []) {
                    if let path = entry["path"]?.stringValue ?? entry.stringValue { patches.insert(normalise(dir + path)) }
                }
            }
            parsed.append((file.path, documents.filter { !isKustomization($0.0) }.compactMap { YAMLInput.object($0, file: file.path) }))
        }
        return Result(objects: parsed.filter { !patches.contains(normalise($0.0)) }.flatMap(\.1), unreadable: unreadable)
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
