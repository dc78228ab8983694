import Foundation

/// Reads what `gen lint` is given: files, folders (every `*.yaml`/`*.yml` below, sorted, hidden
/// folders skipped) and `-` for standard input.
public enum InputFiles {
    public struct File: Sendable {
        public var path: String
        public var text: String
    }

    public static func collect(_ paths: [String]) throws -> [File] {
        var out: [File] = []
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                out.append(File(path: "<stdin>", text: String(decoding: data, as: UTF8.self)))
                continue
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw OutputError("\(path): no such file or folder")
            }
            if !isDir.boolValue {
                out.append(File(path: path, text: try read(path)))
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else { throw OutputError("\(path): cannot list") }
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
                out.append(File(path: full, text: try read(full)))
            }
        }
        return out
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw OutputError("\(path): cannot read") }
        guard let text = String(data: data, encoding: .utf8) else { throw OutputError("\(path): not UTF-8 text") }
        return text
    }
}
