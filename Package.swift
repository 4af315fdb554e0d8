// swift-tools-version: 6.1
// pocmap — proof-of-coverage verification and H3 coverage maps for LoRaWAN hotspot networks.

import PackageDescription

let package = Package(
    name: "pocmap",
    products: [
        .library(name: "PocMapCore", targets: ["PocMapCore"]),
        .library(name: "PocMapIO", targets: ["PocMapIO"]),
        .library(name: "PocMapGIS", targets: ["PocMapGIS"]),
        .executable(name: "pocmap", targets: ["pocmap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // The C-free core: H3, radio physics, proof-of-coverage rules, rewards. Only libm from the platform.
        .target(name: "PocMapCore"),

        // System libraries, resolved through pkg-config (Debian: libgdal-dev, libproj-dev, zlib1g-dev).
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Fast streaming decoding of logs (NDJSON, CSV, gzip) and the batch pipeline.
        .target(name: "PocMapIO", dependencies: ["PocMapCore", "CZlib"]),

        // The thin GDAL/PROJ wrapper.
        .target(name: "PocMapGIS", dependencies: ["CGDAL", "CPROJ"]),

        // The command line: parses, calls the libraries, prints. No domain logic.
        .executableTarget(
            name: "pocmap",
            dependencies: [
                "PocMapCore", "PocMapIO", "PocMapGIS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(name: "_PocMapTestSupport", path: "Tests/_PocMapTestSupport"),
        .testTarget(name: "PocMapCoreTests", dependencies: ["PocMapCore", "_PocMapTestSupport"]),
        .testTarget(name: "PocMapIOTests", dependencies: ["PocMapIO", "PocMapCore", "_PocMapTestSupport"]),
        .testTarget(name: "PocMapGISTests", dependencies: ["PocMapGIS", "_PocMapTestSupport"]),
        .testTarget(name: "pocmapTests", dependencies: ["_PocMapTestSupport"]),
    ]
)

// Swift 6 settings applied to every target in one loop (house style).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings += [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    ]
    target.swiftSettings = settings
}
