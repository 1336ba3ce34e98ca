// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// Linux only (built and tested with Swift 6.3 on Debian 12): the targets use Glibc unguarded, `<ncursesw/curses.h>`,
/// `syncfs(2)`, `/proc` and `UInt128` (macOS 15 and later), and nothing is built or tested on an Apple system, so
/// no Apple platform is claimed.
let package = Package(
    name: "assocmon",
    products: [
        .executable(name: "assocmon", targets: ["assocmon"]),
        .library(name: "DICOMUpperLayer", targets: ["DICOMUpperLayer"]),
        /// For the libFuzzer targets in Fuzz/ (the `--rules` parser); the program itself is the `assocmon` product.
        .library(name: "AssociationEngine", targets: ["AssociationEngine"]),
        /// For the libFuzzer targets in Fuzz/ (the data set reader).
        .library(name: "DICOMDataSet", targets: ["DICOMDataSet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        /// Pure PS3.8 / PS3.7 values and codecs. No channels, no event loops, no files.
        .target(
            name: "DICOMUpperLayer",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// Pure PS3.5 data set reading: encodings, the PS3.6 data dictionary, character sets; zlib's inflate (through
        /// compress-nio) for Deflated Explicit VR Little Endian. No channels, no files.
        .target(
            name: "DICOMDataSet",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strict
        ),
        /// What the engine tells the world and what it is told: events, commands and their one JSON-lines
        /// encoding. Foundation only, so the curses front and the headless writer need no NIO.
        .target(
            name: "AssociationEvents",
            swiftSettings: strict
        ),
        /// The SCP and its requestor: NIO server and client, PS3.8 §9.2 state machine, decisions, services, TLS.
        .target(
            name: "AssociationEngine",
            dependencies: [
                "AssociationEvents",
                "DICOMDataSet",
                "DICOMUpperLayer",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        /// ncursesw (Debian's libncurses-dev), plus a static-inline shim for globals and macros. Linked by the module
        /// map, not through pkg-config: SwiftPM would drop the `-D` flags pkg-config gives (with a warning on every
        /// build), and the shim defines what the wide-character API needs itself.
        .systemLibrary(name: "CNCurses"),
        /// The curses front: pure reducer + renderer into a `Screen`; never imports NIO.
        .target(
            name: "MonitorUI",
            dependencies: ["AssociationEvents", "CNCurses", "DICOMUpperLayer"],
            swiftSettings: strict
        ),
        /// `assocmon --demo`: requestors on real loopback sockets, built on the engine's `AssociationRequestor` (and
        /// the test SCU for the one that stops a C-STORE half-way).
        .target(
            name: "DemoTraffic",
            dependencies: [
                "AssociationEngine", "DICOMUpperLayer", "SCUTestClient",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "assocmon",
            dependencies: [
                "AssociationEngine",
                "AssociationEvents",
                "DemoTraffic",
                "MonitorUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        /// Our own SCU, built on DICOMUpperLayer, for what real clients cannot send (tests) and for `--demo`.
        .target(
            name: "SCUTestClient",
            dependencies: [
                "DICOMUpperLayer",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        /// Release-mode benchmark: `swift run -c release assocmon-bench`.
        .executableTarget(
            name: "assocmon-bench",
            dependencies: ["AssociationEvents", "DICOMUpperLayer", "MonitorUI",
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// Load generator for side-by-side figures against real peers (scripts/bench-peers.sh): plain blocking
        /// POSIX sockets, the codec only, so it costs the same against every server. Build with `-c release`.
        .executableTarget(
            name: "assocmon-load",
            dependencies: ["DICOMUpperLayer", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// What the test targets share: one bounded subprocess runner, a seeded generator, test UIDs, the built
        /// executables, and `withEngine`, an engine per test whose stop is awaited. Used by test targets only.
        .target(
            name: "TestSupport",
            dependencies: ["AssociationEngine", "AssociationEvents",
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DICOMUpperLayerTests",
            dependencies: ["DICOMUpperLayer", "TestSupport", .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DICOMDataSetTests",
            dependencies: ["DICOMDataSet", "TestSupport", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AssociationEngineTests",
            dependencies: [
                "AssociationEngine", "AssociationEvents", "DICOMDataSet", "DICOMUpperLayer", "SCUTestClient", "TestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["peers"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TestSupportTests",
            dependencies: ["AssociationEngine", "DemoTraffic", "SCUTestClient", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AssociationEventsTests",
            dependencies: ["AssociationEvents"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MonitorUITests",
            dependencies: ["MonitorUI", "AssociationEvents", "CNCurses", "DICOMUpperLayer", "TestSupport"],
            resources: [.copy("Snapshots")],
            swiftSettings: strict
        ),
    ]
)
