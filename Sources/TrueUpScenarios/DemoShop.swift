public import Foundation
public import TrueUpCore

/// The demo scenario (`fixtures/demo`): Harbour Lane Homewares, a small New Zealand homewares shop
/// on Magento 2 with its books in Xero, as a month of real-looking API bodies and files that
/// `trueup plan --fixtures` and `trueup sandbox --scenario` read.
///
/// The month runs from 21 October to the nightly run at 22:00 NZDT on 20 November 2026
/// (`as_of` 2026-11-20T09:00:00Z). The shop sells ``skus`` SKUs; ``orders`` orders were placed,
/// most paid by card through Stripe and a few by bank transfer; about one order in thirty was
/// partly refunded; Stripe paid out weekly, less its fees and the refunds. A connector posts
/// each order to Xero as an ACCREC invoice (`Reference` = the order number) at noon and at
/// 23:00, and the card payment with it (`Reference` = the charge id). The last nightly run, at
/// 22:00 on the 19th, agreed the quantity of every SKU it could map (`base.csv`).
///
/// A few things are wrong on purpose, as they would be in any month (`fixtures/demo/README.md`
/// lists them with what TrueUp does about each): bills in Xero that the shop has not seen, a
/// stocktake in the shop that Xero has not seen, both at once on one SKU, a SKU with a typo,
/// an untracked gift card, two card payments and a refund that never reached Xero, a payout
/// whose fees are not yet in Xero, a bank credit nobody can explain, and a customer who paid
/// twice without a reference.
///
/// Everything comes from seeded generators: the same seed and sizes give byte-identical files.
/// Money is whole cents and quantities whole units, formatted as decimals; times are whole
/// seconds. `trueup generate --out fixtures/demo` writes the folder.
public struct DemoShop: Sendable {
    public var seed: UInt64
    /// Storefront SKUs (MSI source items), the gift card and the mistyped SKU included.
    public var skus: Int
    public var orders: Int

    /// The fewest SKUs and orders that still hold every deliberate problem.
    public static let minimumSKUs = 40
    public static let minimumOrders = 120

    public init(seed: UInt64 = 2026, skus: Int = 300, orders: Int = 600) {
        self.seed = seed
        self.skus = skus
        self.orders = orders
    }

    /// One file of the scenario: its path inside the folder and its bytes.
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]
    }

    /// Every file the generator writes, by path relative to the scenario folder. `README.md`
    /// is not among them: it is written by hand from what these files hold.
    public func files() throws(TrueUpError) -> [File] {
        guard skus >= Self.minimumSKUs, orders >= Self.minimumOrders else {
            throw .usage(
                "the demo shop needs at least \(Self.minimumSKUs) SKUs and \(Self.minimumOrders) orders "
                    + "to hold every deliberate problem; asked for \(skus) and \(orders)")
        }
        let shop = DemoShopModel(seed: seed, skus: skus, orders: orders)
        var files = [
            File(path: "scenario.yaml", bytes: Array(shop.scenarioYAML().utf8)),
            File(path: "base.csv", bytes: Array(shop.baseCSV().utf8)),
        ]
        files += shop.xeroFiles()
        files += shop.magentoFiles()
        files.append(File(path: shop.statementPath, bytes: Array(shop.statementCSV().utf8)))
        files.append(File(path: shop.payoutPath, bytes: Array(shop.payoutCSV().utf8)))
        return files
    }

    /// Writes every file of ``files()`` under `folder`, creating folders as needed and replacing
    /// files of the same name. Other files in `folder` (the README) are left alone.
    public func write(to folder: URL) throws {
        try write(files(), to: folder)
    }

    /// Writes `files` (what ``files()`` made) under `folder`, as ``write(to:)`` does.
    public func write(_ files: [File], to folder: URL) throws {
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
    }
}

/// The clock of the demo month, in whole seconds since 1970 (UTC). New Zealand keeps daylight
/// time (UTC+13) from 27 September 2026 to 4 April 2027, so the whole month is at one offset.
enum DemoClock {
    /// The nightly run: 2026-11-20T09:00:00Z, 22:00 NZDT.
    static let asOf: Int64 = 1_795_165_200
    /// The first moment an order may be placed: 2026-10-21 00:00 NZDT.
    static let start: Int64 = 1_792_494_000
    /// When the last nightly run agreed the base: 2026-11-19 22:00 NZDT.
    static let agreedAt: Int64 = 1_795_078_800
    /// The connector's last posting to Xero before the run: 2026-11-20 12:00 NZDT. Orders placed
    /// since wait for the 23:00 posting.
    static let lastPosting: Int64 = 1_795_129_200
    /// Orders placed from 16:00 NZDT on the 20th have not shipped yet.
    static let lastShipping: Int64 = 1_795_143_600
    static let offset: Int64 = 13 * 3600
    static let day: Int64 = 86_400

    /// The New Zealand business date of an instant.
    static func date(_ seconds: Int64) -> LocalDate {
        LocalDate(dayNumber: Int(floorDivide(seconds + offset, day)))
    }

    /// The instant of a New Zealand date and time of day.
    static func instant(_ date: LocalDate, hour: Int, minute: Int = 0, second: Int = 0) -> Int64 {
        Int64(date.dayNumber) * day - offset + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Seconds since midnight, New Zealand time.
    static func timeOfDay(_ seconds: Int64) -> Int64 {
        seconds + offset - floorDivide(seconds + offset, day) * day
    }

    /// `2026-11-14 13:20:00` in UTC, as Magento writes times.
    static func magento(_ seconds: Int64) -> String {
        let days = floorDivide(seconds, day)
        let rest = seconds - days * day
        return "\(LocalDate(dayNumber: Int(days))) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))"
    }

    /// `/Date(1795132800000+0000)/`: an instant as Xero's JSON writes it.
    static func xero(_ seconds: Int64) -> String { "/Date(\(seconds * 1000)+0000)/" }

    /// A business date as Xero's JSON writes it: midnight UTC of the date.
    static func xero(_ date: LocalDate) -> String { "/Date(\(Int64(date.dayNumber) * day * 1000)+0000)/" }

    /// `2026-11-19T00:00:00`, Xero's `DateString`.
    static func xeroDateString(_ date: LocalDate) -> String { "\(date)T00:00:00" }

    /// `dd/MM/yyyy`, as New Zealand banks' CSV exports write dates.
    static func bankDate(_ date: LocalDate) -> String {
        "\(two(Int64(date.day)))/\(two(Int64(date.month)))/\(date.year)"
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}

/// Money and quantities as the bodies write them: whole cents and whole units, never `Double`.
enum DemoAmount {
    /// Cents as a JSON number with two decimals: `24.35`.
    static func money(_ cents: Int64) -> JSONValue { .number(text(cents)) }

    /// Cents as text with two decimals.
    static func text(_ cents: Int64) -> String { ScaledDecimal.format(cents, scale: 2) }

    /// Units as Xero writes quantities (`unitdp=4`): `2.0000`.
    static func xeroQuantity(_ units: Int64) -> JSONValue { .number(ScaledDecimal.format(units * 10_000, scale: 4)) }

    /// A whole number.
    static func integer(_ value: Int64) -> JSONValue { .number(String(value)) }
    static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// The GST in a GST-inclusive amount at 15 %: 3/23 of it, rounded half up to the cent.
    static func gstIn(_ inclusive: Int64) -> Int64 { (inclusive * 6 + 23) / 46 }

    /// The GST on a GST-exclusive amount at 15 %, rounded half up to the cent.
    static func gstOn(_ exclusive: Int64) -> Int64 { (exclusive * 15 + 50) / 100 }

    /// Stripe's fee on a New Zealand card charge: 2.7 % (rounded half up) plus 30 cents.
    static func stripeFee(_ gross: Int64) -> Int64 { (gross * 27 + 500) / 1000 + 30 }
}

/// Stable identifiers made from names, so that every run of the generator writes the same ones.
enum DemoID {
    /// A GUID-shaped id (version 4 layout) from a 64-bit FNV-1a hash of `name` and the seed.
    static func guid(_ name: String, seed: UInt64) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var random = SplitMix64(seed: hash)
        let high = random.next()
        let low = random.next()
        let hex = hexDigits(high) + hexDigits(low)
        let characters = Array(hex)
        func part(_ from: Int, _ to: Int) -> String { String(characters[from..<to]) }
        let variant = ["8", "9", "a", "b"][Int(low >> 62)]
        return part(0, 8) + "-" + part(8, 12) + "-4" + part(13, 16) + "-" + variant + part(17, 20) + "-" + part(20, 32)
    }

    private static func hexDigits(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A Stripe-shaped id: `prefix` and `count` letters and digits.
    static func stripe(_ prefix: String, count: Int, random: inout SplitMix64) -> String {
        var text = prefix
        for _ in 0..<count { text.append(alphabet[Int(random.next(upTo: UInt64(alphabet.count)))]) }
        return text
    }
}

extension SplitMix64 {
    /// A number in `0..<bound` (`bound` > 0), as an `Int`.
    mutating func below(_ bound: Int) -> Int { Int(next(upTo: UInt64(max(bound, 1)))) }

    /// True about `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
