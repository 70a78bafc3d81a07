public import TrueUpCore

/// Judges a change against the SKU's own history of changes by median absolute deviation, which
/// past outliers cannot inflate the way they inflate a standard deviation.
public enum AnomalyDetector {
    /// A sentence describing why `change` is an anomaly, or `nil` when it is not (or the SKU has
    /// fewer than `rule.minimumHistory` past changes).
    public static func assess(change: Quantity, history: [Quantity], rule: AnomalyRule) -> String? {
        guard history.count >= max(rule.minimumHistory, 1) else { return nil }
        let values = history.map(\.ticks).sorted()
        let median = middle(values)
        let deviations = values.map { Int64(bitPattern: (Int128($0) - Int128(median)).magnitude.clampedToInt64) }
            .sorted()
        let mad = middle(deviations)
        // 1.4826 × MAD estimates the standard deviation of normal data; at least one unit, so that
        // a SKU whose changes were all identical is not flagged for being off by a fraction.
        let scale = max(Int128(mad) * 14_826 / 10_000, Int128(Quantity.ticksPerUnit))
        let distance = (Int128(change.ticks) - Int128(median)).magnitude
        guard Int128(distance) * 10_000 > Int128(rule.factor.tenThousandths) * scale else { return nil }
        return
            "a change of \(signed(change)) is far outside this SKU's history (median \(Quantity(ticks: median)), "
            + "MAD \(Quantity(ticks: mad)) over \(history.count) changes)"
    }

    private static func middle(_ sorted: [Int64]) -> Int64 {
        let count = sorted.count
        guard count > 0 else { return 0 }
        if count % 2 == 1 { return sorted[count / 2] }
        let sum = Int128(sorted[count / 2 - 1]) + Int128(sorted[count / 2])
        return Int64(sum / 2)
    }
}

extension UInt128 {
    fileprivate var clampedToInt64: UInt64 { self > UInt128(Int64.max) ? UInt64(Int64.max) : UInt64(self) }
}
