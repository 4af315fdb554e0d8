/// Bit-level H3 index arithmetic for hot loops over cells already known to be valid (the density engine and the
/// region index validate their inputs once, then walk parents millions of times). The public, validating
/// equivalent is `H3.cellToParent`; these must agree with it, which the density fixtures and the brute-force
/// region tests check through the public API.
enum CellBits {
    /// The bits of the resolution field (bits 52...55).
    static let resolutionMask: UInt64 = 0xF << 52

    /// The resolution field of a raw index.
    @inline(__always)
    static func resolution(_ raw: UInt64) -> Int {
        Int(truncatingIfNeeded: (raw & resolutionMask) >> 52)
    }

    /// The ancestor at `resolution` of a valid cell whose resolution is `resolution` or finer: the resolution
    /// field set to `resolution` and every digit finer than it set to 7 ("unused"), as H3's cellToParent does.
    @inline(__always)
    static func parent(_ raw: UInt64, resolution: Int) -> UInt64 {
        assert(resolution >= 0 && resolution <= CellBits.resolution(raw), "CellBits.parent: resolution out of range")
        // Digits resolution+1 ... 15 occupy the low 3·(15 − resolution) bits.
        let digitBits = UInt64(3 * (15 - resolution))
        let fill: UInt64 = digitBits == 0 ? 0 : (1 << digitBits) - 1
        return (raw & ~resolutionMask) | (UInt64(resolution) << 52) | fill
    }
}
