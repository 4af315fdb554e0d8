// H3 benchmarks on the inputs of Benchmarks/Reference/h3c_bench.c: 10 million points uniform on the sphere
// from SplitMix64 (seed 42), in radians, so the C reference and pocmap are timed on identical data.
//
// Each benchmark iteration calls the function once for each of 1,000,000 inputs (scalingFactor .mega); the
// tool divides by that factor (rows marked `*`), so times are nanoseconds per call and a malloc count of 0
// means no allocation in a million calls. Iteration i uses the i-th million of the 10 M inputs, so ten
// iterations cover all of them, as the C program does in one pass. CPU time is printed beside wall clock
// because the machine is shared (wall clock includes time the process waited for a core).
import Benchmark
import Glibc
import PocMapCore

private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

private let pointCount = 10_000_000
private let chunk = 1_000_000

/// The C program's points, drawn in the same order (lat first, then lng) from the same generator.
private let points: [LatLng] = {
    var rng = SplitMix64(state: 42)
    var result: [LatLng] = []
    result.reserveCapacity(pointCount)
    for _ in 0..<pointCount {
        let lat = asin(2.0 * rng.unit() - 1.0)
        let lng = (360.0 * rng.unit() - 180.0) * (Double.pi / 180.0)
        result.append(LatLng(lat: lat, lng: lng))
    }
    return result
}()

private let cells12: [H3Cell] = points.map { (try? H3.latLngToCell($0, resolution: 12)) ?? H3Cell(rawValue: 0) }

/// The inputs of one iteration: the `iteration`-th million, wrapping around after ten.
private func slice<T>(_ array: [T], _ benchmark: Benchmark) -> ArraySlice<T> {
    let start = (benchmark.currentIteration % (array.count / chunk)) * chunk
    return array[start..<start + chunk]
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(30),
        maxIterations: 10
    )

    for resolution in [0, 5, 8, 12, 15] {
        Benchmark(
            "latLngToCell res \(resolution)",
            configuration: .init(setup: { _ = points.count })
        ) { benchmark in
            for point in slice(points, benchmark) {
                blackHole(try? H3.latLngToCell(point, resolution: resolution))
            }
        }
    }
    Benchmark("cellToLatLng res 12", configuration: .init(setup: { _ = cells12.count })) { benchmark in
        for cell in slice(cells12, benchmark) {
            blackHole(try? H3.cellToLatLng(cell))
        }
    }
    Benchmark("cellToBoundary res 12", configuration: .init(setup: { _ = cells12.count })) { benchmark in
        for cell in slice(cells12, benchmark) {
            blackHole(try? H3.cellToBoundary(cell))
        }
    }
    Benchmark("cellToParent 12 to 8", configuration: .init(setup: { _ = cells12.count })) { benchmark in
        for cell in slice(cells12, benchmark) {
            blackHole(try? H3.cellToParent(cell, resolution: 8))
        }
    }
    // The C reference writes into a caller's 7-cell buffer; `gridDisk(_:k:into:)` is the same contract.
    Benchmark("gridDisk k=1 res 12 (into a reused array)", configuration: .init(setup: { _ = cells12.count })) {
        benchmark in
        var disk: [H3Cell] = []
        disk.reserveCapacity(7)
        for cell in slice(cells12, benchmark) {
            try? H3.gridDisk(cell, k: 1, into: &disk)
            blackHole(disk.count)
        }
    }
    // The convenience form returns a new array: one allocation per call.
    Benchmark("gridDisk k=1 res 12 (new array)", configuration: .init(setup: { _ = cells12.count })) { benchmark in
        for cell in slice(cells12, benchmark) {
            blackHole(try? H3.gridDisk(cell, k: 1))
        }
    }
}
