/// Candidates indexed by (currency, date bucket), each bucket sorted by amount, so that a record's
/// candidates within a date window and an amount tolerance are found by a few binary searches
/// rather than a scan of every record.
struct AmountDateIndex {
    struct Entry {
        var amount: Int64
        var day: Int32
        var index: Int32
    }

    private struct BucketKey: Hashable {
        var currency: Int32
        var bucket: Int32
    }

    /// Days per bucket: the window, so that a query touches at most three buckets.
    let bucketDays: Int32
    private var buckets: [BucketKey: [Entry]] = [:]

    init(bucketDays: Int) {
        self.bucketDays = Int32(max(1, bucketDays))
    }

    private func bucket(_ day: Int32) -> Int32 {
        day >= 0 ? day / bucketDays : (day - bucketDays + 1) / bucketDays
    }

    mutating func add(currency: Int32, day: Int32, amount: Int64, index: Int32) {
        buckets[BucketKey(currency: currency, bucket: bucket(day)), default: []].append(
            Entry(amount: amount, day: day, index: index))
    }

    /// Sorts every bucket; call once after the last ``add(currency:day:amount:index:)``.
    mutating func seal() {
        for key in Array(buckets.keys) {
            buckets[key]?.sort { ($0.amount, $0.day, $0.index) < ($1.amount, $1.day, $1.index) }
        }
    }

    /// Calls `body` with every entry of `currency` whose amount is within `tolerance` of `amount` and
    /// whose day is within `window` days of `day` (both inclusive).
    func forEachCandidate(
        currency: Int32, day: Int32, window: Int32, amount: Int64, tolerance: Int64, _ body: (Entry) -> Void
    ) {
        let low = amount &- tolerance
        let high = amount &+ tolerance
        for bucketNumber in bucket(day - window)...bucket(day + window) {
            guard let entries = buckets[BucketKey(currency: currency, bucket: bucketNumber)] else { continue }
            var start = entries.startIndex
            var end = entries.endIndex
            while start < end {
                let middle = (start + end) / 2
                if entries[middle].amount < low { start = middle + 1 } else { end = middle }
            }
            var position = start
            while position < entries.endIndex, entries[position].amount <= high {
                let entry = entries[position]
                if abs(entry.day - day) <= window { body(entry) }
                position += 1
            }
        }
    }

    /// How many entries of `currency` fall within the days, whatever their amount.
    func count(currency: Int32, from first: Int32, through last: Int32) -> Int {
        var total = 0
        for bucketNumber in bucket(first)...bucket(last) {
            guard let entries = buckets[BucketKey(currency: currency, bucket: bucketNumber)] else { continue }
            for entry in entries where entry.day >= first && entry.day <= last { total += 1 }
        }
        return total
    }

    /// The entries of `currency` within the days, whatever their amount.
    func entries(currency: Int32, from first: Int32, through last: Int32) -> [Entry] {
        var found: [Entry] = []
        for bucketNumber in bucket(first)...bucket(last) {
            guard let entries = buckets[BucketKey(currency: currency, bucket: bucketNumber)] else { continue }
            for entry in entries where entry.day >= first && entry.day <= last { found.append(entry) }
        }
        return found
    }
}
