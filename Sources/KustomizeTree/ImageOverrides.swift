import DocumentTree
import KubeModel

/// Collects Kustomize `images:` entries: an environment's tag or digest for an image of the base,
/// instead of a patch on every container that uses it.
struct ImageOverrides {
    private var byRepository: [String: DocNode] = [:]

    /// The entries by image name, sorted once when read (not on every insertion).
    var entries: [DocNode] { byRepository.sorted { $0.key < $1.key }.map(\.value) }

    /// Returns `doc` with each container image that differs from the base only by tag or digest
    /// reset to the base's, recording the override.
    mutating func normalise(_ doc: DocNode, base: DocNode, object: ObjectID) throws -> DocNode {
        guard let containers = Self.containers(of: doc), let baseContainers = Self.containers(of: base) else { return doc }
        var updated: [DocNode] = []
        for container in containers {
            guard let image = container["image"]?.stringValue,
                  let baseImage = baseContainers.first(where: { $0["name"] == container["name"] })?["image"]?.stringValue,
                  image != baseImage
            else {
                updated.append(container)
                continue
            }
            let (repo, tag, digest) = Self.split(image)
            guard repo == Self.split(baseImage).0 else {
                updated.append(container)
                continue
            }
            try record(repo, tag: tag, digest: digest, object: object)
            updated.append(container.setting("image", to: .string(baseImage)))
        }
        return Self.replacingContainers(of: doc, with: updated)
    }

    /// Records the image of every container of `doc` as it is, so that the overlay states its
    /// images itself instead of inheriting them (a blue/green colour pins its own release).
    mutating func pin(_ doc: DocNode, object: ObjectID) throws {
        for container in Self.containers(of: doc) ?? [] {
            guard let image = container["image"]?.stringValue else { continue }
            let (repo, tag, digest) = Self.split(image)
            try record(repo, tag: tag, digest: digest, object: object)
        }
    }

    private mutating func record(_ repo: String, tag: String?, digest: String?, object: ObjectID) throws {
        var fields: [(String, DocNode)] = [("name", .string(repo))]
        if let tag { fields.append(("newTag", .string(tag))) }
        if let digest { fields.append(("digest", .string(digest))) }
        let entry = DocNode.map(fields)
        if let existing = byRepository[repo], existing != entry {
            throw TreeError("\(object): image \(repo) is used with two different tags in one overlay")
        }
        if byRepository[repo] == nil {
            byRepository[repo] = entry
        }
    }

    static func split(_ image: String) -> (String, String?, String?) {
        var rest = Substring(image)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            return (String(rest[..<colon]), String(rest[rest.index(after: colon)...]), digest)
        }
        return (String(rest), nil, digest)
    }

    private static let podPaths = [["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"]]

    static func containers(of doc: DocNode) -> [DocNode]? {
        for path in podPaths {
            if case .sequence(let items)? = path.reduce(Optional(doc), { $0?[$1] })?["containers"] { return items }
        }
        return nil
    }

    static func replacingContainers(of doc: DocNode, with containers: [DocNode]) -> DocNode {
        for path in podPaths where path.reduce(Optional(doc), { $0?[$1] })?["containers"] != nil {
            return set(doc, path: path + ["containers"], to: .sequence(containers))
        }
        return doc
    }

    private static func set(_ doc: DocNode, path: [String], to value: DocNode) -> DocNode {
        guard let first = path.first else { return value }
        return doc.setting(first, to: set(doc[first] ?? .mapping([]), path: Array(path.dropFirst()), to: value))
    }
}
