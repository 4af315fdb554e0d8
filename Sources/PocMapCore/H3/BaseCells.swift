// Derived from uber/h3 4.5.0 `src/h3lib/lib/baseCells.c` and `src/h3lib/include/baseCells.h`, translated to
// Swift (modified: flat Swift tables instead of nested C arrays). The tables `baseCellData` and
// `faceIjkBaseCells` are transcribed verbatim from baseCells.c.
// Copyright 2016-2021 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

/// A face number and IJK coordinates on that face (`FaceIJK`).
struct FaceIJK: Hashable, Sendable {
    /// Icosahedron face, 0–19.
    var face: Int
    /// IJK coordinates in the face-centred coordinate system.
    var coord: CoordIJK

    @inline(__always)
    init(face: Int, coord: CoordIJK) {
        self.face = face
        self.coord = coord
    }
}

/// Resolution-0 data of one base cell (`BaseCellData`).
struct BaseCellData: Sendable {
    /// The "home" face.
    let homeFace: Int
    /// Normalised IJK coordinates on the home face.
    let homeIJK: CoordIJK
    /// Whether the base cell is a pentagon.
    let isPentagon: Bool
    /// For a pentagon, its two clockwise-offset faces (-1 when it has none); (0, 0) for hexagons.
    let cwOffsetFaces: (Int, Int)

    /// The home face and coordinates as a `FaceIJK`.
    @inline(__always)
    var homeFijk: FaceIJK { FaceIJK(face: homeFace, coord: homeIJK) }
}

/// The invalid base cell number used by neighbour tables (`INVALID_BASE_CELL`).
let invalidBaseCell = 127

/// Whether `bc` is one of the 12 pentagon base cells; false outside 0...121 (`_isBaseCellPentagon`).
@inline(__always)
func isBaseCellPentagon(_ bc: Int) -> Bool {
    // 4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117 as bits of two words (derived from baseCellData; the
    // test suite checks it against the table).
    if bc < 0 || bc >= numBaseCells { return false }
    let word = bc < 64 ? pentagonBitsLow : pentagonBitsHigh
    return (word >> UInt64(bc & 63)) & 1 == 1
}

private let pentagonBitsLow: UInt64 =
    (1 << 4) | (1 << 14) | (1 << 24) | (1 << 38) | (1 << 49) | (1 << 58) | (1 << 63)
private let pentagonBitsHigh: UInt64 =
    (1 << (72 - 64)) | (1 << (83 - 64)) | (1 << (97 - 64)) | (1 << (107 - 64)) | (1 << (117 - 64))

/// Whether `bc` is a polar pentagon (4 or 117), whose neighbours are all oriented towards it
/// (`_isBaseCellPolarPentagon`).
@inline(__always)
func isBaseCellPolarPentagon(_ bc: Int) -> Bool { bc == 4 || bc == 117 }

/// Whether `face` is one of the clockwise-offset faces of base cell `bc` (`_baseCellIsCwOffset`).
@inline(__always)
func baseCellIsCwOffset(_ bc: Int, face: Int) -> Bool {
    let faces = baseCellData[bc].cwOffsetFaces
    return faces.0 == face || faces.1 == face
}

/// Flat index of a res-0 FaceIJK in `faceIjkBaseCells` (2 entries per slot).
@inline(__always)
private func faceIjkSlot(_ f: FaceIJK) -> Int {
    (f.face * 27 + Int(f.coord.i) * 9 + Int(f.coord.j) * 3 + Int(f.coord.k)) * 2
}

/// The base cell at a res-0 FaceIJK; coordinates must be within 0...2 (`_faceIjkToBaseCell`).
@inline(__always)
func faceIjkToBaseCell(_ f: FaceIJK) -> Int {
    Int(faceIjkBaseCells[faceIjkSlot(f)])
}

/// The number of 60° counter-clockwise rotations from the face's system into the base cell's system at a
/// res-0 FaceIJK (`_faceIjkToBaseCellCCWrot60`).
@inline(__always)
func faceIjkToBaseCellCCWrot60(_ f: FaceIJK) -> Int {
    Int(faceIjkBaseCells[faceIjkSlot(f) + 1])
}

/// The number of 60° ccw rotations of base cell `bc`'s system on `face`, or -1 when the base cell does not
/// appear on that face (`_baseCellToCCWrot60`).
func baseCellToCCWrot60(_ bc: Int, face: Int) -> Int {
    // C accepts face 20 and reads past its table; no base cell can match there.
    if face < 0 || face >= numIcosaFaces { return -1 }
    for slot in 0..<27 {
        let at = (face * 27 + slot) * 2
        if Int(faceIjkBaseCells[at]) == bc { return Int(faceIjkBaseCells[at + 1]) }
    }
    return -1
}

/// Resolution-0 base cell data, indexed by base cell number (`baseCellData`, transcribed).
let baseCellData: [BaseCellData] = [
    BaseCellData(
        homeFace: 1, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 0
    BaseCellData(
        homeFace: 2, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 1
    BaseCellData(
        homeFace: 1, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 2
    BaseCellData(
        homeFace: 2, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 3
    BaseCellData(
        homeFace: 0, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (-1, -1)),  // 4
    BaseCellData(
        homeFace: 1, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 5
    BaseCellData(
        homeFace: 1, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 6
    BaseCellData(
        homeFace: 2, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 7
    BaseCellData(
        homeFace: 0, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 8
    BaseCellData(
        homeFace: 2, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 9
    BaseCellData(
        homeFace: 1, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 10
    BaseCellData(
        homeFace: 1, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 11
    BaseCellData(
        homeFace: 3, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 12
    BaseCellData(
        homeFace: 3, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 13
    BaseCellData(
        homeFace: 11, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (2, 6)),  // 14
    BaseCellData(
        homeFace: 4, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 15
    BaseCellData(
        homeFace: 0, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 16
    BaseCellData(
        homeFace: 6, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 17
    BaseCellData(
        homeFace: 0, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 18
    BaseCellData(
        homeFace: 2, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 19
    BaseCellData(
        homeFace: 7, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 20
    BaseCellData(
        homeFace: 2, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 21
    BaseCellData(
        homeFace: 0, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 22
    BaseCellData(
        homeFace: 6, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 23
    BaseCellData(
        homeFace: 10, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (1, 5)),  // 24
    BaseCellData(
        homeFace: 6, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 25
    BaseCellData(
        homeFace: 3, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 26
    BaseCellData(
        homeFace: 11, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 27
    BaseCellData(
        homeFace: 4, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 28
    BaseCellData(
        homeFace: 3, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 29
    BaseCellData(
        homeFace: 0, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 30
    BaseCellData(
        homeFace: 4, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 31
    BaseCellData(
        homeFace: 5, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 32
    BaseCellData(
        homeFace: 0, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 33
    BaseCellData(
        homeFace: 7, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 34
    BaseCellData(
        homeFace: 11, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 35
    BaseCellData(
        homeFace: 7, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 36
    BaseCellData(
        homeFace: 10, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 37
    BaseCellData(
        homeFace: 12, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (3, 7)),  // 38
    BaseCellData(
        homeFace: 6, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 39
    BaseCellData(
        homeFace: 7, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 40
    BaseCellData(
        homeFace: 4, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 41
    BaseCellData(
        homeFace: 3, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 42
    BaseCellData(
        homeFace: 3, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 43
    BaseCellData(
        homeFace: 4, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 44
    BaseCellData(
        homeFace: 6, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 45
    BaseCellData(
        homeFace: 11, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 46
    BaseCellData(
        homeFace: 8, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 47
    BaseCellData(
        homeFace: 5, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 48
    BaseCellData(
        homeFace: 14, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (0, 9)),  // 49
    BaseCellData(
        homeFace: 5, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 50
    BaseCellData(
        homeFace: 12, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 51
    BaseCellData(
        homeFace: 10, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 52
    BaseCellData(
        homeFace: 4, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 53
    BaseCellData(
        homeFace: 12, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 54
    BaseCellData(
        homeFace: 7, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 55
    BaseCellData(
        homeFace: 11, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 56
    BaseCellData(
        homeFace: 10, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 57
    BaseCellData(
        homeFace: 13, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (4, 8)),  // 58
    BaseCellData(
        homeFace: 10, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 59
    BaseCellData(
        homeFace: 11, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 60
    BaseCellData(
        homeFace: 9, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 61
    BaseCellData(
        homeFace: 8, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 62
    BaseCellData(
        homeFace: 6, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (11, 15)),  // 63
    BaseCellData(
        homeFace: 8, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 64
    BaseCellData(
        homeFace: 9, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 65
    BaseCellData(
        homeFace: 14, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 66
    BaseCellData(
        homeFace: 5, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 67
    BaseCellData(
        homeFace: 16, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 68
    BaseCellData(
        homeFace: 8, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 69
    BaseCellData(
        homeFace: 5, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 70
    BaseCellData(
        homeFace: 12, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 71
    BaseCellData(
        homeFace: 7, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (12, 16)),  // 72
    BaseCellData(
        homeFace: 12, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 73
    BaseCellData(
        homeFace: 10, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 74
    BaseCellData(
        homeFace: 9, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 75
    BaseCellData(
        homeFace: 13, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 76
    BaseCellData(
        homeFace: 16, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 77
    BaseCellData(
        homeFace: 15, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 78
    BaseCellData(
        homeFace: 15, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 79
    BaseCellData(
        homeFace: 16, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 80
    BaseCellData(
        homeFace: 14, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 81
    BaseCellData(
        homeFace: 13, homeIJK: CoordIJK(i: 1, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 82
    BaseCellData(
        homeFace: 5, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (10, 19)),  // 83
    BaseCellData(
        homeFace: 8, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 84
    BaseCellData(
        homeFace: 14, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 85
    BaseCellData(
        homeFace: 9, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 86
    BaseCellData(
        homeFace: 14, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 87
    BaseCellData(
        homeFace: 17, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 88
    BaseCellData(
        homeFace: 12, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 89
    BaseCellData(
        homeFace: 16, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 90
    BaseCellData(
        homeFace: 17, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 91
    BaseCellData(
        homeFace: 15, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 92
    BaseCellData(
        homeFace: 16, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 93
    BaseCellData(
        homeFace: 9, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 94
    BaseCellData(
        homeFace: 15, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 95
    BaseCellData(
        homeFace: 13, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 96
    BaseCellData(
        homeFace: 8, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (13, 17)),  // 97
    BaseCellData(
        homeFace: 13, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 98
    BaseCellData(
        homeFace: 17, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 99
    BaseCellData(
        homeFace: 19, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 100
    BaseCellData(
        homeFace: 14, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 101
    BaseCellData(
        homeFace: 19, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 102
    BaseCellData(
        homeFace: 17, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 103
    BaseCellData(
        homeFace: 13, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 104
    BaseCellData(
        homeFace: 17, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 105
    BaseCellData(
        homeFace: 16, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 106
    BaseCellData(
        homeFace: 9, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (14, 18)),  // 107
    BaseCellData(
        homeFace: 15, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 108
    BaseCellData(
        homeFace: 15, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 109
    BaseCellData(
        homeFace: 18, homeIJK: CoordIJK(i: 0, j: 1, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 110
    BaseCellData(
        homeFace: 18, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 111
    BaseCellData(
        homeFace: 19, homeIJK: CoordIJK(i: 0, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 112
    BaseCellData(
        homeFace: 17, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 113
    BaseCellData(
        homeFace: 19, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 114
    BaseCellData(
        homeFace: 18, homeIJK: CoordIJK(i: 0, j: 1, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 115
    BaseCellData(
        homeFace: 18, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 116
    BaseCellData(
        homeFace: 19, homeIJK: CoordIJK(i: 2, j: 0, k: 0), isPentagon: true, cwOffsetFaces: (-1, -1)),  // 117
    BaseCellData(
        homeFace: 19, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 118
    BaseCellData(
        homeFace: 18, homeIJK: CoordIJK(i: 0, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 119
    BaseCellData(
        homeFace: 19, homeIJK: CoordIJK(i: 1, j: 0, k: 1), isPentagon: false, cwOffsetFaces: (0, 0)),  // 120
    BaseCellData(
        homeFace: 18, homeIJK: CoordIJK(i: 1, j: 0, k: 0), isPentagon: false, cwOffsetFaces: (0, 0)),  // 121
]

/// Base cell and ccw rotation count for each res-0 FaceIJK (`faceIjkBaseCells`, transcribed): a flat table of
/// (base cell, rotations) pairs at index `((face * 27) + i * 9 + j * 3 + k) * 2`, each row of the listing
/// holding one i for j, k = 0...2.
let faceIjkBaseCells: [UInt8] = [
    // face 0
    16, 0, 18, 0, 24, 0, 33, 0, 30, 0, 32, 3, 49, 1, 48, 3, 50, 3,  // i 0
    8, 0, 5, 5, 10, 5, 22, 0, 16, 0, 18, 0, 41, 1, 33, 0, 30, 0,  // i 1
    4, 0, 0, 5, 2, 5, 15, 1, 8, 0, 5, 5, 31, 1, 22, 0, 16, 0,  // i 2
    // face 1
    2, 0, 6, 0, 14, 0, 10, 0, 11, 0, 17, 3, 24, 1, 23, 3, 25, 3,  // i 0
    0, 0, 1, 5, 9, 5, 5, 0, 2, 0, 6, 0, 18, 1, 10, 0, 11, 0,  // i 1
    4, 1, 3, 5, 7, 5, 8, 1, 0, 0, 1, 5, 16, 1, 5, 0, 2, 0,  // i 2
    // face 2
    7, 0, 21, 0, 38, 0, 9, 0, 19, 0, 34, 3, 14, 1, 20, 3, 36, 3,  // i 0
    3, 0, 13, 5, 29, 5, 1, 0, 7, 0, 21, 0, 6, 1, 9, 0, 19, 0,  // i 1
    4, 2, 12, 5, 26, 5, 0, 1, 3, 0, 13, 5, 2, 1, 1, 0, 7, 0,  // i 2
    // face 3
    26, 0, 42, 0, 58, 0, 29, 0, 43, 0, 62, 3, 38, 1, 47, 3, 64, 3,  // i 0
    12, 0, 28, 5, 44, 5, 13, 0, 26, 0, 42, 0, 21, 1, 29, 0, 43, 0,  // i 1
    4, 3, 15, 5, 31, 5, 3, 1, 12, 0, 28, 5, 7, 1, 13, 0, 26, 0,  // i 2
    // face 4
    31, 0, 41, 0, 49, 0, 44, 0, 53, 0, 61, 3, 58, 1, 65, 3, 75, 3,  // i 0
    15, 0, 22, 5, 33, 5, 28, 0, 31, 0, 41, 0, 42, 1, 44, 0, 53, 0,  // i 1
    4, 4, 8, 5, 16, 5, 12, 1, 15, 0, 22, 5, 26, 1, 28, 0, 31, 0,  // i 2
    // face 5
    50, 0, 48, 0, 49, 3, 32, 0, 30, 3, 33, 3, 24, 3, 18, 3, 16, 3,  // i 0
    70, 0, 67, 0, 66, 3, 52, 3, 50, 0, 48, 0, 37, 3, 32, 0, 30, 3,  // i 1
    83, 0, 87, 3, 85, 3, 74, 3, 70, 0, 67, 0, 57, 1, 52, 3, 50, 0,  // i 2
    // face 6
    25, 0, 23, 0, 24, 3, 17, 0, 11, 3, 10, 3, 14, 3, 6, 3, 2, 3,  // i 0
    45, 0, 39, 0, 37, 3, 35, 3, 25, 0, 23, 0, 27, 3, 17, 0, 11, 3,  // i 1
    63, 0, 59, 3, 57, 3, 56, 3, 45, 0, 39, 0, 46, 3, 35, 3, 25, 0,  // i 2
    // face 7
    36, 0, 20, 0, 14, 3, 34, 0, 19, 3, 9, 3, 38, 3, 21, 3, 7, 3,  // i 0
    55, 0, 40, 0, 27, 3, 54, 3, 36, 0, 20, 0, 51, 3, 34, 0, 19, 3,  // i 1
    72, 0, 60, 3, 46, 3, 73, 3, 55, 0, 40, 0, 71, 3, 54, 3, 36, 0,  // i 2
    // face 8
    64, 0, 47, 0, 38, 3, 62, 0, 43, 3, 29, 3, 58, 3, 42, 3, 26, 3,  // i 0
    84, 0, 69, 0, 51, 3, 82, 3, 64, 0, 47, 0, 76, 3, 62, 0, 43, 3,  // i 1
    97, 0, 89, 3, 71, 3, 98, 3, 84, 0, 69, 0, 96, 3, 82, 3, 64, 0,  // i 2
    // face 9
    75, 0, 65, 0, 58, 3, 61, 0, 53, 3, 44, 3, 49, 3, 41, 3, 31, 3,  // i 0
    94, 0, 86, 0, 76, 3, 81, 3, 75, 0, 65, 0, 66, 3, 61, 0, 53, 3,  // i 1
    107, 0, 104, 3, 96, 3, 101, 3, 94, 0, 86, 0, 85, 3, 81, 3, 75, 0,  // i 2
    // face 10
    57, 0, 59, 0, 63, 3, 74, 0, 78, 3, 79, 3, 83, 3, 92, 3, 95, 3,  // i 0
    37, 0, 39, 3, 45, 3, 52, 0, 57, 0, 59, 0, 70, 3, 74, 0, 78, 3,  // i 1
    24, 0, 23, 3, 25, 3, 32, 3, 37, 0, 39, 3, 50, 3, 52, 0, 57, 0,  // i 2
    // face 11
    46, 0, 60, 0, 72, 3, 56, 0, 68, 3, 80, 3, 63, 3, 77, 3, 90, 3,  // i 0
    27, 0, 40, 3, 55, 3, 35, 0, 46, 0, 60, 0, 45, 3, 56, 0, 68, 3,  // i 1
    14, 0, 20, 3, 36, 3, 17, 3, 27, 0, 40, 3, 25, 3, 35, 0, 46, 0,  // i 2
    // face 12
    71, 0, 89, 0, 97, 3, 73, 0, 91, 3, 103, 3, 72, 3, 88, 3, 105, 3,  // i 0
    51, 0, 69, 3, 84, 3, 54, 0, 71, 0, 89, 0, 55, 3, 73, 0, 91, 3,  // i 1
    38, 0, 47, 3, 64, 3, 34, 3, 51, 0, 69, 3, 36, 3, 54, 0, 71, 0,  // i 2
    // face 13
    96, 0, 104, 0, 107, 3, 98, 0, 110, 3, 115, 3, 97, 3, 111, 3, 119, 3,  // i 0
    76, 0, 86, 3, 94, 3, 82, 0, 96, 0, 104, 0, 84, 3, 98, 0, 110, 3,  // i 1
    58, 0, 65, 3, 75, 3, 62, 3, 76, 0, 86, 3, 64, 3, 82, 0, 96, 0,  // i 2
    // face 14
    85, 0, 87, 0, 83, 3, 101, 0, 102, 3, 100, 3, 107, 3, 112, 3, 114, 3,  // i 0
    66, 0, 67, 3, 70, 3, 81, 0, 85, 0, 87, 0, 94, 3, 101, 0, 102, 3,  // i 1
    49, 0, 48, 3, 50, 3, 61, 3, 66, 0, 67, 3, 75, 3, 81, 0, 85, 0,  // i 2
    // face 15
    95, 0, 92, 0, 83, 0, 79, 0, 78, 0, 74, 3, 63, 1, 59, 3, 57, 3,  // i 0
    109, 0, 108, 0, 100, 5, 93, 1, 95, 0, 92, 0, 77, 1, 79, 0, 78, 0,  // i 1
    117, 4, 118, 5, 114, 5, 106, 1, 109, 0, 108, 0, 90, 1, 93, 1, 95, 0,  // i 2
    // face 16
    90, 0, 77, 0, 63, 0, 80, 0, 68, 0, 56, 3, 72, 1, 60, 3, 46, 3,  // i 0
    106, 0, 93, 0, 79, 5, 99, 1, 90, 0, 77, 0, 88, 1, 80, 0, 68, 0,  // i 1
    117, 3, 109, 5, 95, 5, 113, 1, 106, 0, 93, 0, 105, 1, 99, 1, 90, 0,  // i 2
    // face 17
    105, 0, 88, 0, 72, 0, 103, 0, 91, 0, 73, 3, 97, 1, 89, 3, 71, 3,  // i 0
    113, 0, 99, 0, 80, 5, 116, 1, 105, 0, 88, 0, 111, 1, 103, 0, 91, 0,  // i 1
    117, 2, 106, 5, 90, 5, 121, 1, 113, 0, 99, 0, 119, 1, 116, 1, 105, 0,  // i 2
    // face 18
    119, 0, 111, 0, 97, 0, 115, 0, 110, 0, 98, 3, 107, 1, 104, 3, 96, 3,  // i 0
    121, 0, 116, 0, 103, 5, 120, 1, 119, 0, 111, 0, 112, 1, 115, 0, 110, 0,  // i 1
    117, 1, 113, 5, 105, 5, 118, 1, 121, 0, 116, 0, 114, 1, 120, 1, 119, 0,  // i 2
    // face 19
    114, 0, 112, 0, 107, 0, 100, 0, 102, 0, 101, 3, 83, 1, 87, 3, 85, 3,  // i 0
    118, 0, 120, 0, 115, 5, 108, 1, 114, 0, 112, 0, 92, 1, 100, 0, 102, 0,  // i 1
    117, 0, 121, 5, 119, 5, 109, 1, 118, 0, 120, 0, 95, 1, 108, 1, 114, 0,  // i 2
]
