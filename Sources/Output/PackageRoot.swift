import Foundation

/// Where `gen` writes when no `--output` is given: the `generated/` folder of the package root,
/// found from any folder inside the package, so that a run from `Sources/` neither compares with
/// a missing `Sources/generated` nor writes a tree there.
public enum PackageRoot {
    /// The output folder's name in the package root.
    public static let outputName = "generated"

    /// `generated/` of the nearest folder from `start` upwards that holds both `Package.swift`
    /// and `generated/`; throws when there is none.
    public static func defaultOutput(from start: URL) throws -> URL {
        let fm = FileManager.default
        var dir = start.standardizedFileURL
        while true {
            var isDir: ObjCBool = false
            let output = dir.appendingPathComponent(outputName)
            if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               fm.fileExists(atPath: output.path, isDirectory: &isDir), isDir.boolValue {
                return output
            }
            if dir.path == "/" { break }
            dir.deleteLastPathComponent()
        }
        throw OutputError("no package root from \(start.path) upwards: no folder there holds both Package.swift and "
            + "\(outputName)/. Run gen inside the gen repository, or name the output folder with --output.")
    }
}
