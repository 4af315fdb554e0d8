import Glibc

/// The simulator's seeded pseudo-random generator: xoshiro256** (D. Blackman and S. Vigna, "Scrambled linear
/// pseudorandom number generators", ACM TOMS 47(4), 2021), seeded through SplitMix64.
///
/// Every random choice of the simulator comes from one of these, derived from the user's seed and a *stream*
/// label (hotspot generation, one 6-hour bucket, one beacon, ...). Streams are independent of the order in which
/// they are consumed, so the output is identical for a seed however the work is scheduled.
public struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second deviate of the last polar-method pair, not yet used.
    private var spareNormal = 0.0
    private var hasSpareNormal = false

    /// A generator for `seed`, on the stream named by up to three labels.
    public init(seed: UInt64, stream: UInt64 = 0, substream: UInt64 = 0, item: UInt64 = 0) {
        var state = Self.mix(seed ^ 0x5DEE_CE66_D1CE_4E5B)
        state = Self.mix(state ^ stream &* 0x9E37_79B9_7F4A_7C15)
        state = Self.mix(state ^ substream &* 0xC2B2_AE3D_27D4_EB4F)
        state = Self.mix(state ^ item &* 0x1656_67B1_9E37_79F9)
        s0 = Self.splitMix(&state)
        s1 = Self.splitMix(&state)
        s2 = Self.splitMix(&state)
        s3 = Self.splitMix(&state)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one xoshiro must avoid
    }

    /// A generator with the given raw xoshiro256** state (for reference-vector tests; not all zero).
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
    }

    /// The SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014): a bijection on `UInt64`, so distinct inputs
    /// give distinct outputs.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Double` in `range`.
    @inline(__always)
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// A uniform integer in `0..<bound` (`bound` > 0), by Lemire's multiply-and-reject method (unbiased).
    @inline(__always)
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold { product = next().multipliedFullWidth(by: limit) }
        }
        return Int(product.high)
    }

    /// `true` with probability `p`.
    @inline(__always)
    public mutating func nextBool(probability p: Double) -> Bool { nextUnit() < p }

    /// A standard normal deviate (Marsaglia's polar method; uses only `log` and `sqrt`). Each accepted pair
    /// yields two independent deviates; the second is returned by the next call.
    public mutating func nextStandardNormal() -> Double {
        if hasSpareNormal {
            hasSpareNormal = false
            return spareNormal
        }
        while true {
            let u = 2 * nextUnit() - 1
            let v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = v * factor
                hasSpareNormal = true
                return u * factor
            }
        }
    }

    /// A standard normal deviate truncated to `[-limit, limit]` by rejection (`limit` > 0).
    @inline(__always)
    public mutating func nextTruncatedStandardNormal(limit: Double) -> Double {
        while true {
            let z = nextStandardNormal()
            if abs(z) <= limit { return z }
        }
    }

    /// A log-normal deviate `exp(μ + σ·Z)`.
    @inline(__always)
    public mutating func nextLogNormal(mu: Double, sigma: Double) -> Double {
        exp(mu + sigma * nextStandardNormal())
    }
}
