/// An IPv4 CIDR block, for the one question NetworkPolicies need answered: whether an `except`
/// range lies within a rule's `cidr` (the API server rejects an ipBlock whose except does not).
public struct IPv4Block: Equatable, Sendable {
    public let address: UInt32
    public let prefix: Int

    /// The block of "a.b.c.d/n"; nil for anything else (IPv6 included).
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        let octets = parts.first?.split(separator: ".").compactMap { UInt8($0) } ?? []
        guard parts.count == 2, octets.count == 4, let prefix = Int(parts[1]), (0...32).contains(prefix) else { return nil }
        address = octets.reduce(0) { $0 << 8 | UInt32($1) }
        self.prefix = prefix
    }

    private var mask: UInt32 { prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix) }

    /// Whether every address of `other` is in this block.
    public func contains(_ other: IPv4Block) -> Bool {
        other.prefix >= prefix && other.address & mask == address & mask
    }
}
