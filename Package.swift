// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "assocmon",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "assocmon", targets: ["assocmon"]),
        .library(name: "DICOMUpperLayer", targets: ["DICOMUpperLayer"]),
        /// For the libFuzzer targets in Fuzz/ (the `--rules` parser); the program itself is the `assocmon` product.
        .library(name: "AssociationEngine", targets: ["AssociationEngine"]),
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
        /// The SCP and its requestor: NIO server and client, PS3.8 §9.2 state machine, decisions, services, TLS.
        .target(
            name: "AssociationEngine",
            dependencies: [
                "DICOMDataSet",
                "DICOMUpperLayer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        /// ncursesw through pkg-config, plus a static-inline shim for globals and macros.
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        /// The curses front: pure reducer + renderer into a `Screen`; never imports NIO.
        .target(
            name: "MonitorUI",
            dependencies: ["AssociationEngine", "CNCurses", "DICOMUpperLayer"],
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
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        /// Release-mode benchmark: `swift run -c release assocmon-bench`.
        .executableTarget(
            name: "assocmon-bench",
            dependencies: ["DICOMUpperLayer", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// Load generator for side-by-side figures against real peers (scripts/bench-peers.sh): plain blocking
        /// POSIX sockets, the codec only, so it costs the same against every server. Build with `-c release`.
        .executableTarget(
            name: "assocmon-load",
            dependencies: ["DICOMUpperLayer", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DICOMUpperLayerTests",
            dependencies: ["DICOMUpperLayer", .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DICOMDataSetTests",
            dependencies: ["DICOMDataSet", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AssociationEngineTests",
            dependencies: [
                "AssociationEngine", "DICOMUpperLayer", "SCUTestClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["peers"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MonitorUITests",
            dependencies: ["MonitorUI", "AssociationEngine", "DICOMUpperLayer"],
            resources: [.copy("Snapshots")],
            swiftSettings: strict
        ),
    ]
)
