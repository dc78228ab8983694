import CYaml
import DocumentTree

/// Writes a `DocNode` through libyaml's event API: one event per node, straight from the tree,
/// with no intermediate `Yams.Node` and no regular expression.
///
/// The events are the ones `Yams.serialize` sent for the nodes `YAMLRenderer` used to build
/// (same styles, tags and implicit flags, same emitter settings), so the bytes are the same:
/// `EventEmitterTests` renders random trees both ways, and the golden files and `gen --check`
/// hold the whole generated tree to its committed bytes.
struct EventEmitter {
    /// How a scalar is written.
    enum ScalarStyle {
        /// libyaml picks plain unless the text needs quotes for YAML's syntax.
        case any
        case singleQuoted
        case literal

        var libyaml: yaml_scalar_style_t {
            switch self {
            case .any: return YAML_ANY_SCALAR_STYLE
            case .singleQuoted: return YAML_SINGLE_QUOTED_SCALAR_STYLE
            case .literal: return YAML_LITERAL_SCALAR_STYLE
            }
        }
    }

    /// The whole document as UTF-8 text.
    static func render(_ document: DocNode) throws -> String {
        let output = Output()
        // On the heap: libyaml keeps pointers into the emitter between calls.
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        defer { emitter.deallocate() }
        guard yaml_emitter_initialize(emitter) == 1 else { throw RenderError.emitter("cannot initialise libyaml's emitter") }
        defer { yaml_emitter_delete(emitter) }
        yaml_emitter_set_output(emitter, { context, buffer, size in
            guard let context, let buffer else { return 0 }
            Unmanaged<Output>.fromOpaque(context).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, Unmanaged.passUnretained(output).toOpaque())
        // Kubectl's layout: 2-space indentation, no wrapping, UTF-8 written as is, `\n` breaks.
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
        yaml_emitter_set_encoding(emitter, YAML_UTF8_ENCODING)

        let writer = Writer(emitter: emitter)
        try withExtendedLifetime(output) {
            try writer.emit { yaml_stream_start_event_initialize(&$0, YAML_UTF8_ENCODING) }
            try writer.emit { yaml_document_start_event_initialize(&$0, nil, nil, nil, 1) }
            try writer.node(document)
            try writer.emit { yaml_document_end_event_initialize(&$0, 1) }
            try writer.emit { yaml_stream_end_event_initialize(&$0) }
        }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// The emitter's output buffer, reached from libyaml's C callback.
    private final class Output {
        var bytes: [UInt8] = []
    }

    private struct Writer {
        let emitter: UnsafeMutablePointer<yaml_emitter_t>

        /// Initialises one event and hands it to libyaml, which takes ownership of it.
        func emit(_ initialise: (inout yaml_event_t) -> Int32) throws {
            var event = yaml_event_t()
            guard initialise(&event) == 1 else { throw RenderError.emitter("libyaml refused an event") }
            guard yaml_emitter_emit(emitter, &event) == 1 else {
                throw RenderError.emitter(emitter.pointee.problem.map { String(cString: $0) } ?? "libyaml's emitter failed")
            }
        }

        func node(_ node: DocNode) throws {
            switch node {
            case .mapping(let fields):
                try collectionStart(mapping: true)
                for field in fields {
                    try string(field.key)
                    try self.node(field.value)
                }
                try emit { yaml_mapping_end_event_initialize(&$0) }
            case .sequence(let items):
                try collectionStart(mapping: false)
                for item in items { try self.node(item) }
                try emit { yaml_sequence_end_event_initialize(&$0) }
            case .string(let s):
                try string(s)
            case .int(let i):
                try scalar(String(i), tag: Tags.int, style: .any)
            case .bool(let b):
                try scalar(b ? "true" : "false", tag: Tags.bool, style: .any)
            case .number(let n):
                try scalar(n, tag: Tags.float, style: .any)
            case .null:
                try scalar("null", tag: Tags.null, style: .any)
            }
        }

        private func string(_ s: String) throws {
            try scalar(s, tag: Tags.str, style: ScalarQuoting.style(of: s))
        }

        private func collectionStart(mapping: Bool) throws {
            try emit { event in
                (mapping ? Tags.map : Tags.seq).withUnsafeBufferPointer { tag in
                    let tag = UnsafeMutablePointer(mutating: tag.baseAddress)
                    return mapping
                        ? yaml_mapping_start_event_initialize(&event, nil, tag, 1, YAML_ANY_MAPPING_STYLE)
                        : yaml_sequence_start_event_initialize(&event, nil, tag, 1, YAML_ANY_SEQUENCE_STYLE)
                }
            }
        }

        private func scalar(_ value: String, tag: [UInt8], style: ScalarStyle) throws {
            // libyaml copies the text, and needs a pointer even for an empty one.
            var text = Array(value.utf8)
            let length = Int32(text.count)
            text.append(0)
            try text.withUnsafeMutableBufferPointer { text in
                try emit { event in
                    tag.withUnsafeBufferPointer { tag in
                        // Both implicit flags set: the tag is never written, whatever the style.
                        yaml_scalar_event_initialize(&event, nil, UnsafeMutablePointer(mutating: tag.baseAddress),
                                                     text.baseAddress, length, 1, 1, style.libyaml)
                    }
                }
            }
        }
    }

    /// YAML's core tags, NUL-terminated for libyaml (which copies them).
    private enum Tags {
        static let str = bytes("tag:yaml.org,2002:str")
        static let int = bytes("tag:yaml.org,2002:int")
        static let bool = bytes("tag:yaml.org,2002:bool")
        static let float = bytes("tag:yaml.org,2002:float")
        static let null = bytes("tag:yaml.org,2002:null")
        static let map = bytes("tag:yaml.org,2002:map")
        static let seq = bytes("tag:yaml.org,2002:seq")

        private static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }
    }
}

/// A failure inside libyaml's emitter (in practice: text libyaml cannot write, such as invalid UTF-8).
public enum RenderError: Error, CustomStringConvertible {
    case emitter(String)

    public var description: String {
        switch self {
        case .emitter(let problem): return "cannot write YAML: \(problem)"
        }
    }
}
