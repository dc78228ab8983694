import Foundation
import KubeModel
import Render

/// What runs where in a blue/green environment: the colour the public Services select and the
/// release each colour's overlay pins. It is data, not Swift: the deploy workflow's `record` job
/// changes it with `gen state` (never with a text edit of the source), and an engineer prepares a
/// release by setting the idle colour's release the same way. It lives beside the tree it
/// describes, `<output>/deploy-state/<env>.json`, so that `gen` reads the state of the tree it
/// writes wherever that tree is (this repository's `generated/`, a product repository's root).
public struct DeployState: Equatable, Sendable {
    public var active: Environment.Colour
    /// The release (image tag) of each colour.
    public var releases: [Environment.Colour: String]

    public init(active: Environment.Colour, releases: [Environment.Colour: String]) {
        self.active = active
        self.releases = releases
    }

    /// The colour that does not serve traffic: the one a deploy changes.
    public var idle: Environment.Colour { active.other }

    /// Where an environment's state lives in the output folder.
    public static func path(environment: String) -> String { "deploy-state/\(environment).json" }

    /// The JSON written to the file: keys sorted, two-space indentation, a final newline (stable
    /// bytes, readable diffs in the pull requests that change it).
    public var json: String {
        let releases = Environment.Colour.allCases.compactMap { colour in
            self.releases[colour].map { "    \(JSONRenderer.quoted(colour.rawValue)): \(JSONRenderer.quoted($0))" }
        }
        return "{\n  \"active\": \(JSONRenderer.quoted(active.rawValue)),\n  \"releases\": {\n"
            + releases.joined(separator: ",\n") + "\n  }\n}\n"
    }

    /// Reads a state file; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> DeployState {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DeployStateError("\(file): not a JSON object")
        }
        let known: Set<String> = ["active", "releases"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw DeployStateError("\(file): unknown key \"\(unknown)\" (known: active, releases)")
        }
        guard let active = (object["active"] as? String).flatMap(Environment.Colour.init(rawValue:)) else {
            throw DeployStateError("\(file): \"active\" must be one of \(Environment.Colour.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let releases = object["releases"] as? [String: Any] else {
            throw DeployStateError("\(file): \"releases\" must map each colour to its release")
        }
        var out: [Environment.Colour: String] = [:]
        for (key, value) in releases {
            guard let colour = Environment.Colour(rawValue: key) else {
                throw DeployStateError("\(file): releases.\(key): not a colour (known: \(Environment.Colour.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let release = value as? String else { throw DeployStateError("\(file): releases.\(key) must be a string") }
            try validate(release: release, at: "\(file): releases.\(key)")
            out[colour] = release
        }
        return DeployState(active: active, releases: out)
    }

    /// A release is an image tag (it becomes `repository:<release>` in the overlays).
    public static func validate(release: String, at place: String) throws {
        if let problem = Image("r", tag: release).problem {
            throw DeployStateError("\(place): \"\(release)\" is not a valid release: \(problem)")
        }
    }
}

/// A deploy state that cannot be used: what is wrong and where.
public struct DeployStateError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension DeployState {
    /// `environments` with the deploy state recorded in `output` applied to each blue/green one
    /// (one without a file keeps its initial state).
    public static func applying(to environments: [Environment], recordedIn output: URL) throws -> [Environment] {
        try environments.map { env in
            guard env.deployState != nil else { return env }
            let path = DeployState.path(environment: env.name)
            let url = output.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else { return env }
            var env = env
            env.deployState = try DeployState.parse(data, file: url.path)
            return env
        }
    }

    /// Writes the state of `env` into `output` atomically (a temporary file renamed over it).
    public func write(environment: String, into output: URL) throws {
        let url = output.appendingPathComponent(DeployState.path(environment: environment))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(json.utf8).write(to: url, options: .atomic)
    }
}
