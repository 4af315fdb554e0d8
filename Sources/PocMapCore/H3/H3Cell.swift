// Derived from uber/h3 4.5.0 `src/h3lib/include/h3Index.h` and `src/h3lib/lib/h3Index.c` (bit layout, validity
// checks, digit rotations), translated to Swift (modified: methods on a value type instead of C macros).
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

/// A 64-bit H3 cell index (hexagon or pentagon), H3 4.5.
///
/// Bit layout (63 = most significant): bit 63 reserved (0), bits 59–62 mode (1 for cells), bits 56–58 reserved
/// (0), bits 52–55 resolution, bits 45–51 base cell, bits 0–44 fifteen 3-bit digits (resolution 1 in bits 42–44
/// … resolution 15 in bits 0–2; digits past the resolution are 7).
///
/// `init(rawValue:)` does not validate; use ``isValid`` or `init(string:)` for untrusted input.
public struct H3Cell: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 64-bit index.
    public let rawValue: UInt64

    /// Wraps a 64-bit index without validating it.
    @inline(__always)
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Parses a hexadecimal cell index (upper or lower case, optional `0x` prefix) and requires a valid cell.
    ///
    /// - Throws: ``H3Error/invalidString(_:)`` when the text is not 1–16 hex digits,
    ///   ``H3Error/invalidCell(_:)`` when the number is not a valid H3 cell.
    public init(string: String) throws(H3Error) {
        let cell = try H3.stringToH3(string)
        guard cell.isValid else { throw .invalidCell(cell.rawValue) }
        self = cell
    }

    /// The index as lowercase hexadecimal without leading zeros, e.g. `8c283082800b3ff`.
    public var description: String { String(rawValue, radix: 16) }

    /// Orders cells by their 64-bit value.
    @inline(__always)
    public static func < (lhs: H3Cell, rhs: H3Cell) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The resolution field (0–15); not validated.
    @inline(__always)
    public var resolution: Int { Int(truncatingIfNeeded: (rawValue & h3ResMask) >> h3ResOffset) }

    /// The base cell field (0–127; valid cells use 0–121); not validated.
    @inline(__always)
    public var baseCellNumber: Int { Int(truncatingIfNeeded: (rawValue & h3BCMask) >> h3BCOffset) }

    /// Whether this is a valid H3 cell index (`isValidCell`): mode 1 with zero reserved bits, base cell below
    /// 122, digits 0–6 up to the resolution and 7 after it, and no deleted pentagon sub-sequence.
    public var isValid: Bool {
        let h = rawValue
        // top 8 bits: high bit 0, mode 0001, reserved 000
        guard h >> 56 == 0b0000_1000 else { return false }
        let res = resolution
        let bc = baseCellNumber
        guard bc < numBaseCells else { return false }

        // no 7 digit in 1...res: the lowest 7 always leaves its high bit set in d & MHI & (~d - MLO)
        let mhi: UInt64 = 0b100100100100100100100100100100100100100100100
        let mlo: UInt64 = mhi >> 2
        let shift7 = UInt64(3 * (15 - res))
        var t = h >> shift7
        t = t << shift7
        if t & mhi & (~t &- mlo) != 0 { return false }

        // every digit after res is 7
        if res < 15 {
            let shift = UInt64(19 + 3 * res)
            let u = (~h << shift) >> shift
            if u != 0 { return false }
        }

        // pentagon base cell: the first non-zero digit must not be 1 (the highest set bit of the digit field
        // must not be the low bit of a digit)
        if isBaseCellPentagon(bc) {
            let d = (h << 19) >> 19
            if d != 0 && (63 - d.leadingZeroBitCount) % 3 == 0 { return false }
        }
        return true
    }

    /// Whether this index names a pentagon: a pentagon base cell with all digits 0 (`isPentagon`).
    @inline(__always)
    public var isPentagon: Bool {
        isBaseCellPentagon(baseCellNumber) && leadingNonZeroDigit == .center
    }

    /// Whether the resolution is Class III (odd), i.e. rotated ≈19.1° against the icosahedron faces.
    @inline(__always)
    public var isResClassIII: Bool { resolution & 1 == 1 }
}

// MARK: - Bit layout (h3Index.h)

let h3ModeOffset: UInt64 = 59
let h3BCOffset: UInt64 = 45
let h3ResOffset: UInt64 = 52
let h3ModeMask: UInt64 = 15 << 59
let h3BCMask: UInt64 = 127 << 45
let h3ResMask: UInt64 = 15 << 52
let h3DigitMask: UInt64 = 7
/// Mode 0, res 0, base cell 0, every digit 7 (`H3_INIT`).
let h3Init: UInt64 = 35_184_372_088_831
/// Bit 0, 1 and 2 of each of the 15 digits.
let digitBit0s: UInt64 = 0o111_111_111_111_111
let digitBit1s: UInt64 = 0o222_222_222_222_222
let digitBit2s: UInt64 = 0o444_444_444_444_444
/// The cell mode (`H3_CELL_MODE`).
let h3CellMode: UInt64 = 1

extension H3Cell {
    /// The digit at `resolution` (1–15), whatever the cell's own resolution (`H3_GET_INDEX_DIGIT`).
    @inline(__always)
    func digit(at resolution: Int) -> Direction {
        Direction(bits: rawValue >> UInt64(truncatingIfNeeded: (maxH3Res - resolution) * 3))
    }

    /// Sets the digit at `resolution` (1–15) (`H3_SET_INDEX_DIGIT`).
    @inline(__always)
    mutating func setDigit(_ d: Direction, at resolution: Int) {
        let shift = UInt64(truncatingIfNeeded: (maxH3Res - resolution) * 3)
        self = H3Cell(rawValue: (rawValue & ~(h3DigitMask << shift)) | (UInt64(d.rawValue) << shift))
    }

    /// Sets the resolution field (`H3_SET_RESOLUTION`).
    @inline(__always)
    mutating func setResolution(_ r: Int) {
        self = H3Cell(rawValue: (rawValue & ~h3ResMask) | (UInt64(truncatingIfNeeded: r) << h3ResOffset))
    }

    /// Sets the base cell field (`H3_SET_BASE_CELL`).
    @inline(__always)
    mutating func setBaseCell(_ bc: Int) {
        self = H3Cell(rawValue: (rawValue & ~h3BCMask) | (UInt64(truncatingIfNeeded: bc) << h3BCOffset))
    }

    /// Sets the mode field (`H3_SET_MODE`).
    @inline(__always)
    mutating func setMode(_ mode: UInt64) {
        self = H3Cell(rawValue: (rawValue & ~h3ModeMask) | (mode << h3ModeOffset))
    }

    /// A cell index of the given resolution and base cell with every digit 1...resolution set to `fillDigit`
    /// (`setH3Index`).
    @inline(__always)
    static func makeCell(resolution: Int, baseCell: Int, fillDigit: Direction) -> H3Cell {
        var h = H3Cell(rawValue: h3Init)
        h.setMode(h3CellMode)
        h.setResolution(resolution)
        h.setBaseCell(baseCell)
        if resolution > 0 {
            for r in 1...resolution { h.setDigit(fillDigit, at: r) }
        }
        return h
    }

    /// The first non-zero digit from resolution 1 up to the cell's resolution, or `.center` when all are zero
    /// (`_h3LeadingNonZeroDigit`).
    @inline(__always)
    var leadingNonZeroDigit: Direction {
        let res = resolution
        if res == 0 { return .center }
        // The digits 1...res occupy the 3*res bits below bit 45; the highest set bit there belongs to the
        // leading non-zero digit.
        let shift = UInt64(3 * (15 - res))
        let digits = (rawValue & ((1 << 45) - 1)) >> shift
        if digits == 0 { return .center }
        let top = 63 - digits.leadingZeroBitCount  // bit of the leading non-zero digit within `digits`
        return Direction(bits: digits >> UInt64(top - top % 3))
    }

    /// All digits 1...resolution rotated 60° counter-clockwise (`_h3Rotate60ccw`).
    ///
    /// Word-parallel instead of C's digit loop (same result for every digit 0–7, checked against the loop in
    /// `H3CoreCellTests`): a digit with one bit set gains the bit "rotated right" within the digit
    /// (4→6, 2→3, 1→5), a digit with two bits keeps their intersection with the rotated digit (6→2, 3→1, 5→4),
    /// and 0 and 7 are fixed points of both rules.
    @inline(__always)
    func rotated60ccw() -> H3Cell {
        let (d, mask) = digitField
        // rotate each digit's bits right by one: (a, b, c) -> (c, a, b)
        let rot = ((d >> 1) & (digitBit0s | digitBit1s)) | ((d & digitBit0s) << 2)
        return H3Cell(rawValue: (rawValue & ~mask) | (Self.combineRotation(d, rot) & mask))
    }

    /// All digits 1...resolution rotated 60° clockwise (`_h3Rotate60cw`); word-parallel like `rotated60ccw`
    /// with the bits rotated left (1→3, 2→6, 4→5; 3→2, 6→4, 5→1).
    @inline(__always)
    func rotated60cw() -> H3Cell {
        let (d, mask) = digitField
        // rotate each digit's bits left by one: (a, b, c) -> (b, c, a)
        let rot = ((d << 1) & (digitBit1s | digitBit2s)) | ((d >> 2) & digitBit0s)
        return H3Cell(rawValue: (rawValue & ~mask) | (Self.combineRotation(d, rot) & mask))
    }

    /// The digits 1...resolution in place (others zero) and their mask.
    @inline(__always)
    private var digitField: (digits: UInt64, mask: UInt64) {
        let res = UInt64(truncatingIfNeeded: resolution)
        let shift = 3 &* (15 &- res)
        let mask: UInt64 = ((1 << (3 &* res)) &- 1) << shift
        return (rawValue & mask, mask)
    }

    /// Per digit: `d | rot` where d has at most one bit set, `d & rot` where it has two or three.
    @inline(__always)
    private static func combineRotation(_ d: UInt64, _ rot: UInt64) -> UInt64 {
        // majority of the digit's three bits, at bit 0 of each digit, spread to all three bits
        let maj = (((d >> 1) & d) | ((d >> 2) & d) | ((d >> 2) & (d >> 1))) & digitBit0s
        let m = maj &* 7
        return (d & rot & m) | ((d | rot) & ~m)
    }

    /// Rotated 60° counter-clockwise about a pentagon centre, skipping the deleted k-axes sub-sequence
    /// (`_h3RotatePent60ccw`).
    func rotatedPent60ccw() -> H3Cell {
        var h = self
        var foundFirstNonZeroDigit = false
        let res = h.resolution
        var r = 1
        while r <= res {
            h.setDigit(h.digit(at: r).rotated60ccw(), at: r)
            if !foundFirstNonZeroDigit && h.digit(at: r) != .center {
                foundFirstNonZeroDigit = true
                if h.leadingNonZeroDigit == .k { h = h.rotated60ccw() }
            }
            r += 1
        }
        return h
    }

    /// Rotated 60° clockwise about a pentagon centre, skipping the deleted k-axes sub-sequence
    /// (`_h3RotatePent60cw`).
    func rotatedPent60cw() -> H3Cell {
        var h = self
        var foundFirstNonZeroDigit = false
        let res = h.resolution
        var r = 1
        while r <= res {
            h.setDigit(h.digit(at: r).rotated60cw(), at: r)
            if !foundFirstNonZeroDigit && h.digit(at: r) != .center {
                foundFirstNonZeroDigit = true
                if h.leadingNonZeroDigit == .k { h = h.rotated60cw() }
            }
            r += 1
        }
        return h
    }

    /// Sets digits `start...end` to zero; no-op when start > end (`_zeroIndexDigits`).
    @inline(__always)
    func zeroingDigits(from start: Int, through end: Int) -> H3Cell {
        if start > end { return self }
        var m: UInt64 = 0
        m = ~m
        m <<= UInt64(3 * (end - start + 1))
        m = ~m
        m <<= UInt64(3 * (maxH3Res - end))
        m = ~m
        return H3Cell(rawValue: rawValue & m)
    }
}
