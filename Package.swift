// swift-tools-version: 6.1
// pocmap — proof-of-coverage verification and H3 coverage maps for LoRaWAN hotspot networks.

import PackageDescription

let package = Package(
    name: "pocmap",
    products: [
        .library(name: "PocMapCore", targets: ["PocMapCore"]),
        .library(name: "PocMapIO", targets: ["PocMapIO"]),
        .library(name: "PocMapGIS", targets: ["PocMapGIS"]),
        .library(name: "PocMapMaps", targets: ["PocMapMaps"]),
        .library(name: "PocMapPipeline", targets: ["PocMapPipeline"]),
        .library(name: "PocMapRun", targets: ["PocMapRun"]),
        .library(name: "PocMapStore", targets: ["PocMapStore"]),
        // `pocmap` is the small front: it answers `query point|hex|hotspot` itself (SQLite only, no GDAL) and
        // hands every other command line to `pocmap-full`, which must sit next to it (`swift build` builds both).
        .executable(name: "pocmap", targets: ["PocMapFront"]),
        .executable(name: "pocmap-full", targets: ["pocmap-full"]),
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
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Fast streaming decoding of logs (NDJSON, CSV, gzip) and the batch pipeline.
        .target(name: "PocMapIO", dependencies: ["PocMapCore", "CZlib"]),

        // The thin GDAL/PROJ wrapper.
        .target(name: "PocMapGIS", dependencies: ["CGDAL", "CPROJ"]),

        // The read side of the coverage.gpkg store (`pocmap query`) straight on SQLite: no GDAL, so it loads fast.
        .target(name: "PocMapStore", dependencies: ["PocMapCore", "CSQLite"]),

        // Coverage products: H3 cells burned into Cloud Optimized GeoTIFFs, the styled GeoPackage store and its queries.
        .target(name: "PocMapMaps", dependencies: ["PocMapCore", "PocMapIO", "PocMapGIS", "PocMapStore"]),

        // The batch jobs: streaming verification of a day of logs, and the whole run (verify, rewards, maps).
        .target(name: "PocMapPipeline", dependencies: ["PocMapCore", "PocMapIO"]),

        // The whole run (verify, rewards, maps): the verify pipeline and the GDAL-backed coverage products.
        .target(name: "PocMapRun", dependencies: ["PocMapCore", "PocMapIO", "PocMapPipeline", "PocMapMaps"]),

        // The `pocmap query point|hex|hotspot` commands, shared by the front and the full command line.
        .target(
            name: "PocMapQueryCLI",
            dependencies: [
                "PocMapCore", "PocMapStore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // `pocmap verify` and the command-line support it shares with the full command line: linked by the front too,
        // so that verify starts without loading GDAL.
        .target(
            name: "PocMapVerifyCLI",
            dependencies: [
                "PocMapCore", "PocMapIO", "PocMapPipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The full command line (every command): parses, calls the libraries, prints. No domain logic.
        .executableTarget(
            name: "pocmap-full",
            dependencies: [
                "PocMapCore", "PocMapIO", "PocMapGIS", "PocMapMaps", "PocMapPipeline", "PocMapRun", "PocMapStore",
                "PocMapQueryCLI", "PocMapVerifyCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/pocmap"
        ),

        // The `pocmap` executable users run: queries and verify natively, everything else by exec of `pocmap-full`.
        // It links neither GDAL nor PROJ (loading libgdal's ~120 shared libraries alone costs ~37 ms per process),
        // and the Swift runtime statically (another ~6 ms of dynamic loading saved).
        .executableTarget(
            name: "PocMapFront",
            dependencies: [
                "PocMapCore", "PocMapStore", "PocMapQueryCLI", "PocMapVerifyCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // -static-stdlib also links ArgumentParser's FoundationEssentials statically, which needs these three
            // toolchain libraries named explicitly (Swift 6.3); without the flags the front still meets its target.
            linkerSettings: [
                .unsafeFlags([
                    "-static-stdlib", "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims",
                    "-Xlinker", "-lswiftSynchronization",
                ])
            ]
        ),

        .target(name: "_PocMapTestSupport", path: "Tests/_PocMapTestSupport"),
        .testTarget(name: "PocMapCoreTests", dependencies: ["PocMapCore", "_PocMapTestSupport"]),
        .testTarget(name: "PocMapIOTests", dependencies: ["PocMapIO", "PocMapCore", "_PocMapTestSupport"]),
        .testTarget(name: "PocMapGISTests", dependencies: ["PocMapGIS", "_PocMapTestSupport"]),
        .testTarget(
            name: "PocMapMapsTests",
            dependencies: ["PocMapMaps", "PocMapStore", "PocMapGIS", "PocMapIO", "PocMapCore", "_PocMapTestSupport"]
        ),
        .testTarget(
            name: "PocMapPipelineTests",
            dependencies: [
                "PocMapPipeline", "PocMapRun", "PocMapMaps", "PocMapIO", "PocMapCore", "_PocMapTestSupport",
            ]
        ),
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
