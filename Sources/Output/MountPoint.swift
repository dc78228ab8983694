#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An output folder that is a mount point cannot be replaced: the writer's swap of the new tree
/// with the old one fails with `EBUSY` (or `EXDEV` across file systems).
enum MountPoint {
    /// Whether `folder` is a mount point: on another device than its parent, or listed in
    /// `/proc/self/mountinfo` (a bind mount of the same file system keeps the device).
    static func contains(_ folder: URL) -> Bool {
        var own = stat(), above = stat()
        guard stat(folder.path, &own) == 0 else { return false }
        if stat(folder.deletingLastPathComponent().path, &above) == 0, own.st_dev != above.st_dev { return true }
        guard let real = realpath(folder.path, nil) else { return false }
        defer { free(real) }
        let path = String(cString: real)
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        // Field 5 is the mount point, with spaces and other special characters written as \ooo.
        return table.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 4 && unescape(fields[4]) == path
        }
    }

    /// The error for a mount-point output: what happened and what to do.
    static func error(_ folder: URL) -> OutputError {
        OutputError("\(folder.path) is a mount point: gen builds the new tree beside the output folder and swaps "
            + "the two, which a mount point does not allow. Mount the folder above it instead, or pass "
            + "--output a folder inside the mount.")
    }

    private static func unescape(_ field: Substring) -> String {
        let utf8 = Array(field.utf8)
        var bytes: [UInt8] = [], i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 4 <= utf8.count,
               let byte = UInt8(String(decoding: utf8[(i + 1)..<(i + 4)], as: UTF8.self), radix: 8) {
                bytes.append(byte)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
