import TrueUpCore

/// One product the demo shop sells.
struct DemoProduct: Sendable {
    /// The storefront SKU.
    var sku: String
    /// The Xero item code; `nil` when no Xero item has the SKU (the mistyped one).
    var xeroCode: String?
    var name: String
    /// The shelf price, GST included, in cents.
    var price: Int64
    /// The supplier's price, GST excluded, in cents: the Xero item's purchase price.
    var cost: Int64
    /// An index into ``DemoCatalogue/suppliers``.
    var supplier: Int
    /// How often it sells, relative to the others; 0 for the gift card, which is added to orders
    /// on its own.
    var weight: Int
    var isGiftCard: Bool
}

struct DemoSupplier: Sendable {
    var name: String
    var email: String
    var city: String
    var region: String
    /// Starts the supplier's own invoice numbers, which Xero keeps as the bill's number.
    var billPrefix: String
}

/// The demo shop's range: about fifty product families in colours, scents and sizes, and the
/// SKUs that carry the deliberate problems.
enum DemoCatalogue {
    /// A printed gift card, sent out with orders like any product; Xero does not track it as
    /// stock (it is money owed, not goods).
    static let giftCard = "GIFTCARD-50"
    /// The box of gift cards the shop had printed, the source quantity it counts down from.
    static let giftCardsPrinted: Int64 = 200
    /// Listed in the shop with a typo; Xero's item is ``mistypedXeroCode``.
    static let mistyped = "BOWL-RIMU-LRG"
    static let mistypedXeroCode = "BOWL-RIMU-LG"
    /// A Xero service item the connector puts shipping on; the shop has no such SKU.
    static let freight = "FREIGHT-NZ"
    /// The shop charges this for shipping under ``freeShippingFrom``, GST included.
    static let shippingFee: Int64 = 850
    static let freeShippingFrom: Int64 = 15_000

    /// Bills entered in Xero after the base was agreed: SKU, units and supplier.
    static let newBills: [(sku: String, units: Int64, supplier: Int)] = [
        ("THROW-WOOL-CHARCOAL", 12, 1), ("THROW-WOOL-OATMEAL", 8, 1), ("CANDLE-SOY-KAWAKAWA", 24, 0),
        ("CANDLE-SOY-MANUKA", 24, 0), ("CANDLE-SOY-FEIJOA", 24, 0),
    ]
    /// The shop's stocktake after the base was agreed: SKU and units found (+) or written off (−).
    static let stocktake: [(sku: String, units: Int64)] = [
        ("PLANTER-CONCRETE-M", -2), ("VASE-GLASS-SMOKE-L", -1), ("BASKET-SEAGRASS-L", 1), ("CANDLE-SOY-FEIJOA", -3),
    ]

    /// SKUs the deliberate problems need, listed first so that any catalogue size has them.
    static var specialSKUs: [String] {
        var skus = [giftCard, mistyped]
        for sku in newBills.map(\.sku) + stocktake.map(\.sku) where !skus.contains(sku) { skus.append(sku) }
        return skus
    }

    static let suppliers: [DemoSupplier] = [
        DemoSupplier(
            name: "Kawakawa Candle Co", email: "orders@kawakawacandle.example.com", city: "Kawakawa",
            region: "Northland",
            billPrefix: "KCC-"),
        DemoSupplier(
            name: "Wanaka Wool Mills Ltd", email: "accounts@wanakawool.example.com", city: "Wanaka", region: "Otago",
            billPrefix: "WWM-"),
        DemoSupplier(
            name: "Coromandel Clay Studio", email: "studio@coromandelclay.example.com", city: "Thames",
            region: "Waikato", billPrefix: "CCS-"),
        DemoSupplier(
            name: "Flax & Linen Trading Co", email: "trade@flaxlinen.example.com", city: "Christchurch",
            region: "Canterbury", billPrefix: "FLT-"),
        DemoSupplier(
            name: "Tasman Timber Works", email: "hello@tasmantimber.example.com", city: "Motueka", region: "Tasman",
            billPrefix: "TTW-"),
        DemoSupplier(
            name: "Southern Glassworks", email: "sales@southernglass.example.com", city: "Dunedin", region: "Otago",
            billPrefix: "SGW-"),
        DemoSupplier(
            name: "Pacific Homeware Imports", email: "ar@pacifichomeware.example.com", city: "Auckland",
            region: "Auckland", billPrefix: "PHI-"),
    ]

    private struct Family {
        var code: String
        var name: String
        var price: Int64
        var supplier: Int
        var variants: [(code: String, name: String, price: Int64?)]
    }

    private typealias Variants = [(code: String, name: String, price: Int64?)]

    private static func plain(_ names: [(String, String)]) -> Variants {
        names.map { (code: $0.0, name: $0.1, price: Int64?.none) }
    }

    private static let clay = plain([
        ("SAGE", "Sage"), ("SAND", "Sand"), ("INK", "Ink"), ("CLAY", "Clay"), ("SALT", "Salt"), ("MOSS", "Moss"),
    ])
    private static let linen = plain([
        ("NAT", "Natural"), ("SAGE", "Sage"), ("RUST", "Rust"), ("OAT", "Oatmeal"), ("CHAR", "Charcoal"),
        ("BLUSH", "Blush"), ("OCEAN", "Ocean"), ("STRIPE", "Stripe"),
    ])
    private static let scents = plain([
        ("KAWAKAWA", "Kawakawa"), ("MANUKA", "Manuka honey"), ("FEIJOA", "Feijoa"), ("HARAKEKE", "Harakeke"),
        ("CITRUS", "Citrus"), ("FIG", "Fig leaf"), ("SEASALT", "Sea salt"), ("CEDAR", "Cedar"),
    ])
    private static let prints = plain([
        ("RANGITOTO", "Rangitoto"), ("HARBOUR", "Harbour"), ("POHUTUKAWA", "Pohutukawa"), ("KOWHAI", "Kowhai"),
        ("TUI", "Tui"), ("KERERU", "Kereru"), ("NIKAU", "Nikau"), ("TAKAHE", "Takahe"),
    ])
    private static let single: Variants = [("", "", nil)]

    private static func sizes(_ entries: [(String, String, Int64)]) -> Variants {
        entries.map { (code: $0.0, name: $0.1, price: Int64?.some($0.2)) }
    }

    private static let families: [Family] = [
        Family(code: "MUG-KAURI-350", name: "Kauri stoneware mug 350ml", price: 2800, supplier: 2, variants: clay),
        Family(
            code: "MUG-ENAMEL", name: "Enamel camp mug", price: 2200, supplier: 6,
            variants: plain([("WHITE", "White"), ("NAVY", "Navy"), ("RED", "Red"), ("GREEN", "Green")])),
        Family(code: "CUP-ESPRESSO", name: "Espresso cup 90ml", price: 1600, supplier: 2, variants: clay),
        Family(code: "BOWL-CEREAL", name: "Stoneware cereal bowl 16cm", price: 3200, supplier: 2, variants: clay),
        Family(code: "BOWL-PASTA", name: "Stoneware pasta bowl 22cm", price: 3900, supplier: 2, variants: clay),
        Family(code: "PLATE-DINNER", name: "Stoneware dinner plate 27cm", price: 4200, supplier: 2, variants: clay),
        Family(code: "PLATE-SIDE", name: "Stoneware side plate 20cm", price: 2900, supplier: 2, variants: clay),
        Family(
            code: "TEAPOT-STONE", name: "Stoneware teapot 1L", price: 8900, supplier: 2, variants: Array(clay.prefix(4))
        ),
        Family(code: "JUG-STONE", name: "Stoneware jug 1L", price: 5900, supplier: 2, variants: Array(clay.prefix(4))),
        Family(code: "VASE-BUD", name: "Stoneware bud vase", price: 3400, supplier: 2, variants: clay),
        Family(
            code: "BOWL-RIMU", name: "Rimu salad bowl", price: 4900, supplier: 4,
            variants: sizes([("SM", "Small", 4900), ("MD", "Medium", 6900), ("LG", "Large", 8900)])),
        Family(
            code: "BOARD-OAK", name: "Oak serving board", price: 4500, supplier: 4,
            variants: sizes([("S", "Small", 4500), ("M", "Medium", 6500), ("L", "Large", 8500)])),
        Family(
            code: "BOARD-RIMU", name: "Rimu chopping board", price: 5500, supplier: 4,
            variants: sizes([("S", "Small", 5500), ("M", "Medium", 7500), ("L", "Large", 9500)])),
        Family(
            code: "FRAME-OAK", name: "Oak photo frame", price: 3900, supplier: 4,
            variants: sizes([("A5", "A5", 3900), ("A4", "A4", 4900), ("A3", "A3", 6900)])),
        Family(code: "SPOON-BEECH-3PK", name: "Beech spoons (3)", price: 2400, supplier: 4, variants: single),
        Family(
            code: "MIRROR-ROUND", name: "Round oak mirror", price: 14_900, supplier: 4,
            variants: sizes([("60", "60cm", 14_900), ("80", "80cm", 19_900)])),
        Family(
            code: "LAMP-FLOOR", name: "Oak floor lamp", price: 32_900, supplier: 4,
            variants: plain([("OAK", "Oak"), ("BLACK", "Black")])),
        Family(
            code: "LAMP-TABLE", name: "Ceramic table lamp", price: 17_900, supplier: 2, variants: Array(clay.prefix(4))
        ),
        Family(code: "TEATOWEL-LINEN", name: "Linen tea towel", price: 2200, supplier: 3, variants: linen),
        Family(code: "NAPKIN-LINEN-4PK", name: "Linen napkins (4)", price: 4900, supplier: 3, variants: linen),
        Family(
            code: "TABLECLOTH-LINEN", name: "Linen tablecloth", price: 8900, supplier: 3,
            variants: sizes([
                ("150-NAT", "150cm natural", 8900), ("250-NAT", "250cm natural", 12_900),
                ("150-SAGE", "150cm sage", 8900), ("250-SAGE", "250cm sage", 12_900),
                ("150-CHAR", "150cm charcoal", 8900), ("250-CHAR", "250cm charcoal", 12_900),
            ])),
        Family(code: "CUSHCOVER-LINEN", name: "Linen cushion cover 50cm", price: 5900, supplier: 3, variants: linen),
        Family(
            code: "CUSHION-VELVET", name: "Velvet cushion 45cm", price: 6900, supplier: 3,
            variants: plain([
                ("OLIVE", "Olive"), ("RUST", "Rust"), ("OCEAN", "Ocean"), ("BLUSH", "Blush"), ("MUSTARD", "Mustard"),
                ("CHAR", "Charcoal"),
            ])),
        Family(code: "APRON-LINEN", name: "Linen apron", price: 5400, supplier: 3, variants: Array(linen.prefix(6))),
        Family(
            code: "OVENMITT-LINEN", name: "Linen oven mitt", price: 2900, supplier: 3, variants: Array(linen.prefix(6))),
        Family(
            code: "DUVET-LINEN-Q", name: "Linen duvet cover, queen", price: 28_900, supplier: 3,
            variants: Array(linen.prefix(5))),
        Family(
            code: "DUVET-LINEN-K", name: "Linen duvet cover, king", price: 32_900, supplier: 3,
            variants: Array(linen.prefix(5))),
        Family(
            code: "PILLOWCASE-LINEN-2PK", name: "Linen pillowcases (pair)", price: 7900, supplier: 3,
            variants: Array(linen.prefix(5))),
        Family(
            code: "THROW-WOOL", name: "Wool throw", price: 15_900, supplier: 1,
            variants: plain([
                ("CHARCOAL", "Charcoal"), ("OATMEAL", "Oatmeal"), ("FOREST", "Forest"), ("RUST", "Rust"),
                ("OCEAN", "Ocean"),
            ])),
        Family(
            code: "THROW-COTTON", name: "Cotton waffle throw", price: 11_900, supplier: 3,
            variants: plain([("SAGE", "Sage"), ("SAND", "Sand"), ("CHAR", "Charcoal"), ("BLUSH", "Blush")])),
        Family(
            code: "BLANKET-MERINO", name: "Merino blanket", price: 34_900, supplier: 1,
            variants: sizes([
                ("Q-OAT", "Queen, oatmeal", 34_900), ("Q-CHAR", "Queen, charcoal", 34_900),
                ("K-OAT", "King, oatmeal", 39_900), ("K-CHAR", "King, charcoal", 39_900),
            ])),
        Family(code: "CANDLE-SOY", name: "Soy candle 300g", price: 4200, supplier: 0, variants: scents),
        Family(code: "CANDLE-TRAVEL", name: "Soy travel candle 80g", price: 1800, supplier: 0, variants: scents),
        Family(
            code: "CANDLE-TAPER-2PK", name: "Beeswax taper candles (2)", price: 1900, supplier: 0,
            variants: plain([("NAT", "Natural"), ("SAGE", "Sage"), ("RUST", "Rust"), ("CHAR", "Charcoal")])),
        Family(code: "DIFFUSER", name: "Reed diffuser 200ml", price: 5400, supplier: 0, variants: scents),
        Family(code: "SOAP-BAR", name: "Handmade soap bar 120g", price: 1400, supplier: 0, variants: scents),
        Family(
            code: "HANDWASH", name: "Hand wash 500ml", price: 3200, supplier: 0, variants: Array(scents.prefix(6))),
        Family(
            code: "HANDCREAM", name: "Hand cream 100ml", price: 2600, supplier: 0, variants: Array(scents.prefix(6))),
        Family(
            code: "GLASS-TUMBLER-4PK", name: "Recycled glass tumblers (4)", price: 4900, supplier: 5,
            variants: plain([("CLEAR", "Clear"), ("SMOKE", "Smoke"), ("AMBER", "Amber"), ("SEA", "Sea green")])),
        Family(
            code: "GLASS-WINE-2PK", name: "Stemless wine glasses (2)", price: 3900, supplier: 5,
            variants: plain([("CLEAR", "Clear"), ("SMOKE", "Smoke"), ("AMBER", "Amber")])),
        Family(
            code: "CARAFE-GLASS", name: "Glass carafe 1L", price: 4400, supplier: 5,
            variants: plain([("CLEAR", "Clear"), ("SMOKE", "Smoke"), ("AMBER", "Amber")])),
        Family(
            code: "VASE-GLASS", name: "Recycled glass vase", price: 4900, supplier: 5,
            variants: sizes([
                ("SMOKE-S", "Smoke, small", 4900), ("SMOKE-L", "Smoke, large", 7900),
                ("CLEAR-S", "Clear, small", 4900), ("CLEAR-L", "Clear, large", 7900),
                ("AMBER-S", "Amber, small", 4900), ("AMBER-L", "Amber, large", 7900),
                ("SEA-S", "Sea green, small", 4900), ("SEA-L", "Sea green, large", 7900),
            ])),
        Family(
            code: "CUTLERY-16PC", name: "Cutlery set (16 pieces)", price: 12_900, supplier: 6,
            variants: plain([("STEEL", "Steel"), ("BRASS", "Brass"), ("BLACK", "Matte black"), ("GOLD", "Gold")])),
        Family(
            code: "COASTER-CORK-4PK", name: "Cork coasters (4)", price: 1600, supplier: 6,
            variants: plain([("NAT", "Natural"), ("CHAR", "Charcoal")])),
        Family(
            code: "COASTER-STONE-4PK", name: "Stoneware coasters (4)", price: 2800, supplier: 2,
            variants: Array(clay.prefix(4))),
        Family(code: "TRIVET-CORK", name: "Cork trivet", price: 1800, supplier: 6, variants: single),
        Family(
            code: "BASKET-SEAGRASS", name: "Seagrass basket", price: 3900, supplier: 6,
            variants: sizes([("S", "Small", 3900), ("M", "Medium", 5400), ("L", "Large", 6900)])),
        Family(
            code: "BASKET-HARAKEKE", name: "Harakeke (flax) basket", price: 7900, supplier: 6,
            variants: sizes([("S", "Small", 7900), ("M", "Medium", 9900)])),
        Family(
            code: "BASKET-LAUNDRY", name: "Cotton rope laundry basket", price: 8900, supplier: 6,
            variants: plain([("NAT", "Natural"), ("CHAR", "Charcoal")])),
        Family(
            code: "PLANTER-CONCRETE", name: "Concrete planter", price: 2900, supplier: 6,
            variants: sizes([("S", "Small", 2900), ("M", "Medium", 4900), ("L", "Large", 7900)])),
        Family(
            code: "PLANTER-GLAZED", name: "Glazed planter", price: 3900, supplier: 2,
            variants: sizes([
                ("SAGE-S", "Sage, small", 3900), ("SAGE-L", "Sage, large", 6900), ("INK-S", "Ink, small", 3900),
                ("INK-L", "Ink, large", 6900), ("SAND-S", "Sand, small", 3900), ("SAND-L", "Sand, large", 6900),
            ])),
        Family(
            code: "PLANTER-HANGING", name: "Hanging planter", price: 3400, supplier: 6,
            variants: plain([("WHITE", "White"), ("TERRACOTTA", "Terracotta"), ("CHAR", "Charcoal")])),
        Family(
            code: "RUG-JUTE", name: "Jute rug", price: 19_900, supplier: 6,
            variants: sizes([("120", "120x170cm", 19_900), ("160", "160x230cm", 34_900), ("200", "200x300cm", 54_900)])
        ),
        Family(
            code: "RUG-WOOL", name: "Flatweave wool rug", price: 49_900, supplier: 1,
            variants: sizes([
                ("160-OAT", "160x230cm, oatmeal", 49_900), ("160-CHAR", "160x230cm, charcoal", 49_900),
                ("200-OAT", "200x300cm, oatmeal", 69_900), ("200-CHAR", "200x300cm, charcoal", 69_900),
            ])),
        Family(
            code: "DOORMAT-COIR", name: "Coir doormat", price: 4900, supplier: 6,
            variants: sizes([("STD", "60x40cm", 4900), ("XL", "90x60cm", 7900)])),
        Family(code: "PRINT-A3", name: "Art print A3", price: 4500, supplier: 6, variants: prints),
        Family(code: "PRINT-A2", name: "Art print A2", price: 6900, supplier: 6, variants: prints),
        Family(
            code: "CANISTER-TIN", name: "Tin canister", price: 2400, supplier: 6,
            variants: sizes([("S", "Small", 2400), ("M", "Medium", 2900), ("L", "Large", 3400)])),
        Family(code: "JAR-GLASS-1L", name: "Glass storage jar 1L", price: 1900, supplier: 5, variants: single),
        Family(
            code: "TRAY-RATTAN", name: "Rattan tray", price: 4900, supplier: 6,
            variants: sizes([("S", "Small", 4900), ("L", "Large", 6900)])),
        Family(code: "BOOKENDS-OAK", name: "Oak bookends (pair)", price: 5900, supplier: 4, variants: single),
        Family(
            code: "CLOCK-OAK", name: "Oak wall clock", price: 8900, supplier: 4,
            variants: plain([("OAK", "Oak"), ("BLACK", "Black")])),
        Family(code: "HOOKS-BRASS-3PK", name: "Brass wall hooks (3)", price: 3400, supplier: 6, variants: single),
        Family(
            code: "BASIN-ENAMEL", name: "Enamel wash basin", price: 4900, supplier: 6,
            variants: plain([("WHITE", "White"), ("NAVY", "Navy")])),
        Family(
            code: "BREADBIN-ENAMEL", name: "Enamel bread bin", price: 7900, supplier: 6,
            variants: plain([("WHITE", "White"), ("SAGE", "Sage"), ("CHAR", "Charcoal")])),
        Family(
            code: "SALT-PIG", name: "Stoneware salt pig", price: 3400, supplier: 2, variants: Array(clay.prefix(4))),
        Family(
            code: "BUTTER-DISH", name: "Stoneware butter dish", price: 3900, supplier: 2,
            variants: Array(clay.prefix(4))),
        Family(
            code: "EGGCUP-2PK", name: "Stoneware egg cups (2)", price: 1900, supplier: 2,
            variants: Array(clay.prefix(4))),
        Family(
            code: "TEA-TIN-100", name: "Loose leaf tea 100g", price: 1800, supplier: 0,
            variants: plain([
                ("BREAKFAST", "Breakfast"), ("EARLGREY", "Earl grey"), ("KAWAKAWA", "Kawakawa"),
                ("PEPPERMINT", "Peppermint"),
            ])),
        Family(code: "HONEY-MANUKA-250", name: "Manuka honey 250g", price: 3900, supplier: 0, variants: single),
    ]

    /// Every product of the families, in family order, with its Xero code.
    private static var allProducts: [DemoProduct] {
        var products: [DemoProduct] = []
        for family in families {
            for variant in family.variants {
                let code = variant.code.isEmpty ? family.code : "\(family.code)-\(variant.code)"
                let price = variant.price ?? family.price
                products.append(
                    DemoProduct(
                        sku: code == mistypedXeroCode ? mistyped : code,
                        xeroCode: code == mistypedXeroCode ? nil : code,
                        name: variant.name.isEmpty ? family.name : "\(family.name) - \(variant.name)", price: price,
                        cost: cost(of: price), supplier: family.supplier, weight: 1, isGiftCard: false))
            }
        }
        return products
    }

    /// A supplier's price, GST excluded: about 38 % of the shelf price before GST, to 5 cents.
    static func cost(of price: Int64) -> Int64 { (price * 20 * 38 / (23 * 100) + 2) / 5 * 5 }

    /// The shop's range of `count` SKUs: the SKUs of the deliberate problems first, then the
    /// families in order, then numbered art prints if more are asked for. Popularity is drawn
    /// from `random`: a weight of 1 to 36, a quarter of it for anything over $200.
    static func products(count: Int, random: inout SplitMix64) -> [DemoProduct] {
        let all = allProducts
        var chosen: [DemoProduct] = [
            DemoProduct(
                sku: giftCard, xeroCode: giftCard, name: "Gift card $50", price: 5000, cost: 0, supplier: 6, weight: 0,
                isGiftCard: true)
        ]
        for sku in specialSKUs.dropFirst() {
            if let product = all.first(where: { $0.sku == sku }) { chosen.append(product) }
        }
        for product in all where chosen.count < count && !chosen.contains(where: { $0.sku == product.sku }) {
            chosen.append(product)
        }
        var extra = 0
        while chosen.count < count {
            extra += 1
            let number = String(repeating: "0", count: max(0, 4 - String(extra).count)) + String(extra)
            chosen.append(
                DemoProduct(
                    sku: "PRINT-LTD-\(number)", xeroCode: "PRINT-LTD-\(number)",
                    name: "Limited edition print no. \(extra)",
                    price: 8900, cost: cost(of: 8900), supplier: 6, weight: 1, isGiftCard: false))
        }
        chosen = Array(chosen.prefix(count))
        for index in chosen.indices where !chosen[index].isGiftCard {
            let root = Int64(1 + random.below(6))
            var weight = Int(root * root)
            if chosen[index].price > 20_000 { weight = max(1, weight / 4) }
            chosen[index].weight = weight
        }
        return chosen
    }

    static let firstNames = [
        "Aroha", "Liam", "Mia", "Nikau", "Olivia", "Wiremu", "Charlotte", "Hemi", "Isla", "Tama", "Ruby", "Jack",
        "Amelia", "Oliver", "Mere", "Noah", "Ava", "Manaia", "Sophie", "Lucas", "Grace", "Kahu", "Ella", "James",
        "Anahera", "Leo", "Zoe", "Rawiri", "Harper", "Finn", "Mereana", "Hugo", "Lily", "Tane", "Georgia", "Arlo",
        "Priya", "Ethan", "Mei", "Sione",
    ]
    static let lastNames = [
        "Ngata", "Walker", "Smith", "Wilson", "Brown", "Taylor", "Williams", "Thompson", "Te Awa", "Parata",
        "Campbell", "Stewart", "Anderson", "Robinson", "King", "Wright", "Clarke", "Hohaia", "Tipene", "Marsh",
        "Fraser", "Patel", "Singh", "Chen", "Wang", "Li", "Kim", "Nguyen", "Tuhiwai", "Fonoti", "Harris", "Morgan",
        "Reid", "Murray", "Scott", "Young", "Hall", "Cooper", "Bell", "Edwards",
    ]
    static let cities: [(city: String, region: String, postcode: String)] = [
        ("Auckland", "Auckland", "1010"), ("Devonport", "Auckland", "0624"), ("Wellington", "Wellington", "6011"),
        ("Christchurch", "Canterbury", "8011"), ("Hamilton", "Waikato", "3204"), ("Tauranga", "Bay of Plenty", "3110"),
        ("Dunedin", "Otago", "9016"), ("Napier", "Hawke's Bay", "4110"), ("Nelson", "Nelson", "7010"),
        ("Whangarei", "Northland", "0110"), ("New Plymouth", "Taranaki", "4310"), ("Queenstown", "Otago", "9300"),
    ]
}
