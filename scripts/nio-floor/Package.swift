// swift-tools-version:6.0
// The SwiftNIO floor for scripts/bench.sh: how fast a server built on the same framework as assocmon can possibly
// answer the load generator when it does nothing but answer (see Sources/nio-floor/main.swift). A package of its
// own so that it never links anything of assocmon's.
import PackageDescription

let package = Package(
    name: "nio-floor",
    dependencies: [.package(url: "https://github.com/apple/swift-nio", from: "2.101.0")],
    targets: [
        .executableTarget(name: "nio-floor", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
    ]
)
