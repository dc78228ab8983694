import DocumentTree
import Foundation

/// Lints a kustomization as what it builds: the output of the real `kubectl kustomize DIR`, not its
/// files one by one (an overlay's namespace, name suffixes, patches and images change what the
/// cluster receives).
///
/// Among the files `gen lint` was given, every kustomization that no other one includes (an
/// overlay, not the base it builds on) is built once. The files the build reads are then not
/// linted again as raw files, and each built object is located in the raw file it comes from
/// (same kind and apiVersion; the same namespace and name, else the same name, else the longest
/// name that a prefix or suffix turned into the built one), or at the kustomization when no file
/// declares it (a generated ConfigMap). Without kubectl, or when a build fails, the raw files are
/// linted as before and the run says so.
///
/// Each build is its own input for the cross-object checks, as it is its own apply: a staging
/// overlay's Service is matched against staging's pods only, never against production's.
public enum KustomizeBuilds {
    /// What the builds gave.
    public struct Outcome: Sendable {
        /// The objects of each build, each located in its source file: one input set per build.
        public var builds: [[PolicyObject]] = []
        /// Files the builds read, normalised (see `LintInput.normalise`): not to be linted again.
        public var covered: Set<String> = []
        /// Builds that failed, located at their kustomization.
        public var unreadable: [YAMLInput.InputError] = []
        /// One line per kustomization: built, or why its raw files were linted instead.
        public var notes: [String] = []
    }

    /// The names kustomize looks for in a folder, in its order.
    static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// Builds the outermost kustomizations among `files` with `kubectl` (nil: not on PATH).
    public static func build(_ inputs: [LintSources.Input], kubectl: URL?, limits: YAMLInput.Limits = .init()) -> Outcome {
        var out = Outcome()
        let roots = inputs.compactMap(\.path).filter { fileNames.contains(($0 as NSString).lastPathComponent) }
        var trees: [(file: String, tree: Tree)] = []
        for root in roots {
            var tree = Tree()
            tree.add(folder: LintInput.directory(of: LintInput.normalise(root)), limits: limits)
            trees.append((root, tree))
        }
        for (i, (root, tree)) in trees.enumerated() {
            let folder = tree.folders[0]
            // An included kustomization is built as part of what includes it; a Component cannot
            // be built on its own.
            let included = trees.indices.contains { $0 != i && trees[$0].tree.folders.dropFirst().contains(folder) }
            if included || tree.isComponent { continue }
            guard let kubectl else {
                out.notes.append("kubectl not on PATH: \(root) was not built; its files were linted one by one")
                continue
            }
            switch run(kubectl, ["kustomize", folder.isEmpty ? "." : folder], maxBytes: limits.maxBytes) {
            case .failure(let problem):
                out.unreadable.append(YAMLInput.InputError(file: root, line: 1, message: "kubectl kustomize failed: "
                    + problem.message + "; its files were linted one by one"))
            case .success(let text):
                do {
                    let built = try YAMLInput.documents(from: text, file: root, limits: limits)
                        .compactMap { YAMLInput.object($0, file: root) }
                    let sources = tree.resourceObjects(limits: limits)
                    out.builds.append(built.map { object in
                        let origin = source(of: object, among: sources)?.origin
                            ?? .file(path: root, lines: LineMap(line: 1))
                        return PolicyObject(document: object.document, origin: origin)
                    })
                    out.covered.formUnion(tree.files)
                    out.notes.append("linted what \(root) builds (kubectl kustomize)")
                } catch {
                    out.unreadable.append(YAMLInput.InputError(file: root, line: 1, message: "kubectl kustomize gave "
                        + "output gen cannot read: \(error); its files were linted one by one"))
                }
            }
        }
        return out
    }

    /// The raw object a built one comes from: same apiVersion and kind, then the same namespace
    /// and name, else the same name (an overlay set the namespace), else the longest raw name the
    /// built one contains (namePrefix, nameSuffix). Ties go to the raw object in the built one's
    /// namespace, then to one without a namespace.
    static func source(of built: PolicyObject, among raw: [PolicyObject]) -> PolicyObject? {
        let same = raw.filter { $0.kind == built.kind && $0.apiVersion == built.apiVersion && !$0.name.isEmpty }
        func best(_ candidates: [PolicyObject]) -> PolicyObject? {
            candidates.first { $0.namespace == built.namespace } ?? candidates.first { $0.namespace == nil } ?? candidates.first
        }
        if let named = best(same.filter { $0.name == built.name }) { return named }
        let affixed = same.filter { built.name.contains($0.name) }
        guard let longest = affixed.map(\.name.count).max() else { return nil }
        return best(affixed.filter { $0.name.count == longest })
    }

    /// A kustomization and everything it includes: folders (its own first), resource files, and
    /// every file it reads (kustomizations and patches too).
    struct Tree {
        var folders: [String] = []
        var resources: [String] = []
        var files: Set<String> = []
        var isComponent = false

        mutating func add(folder: String, limits: YAMLInput.Limits) {
            guard !folders.contains(folder) else { return }
            folders.append(folder)
            let fm = FileManager.default
            guard let file = fileNames.map({ folder + $0 }).first(where: { fm.fileExists(atPath: $0.isEmpty ? "." : $0) }),
                  case .success(let text) = LintSources.read(path: file, maxBytes: limits.maxBytes),
                  let document = try? YAMLInput.documents(from: text, file: file, limits: limits).first?.0
            else { return }
            files.insert(file)
            if folders.count == 1 { isComponent = document["kind"]?.stringValue == "Component" }
            func paths(_ key: String) -> [String] {
                (document[key]?.items ?? []).compactMap { $0.stringValue ?? $0["path"]?.stringValue }
                    .filter { !$0.contains("://") && !$0.hasPrefix("github.com/") }
                    .map { LintInput.normalise(folder + $0) }
            }
            for path in paths("resources") + paths("bases") + paths("components") {
                var isFolder: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    add(folder: path.hasSuffix("/") ? path : path + "/", limits: limits)
                } else {
                    resources.append(path)
                    files.insert(path)
                }
            }
            files.formUnion(paths("patches") + paths("patchesStrategicMerge") + paths("patchesJson6902"))
        }

        /// The objects of the resource files, with the lines of their fields.
        func resourceObjects(limits: YAMLInput.Limits) -> [PolicyObject] {
            resources.flatMap { path -> [PolicyObject] in
                guard case .success(let text) = LintSources.read(path: path, maxBytes: limits.maxBytes) else { return [] }
                return (try? YAMLInput.objects(from: text, file: path, limits: limits)) ?? []
            }
        }
    }

    /// `kubectl ARGUMENTS`' standard output, bounded like any input; its first error line otherwise.
    static func run(_ kubectl: URL, _ arguments: [String], maxBytes: Int) -> Result<String, BuildFailure> {
        let process = Process()
        process.executableURL = kubectl
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(BuildFailure(message: "cannot run \(kubectl.path): \(error)")) }
        // Standard error on its own thread, so that neither pipe can fill up and block kubectl.
        let errors = ErrorText()
        let reader = Thread { errors.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let read = LintSources.read(descriptor: out.fileHandleForReading.fileDescriptor, name: "kubectl kustomize",
                                    maxBytes: maxBytes)
        if case .failure = read { process.terminate() }
        process.waitUntilExit()
        let message = reason(errors.wait()) ?? "exit status \(process.terminationStatus)"
        switch read {
        case .failure(let error): return .failure(BuildFailure(message: error.message))
        case .success(let text): return process.terminationStatus == 0 ? .success(text) : .failure(BuildFailure(message: message))
        }
    }

    /// The error in kubectl's standard error: its last line (warnings such as deprecations come
    /// first), without the klog prefix `E1205 … run.go:72] "command failed" err="…"` when it has one.
    static func reason(_ stderr: String) -> String? {
        guard let last = stderr.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        if let match = last.firstMatch(of: #/ err="(.*)"\s*$/#) {
            return match.output.1.replacingOccurrences(of: #"\""#, with: "\"")
        }
        return String(last)
    }

    /// Why a build gave no output: kubectl's error, or why it could not run.
    struct BuildFailure: Error {
        var message: String
    }

    /// Standard error of a child, handed from its reader thread.
    private final class ErrorText: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()
        func set(_ data: Data) {
            self.data = data
            done.signal()
        }
        func wait() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
