// swift-tools-version: 6.1
// pocmap's benchmarks: a nested package so the main build and CI never pay for the harness.
// Run from this directory:  swift package --allow-writing-to-package-directory benchmark
// (ordo-one/benchmark: wall clock, throughput and malloc counts per operation).

import PackageDescription

let package = Package(
    name: "pocmap-benchmarks",
    dependencies: [
        .package(path: ".."),
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
        )
    ]
)
