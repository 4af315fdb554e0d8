// swift-tools-version: 6.1
// pocmap's benchmarks: a nested package so the main build and CI never pay for the harness.
// Run from this directory (see README.md):  swift package benchmark
// (ordo-one/benchmark: wall clock, throughput and malloc counts per operation, release build).

import PackageDescription

let package = Package(
    name: "pocmap-benchmarks",
    dependencies: [
        // `name:` pins the identity: without it SwiftPM names a path dependency after its folder (a worktree
        // may be called anything), and the products below could not be found.
        .package(name: "pocmap", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "H3",
            dependencies: [
                .product(name: "PocMapCore", package: "pocmap"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/H3",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Density",
            dependencies: [
                .product(name: "PocMapCore", package: "pocmap"),
                .product(name: "PocMapIO", package: "pocmap"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Density",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
