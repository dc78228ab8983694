extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// Where `needle` first starts in these bytes. Rendered workflows are searched as bytes:
    /// GitHub reads the text, not Swift's Characters, and a Character search of every line and
    /// script was several percent of generating 100 services (perf).
    func firstIndex(of needle: [UInt8]) -> Int? {
        guard let first = needle.first else { return startIndex }
        var from = startIndex
        while let candidate = self[from...].firstIndex(of: first) {
            if self[candidate...].starts(with: needle) { return candidate }
            from = candidate + 1
        }
        return nil
    }
}
