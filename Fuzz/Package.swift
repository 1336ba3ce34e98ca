// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for the decoders that read bytes from the network or text from the operator. Kept out of the
/// main package so that its `swift build` / `swift test` neither build them nor need the sanitizer flags; build
/// and run them with `scripts/fuzz.sh` (`-sanitize=fuzzer,address -parse-as-library`).
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// Linux only, as the package it fuzzes (and libFuzzer's `-sanitize=fuzzer` comes with the Linux toolchain).
let package = Package(
    name: "assocmon-fuzz",
    dependencies: [
        .package(name: "assocmon", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        /// libFuzzer's driver entry point, declared for Swift.
        .target(name: "CLibFuzzer"),
        /// Invariant checks shared by the targets: a violated one stops the run with a message (libFuzzer keeps
        /// the input as a crash).
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer", .product(name: "DICOMUpperLayer", package: "assocmon"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// The PDU framer on a stream cut into chunks, then every PDU it frames decoded and re-encoded.
        .executableTarget(
            name: "FuzzPDUFramer",
            dependencies: ["FuzzSupport", .product(name: "DICOMUpperLayer", package: "assocmon"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// Each PDU decoder on its own: the first byte picks the PDU type, the rest is the body.
        .executableTarget(
            name: "FuzzPDUDecode",
            dependencies: ["FuzzSupport", .product(name: "DICOMUpperLayer", package: "assocmon"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// A P-DATA-TF's items read as they arrive (`PDataTFStream`), against decoding the whole PDU.
        .executableTarget(
            name: "FuzzPDataTFStream",
            dependencies: ["FuzzSupport", .product(name: "DICOMUpperLayer", package: "assocmon"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// The PDV reassembler and its accumulator on a sequence of P-DATA-TF bodies.
        .executableTarget(
            name: "FuzzMessageReassembler",
            dependencies: ["FuzzSupport", .product(name: "DICOMUpperLayer", package: "assocmon"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// The DIMSE command set reader and the typed command readers.
        .executableTarget(
            name: "FuzzCommandSet",
            dependencies: ["FuzzSupport", .product(name: "DICOMUpperLayer", package: "assocmon"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// The data set reader, whole and streamed in chunks, in each transfer syntax encoding.
        .executableTarget(
            name: "FuzzDataSetReader",
            dependencies: ["FuzzSupport", .product(name: "DICOMDataSet", package: "assocmon"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        /// The `--rules` file parser.
        .executableTarget(
            name: "FuzzRuleParser",
            dependencies: ["FuzzSupport", .product(name: "AssociationEngine", package: "assocmon")],
            swiftSettings: strict
        ),
    ]
)
