import Dispatch

extension Collection where Index == Int {
    /// `map(transform)` with the elements transformed on every core at once, the results in the
    /// collection's order: the same output as `map`, whatever the scheduling.
    ///
    /// For independent work (rendering each file of a tree, hashing it, linting a document):
    /// `transform` must touch no shared mutable state. A shared `Regex` is safe: it compiles its
    /// program once, stored atomically (`Regex.Program.loweredProgram` in swift-experimental-
    /// string-processing), and each match runs on its own.
    public func concurrentMap<T>(_ transform: (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
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
                slots[offset] = transform(elements[start + offset])
            }
        }
        return slots.map { $0! }
    }

    /// `concurrentMap` of a transform that can fail: if some elements fail, the error of the first
    /// such element (in order) is thrown, as `map` would, whichever failed first in time.
    public func concurrentMap<T>(_ transform: (Element) throws -> T) throws -> [T] {
        try concurrentMap { element in Result { try transform(element) } }.map { try $0.get() }
    }
}
