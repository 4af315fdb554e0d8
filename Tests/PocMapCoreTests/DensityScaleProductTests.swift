import Testing

@testable import PocMapCore

/// The HIP-17 scale of a resolution-10 hex, Π over r = 10 … 4 of clipped / unclipped along its chain of parents:
/// kept in 64-bit products while they fit, redone in 512 bits when one overflows. Both must give the same
/// rounded fraction.
@Suite("HIP-17 scale products: 64-bit and 512-bit")
struct DensityScaleProductTests {
    /// Levels 0…10 holding one chain of single hexes with these (clipped, unclipped) counts for resolutions 10…4.
    static func chain(_ counts: [(clipped: Int, unclipped: Int)]) -> [DensityLevel] {
        precondition(counts.count == DensityParameterSet.scaledResolutions.count)
        var levels = [DensityLevel](repeating: DensityLevel(), count: DensityParameterSet.finestResolution + 1)
        for (resolution, count) in zip(DensityParameterSet.scaledResolutions, counts) {
            levels[resolution].cells = [UInt64(resolution)]
            levels[resolution].clipped = [count.clipped]
            levels[resolution].unclipped = [count.unclipped]
            levels[resolution].parentIndex = resolution > DensityParameterSet.coarsestScaledResolution ? [0] : []
        }
        return levels
    }

    static let engine = DensityEngine(parameters: .hip17_2020)

    @Test("products too large for 64 bits take the 512-bit path and round the exact fraction")
    func overflowingProducts() {
        // (2^40 / 2^41)^7 = 1/128 = 0.0078125 → 0.0078 (half to even at four decimals); the denominators'
        // product is 2^287.
        let halves = Self.chain(Array(repeating: (1 << 40, 1 << 41), count: 7))
        #expect(Self.engine.scale(fromResolution10Index: 0, levels: halves) == Decimal4(tenThousandths: 78))
        // 3/4 seven times = 2187/16384 = 0.13348… → 0.1335, with each count multiplied by 2^30.
        let quarters = Self.chain(Array(repeating: (3 << 30, 4 << 30), count: 7))
        #expect(Self.engine.scale(fromResolution10Index: 0, levels: quarters) == Decimal4(tenThousandths: 1335))
    }

    @Test("on random chains, small or large, both paths agree", arguments: [1, 2, 3])
    func pathsAgree(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            let large = next(2) == 0
            let counts = (0..<7).map { _ -> (clipped: Int, unclipped: Int) in
                let unclipped = 1 + next(large ? 1 << 30 : 200)
                return (next(3) == 0 ? unclipped : 1 + next(unclipped), unclipped)
            }
            let levels = Self.chain(counts)
            #expect(
                Self.engine.scale(fromResolution10Index: 0, levels: levels)
                    == Self.engine.wideScale(fromResolution10Index: 0, levels: levels)
            )
        }
    }
}
