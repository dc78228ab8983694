import DocumentTree

/// Turns the files given to `gen lint` into policy objects.
///
/// Kustomize's own files are not objects: `kustomization.yaml` is skipped, and so is every patch
/// it lists (a patch is a fragment, not something the cluster receives). To lint what an overlay
/// deploys, lint its build: `kubectl kustomize DIR | gen lint -`.
public enum LintInput {
    public static func objects(_ files: [(path: String, text: String)], limits: YAMLInput.Limits = .init()) throws
        -> [PolicyObject]
    {
        var patches = Set<String>()
        var parsed: [(String, [PolicyObject])] = []
        for file in files {
            let objects = try YAMLInput.objects(from: file.text, file: file.path, limits: limits)
            for object in objects where object.apiVersion.hasPrefix("kustomize.config.k8s.io/") {
                let dir = directory(of: file.path)
                for entry in (object.document["patches"]?.items ?? []) + (object.document["patchesStrategicMerge"]?.items ?? []) {
                    if let path = entry["path"]?.stringValue ?? entry.stringValue { patches.insert(normalise(dir + path)) }
                }
            }
            parsed.append((file.path, objects.filter { !$0.apiVersion.hasPrefix("kustomize.config.k8s.io/") }))
        }
        return parsed.filter { !patches.contains(normalise($0.0)) }.flatMap(\.1)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// Removes `./` and `dir/../` segments so that paths written two ways compare equal.
    private static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}
