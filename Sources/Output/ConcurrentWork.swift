import Dispatch

extension Collection where Index == Int {
    /// `map(transform)` with the elements transformed on every core at once, the results in the
    /// collection's order: the same output as `map`, whatever the scheduling. If some transforms
    /// throw, the error of the first such element (in order) is thrown, as `map` would.
    ///
    /// For independent work (rendering each file of a tree, hashing it): `transform` must touch no
    /// shared mutable state, nor a `Regex` that another thread may be using at the same time (a
    /// `Regex` is not `Sendable`: its program is compiled lazily, on first use).
    public func concurrentMap<T>(_ transform: (Element) throws -> T) throws -> [T] {
        guard count > 1 else { return try map(transform) }
        let slots = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        withoutActuallyEscaping(transform) { transform in
            // Each iteration writes only its own slot; the work is read-only otherwise.
            nonisolated(unsafe) let transform = transform, slots = slots, elements = self
            let start = startIndex
            DispatchQueue.concurrentPerform(iterations: count) { offset in
                slots[offset] = Result { try transform(elements[start + offset]) }
            }
        }
        return try slots.map { try $0!.get() }
    }
}
