// Derived from uber/h3 4.5.0 `src/h3lib/include/coordijk.h`, `src/h3lib/include/mathExtensions.h` and
// `src/h3lib/lib/vec2d.c`, translated to Swift (modified: methods on value types instead of C functions).
// Copyright 2016-2018, 2020-2022, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.
//
// Integer arithmetic on IJK coordinates uses wrapping operators (`&+`, `&-`, `&*`). For every coordinate the
// indexing code produces, no operation overflows (the same precondition the C code has); wrapping keeps the
// behaviour of the C build on hostile input instead of trapping, and drops the overflow branches from the hot
// loops. Functions that must detect overflow (`init(ij:)`, `upAp7Checked`) check explicitly, like C.

import Glibc

/// IJ hexagon coordinates: the i and j axes 120° apart, as used by local IJ coordinates.
public struct CoordIJ: Hashable, Sendable {
    /// The i component.
    public var i: Int32
    /// The j component.
    public var j: Int32

    /// Creates IJ coordinates from their components.
    public init(i: Int32, j: Int32) {
        self.i = i
        self.j = j
    }
}

/// An H3 digit: the direction of a child cell from its parent's centre, along the IJK axes.
enum Direction: UInt8, Sendable {
    case center = 0
    case k = 1
    case j = 2
    case jk = 3
    case i = 4
    case ik = 5
    case ij = 6
    case invalid = 7

    /// The digit for the low three bits of `value`.
    @inline(__always)
    init(bits value: UInt64) {
        self = Direction(rawValue: UInt8(truncatingIfNeeded: value & 7)) ?? .invalid
    }

    /// The digit rotated 60° counter-clockwise (`_rotate60ccw`): 1→5→4→6→2→3→1; 0 and 7 stay.
    @inline(__always)
    func rotated60ccw() -> Direction {
        switch self {
        case .k: return .ik
        case .ik: return .i
        case .i: return .ij
        case .ij: return .j
        case .j: return .jk
        case .jk: return .k
        default: return self
        }
    }

    /// The digit rotated 60° clockwise (`_rotate60cw`): 1→3→2→6→4→5→1; 0 and 7 stay.
    @inline(__always)
    func rotated60cw() -> Direction {
        switch self {
        case .k: return .jk
        case .jk: return .j
        case .j: return .ij
        case .ij: return .i
        case .i: return .ik
        case .ik: return .k
        default: return self
        }
    }

    /// The IJK unit vector of this digit (`UNIT_VECS`); `.invalid` maps to (1, 1, 1), which normalises to zero.
    @inline(__always)
    var unitVector: CoordIJK {
        let d = Int32(rawValue)
        return CoordIJK(i: (d >> 2) & 1, j: (d >> 1) & 1, k: d & 1)
    }
}

/// IJK hexagon coordinates: three axes 120° apart. The normalised form has no negative component and at least
/// one zero component.
struct CoordIJK: Hashable, Sendable {
    var i: Int32
    var j: Int32
    var k: Int32

    @inline(__always)
    init(i: Int32, j: Int32, k: Int32) {
        self.i = i
        self.j = j
        self.k = k
    }

    /// The origin (0, 0, 0).
    static let zero = CoordIJK(i: 0, j: 0, k: 0)

    @inline(__always)
    static func + (lhs: CoordIJK, rhs: CoordIJK) -> CoordIJK {
        CoordIJK(i: lhs.i &+ rhs.i, j: lhs.j &+ rhs.j, k: lhs.k &+ rhs.k)
    }

    @inline(__always)
    static func - (lhs: CoordIJK, rhs: CoordIJK) -> CoordIJK {
        CoordIJK(i: lhs.i &- rhs.i, j: lhs.j &- rhs.j, k: lhs.k &- rhs.k)
    }

    /// Multiplies every component by `factor` (`_ijkScale`).
    @inline(__always)
    mutating func scale(by factor: Int32) {
        i = i &* factor
        j = j &* factor
        k = k &* factor
    }

    /// Removes negative components, then the common minimum (`_ijkNormalize`).
    @inline(__always)
    mutating func normalize() {
        if i < 0 {
            j = j &- i
            k = k &- i
            i = 0
        }
        if j < 0 {
            i = i &- j
            k = k &- j
            j = 0
        }
        if k < 0 {
            i = i &- k
            j = j &- k
            k = 0
        }
        var m = i
        if j < m { m = j }
        if k < m { m = k }
        if m > 0 {
            i = i &- m
            j = j &- m
            k = k &- m
        }
    }

    /// The normalised copy of these coordinates.
    @inline(__always)
    func normalized() -> CoordIJK {
        var c = self
        c.normalize()
        return c
    }

    /// The digit of a unit (or zero) vector after normalisation, `.invalid` otherwise (`_unitIjkToDigit`).
    ///
    /// The normalised unit vectors are exactly the 0/1 triples other than (1, 1, 1), and digit d is the triple
    /// (bit 2, bit 1, bit 0) of d, so the C table scan reduces to a bit test.
    @inline(__always)
    var unitDigit: Direction {
        let c = normalized()
        if UInt32(bitPattern: c.i | c.j | c.k) > 1 { return .invalid }
        return Direction(rawValue: UInt8(truncatingIfNeeded: (c.i << 2) | (c.j << 1) | c.k)) ?? .invalid
    }

    /// Replaces the coordinates by those of the parent in a counter-clockwise aperture-7 grid (`_upAp7`).
    @inline(__always)
    mutating func upAp7() {
        let ii = i &- k
        let jj = j &- k
        i = roundedSevenths(3 &* ii &- jj)
        j = roundedSevenths(ii &+ 2 &* jj)
        k = 0
        normalize()
    }

    /// Replaces the coordinates by those of the parent in a clockwise aperture-7 grid (`_upAp7r`).
    @inline(__always)
    mutating func upAp7r() {
        let ii = i &- k
        let jj = j &- k
        i = roundedSevenths(2 &* ii &+ jj)
        j = roundedSevenths(3 &* jj &- ii)
        k = 0
        normalize()
    }

    /// `upAp7` that reports signed-integer overflow instead of computing it (`_upAp7Checked`).
    mutating func upAp7Checked() throws(H3Error) {
        let ii = i &- k
        let jj = j &- k
        if ii >= int32Max3 || jj >= int32Max3 || ii < 0 || jj < 0 {
            if addInt32sOverflows(ii, ii) { throw .failed }
            let i2 = ii &+ ii
            if addInt32sOverflows(i2, ii) { throw .failed }
            let i3 = i2 &+ ii
            if addInt32sOverflows(jj, jj) { throw .failed }
            let j2 = jj &+ jj
            if subInt32sOverflows(i3, jj) { throw .failed }
            if addInt32sOverflows(ii, j2) { throw .failed }
        }
        i = roundedSevenths(ii &* 3 &- jj)
        j = roundedSevenths(ii &+ jj &* 2)
        k = 0
        if normalizeCouldOverflow { throw .failed }
        normalize()
    }

    /// `upAp7r` that reports signed-integer overflow instead of computing it (`_upAp7rChecked`).
    mutating func upAp7rChecked() throws(H3Error) {
        let ii = i &- k
        let jj = j &- k
        if ii >= int32Max3 || jj >= int32Max3 || ii < 0 || jj < 0 {
            if addInt32sOverflows(ii, ii) { throw .failed }
            let i2 = ii &+ ii
            if addInt32sOverflows(jj, jj) { throw .failed }
            let j2 = jj &+ jj
            if addInt32sOverflows(j2, jj) { throw .failed }
            let j3 = j2 &+ jj
            if addInt32sOverflows(i2, jj) { throw .failed }
            if subInt32sOverflows(j3, ii) { throw .failed }
        }
        i = roundedSevenths(ii &* 2 &+ jj)
        j = roundedSevenths(jj &* 3 &- ii)
        k = 0
        if normalizeCouldOverflow { throw .failed }
        normalize()
    }

    /// Whether `normalize()` of these coordinates (with k = 0) could overflow (`_ijkNormalizeCouldOverflow`).
    var normalizeCouldOverflow: Bool {
        let maxV: Int32
        let minV: Int32
        if i > j {
            maxV = i
            minV = j
        } else {
            maxV = j
            minV = i
        }
        if minV < 0 {
            if addInt32sOverflows(maxV, minV) { return true }
            if subInt32sOverflows(0, minV) { return true }
            if subInt32sOverflows(maxV, minV) { return true }
        }
        return false
    }

    /// `self = i·iVec + j·jVec + k·kVec`, normalised: the shared body of the aperture and rotation steps.
    @inline(__always)
    private mutating func transform(_ iVec: CoordIJK, _ jVec: CoordIJK, _ kVec: CoordIJK) {
        var a = iVec
        a.scale(by: i)
        var b = jVec
        b.scale(by: j)
        var c = kVec
        c.scale(by: k)
        self = a + b + c
        normalize()
    }

    /// The centre of this cell one aperture-7 counter-clockwise level finer (`_downAp7`).
    @inline(__always)
    mutating func downAp7() {
        transform(CoordIJK(i: 3, j: 0, k: 1), CoordIJK(i: 1, j: 3, k: 0), CoordIJK(i: 0, j: 1, k: 3))
    }

    /// The centre of this cell one aperture-7 clockwise level finer (`_downAp7r`).
    @inline(__always)
    mutating func downAp7r() {
        transform(CoordIJK(i: 3, j: 1, k: 0), CoordIJK(i: 0, j: 3, k: 1), CoordIJK(i: 1, j: 0, k: 3))
    }

    /// The centre of this cell one aperture-3 counter-clockwise level finer (`_downAp3`).
    @inline(__always)
    mutating func downAp3() {
        transform(CoordIJK(i: 2, j: 0, k: 1), CoordIJK(i: 1, j: 2, k: 0), CoordIJK(i: 0, j: 1, k: 2))
    }

    /// The centre of this cell one aperture-3 clockwise level finer (`_downAp3r`).
    @inline(__always)
    mutating func downAp3r() {
        transform(CoordIJK(i: 2, j: 1, k: 0), CoordIJK(i: 0, j: 2, k: 1), CoordIJK(i: 1, j: 0, k: 2))
    }

    /// Steps to the neighbouring cell in direction `digit`; centre and invalid digits do nothing (`_neighbor`).
    @inline(__always)
    mutating func neighbor(_ digit: Direction) {
        if digit != .center && digit != .invalid {
            self = self + digit.unitVector
            normalize()
        }
    }

    /// Rotates the coordinates 60° counter-clockwise (`_ijkRotate60ccw`).
    @inline(__always)
    mutating func rotate60ccw() {
        transform(CoordIJK(i: 1, j: 1, k: 0), CoordIJK(i: 0, j: 1, k: 1), CoordIJK(i: 1, j: 0, k: 1))
    }

    /// Rotates the coordinates 60° clockwise (`_ijkRotate60cw`).
    @inline(__always)
    mutating func rotate60cw() {
        transform(CoordIJK(i: 1, j: 0, k: 1), CoordIJK(i: 1, j: 1, k: 0), CoordIJK(i: 0, j: 1, k: 1))
    }

    /// Grid distance between two IJK coordinates (`ijkDistance`).
    func distance(to other: CoordIJK) -> Int32 {
        let diff = (self - other).normalized()
        let ai = abs(diff.i)
        let aj = abs(diff.j)
        let ak = abs(diff.k)
        return max(ai, max(aj, ak))
    }

    /// These IJK+ coordinates as IJ coordinates (`ijkToIj`).
    @inline(__always)
    func toIJ() -> CoordIJ {
        CoordIJ(i: i &- k, j: j &- k)
    }

    /// IJK+ coordinates from IJ coordinates; fails when normalising would overflow (`ijToIjk`).
    init(ij: CoordIJ) throws(H3Error) {
        self.init(i: ij.i, j: ij.j, k: 0)
        if normalizeCouldOverflow { throw .failed }
        normalize()
    }

    /// Converts IJK coordinates to cube coordinates in place (`ijkToCube`).
    mutating func toCube() {
        i = 0 &- i &+ k
        j = j &- k
        k = 0 &- i &- j
    }

    /// Converts cube coordinates to IJK coordinates in place (`cubeToIjk`).
    mutating func fromCube() {
        i = 0 &- i
        k = 0
        normalize()
    }

    /// The hex2d centre of this cell (`_ijkToHex2d`).
    @inline(__always)
    func toHex2d() -> Vec2d {
        let ii = i &- k
        let jj = j &- k
        return Vec2d(x: Double(ii) - 0.5 * Double(jj), y: Double(jj) * mSqrt3_2)
    }

    /// The IJK+ coordinates of the hex containing a hex2d point (`_hex2dToCoordIJK`, from DGGRID), copied
    /// literally: its comparisons decide every boundary case.
    @inline(__always)
    init(hex2d v: Vec2d) {
        var hi: Int32
        var hj: Int32

        let a1 = abs(v.x)
        let a2 = abs(v.y)

        // first do a reverse conversion
        let x2 = a2 * mRSin60
        let x1 = a1 + x2 / 2.0

        // check if we have the center of a hex
        let m1 = Int32(x1)
        let m2 = Int32(x2)

        // otherwise round correctly
        let r1 = x1 - Double(m1)
        let r2 = x2 - Double(m2)

        if r1 < 0.5 {
            if r1 < 1.0 / 3.0 {
                if r2 < (1.0 + r1) / 2.0 {
                    hi = m1
                    hj = m2
                } else {
                    hi = m1
                    hj = m2 + 1
                }
            } else {
                if r2 < (1.0 - r1) {
                    hj = m2
                } else {
                    hj = m2 + 1
                }
                if (1.0 - r1) <= r2 && r2 < (2.0 * r1) {
                    hi = m1 + 1
                } else {
                    hi = m1
                }
            }
        } else {
            if r1 < 2.0 / 3.0 {
                if r2 < (1.0 - r1) {
                    hj = m2
                } else {
                    hj = m2 + 1
                }
                if (2.0 * r1 - 1.0) < r2 && r2 < (1.0 - r1) {
                    hi = m1
                } else {
                    hi = m1 + 1
                }
            } else {
                if r2 < (r1 / 2.0) {
                    hi = m1 + 1
                    hj = m2
                } else {
                    hi = m1 + 1
                    hj = m2 + 1
                }
            }
        }

        // now fold across the axes if necessary
        if v.x < 0.0 {
            if (hj % 2) == 0 {  // even
                let axisi = Int64(hj / 2)
                let diff = Int64(hi) - axisi
                hi = Int32(Double(hi) - 2.0 * Double(diff))
            } else {
                let axisi = Int64((hj + 1) / 2)
                let diff = Int64(hi) - axisi
                hi = Int32(Double(hi) - (2.0 * Double(diff) + 1))
            }
        }

        if v.y < 0.0 {
            hi = hi - (2 * hj + 1) / 2
            hj = -1 * hj
        }

        self.init(i: hi, j: hj, k: 0)
        normalize()
    }
}

/// A 2-D vector: hex2d or gnomonic plane coordinates on one icosahedron face (`Vec2d`).
struct Vec2d: Sendable {
    var x: Double
    var y: Double

    /// `sqrt(x*x + y*y)`, not `hypot` (`_v2dMag`, H3.md §2 rule 11).
    @inline(__always)
    var magnitude: Double { (x * x + y * y).squareRoot() }

    /// Intersection of the lines p0–p1 and p2–p3, assumed to intersect (`_v2dIntersect`).
    static func intersect(_ p0: Vec2d, _ p1: Vec2d, _ p2: Vec2d, _ p3: Vec2d) -> Vec2d {
        let s1x = p1.x - p0.x
        let s1y = p1.y - p0.y
        let s2x = p3.x - p2.x
        let s2y = p3.y - p2.y
        let t = (s2x * (p0.y - p2.y) - s2y * (p0.x - p2.x)) / (-s2x * s1y + s1x * s2y)
        return Vec2d(x: p0.x + (t * s1x), y: p0.y + (t * s1y))
    }

    /// Whether both components differ by less than `FLT_EPSILON` (`_v2dAlmostEquals`).
    func almostEquals(_ other: Vec2d) -> Bool {
        abs(x - other.x) < fltEpsilon && abs(y - other.y) < fltEpsilon
    }
}

/// `(int)lround(n * M_ONESEVENTH)`, computed in integers.
///
/// Exactness: n/7 has fractional part r/7 (r = 0...6), at least 1/14 away from the rounding boundary ½, while
/// `Double(n) * M_ONESEVENTH` differs from n/7 by less than |n|/7 · 2⁻⁵² < 2⁻²³ for any 32-bit n. So C's
/// `lround` of the product always equals n/7 rounded half away from zero, i.e. `(|n| + 3) / 7` with n's sign.
/// This replaces two libm calls per resolution level in the indexing loop (measured: `llround` was 9 % of
/// `latLngToCell`). `H3CoreCoordIJKTests` compares it with `lround` over millions of values and the extremes.
@inline(__always)
func roundedSevenths(_ n: Int32) -> Int32 {
    let w = Int64(n)
    let q = w >= 0 ? (w + 3) / 7 : (w - 3) / 7
    return Int32(truncatingIfNeeded: q)
}

/// `(int)lround(n * M_ONESEVENTH)` exactly as C computes it, for tests of `roundedSevenths`.
func roundedSeventhsReference(_ n: Int32) -> Int32 {
    Int32(truncatingIfNeeded: lround(Double(n) * mOneSeventh))
}

/// `INT32_MAX / 3`.
private let int32Max3: Int32 = Int32.max / 3

/// Whether `a + b` overflows 32 bits (`ADD_INT32S_OVERFLOWS`).
@inline(__always)
func addInt32sOverflows(_ a: Int32, _ b: Int32) -> Bool {
    if a > 0 {
        return Int32.max - a < b
    } else {
        return Int32.min - a > b
    }
}

/// Whether `a - b` overflows 32 bits (`SUB_INT32S_OVERFLOWS`).
@inline(__always)
func subInt32sOverflows(_ a: Int32, _ b: Int32) -> Bool {
    if a >= 0 {
        return Int32.min + a >= b
    } else {
        return Int32.max + a + 1 < b
    }
}
