// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "dso-sync",
    platforms: [.macOS(.v14), .iOS(.v17)],
    products: [
        .library(name: "DSOSync", targets: ["DSOSync"]),
        .library(name: "DSOProtocol", targets: ["DSOProtocol"]),
        .library(name: "DSOModel", targets: ["DSOModel"]),
        .executable(name: "dso", targets: ["dso"]),
        .executable(name: "dso-server", targets: ["dso-server"]),
        .executable(name: "dso-bench", targets: ["dso-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // multipart/form-data for the console's file uploads (Hummingbird reads URL-encoded forms only).
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "DSOModel", swiftSettings: strict),
        .target(name: "DSOProtocol", dependencies: ["DSOModel"], swiftSettings: strict),
        .target(name: "DSOCharts", dependencies: ["DSOModel"], swiftSettings: strict),
        // The SQLite reads and writes the central store and the replicas share (report ledgers,
        // columns read in place): below both, above DSOModel.
        .target(
            name: "DSOStore",
            dependencies: ["DSOModel", "DSOProtocol", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "DSOSync",
            dependencies: [
                "DSOStore",
                "DSOModel", "DSOProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DSOServer",
            dependencies: [
                "DSOStore",
                "DSOModel", "DSOProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The credit team's web console, served by dso-server under /console: pages from
        // Mustache templates over the central store.
        .target(
            name: "DSOConsole",
            dependencies: [
                "DSOServer", "DSOModel", "DSOProtocol", "DSOCharts", "DSOTerminal",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DSOTerminal",
            dependencies: ["DSOModel", "DSOCharts", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dso",
            dependencies: ["DSOSync", "DSOTerminal", "DSOCharts", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dso-bench",
            dependencies: ["DSOServer", "DSOSync", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dso-server",
            dependencies: ["DSOServer", "DSOConsole", "DSOTerminal", "DSOCharts", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strict
        ),
        .testTarget(name: "DSOModelTests", dependencies: ["DSOModel"]),
        .testTarget(name: "DSOChartsTests", dependencies: ["DSOCharts"]),
        .testTarget(name: "DSOProtocolTests", dependencies: ["DSOProtocol"]),
        .testTarget(
            name: "DSOSyncTests",
            dependencies: [
                "DSOSync", "DSOServer", "PostgresTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Replica and store files made by earlier releases (upgrade tests read them by path).
            exclude: ["Fixtures"]
        ),
        // A throwaway PostgreSQL cluster for the tests that run on both stores.
        .target(name: "PostgresTestSupport", dependencies: ["DSOServer"], path: "Tests/PostgresTestSupport"),
        .testTarget(
            name: "DSOServerTests",
            dependencies: ["DSOServer", "PostgresTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "DSOConsoleTests",
            dependencies: ["DSOConsole", "DSOServer", "PostgresTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Logging", package: "swift-log")]),
    ]
)
