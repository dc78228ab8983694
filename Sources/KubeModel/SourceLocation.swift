/// Where in the Swift sources a model object was declared (`#fileID` and `#line` captured by the
/// component that built it), so that errors and policy findings point at the line to change.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public init(fileID: StaticString = #fileID, line: UInt = #line) {
        self.init(file: "\(fileID)", line: Int(line))
    }

    public var description: String { "\(file):\(line)" }
}
