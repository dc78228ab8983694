import Foundation

/// Finds what `gen lint` is given: files, folders (every `*.yaml`/`*.yml` below, sorted, hidden
/// folders skipped) and `-` for standard input.
///
/// Nothing is read here: `StreamedLint` reads every input one document at a time, in chunks, so
/// that `/dev/zero` or a multi-gigabyte file costs one bounded document in memory. An input that
/// cannot be found is reported and the others are still linted: one bad file must not hide the
/// findings of a whole repository.
public enum LintSources {
    /// One input: the name reports use for it (`<stdin>` for standard input) and where it is read.
    public struct Input: Sendable, Equatable {
        public var name: String
        /// The file to read; nil for standard input.
        public var path: String?
        public init(name: String, path: String?) {
            self.name = name
            self.path = path
        }
    }

    /// The inputs found, in order, and the problems of the paths that are none.
    public struct Listed: Sendable {
        public var inputs: [Input] = []
        public var unreadable: [YAMLInput.InputError] = []
    }

    /// The name of standard input in reports.
    public static let standardInput = "<stdin>"

    /// The inputs `paths` name (`-` is standard input).
    public static func list(_ paths: [String]) -> Listed {
        var out = Listed()
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                out.inputs.append(Input(name: standardInput, path: nil))
                continue
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                out.unreadable.append(YAMLInput.InputError(file: path, line: nil, message: "no such file or folder"))
                continue
            }
            guard isDir.boolValue else {
                out.inputs.append(Input(name: path, path: path))
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else {
                out.unreadable.append(YAMLInput.InputError(file: path, line: nil, message: "cannot list this folder"))
                continue
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { found.append(relative) }
            }
            for relative in found.sorted() {
                let full = (path as NSString).appendingPathComponent(relative)
                var isFolder: ObjCBool = false
                // A folder named like a YAML file (`conf.d.yaml/`) is walked itself, not read.
                if fm.fileExists(atPath: full, isDirectory: &isFolder), isFolder.boolValue { continue }
                out.inputs.append(Input(name: full, path: full))
            }
        }
        return out
    }

    /// Opens `path` for reading, or the reason it cannot be.
    static func open(_ path: String) throws(YAMLInput.InputError) -> Int32 {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw YAMLInput.InputError(file: path, line: nil, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// Reads a small input whole (a kustomization, kubectl's output), bounded by `maxBytes`.
    static func read(path: String, maxBytes: Int) -> Result<String, YAMLInput.InputError> {
        let fd: Int32
        do { fd = try open(path) } catch { return .failure(error) }
        defer { close(fd) }
        return read(descriptor: fd, name: path, maxBytes: maxBytes)
    }

    /// Reads `fd` to its end in chunks, refusing it as soon as it holds more than `maxBytes`.
    static func read(descriptor fd: Int32, name: String, maxBytes: Int) -> Result<String, YAMLInput.InputError> {
        var bytes: [UInt8] = []
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(YAMLInput.InputError(file: name, line: nil,
                                                     message: "cannot read: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            if bytes.count + n > maxBytes {
                return .failure(YAMLInput.InputError(file: name, line: nil,
                                                     message: "larger than \(YAMLInput.describe(bytes: maxBytes))"))
            }
            bytes.append(contentsOf: buffer[..<n])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(YAMLInput.InputError(file: name, line: nil, message: "not UTF-8 text"))
        }
        return .success(text)
    }
}
