// H3 benchmarks on the inputs of Benchmarks/Reference/h3c_bench.c: points uniform on the sphere
// from SplitMix64 (seed 42), in radians, so the C reference and pocmap are timed on identical data.
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

private let pointCount = 1_000_000

private let points: [LatLng] = {
    var rng = SplitMix64(state: 42)
    return (0..<pointCount).map { _ in
        let lat = asin(2.0 * rng.unit() - 1.0)
        let lng = (360.0 * rng.unit() - 180.0) * (Double.pi / 180.0)
        return LatLng(lat: lat, lng: lng)
    }
}()

private let cells12: [H3Cell] = points.map { (try? H3.latLngToCell($0, resolution: 12)) ?? H3Cell(rawValue: 0) }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(10),
        maxIterations: 5
    )

    for resolution in [0, 5, 8, 12, 15] {
        Benchmark("latLngToCell res \(resolution)") { benchmark in
            for point in points.prefix(benchmark.scaledIterations.count) {
                blackHole(try? H3.latLngToCell(point, resolution: resolution))
            }
        }
    }
    Benchmark("cellToLatLng res 12") { benchmark in
        for cell in cells12.prefix(benchmark.scaledIterations.count) {
            blackHole(try? H3.cellToLatLng(cell))
        }
    }
    Benchmark("cellToBoundary res 12") { benchmark in
        for cell in cells12.prefix(benchmark.scaledIterations.count) {
            blackHole(try? H3.cellToBoundary(cell))
        }
    }
    Benchmark("cellToParent 12 to 8") { benchmark in
        for cell in cells12.prefix(benchmark.scaledIterations.count) {
            blackHole(try? H3.cellToParent(cell, resolution: 8))
        }
    }
    Benchmark("gridDisk k=1 res 12", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for cell in cells12.prefix(benchmark.scaledIterations.count) {
            blackHole(try? H3.gridDisk(cell, k: 1))
        }
    }
}
