/// A small deterministic generator (SplitMix64), so that every run of a property test tests the
/// same inputs and a failure names one that reproduces.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (by modulo: the bias is irrelevant for test inputs).
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// One of `items`.
    public mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
}
