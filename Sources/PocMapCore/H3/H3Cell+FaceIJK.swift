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

        // build the H3Index from finest res up; adjust r for the fact that the res 0 base cell offsets the
        // indexing digits
        var r = res - 1
        while r >= 0 {
            let lastIJK = fijkBC.coord
            var lastCenter: CoordIJK
            if isResolutionClassIII(r + 1) {
                // rotate ccw
                fijkBC.coord.upAp7()
                lastCenter = fijkBC.coord
                lastCenter.downAp7()
            } else {
                // rotate cw
                fijkBC.coord.upAp7r()
                lastCenter = fijkBC.coord
                lastCenter.downAp7r()
            }
            let diff = (lastIJK - lastCenter).normalized()
            h.setDigit(diff.unitDigit, at: r + 1)
            r -= 1
        }

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

        var r = 1
        while r <= res {
            if isResolutionClassIII(r) {
                // Class III == rotate ccw
                fijk.coord.downAp7()
            } else {
                // Class II == rotate cw
                fijk.coord.downAp7r()
            }
            fijk.coord.neighbor(digit(at: r))
            r += 1
        }
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
