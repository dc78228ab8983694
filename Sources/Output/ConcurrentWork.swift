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

/// Runs three pieces of work at the same time and returns their results; if some throw, the
/// error of the first in order wins, as if they had run in order. The same rules as
/// `concurrentMap`. One call for all three: work started from inside another concurrent call
/// finds every thread busy and runs in turn.
public func concurrently<A, B, C>(_ first: () throws -> A, _ second: () throws -> B,
                                  _ third: () throws -> C) throws -> (A, B, C) {
    nonisolated(unsafe) var a: Result<A, any Error>?, b: Result<B, any Error>?, c: Result<C, any Error>?
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            withoutActuallyEscaping(third) { third in
                nonisolated(unsafe) let first = first, second = second, third = third
                DispatchQueue.concurrentPerform(iterations: 3) { index in
                    switch index {
                    case 0: a = Result { try first() }
                    case 1: b = Result { try second() }
                    default: c = Result { try third() }
                    }
                }
            }
        }
    }
    return (try a!.get(), try b!.get(), try c!.get())
}
