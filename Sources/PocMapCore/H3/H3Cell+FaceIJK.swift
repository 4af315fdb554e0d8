// Derived from uber/h3 4.5.0 `src/h3lib/lib/h3Index.c` (`_faceIjkToH3`, `vec3ToCell`, `_h3ToFaceIjk`,
// `_h3ToFaceIjkWithInitializedFijk`, `cellToVec3`), translated to Swift (modified: methods on value types).
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

extension FaceIJK {
    /// The H3 cell of this FaceIJK address at `res`, or nil when the coordinates fall outside the res-0 base
    /// cell range (`_faceIjkToH3`, whose failure value is `H3_NULL`).
    @inline(__always)
    func toCell(res: Int) -> H3Cell? {
        // initialize the index
        var h = H3Cell(rawValue: h3Init)
        h.setMode(h3CellMode)
        h.setResolution(res)

        // check for res 0/base cell
        if res == 0 {
            if coord.i > maxFaceCoord || coord.j > maxFaceCoord || coord.k > maxFaceCoord { return nil }
            h.setBaseCell(faceIjkToBaseCell(self))
            return h
        }

        // we need to find the correct base cell FaceIJK for this H3 index; start with the passed in face and
        // resolution res ijk coordinates in that face's coordinate system
        var fijkBC = self

        // Build the H3Index from finest res up. C keeps normalised IJK coordinates; this loop keeps the same
        // cells as IJ pairs (i - k, j - k) instead. That is exact: _upAp7/_upAp7r start by taking exactly
        // these differences, the aperture-7 steps and differences are linear and map (1, 1, 1) to a multiple
        // of itself, and `_unitIjkToDigit` normalises first, so no intermediate normalisation changes a
        // result. The base-cell coordinates are normalised once at the end.
        var ci = coord.i &- coord.k
        var cj = coord.j &- coord.k
        var digits: UInt64 = 0
        var r = res - 1
        while r >= 0 {
            let pi: Int32
            let pj: Int32
            let centerI: Int32
            let centerJ: Int32
            if isResolutionClassIII(r + 1) {
                // rotate ccw: _upAp7, then _downAp7 of the parent (IJ images (2i + j, 3j - i))
                pi = roundedSevenths(3 &* ci &- cj)
                pj = roundedSevenths(ci &+ 2 &* cj)
                centerI = 2 &* pi &+ pj
                centerJ = 3 &* pj &- pi
            } else {
                // rotate cw: _upAp7r, then _downAp7r of the parent (IJ images (3i - j, i + 2j))
                pi = roundedSevenths(2 &* ci &+ cj)
                pj = roundedSevenths(3 &* cj &- ci)
                centerI = 3 &* pi &- pj
                centerJ = pi &+ 2 &* pj
            }
            let digit = ijUnitDigit(ci &- centerI, cj &- centerJ)
            digits |= digit << UInt64(truncatingIfNeeded: 3 * (maxH3Res - (r + 1)))
            ci = pi
            cj = pj
            r -= 1
        }
        let digitMask: UInt64 = ((1 << UInt64(truncatingIfNeeded: 3 * res)) &- 1)
            << UInt64(truncatingIfNeeded: 3 * (maxH3Res - res))
        h = H3Cell(rawValue: (h.rawValue & ~digitMask) | digits)
        fijkBC.coord = CoordIJK(i: ci, j: cj, k: 0).normalized()

        // fijkBC should now hold the IJK of the base cell in the coordinate system of the current face
        if fijkBC.coord.i > maxFaceCoord || fijkBC.coord.j > maxFaceCoord || fijkBC.coord.k > maxFaceCoord {
            return nil
        }

        // lookup the correct base cell
        let baseCell = faceIjkToBaseCell(fijkBC)
        h.setBaseCell(baseCell)

        // rotate if necessary to get canonical base cell orientation for this base cell
        let numRots = faceIjkToBaseCellCCWrot60(fijkBC)
        if isBaseCellPentagon(baseCell) {
            // force rotation out of missing k-axes sub-sequence
            if h.leadingNonZeroDigit == .k {
                // check for a cw/ccw offset face; default is ccw
                if baseCellIsCwOffset(baseCell, face: fijkBC.face) {
                    h = h.rotated60cw()
                } else {
                    h = h.rotated60ccw()
                }
            }
            var i = 0
            while i < numRots {
                h = h.rotatedPent60ccw()
                i += 1
            }
        } else {
            var i = 0
            while i < numRots {
                h = h.rotated60ccw()
                i += 1
            }
        }
        return h
    }
}

/// The digit of the IJ difference (di, dj) between a cell and its parent's centre: the unit vectors are
/// k (-1, -1), jk (-1, 0), ik (0, -1), centre (0, 0), j (0, 1), i (1, 0), ij (1, 1); anything else is 7
/// (what `_unitIjkToDigit` returns for the normalised IJK form of the same difference).
@inline(__always)
func ijUnitDigit(_ di: Int32, _ dj: Int32) -> UInt64 {
    let a = UInt32(bitPattern: di &+ 1)
    let b = UInt32(bitPattern: dj &+ 1)
    if a > 2 || b > 2 { return 7 }
    // 3 bits per (a * 3 + b): 1, 3, 7, 5, 0, 2, 7, 4, 6
    let table: UInt64 = 1 | 3 << 3 | 7 << 6 | 5 << 9 | 0 << 12 | 2 << 15 | 7 << 18 | 4 << 21 | 6 << 24
    return (table >> UInt64(3 &* (a &* 3 &+ b))) & 7
}

extension H3Cell {
    /// The cell containing unit vector `v` at `res` (`vec3ToCell` after its argument checks).
    @inline(__always)
    static func fromVec3(_ v: Vec3d, res: Int) throws(H3Error) -> H3Cell {
        let fijk = vec3ToFaceIjk(v, res: res)
        guard let h = fijk.toCell(res: res) else { throw .failed }
        return h
    }

    /// Walks the digits down from the base cell's home FaceIJK `fijk`, and tells whether the result may lie
    /// on a neighbouring face (`_h3ToFaceIjkWithInitializedFijk`).
    @inline(__always)
    func faceIjkFromInitialized(_ fijk: inout FaceIJK) -> Bool {
        let res = resolution

        // center base cell hierarchy is entirely on this face
        var possibleOverage = true
        if !isBaseCellPentagon(baseCellNumber) && (res == 0 || fijk.coord == .zero) {
            possibleOverage = false
        }

        // C walks normalised IJK coordinates; the same cells are walked here as IJ pairs (i - k, j - k) and
        // normalised once at the end. Exact: every step is linear (or adds a unit vector) and maps (1, 1, 1)
        // to a multiple of itself, so normalising in between never changes the final normalised result.
        var ci = fijk.coord.i &- fijk.coord.k
        var cj = fijk.coord.j &- fijk.coord.k
        var r = 1
        while r <= res {
            if isResolutionClassIII(r) {
                // Class III == rotate ccw (_downAp7)
                (ci, cj) = (2 &* ci &+ cj, 3 &* cj &- ci)
            } else {
                // Class II == rotate cw (_downAp7r)
                (ci, cj) = (3 &* ci &- cj, ci &+ 2 &* cj)
            }
            // _neighbor: add the digit's unit vector (i, j, k) as (i - k, j - k); 0 and 7 do nothing
            let d = Int32(truncatingIfNeeded: (rawValue >> UInt64(truncatingIfNeeded: (maxH3Res - r) * 3)) & 7)
            if d != 7 {
                let dk = d & 1
                ci = ci &+ ((d >> 2) &- dk)
                cj = cj &+ (((d >> 1) & 1) &- dk)
            }
            r += 1
        }
        fijk.coord = CoordIJK(i: ci, j: cj, k: 0).normalized()
        return possibleOverage
    }

    /// The FaceIJK address of this cell on the face that contains its centre (`_h3ToFaceIjk`).
    ///
    /// - Throws: ``H3Error/invalidCell(_:)`` when the base cell field is 122 or more.
    @inline(__always)
    func toFaceIjk() throws(H3Error) -> FaceIJK {
        let baseCell = baseCellNumber
        if baseCell >= numBaseCells { throw .invalidCell(rawValue) }

        // adjust for the pentagonal missing sequence; all of sub-sequence 5 needs to be adjusted (and some of
        // sub-sequence 4 below)
        var h = self
        let isPent = isBaseCellPentagon(baseCell)
        if isPent && h.leadingNonZeroDigit == .ik { h = h.rotated60cw() }

        // start with the "home" face and ijk+ coordinates for the base cell of c
        var fijk = baseCellData[baseCell].homeFijk
        if !h.faceIjkFromInitialized(&fijk) { return fijk }  // no overage is possible; h lies on this face

        // if we're here we have the potential for an "overage"; i.e., it is possible that c lies on an
        // adjacent face
        let origIJK = fijk.coord

        // if we're in Class III, drop into the next finer Class II grid
        let hRes = h.resolution
        var res = hRes
        if isResolutionClassIII(res) {
            fijk.coord.downAp7r()
            res += 1
        }

        // adjust for overage if needed; a pentagon base cell with a leading 4 digit requires special handling
        let pentLeading4 = isPent && h.leadingNonZeroDigit == .i
        if fijk.adjustOverageClassII(res: res, pentLeading4: pentLeading4, substrate: false) != .noOverage {
            // if the base cell is a pentagon we have the potential for secondary overages
            if isPent {
                while fijk.adjustOverageClassII(res: res, pentLeading4: false, substrate: false) != .noOverage {}
            }
            if res != hRes { fijk.coord.upAp7r() }
        } else if res != hRes {
            fijk.coord = origIJK
        }
        return fijk
    }

    /// The unit vector of this cell's centre (`cellToVec3`).
    @inline(__always)
    func toVec3() throws(H3Error) -> Vec3d {
        let fijk = try toFaceIjk()
        return fijk.toVec3(res: resolution)
    }
}
