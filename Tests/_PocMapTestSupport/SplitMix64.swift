/// A tiny, fully specified pseudo-random generator (Steele, Lea and Flood's SplitMix64, the seeding
/// generator of xoshiro) for seeded, reproducible property tests.
///
/// The same seed gives the same sequence on every platform and Swift version, because the arithmetic is
/// spelled out here; only the standard library's `random(in:using:)` mapping of the raw words could change,
/// so tests that need stable inputs use `nextDouble()` and `nextInt(below:)` instead.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The running state; the next output is a function of `state + 0x9E3779B97F4A7C15`.
    public private(set) var state: UInt64

    /// Starts a sequence. Seed 0 yields 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, ...
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// An integer uniform in `0..<bound` (Lemire's multiply-shift; the tiny bias is irrelevant for tests).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A double uniform in `range` (lower bound included).
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextDouble()
    }
}
