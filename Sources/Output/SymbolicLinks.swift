#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Symbolic links on the paths gen writes: writing through one would change a file outside the
/// output folder (or a folder's contents that gen does not own), so gen never follows them.
enum SymbolicLinks {
    /// The first component of `path` (relative to `root`) that is a symbolic link, as a path
    /// relative to `root`, with where it points; nil when every existing component is a real
    /// file or folder.
    static func firstLink(on path: String, under root: URL) -> (link: String, destination: String)? {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix = prefix.isEmpty ? String(component) : "\(prefix)/\(component)"
            let full = root.appendingPathComponent(prefix).path
            var info = stat()
            guard lstat(full, &info) == 0 else { return nil }  // missing: nothing below exists either
            if (info.st_mode & S_IFMT) == S_IFLNK {
                let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?"
                return (prefix, destination)
            }
        }
        return nil
    }

    /// Whether `url` itself is a symbolic link.
    static func isLink(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}
