import Glibc
import Testing

@testable import PocMapCore

/// IJK coordinate algebra: the exact integer rewrites against the literal C formulas, and the digit algebra.
@Suite("H3 core CoordIJK (H3 4.5)")
struct H3CoreCoordIJKTests {
    @Test("roundedSevenths equals (int)lround(n * M_ONESEVENTH)")
    func roundedSeventhsMatchesLround() {
        // every n in a dense window around zero, then a seeded sweep of the whole Int32 range and the extremes
        for n in Int32(-200_000)...200_000 {
            #expect(roundedSevenths(n) == roundedSeventhsReference(n))
        }
        var rng = H3CoreRNG(seed: 7)
        var mismatches = 0
        for _ in 0..<2_000_000 {
            let n = Int32(truncatingIfNeeded: rng.next())
            if roundedSevenths(n) != roundedSeventhsReference(n) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        let extremes: [Int32] = [
            Int32.max, Int32.max - 3, Int32.min, Int32.min + 3,
            Int32.max / 7 * 7 - 4, Int32.max / 7 * 7 - 3, Int32.min / 7 * 7 + 3, Int32.min / 7 * 7 + 4,
        ]
        for n in extremes {
            #expect(roundedSevenths(n) == roundedSeventhsReference(n))
        }
    }

    @Test("normalize removes negatives and the common minimum")
    func normalize() {
        #expect(CoordIJK(i: 2, j: 3, k: 4).normalized() == CoordIJK(i: 0, j: 1, k: 2))
        #expect(CoordIJK(i: -1, j: 0, k: 0).normalized() == CoordIJK(i: 0, j: 1, k: 1))
        #expect(CoordIJK(i: 1, j: -2, k: 3).normalized() == CoordIJK(i: 3, j: 0, k: 5))
        #expect(CoordIJK.zero.normalized() == .zero)
    }

    @Test("unit vectors and digits round-trip; rotation cycles follow H3.md §3.2")
    func digits() {
        for raw in UInt8(0)...6 {
            let d = Direction(rawValue: raw)!
            #expect(d.unitVector.unitDigit == d)
        }
        #expect(CoordIJK(i: 2, j: 0, k: 0).unitDigit == .invalid)
        #expect(CoordIJK(i: 1, j: 1, k: 1).unitDigit == .center)  // normalises to zero
        let ccw: [Direction] = [.k, .ik, .i, .ij, .j, .jk, .k]
        for n in 0..<6 { #expect(ccw[n].rotated60ccw() == ccw[n + 1]) }
        for n in 0..<6 { #expect(ccw[n + 1].rotated60cw() == ccw[n]) }
        #expect(Direction.center.rotated60ccw() == .center)
        #expect(Direction.invalid.rotated60cw() == .invalid)
    }

    @Test("coordinate rotation agrees with digit rotation")
    func rotateCoordinates() {
        for raw in UInt8(1)...6 {
            let d = Direction(rawValue: raw)!
            var v = d.unitVector
            v.rotate60ccw()
            #expect(v.unitDigit == d.rotated60ccw())
            v = d.unitVector
            v.rotate60cw()
            #expect(v.unitDigit == d.rotated60cw())
        }
    }

    @Test("up is the inverse of down at both apertures")
    func upDownInverse() {
        var rng = H3CoreRNG(seed: 3)
        for _ in 0..<10_000 {
            let c = CoordIJK(
                i: Int32(rng.next() % 5000), j: Int32(rng.next() % 5000), k: Int32(rng.next() % 5000)
            ).normalized()
            var a = c
            a.downAp7()
            a.upAp7()
            #expect(a == c)
            var b = c
            b.downAp7r()
            b.upAp7r()
            #expect(b == c)
            var e = c
            e.downAp7()
            try? e.upAp7Checked()
            #expect(e == c)
        }
    }

    @Test("checked up-steps report overflow like C")
    func checkedOverflow() {
        var c = CoordIJK(i: Int32.max, j: 0, k: 0)
        #expect(throws: H3Error.failed) { try c.upAp7Checked() }
        var d = CoordIJK(i: 0, j: Int32.max, k: 0)
        #expect(throws: H3Error.failed) { try d.upAp7rChecked() }
        #expect(throws: H3Error.failed) { try CoordIJK(ij: CoordIJ(i: Int32.min, j: 5)) }
        #expect((try? CoordIJK(ij: CoordIJ(i: -1, j: 2))) == CoordIJK(i: 0, j: 3, k: 1))
    }

    @Test("IJ digit table equals the IJK unit digit for every small difference")
    func ijDigitTable() {
        for di in Int32(-3)...3 {
            for dj in Int32(-3)...3 {
                let expected = CoordIJK(i: di, j: dj, k: 0).unitDigit
                #expect(ijUnitDigit(di, dj) == UInt64(expected.rawValue))
            }
        }
    }

    @Test("IJ/cube conversions and distance")
    func conversions() throws {
        let c = CoordIJK(i: 3, j: 0, k: 2)
        #expect(c.toIJ() == CoordIJ(i: 1, j: -2))
        #expect(try CoordIJK(ij: c.toIJ()) == c.normalized())
        var cube = c
        cube.toCube()
        #expect(cube.i + cube.j + cube.k == 0)
        cube.fromCube()
        #expect(cube == c.normalized())
        #expect(CoordIJK.zero.distance(to: CoordIJK(i: 2, j: 0, k: 0)) == 2)
        #expect(CoordIJK(i: 1, j: 0, k: 0).distance(to: CoordIJK(i: 1, j: 1, k: 0)) == 1)
        #expect(CoordIJK(i: 1, j: 0, k: 0).distance(to: CoordIJK(i: 0, j: 1, k: 0)) == 2)  // axes 120° apart
    }

    @Test("hex2d quantisation inverts the centre for many cells")
    func hex2dRoundTrip() {
        var rng = H3CoreRNG(seed: 11)
        for _ in 0..<20_000 {
            let c = CoordIJK(
                i: Int32(rng.next() % 100_000), j: Int32(rng.next() % 100_000), k: Int32(rng.next() % 100_000)
            ).normalized()
            #expect(CoordIJK(hex2d: c.toHex2d()) == c)
        }
        // boundary case from the C code's first branch: exactly halfway along i rounds up
        #expect(CoordIJK(hex2d: Vec2d(x: 0.5, y: 0.0)) == CoordIJK(i: 1, j: 0, k: 0))
        #expect(CoordIJK(hex2d: Vec2d(x: -0.5, y: 0.0)) == CoordIJK(i: 0, j: 1, k: 1))
    }
}

/// A small seeded generator (H3CoreRNG) for reproducible test loops.
struct H3CoreRNG: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
