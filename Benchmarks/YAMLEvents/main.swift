// yaml-events FILE: parses FILE with libyaml's event parser (the C library gen lint reads with),
// building nothing, and prints the number of events. `make bench` times it as the floor of
// `gen lint` on the same bytes: whatever lint spends beyond it is its own.
import CYaml
import Foundation

guard CommandLine.arguments.count == 2, let data = FileManager.default.contents(atPath: CommandLine.arguments[1]) else {
    FileHandle.standardError.write(Data("usage: yaml-events FILE\n".utf8))
    exit(2)
}
let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
guard yaml_parser_initialize(parser) == 1 else { exit(1) }
let bytes = [UInt8](data)
var events = 0
bytes.withUnsafeBufferPointer { buffer in
    yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    var event = yaml_event_t()
    while true {
        guard yaml_parser_parse(parser, &event) == 1 else {
            FileHandle.standardError.write(Data("yaml-events: \(parser.pointee.problem.map { String(cString: $0) } ?? "parse error")\n".utf8))
            exit(1)
        }
        events += 1
        let done = event.type == YAML_STREAM_END_EVENT
        yaml_event_delete(&event)
        if done { break }
    }
}
yaml_parser_delete(parser)
print(events)
