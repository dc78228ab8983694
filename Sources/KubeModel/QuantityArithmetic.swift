/// Exact arithmetic on quantities, for values derived from others (a namespace quota is the sum of
/// its workloads' requests). Values are held in thousandths of the base unit, which represents every
/// quantity the model writes (`250m`, `512Mi`, `1.5`) without rounding.
extension Quantity {
    private static let multipliers: [String: Int64] = [
        "m": 1, "": 1000, "k": 1000 * 1000, "M": 1000 * 1_000_000, "G": 1000 * 1_000_000_000,
        "T": 1000 * 1_000_000_000_000, "Ki": 1000 * 1024, "Mi": 1000 * 1_048_576, "Gi": 1000 * 1_073_741_824,
        "Ti": 1000 * 1_099_511_627_776,
    ]

    /// The quantity in thousandths of its unit (`250m` is 250, `1Gi` is 1 073 741 824 000), or nil
    /// for a quantity this arithmetic does not cover (exponents, `P`/`E`, sub-milli fractions).
    public var milliValue: Int64? {
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let multiplier = Quantity.multipliers[String(text.dropFirst(number.count))] else { return nil }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int64(parts[0].isEmpty ? "0" : parts[0]) else { return nil }
        var value = whole * multiplier
        if parts.count == 2, !parts[1].isEmpty {
            guard let fraction = Int64(parts[1]) else { return nil }
            let scale = Int64(pow10(parts[1].count))
            guard (fraction * multiplier) % scale == 0 else { return nil }
            value += fraction * multiplier / scale
        }
        return value
    }

    /// CPU written in millicores (`1250m`), or whole cores when exact (`2`).
    public static func cpu(milli: Int64) -> Quantity {
        milli % 1000 == 0 ? Quantity("\(milli / 1000)") : Quantity("\(milli)m")
    }

    /// Bytes written in the largest binary unit that divides them exactly (`1536Mi`, `2Gi`).
    public static func bytes(_ bytes: Int64) -> Quantity {
        for (suffix, size) in [("Ti", Int64(1) << 40), ("Gi", Int64(1) << 30), ("Mi", Int64(1) << 20), ("Ki", Int64(1) << 10)]
        where bytes % size == 0 && bytes >= size {
            return Quantity("\(bytes / size)\(suffix)")
        }
        return Quantity("\(bytes)")
    }

    private func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }
}
