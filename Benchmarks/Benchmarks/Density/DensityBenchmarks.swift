// HIP-17 density and region-lookup benchmarks (issue 3 targets: density for 400,000 hotspots < 2 s, loading all
// 16 region files < 0.5 s, region lookup ≥ 2 M points/s after loading).
//
// The population is pocmap's own simulator (seed 7, its default city list and densities): hotspots clustered
// around cities the way the real network is, so the hexes are as crowded as HIP-17 ever sees them. The region
// index is Helium's real one from ../shared/realdata (set POCMAP_SHARED to point elsewhere). The lookups run a
// million points per iteration (scalingFactor .mega, rows marked `*` are per point): 1000 / ns = M points/s.
import Benchmark
import Foundation
import PocMapCore
import PocMapIO

private let hotspotCount = 400_000

/// Asserted res-12 locations of a simulated 400,000-hotspot network.
private let population: [H3Cell] = {
    do {
        let network = try SimulatedNetwork(configuration: SimulationConfiguration(hotspotCount: hotspotCount, seed: 7))
        return network.hotspots.map(\.assertedLocation)
    } catch {
        fatalError("simulator refused its own default configuration: \(error)")
    }
}()

/// `../shared/realdata/helium__lorawan-h3/serialized` beside the repository (found from this file's path), or
/// under `$POCMAP_SHARED`.
private let regionDirectory: String = {
    let shared: URL
    if let override = ProcessInfo.processInfo.environment["POCMAP_SHARED"], !override.isEmpty {
        shared = URL(fileURLWithPath: override, isDirectory: true)
    } else {
        shared = URL(fileURLWithPath: #filePath)  // Benchmarks/Benchmarks/Density/DensityBenchmarks.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }
    return shared.appendingPathComponent("realdata/helium__lorawan-h3/serialized").path
}()

private let regionIndex: RegionIndex = {
    do { return try RegionIndexLoader.load(directory: regionDirectory) } catch {
        fatalError("cannot load the region index at \(regionDirectory): \(error)")
    }
}()

/// 1,000,000 points uniform on the sphere (SplitMix64 seed 42, as the H3 benchmarks): mostly ocean.
private let uniformPoints: [LatLng] = {
    var state: UInt64 = 42
    func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
    }
    return (0..<1_000_000).map { _ in
        let lat = asin(2.0 * next() - 1.0)
        let lng = (360.0 * next() - 180.0) * (Double.pi / 180.0)
        return LatLng(lat: lat, lng: lng)
    }
}()

/// The centres of the simulated hotspots' cells, repeated to 1,000,000 points: land, in cities, where hotspots are.
private let hotspotPoints: [LatLng] = {
    let centres = population.compactMap { try? H3.cellToLatLng($0) }
    return (0..<1_000_000).map { centres[$0 % centres.count] }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(30),
        maxIterations: 5
    )

    Benchmark(
        "HexDensity 400k simulated hotspots, hip104",
        configuration: .init(setup: { _ = population.count })
    ) { _ in
        blackHole(HexDensity.compute(locations: population, parameters: .hip104))
    }
    Benchmark(
        "HexDensity 400k simulated hotspots, hip17-2020",
        configuration: .init(setup: { _ = population.count })
    ) { _ in
        blackHole(HexDensity.compute(locations: population, parameters: .hip17_2020))
    }
    Benchmark("Region index load, 16 Helium files") { _ in
        blackHole(try? RegionIndexLoader.load(directory: regionDirectory))
    }
    // The point sets are globals built on first use (in the setup, outside the timed loop).
    let lookups: [(name: String, points: @Sendable () -> [LatLng])] = [
        ("Region lookup, 1M uniform points", { uniformPoints }),
        ("Region lookup, 1M hotspot locations", { hotspotPoints }),
    ]
    for lookup in lookups {
        Benchmark(
            lookup.name,
            configuration: .init(
                metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
                timeUnits: .nanoseconds,
                scalingFactor: .mega,
                setup: { _ = (regionIndex.regionNames.count, lookup.points().count) }
            )
        ) { _ in
            for point in lookup.points() { blackHole(try? regionIndex.region(at: point)) }
        }
    }
}
