import DocumentTree
@testable import Policy
import TestSupport
import XCTest
import Yams

/// `gen lint`'s event parser against the reader it replaced: Yams' composer and regex resolver,
/// converted to `DocNode`s and lines as `YAMLInput` did until issue 17. Both must read the same
/// tree and the same line for every field of any document, anchors, aliases, merge keys and
/// tags included; where one refuses a document, so must the other.
final class EventParserTests: XCTestCase {

    /// Plain scalars of every implicit type, and strings.
    private static let plain = [
        "web", "nginx:1.25", "0", "12", "-3", "+7", "0x1F", "0o17", "017", "1_000", "0b101", "1:30", "1.5", "1e3", ".5",
        "-.inf", ".NaN", "true", "False", "yes", "off", "ON", "y", "n", "null", "~", "Null", "2001-12-14",
        "2001-12-14t21:59:43.10-05:00", "=", "<<", "a b", "10Mi", "100m", "é",
    ]
    private static let tagged = ["!!int 12", "!!int x", "!!str 12", "! 12", "!!bool yes", "!!bool 1", "!!float 1",
                                 "!!null ~", "!custom x", "\"12\"", "'true'", "\"a\\tb\"", "''", "\"\""]
    private static let keys = ["name", "image", "a", "b", "1", "true", "~", "ports", "env", "x y", "\"<<\""]

    /// One document in block style with flow collections, anchors, aliases and merge keys.
    private struct Writer {
        var random: SplitMix64
        init(random: SplitMix64) { self.random = random }
        var anchors: [String] = []
        /// The anchors of mappings: what merge keys mostly take.
        var mappingAnchors: [String] = []
        var out = ""
        var wroteMapping = false

        mutating func scalar() -> String {
            random.next(3) == 0 ? random.pick(EventParserTests.tagged) : random.pick(EventParserTests.plain)
        }

        /// What follows `key:` or `-`: a scalar, an alias, a flow collection or a nested block.
        mutating func value(indent: Int, depth: Int) {
            var prefix = ""
            if random.next(4) == 0 {
                let name = "a\(anchors.count)"
                prefix = " &\(name)"
                block(prefix: prefix, indent: indent, depth: depth)
                anchors.append(name)
                if wroteMapping { mappingAnchors.append(name) }
                return
            }
            block(prefix: prefix, indent: indent, depth: depth)
        }

        private mutating func block(prefix: String, indent: Int, depth: Int) {
            wroteMapping = false
            // Anchored values are mappings half the time, so that merge keys have sources.
            switch !prefix.isEmpty && depth <= 3 && random.next(2) == 0 ? 4 : random.next(depth > 3 ? 3 : 6) {
            case 0, 1: out += "\(prefix) \(scalar())\n"
            case 2:
                // An alias, sometimes to a name never anchored.
                if prefix.isEmpty, !anchors.isEmpty, random.next(8) > 0 {
                    out += " *\(random.pick(anchors))\n"
                } else if prefix.isEmpty, random.next(12) == 0 {
                    out += " *nowhere\n"
                } else {
                    out += "\(prefix) \(scalar())\n"
                }
            case 3: out += "\(prefix) [\((0..<random.next(3)).map { _ in scalar() }.joined(separator: ", "))]\n"
            case 4:
                out += "\(prefix)\n"
                mapping(indent: indent + 2, depth: depth + 1)
                wroteMapping = true
            default:
                out += "\(prefix)\n"
                sequence(indent: indent + 2, depth: depth + 1)
            }
        }

        mutating func mapping(indent: Int, depth: Int) {
            let pad = String(repeating: " ", count: indent)
            for _ in 0..<(1 + random.next(4)) {
                if !anchors.isEmpty, random.next(5) == 0 {
                    // Mostly mappings; sometimes any anchor, which a merge key refuses unless it is one.
                    let sources = mappingAnchors.isEmpty || random.next(6) == 0 ? anchors : mappingAnchors
                    let merged = random.next(2) == 0 ? "*\(random.pick(sources))"
                        : "[\((0..<(1 + random.next(2))).map { _ in "*\(random.pick(sources))" }.joined(separator: ", "))]"
                    out += "\(pad)<<: \(merged)\n"
                    continue
                }
                out += "\(pad)\(random.pick(EventParserTests.keys)):"
                value(indent: indent, depth: depth)
            }
        }

        mutating func sequence(indent: Int, depth: Int) {
            let pad = String(repeating: " ", count: indent)
            for _ in 0..<(1 + random.next(3)) {
                out += "\(pad)-"
                value(indent: indent, depth: depth)
            }
        }
    }

    func testSameTreesAndLinesAsYams() throws {
        var random = SplitMix64(seed: 20261206)
        var read = 0, refused = 0, merged = 0
        for round in 0..<6_000 {
            var writer = Writer(random: SplitMix64(seed: UInt64(round) &* 7919 &+ UInt64(random.next(1 << 30))))
            writer.mapping(indent: 0, depth: 0)
            if random.next(4) == 0 {
                // A second document: its lines count on, its anchors are its own.
                writer.out += "---\n"
                writer.anchors = []
                writer.mappingAnchors = []
                writer.mapping(indent: 0, depth: 0)
            }
            let text = writer.out
            let ours = Result { try text.utf8CString.withUnsafeBufferPointer { c in
                try EventParser.documents(UnsafeBufferPointer(rebasing: UnsafeRawBufferPointer(c).bindMemory(to: UInt8.self).dropLast()),
                                          budget: 1_000_000, maxDepth: 256)
            } }
            let theirs = Result { try Self.yamsDocuments(text) }
            switch (ours, theirs) {
            case (.success(let a), .success(let b)):
                read += 1
                if text.contains("<<:") { merged += 1 }
                XCTAssertEqual(a.map(\.0), b.map(\.0), text)
                XCTAssertEqual(a.map(\.1.entries), b.map(\.1), text)
            case (.failure(let a as EventParser.Failure), .failure(let b)):
                refused += 1
                // libyaml's own errors come in the same order on both sides; the rest do not (Yams
                // composes the whole document before converting it, this parser reads in one pass).
                if let line = Self.syntaxErrorLine(b), !Self.composerMessages.contains(where: a.message.contains) {
                    XCTAssertEqual(a.line, line, "\(a.message) / \(b)\n\(text)")
                }
            default:
                XCTFail("ours \(ours), Yams \(theirs)\n\(text)")
            }
        }
        // Both sides must be reached often, and merge keys too, or the comparison proves little.
        XCTAssertGreaterThan(read, 2_000)
        XCTAssertGreaterThan(refused, 100)
        XCTAssertGreaterThan(merged, 250)
    }

    private static let composerMessages = ["undefined alias", "duplicate key", "merge key"]

    private static func syntaxErrorLine(_ error: any Error) -> Int? {
        switch error {
        case YamlError.scanner(_, _, let mark, _), YamlError.parser(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    // MARK: - The reader this parser replaced, kept as the oracle

    private struct OracleError: Error {}

    private static func yamsDocuments(_ text: String) throws -> [(DocNode, [FieldPath: Int])] {
        let parser = try Parser(yaml: text)
        var out: [(DocNode, [FieldPath: Int])] = []
        while let root = try parser.nextRoot() {
            var lines: [FieldPath: Int] = [:]
            out.append((try convert(root, path: FieldPath(), lines: &lines), lines))
        }
        return out
    }

    private static func convert(_ node: Node, path: FieldPath, lines: inout [FieldPath: Int]) throws -> DocNode {
        if lines[path] == nil, let line = node.mark?.line { lines[path] = line }
        switch node {
        case .scalar(let scalar):
            switch Resolver.default.resolveTag(of: node).rawValue {
            case Tag.Name.int.rawValue: return Int(scalar.string).map(DocNode.int) ?? .string(scalar.string)
            case Tag.Name.bool.rawValue: return Bool.construct(from: scalar).map(DocNode.bool) ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return .number(scalar.string)
            case Tag.Name.null.rawValue: return .null
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var fields: [DocNode.Field] = []
            var merges: [Node] = []
            for (key, value) in mapping {
                if key.string == "<<", Resolver.default.resolveTag(of: key) == .merge {
                    merges.append(value)
                    continue
                }
                let name = key.string ?? "\(key)"
                let child = path.appending(.key(name))
                if let line = key.mark?.line { lines[child] = line }
                fields.append(DocNode.Field(name, try convert(value, path: child, lines: &lines)))
            }
            var present = Set(fields.map(\.key))
            for source in merges.flatMap({ $0.sequence.map(Array.init) ?? [$0] }) {
                guard case .mapping = source else { throw OracleError() }
                var sourceLines: [FieldPath: Int] = [:]
                let merged = try convert(source, path: path, lines: &sourceLines)
                var taken = Set<String>()
                for field in merged.fields where present.insert(field.key).inserted {
                    fields.append(field)
                    taken.insert(field.key)
                }
                for (p, line) in sourceLines where p.components.count > path.components.count {
                    if case .key(let k) = p.components[path.components.count], taken.contains(k) { lines[p] = line }
                }
            }
            return .mapping(fields)
        case .sequence(let sequence):
            return .sequence(try sequence.enumerated().map { i, item in
                try convert(item, path: path.appending(.index(i)), lines: &lines)
            })
        case .alias:
            return .null
        }
    }
}
