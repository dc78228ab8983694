import Foundation

/// Where `gen` writes when no `--output` is given: the `generated/` folder of the package root,
/// found from any folder inside the package, so that a run from `Sources/` neither compares with
/// a missing `Sources/generated` nor writes a tree there, and a run outside any package refuses.
/// The nearest `Package.swift` wins, so a product package inside another (`Examples/guestbook`)
/// writes its own tree, also its first one (`gen init`'s package has no `generated/` yet).
public enum PackageRoot {
    /// The output folder's name in the package root.
    public static let outputName = "generated"

    /// `generated/` of the nearest folder from `start` upwards that holds `Package.swift`;
    /// throws when there is none.
    public static func defaultOutput(from start: URL) throws -> URL {
        var dir = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                return dir.appendingPathComponent(outputName)
            }
            if dir.path == "/" { break }
            dir.deleteLastPathComponent()
        }
        throw OutputError("no package root from \(start.path) upwards: no folder there holds a Package.swift, "
            + "beside which gen writes \(outputName)/. Run gen inside the product's package, or name the output "
            + "folder with --output.")
    }
}
