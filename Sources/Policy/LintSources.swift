import Foundation

/// Reads what `gen lint` is given: files, folders (every `*.yaml`/`*.yml` below, sorted, hidden
/// folders skipped) and `-` for standard input.
///
/// Every input is read in chunks and refused once it passes the byte limit, so `/dev/zero` or a
/// multi-gigabyte file costs at most the limit in memory. An input that cannot be read (missing,
/// too large, not UTF-8) is reported and the others are still read: one bad file must not hide
/// the findings of a whole repository.
public enum LintSources {
    /// One input's text and the name reports use for it (`<stdin>` for standard input).
    public struct File: Sendable {
        public var path: String
        public var text: String
    }

    /// The readable inputs, in order, and the problems of the others.
    public struct Collected: Sendable {
        public var files: [File] = []
        public var unreadable: [YAMLInput.InputError] = []
    }

    /// The name of standard input in reports.
    public static let standardInput = "<stdin>"

    /// Reads `paths` (`-` is standard input), each bounded by `maxBytes`.
    public static func collect(_ paths: [String], maxBytes: Int = YAMLInput.Limits().maxBytes) -> Collected {
        var out = Collected()
        func add(_ path: String, _ result: Result<String, YAMLInput.InputError>) {
            switch result {
            case .success(let text): out.files.append(File(path: path, text: text))
            case .failure(let error): out.unreadable.append(error)
            }
        }
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                add(standardInput, read(descriptor: 0, name: standardInput, maxBytes: maxBytes))
                continue
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                out.unreadable.append(YAMLInput.InputError(file: path, line: nil, message: "no such file or folder"))
                continue
            }
            guard isDir.boolValue else {
                add(path, read(path: path, maxBytes: maxBytes))
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
                add(full, read(path: full, maxBytes: maxBytes))
            }
        }
        return out
    }

    static func read(path: String, maxBytes: Int) -> Result<String, YAMLInput.InputError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(YAMLInput.InputError(file: path, line: nil, message: "cannot read: \(String(cString: strerror(errno)))"))
        }
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
