// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "TrueUp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "trueup", targets: ["trueup"]),
        .library(name: "TrueUpCore", targets: ["TrueUpCore"]),
        .library(name: "TrueUpEngine", targets: ["TrueUpEngine"]),
        .library(name: "TrueUpStore", targets: ["TrueUpStore"]),
        .library(name: "TrueUpReports", targets: ["TrueUpReports"]),
        .library(name: "TrueUpJobs", targets: ["TrueUpJobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Values, canonical records, exact JSON, errors. No I/O.
        .target(name: "TrueUpCore", swiftSettings: strictSettings),
        // The inventory three-way diff and its guards. Pure.
        .target(
            name: "TrueUpEngine",
            dependencies: ["TrueUpCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // The state database: migrations, bases, runs, outbox, conflicts, cursors, snapshots.
        .target(
            name: "TrueUpStore",
            dependencies: [
                "TrueUpCore", "TrueUpEngine", "TrueUpFiles",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Files that appear only once complete and on disk: reports, a CSV feed's corrections.
        .target(name: "TrueUpFiles", swiftSettings: strictSettings),
        // libxml2 from the system (pkg-config libxml-2.0). TrueUpXML, TrueUpReports and BankFiles import it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // The one place libxml2 is called from: safe parsing (no network, no external entities, no
        // DOCTYPE), error capture, and the pieces the report writer and the statement reader share.
        .target(name: "TrueUpXML", dependencies: ["CLibXML2"], swiftSettings: strictSettings),
        // Bank statement files (camt.053, OFX, CSV) and payment-gateway payout files to canonical records.
        .target(
            name: "BankFiles",
            dependencies: ["TrueUpCore", "TrueUpXML", "CLibXML2"],
            swiftSettings: strictSettings
        ),
        // CSV and XML report writers and XSD validation.
        .target(
            name: "TrueUpReports",
            dependencies: ["TrueUpCore", "TrueUpEngine", "TrueUpStore", "TrueUpFiles", "TrueUpXML", "CLibXML2"],
            resources: [.copy("Schema")],
            swiftSettings: strictSettings
        ),
        // HTTP for the API clients: the transport over AsyncHTTPClient, retry backoff, call counting.
        .target(
            name: "TrueUpHTTP",
            dependencies: [
                "TrueUpCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The Xero client: auth, pacing, paging, batched writes, response bodies to canonical records.
        .target(
            name: "XeroKit",
            dependencies: [
                "TrueUpCore", "TrueUpHTTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Emulated Xero (and, later, storefront) APIs on 127.0.0.1, seeded from a scenario.
        .target(
            name: "TrueUpSandbox",
            dependencies: [
                "TrueUpCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The Storefront protocol and one connector per platform: clients, response bodies to
        // canonical records, stock writes.
        .target(
            name: "StorefrontKit",
            dependencies: [
                "TrueUpCore", "TrueUpHTTP", "TrueUpFiles",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The run pipeline: scenarios, pair settings, plan, reports.
        .target(
            name: "TrueUpJobs",
            dependencies: [
                "TrueUpCore", "TrueUpEngine", "TrueUpStore", "TrueUpReports", "XeroKit", "StorefrontKit", "BankFiles",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "trueup",
            dependencies: [
                "TrueUpCore", "TrueUpEngine", "TrueUpStore", "TrueUpReports", "TrueUpJobs", "XeroKit", "TrueUpSandbox",
                "StorefrontKit", "TrueUpScenarios",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Seeded shops written as scenario folders (DESIGN §8): `trueup generate`, the demo, the benchmarks.
        .target(name: "TrueUpScenarios", dependencies: ["TrueUpCore"], swiftSettings: strictSettings),
        // Synthetic data with known truth, shared by tests and benchmarks.
        .target(
            name: "TrueUpTestSupport",
            dependencies: [
                "TrueUpCore", "TrueUpScenarios", "TrueUpEngine", "TrueUpStore", "TrueUpJobs", "XeroKit",
                "TrueUpSandbox", "StorefrontKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "trueup-bench",
            dependencies: [
                "TrueUpCore", "TrueUpEngine", "TrueUpStore", "TrueUpReports", "TrueUpJobs", "TrueUpTestSupport",
                "XeroKit",
                "TrueUpSandbox", "StorefrontKit", "TrueUpScenarios",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrueUpCoreTests",
            dependencies: ["TrueUpCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "TrueUpEngineTests",
            dependencies: [
                "TrueUpCore", "TrueUpEngine", "TrueUpTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "TrueUpStoreTests",
            dependencies: [
                "TrueUpCore", "TrueUpEngine", "TrueUpStore", "TrueUpTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "TrueUpReportsTests",
            dependencies: ["TrueUpReports", "TrueUpTestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "BankFilesTests",
            dependencies: [
                "BankFiles", "TrueUpCore", "TrueUpTestSupport", .product(name: "CSV", package: "CSV.swift"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "XeroKitTests",
            dependencies: [
                "XeroKit", "TrueUpSandbox", "TrueUpTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TrueUpSandboxTests",
            dependencies: [
                "TrueUpSandbox", "TrueUpCore", "TrueUpTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "StorefrontKitTests",
            dependencies: [
                "StorefrontKit", "TrueUpTestSupport", "TrueUpSandbox", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TrueUpJobsTests",
            dependencies: [
                "TrueUpCore", "TrueUpEngine", "TrueUpStore", "TrueUpReports", "TrueUpJobs", "TrueUpTestSupport",
                "XeroKit", "TrueUpSandbox", "StorefrontKit", "TrueUpScenarios",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "trueupTests",
            dependencies: [
                "trueup", "TrueUpCore", "TrueUpStore", "TrueUpReports", "TrueUpTestSupport", "TrueUpSandbox", "XeroKit",
                "StorefrontKit",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Snapshots"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
