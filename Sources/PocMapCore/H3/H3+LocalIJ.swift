// Derived from uber/h3 4.5.0 `src/h3lib/lib/localij.c` (`cellToLocalIjk`, `localIjkToCell`, `cellToLocalIj`,
// `localIjToCell`, `gridDistance` and the tables `PENTAGON_ROTATIONS`, `PENTAGON_ROTATIONS_REVERSE`,
// `PENTAGON_ROTATIONS_REVERSE_NONPOLAR`, `PENTAGON_ROTATIONS_REVERSE_POLAR`, `FAILED_DIRECTIONS`) and
// `src/h3lib/lib/h3Index.c` (`_h3ToFaceIjkWithInitializedFijk`), translated to Swift (modified: typed throws
// instead of error codes, bounds-safe table access where C relies on assertions).
// Copyright 2018-2020 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

// MARK: - Public API

extension H3 {
    /// The local IJ coordinates of `cell` in a coordinate system anchored on `origin` (`cellToLocalIj`, mode 0).
    ///
    /// The coordinate space has deleted regions and warping near pentagons; coordinates are only comparable when
    /// they come from the same origin, and they are not stable across H3 versions (these are H3 4.5's). Like the
    /// C function, the inputs are not validated beyond what the algorithm needs.
    ///
    /// - Throws: ``H3Error/resolutionMismatch`` when the resolutions differ; ``H3Error/failed`` when the cells are
    ///   too far apart (their base cells are not neighbours) or a pentagon lies between them in a way H3 4.5 does
    ///   not unfold; ``H3Error/invalidCell(_:)`` for a base cell number outside 0...121 or an invalid pentagon
    ///   digit.
    public static func cellToLocalIj(origin: H3Cell, cell: H3Cell) throws(H3Error) -> CoordIJ {
        try cellToLocalIjk(origin: origin, cell: cell).toIJ()
    }

    /// The cell at local IJ coordinates `ij` anchored on `origin`: the inverse of ``cellToLocalIj(origin:cell:)``
    /// (`localIjToCell`, mode 0). Like the C function, `origin` is not validated.
    ///
    /// - Throws: ``H3Error/failed`` when the coordinates are out of range (too far from the origin, or integer
    ///   overflow), ``H3Error/pentagon`` when they fall in a pentagon's deleted region, ``H3Error/invalidCell(_:)``
    ///   for an origin with an invalid base cell or digit.
    public static func localIjToCell(origin: H3Cell, ij: CoordIJ) throws(H3Error) -> H3Cell {
        let ijk = try CoordIJK(ij: ij)
        return try localIjkToCell(origin: origin, ijk: ijk)
    }

    /// The grid distance between two cells: the number of steps between neighbouring cells on the shortest path
    /// (`gridDistance`), computed as in H3 4.5 from local IJK coordinates anchored on `a`.
    ///
    /// H3 4.5 cannot compute every distance: it fails when the cells are far apart (base cells not neighbours) and
    /// for some pairs on opposite sides of a pentagon. This function fails exactly where it does.
    ///
    /// - Throws: ``H3Error/invalidCell(_:)`` when `a` or `b` is not a valid cell (checked first, as h3-py does);
    ///   ``H3Error/resolutionMismatch`` when their resolutions differ; ``H3Error/failed`` when H3 4.5 cannot
    ///   compute the distance.
    public static func gridDistance(_ a: H3Cell, _ b: H3Cell) throws(H3Error) -> Int {
        guard a.isValid else { throw .invalidCell(a.rawValue) }
        guard b.isValid else { throw .invalidCell(b.rawValue) }
        let originIjk = try cellToLocalIjk(origin: a, cell: a)
        let cellIjk = try cellToLocalIjk(origin: a, cell: b)
        return Int(originIjk.distance(to: cellIjk))
    }
}

// MARK: - Local IJK

/// `cellToLocalIjk`: IJK+ coordinates of `cell` in the coordinate space of `origin`'s base cell.
func cellToLocalIjk(origin: H3Cell, cell: H3Cell) throws(H3Error) -> CoordIJK {
    var h3 = cell
    let res = origin.resolution

    if res != h3.resolution { throw .resolutionMismatch }

    let originBaseCell = origin.baseCellNumber
    let baseCell = h3.baseCellNumber
    if originBaseCell >= numBaseCells { throw .invalidCell(origin.rawValue) }
    if baseCell >= numBaseCells { throw .invalidCell(cell.rawValue) }

    // Direction from origin base cell to index base cell
    var dir = Direction.center
    var revDir = Direction.center
    if originBaseCell != baseCell {
        dir = getBaseCellDirection(origin: originBaseCell, neighbor: baseCell)
        if dir == .invalid {
            // Base cells are not neighbors, can't unfold.
            throw .failed
        }
        revDir = getBaseCellDirection(origin: baseCell, neighbor: originBaseCell)
        // C asserts this; base-cell adjacency is symmetric, so it cannot happen.
        if revDir == .invalid { throw .failed }
    }

    let originOnPent = isBaseCellPentagon(originBaseCell)
    let indexOnPent = isBaseCellPentagon(baseCell)

    if dir != .center {
        // Rotate index into the orientation of the origin base cell; cw because we are undoing the rotation into
        // that base cell.
        let baseCellRotations = getBaseCellNeighborRotations(originBaseCell, dir)
        var n = 0
        if indexOnPent {
            while n < baseCellRotations {
                h3 = h3.rotatedPent60cw()
                revDir = revDir.rotated60cw()
                if revDir == .k { revDir = revDir.rotated60cw() }
                n += 1
            }
        } else {
            while n < baseCellRotations {
                h3 = h3.rotated60cw()
                revDir = revDir.rotated60cw()
                n += 1
            }
        }
    }
    // Coordinates in base cell coordinate space (C starts from a zeroed FaceIJK; the face is unused).
    var coord = baseCellLocalIjk(h3)

    if dir != .center {
        var pentagonRotations = 0
        var directionRotations = 0

        if originOnPent {
            let originLeadingDigit = origin.leadingNonZeroDigit
            if originLeadingDigit == .invalid { throw .invalidCell(origin.rawValue) }
            if failedDirections(originLeadingDigit, dir) {
                // H3 4.5 may unfold the pentagon incorrectly here and reports failure instead.
                throw .failed
            }
            directionRotations = pentagonRotation(originLeadingDigit, dir)
            pentagonRotations = directionRotations
        } else if indexOnPent {
            let indexLeadingDigit = h3.leadingNonZeroDigit
            if indexLeadingDigit == .invalid { throw .invalidCell(cell.rawValue) }
            if failedDirections(indexLeadingDigit, revDir) {
                // H3 4.5 may unfold the pentagon incorrectly here and reports failure instead.
                throw .failed
            }
            pentagonRotations = pentagonRotation(revDir, indexLeadingDigit)
        }

        if pentagonRotations < 0 || directionRotations < 0 {
            // This occurs when an invalid K axis digit is present
            throw .invalidCell(originOnPent ? origin.rawValue : cell.rawValue)
        }

        var n = 0
        while n < pentagonRotations {
            coord.rotate60cw()
            n += 1
        }

        var offset = CoordIJK.zero
        offset.neighbor(dir)
        // Scale offset based on resolution
        var r = res - 1
        while r >= 0 {
            if (r + 1) & 1 == 1 {
                offset.downAp7()  // Class III: rotate ccw
            } else {
                offset.downAp7r()  // Class II: rotate cw
            }
            r -= 1
        }

        n = 0
        while n < directionRotations {
            offset.rotate60cw()
            n += 1
        }

        // Perform necessary translation
        coord = coord + offset
        coord.normalize()
    } else if originOnPent && indexOnPent {
        // Both on the same pentagon base cell.
        let originLeadingDigit = origin.leadingNonZeroDigit
        let indexLeadingDigit = h3.leadingNonZeroDigit

        if originLeadingDigit == .invalid { throw .invalidCell(origin.rawValue) }
        if indexLeadingDigit == .invalid { throw .invalidCell(cell.rawValue) }
        if failedDirections(originLeadingDigit, indexLeadingDigit) {
            // H3 4.5 may unfold the pentagon incorrectly here and reports failure instead.
            throw .failed
        }

        let withinPentagonRotations = pentagonRotation(originLeadingDigit, indexLeadingDigit)
        var n = 0
        while n < withinPentagonRotations {
            coord.rotate60cw()
            n += 1
        }
    }

    return coord
}

/// `localIjkToCell`: the cell at IJK+ coordinates `ijk` in the coordinate space of `origin`'s base cell.
func localIjkToCell(origin: H3Cell, ijk: CoordIJK) throws(H3Error) -> H3Cell {
    let res = origin.resolution
    let originBaseCell = origin.baseCellNumber
    if originBaseCell >= numBaseCells { throw .invalidCell(origin.rawValue) }
    let originOnPent = isBaseCellPentagon(originBaseCell)

    // This logic is very similar to faceIjkToH3: initialize the index
    var out = H3Cell(rawValue: h3Init)
    out.setMode(h3CellMode)
    out.setResolution(res)

    // check for res 0/base cell
    if res == 0 {
        let dir = ijk.unitDigit
        if dir == .invalid {
            // out of range input - not a unit vector or zero vector
            throw .failed
        }
        let newBaseCell = getBaseCellNeighbor(originBaseCell, dir)
        if newBaseCell == invalidBaseCell {
            // Moving in an invalid direction off a pentagon.
            throw .failed
        }
        out.setBaseCell(newBaseCell)
        return out
    }

    // Find the base cell offset (if any), starting with the origin's base cell and the res ijk coordinates in that
    // base cell's coordinate system; build the index from the finest resolution up.
    var ijkCopy = ijk
    var r = res - 1
    while r >= 0 {
        let lastIJK = ijkCopy
        var lastCenter: CoordIJK
        if (r + 1) & 1 == 1 {
            // Class III: rotate ccw
            try ijkCopy.upAp7Checked()
            lastCenter = ijkCopy
            lastCenter.downAp7()
        } else {
            // Class II: rotate cw
            try ijkCopy.upAp7rChecked()
            lastCenter = ijkCopy
            lastCenter.downAp7r()
        }
        var diff = lastIJK - lastCenter
        diff.normalize()
        out.setDigit(diff.unitDigit, at: r + 1)
        r -= 1
    }

    // ijkCopy now holds the IJK of the base cell in the coordinate system of the origin's base cell
    if ijkCopy.i > 1 || ijkCopy.j > 1 || ijkCopy.k > 1 {
        // out of range input
        throw .failed
    }

    // lookup the correct base cell
    var dir = ijkCopy.unitDigit
    var baseCell = getBaseCellNeighbor(originBaseCell, dir)
    // An invalid base cell here means the origin is a pentagon; pentagon base cells do not border each other.
    let indexOnPent = baseCell == invalidBaseCell ? false : isBaseCellPentagon(baseCell)

    if dir != .center {
        // The index is in a warped direction: unwarp the base cell direction; the digits may need rotating too.
        var pentagonRotations = 0
        if originOnPent {
            let originLeadingDigit = origin.leadingNonZeroDigit
            if originLeadingDigit == .invalid { throw .invalidCell(origin.rawValue) }
            pentagonRotations = pentagonRotationReverse(originLeadingDigit, dir)
            var n = 0
            while n < pentagonRotations {
                dir = dir.rotated60ccw()
                n += 1
            }
            // Landing on the deleted direction means the coordinate crosses pentagon distortion.
            if dir == .k { throw .pentagon }
            baseCell = getBaseCellNeighbor(originBaseCell, dir)
        }

        // Now we can determine the relation between the origin and target base cell.
        let baseCellRotations = getBaseCellNeighborRotations(originBaseCell, dir)

        if indexOnPent {
            // Adjust for pentagon warping within the base cell: first the different coordinate space of the two
            // base cells, then the pentagon rotations from the leading digit in the pentagon's system.
            let revDir = getBaseCellDirection(origin: baseCell, neighbor: originBaseCell)
            // C asserts this; base-cell adjacency is symmetric, so it cannot happen.
            if revDir == .invalid { throw .failed }

            var n = 0
            while n < baseCellRotations {
                out = out.rotated60ccw()
                n += 1
            }

            let indexLeadingDigit = out.leadingNonZeroDigit
            // Unreachable: this function never generates an invalid digit above.
            if indexLeadingDigit == .invalid { throw .invalidCell(out.rawValue) }
            if isBaseCellPolarPentagon(baseCell) {
                pentagonRotations = pentagonRotationReversePolar(revDir, indexLeadingDigit)
            } else {
                pentagonRotations = pentagonRotationReverseNonPolar(revDir, indexLeadingDigit)
            }
            // Unreachable: revDir would need to be 1 (the deleted direction of the pentagon).
            if pentagonRotations < 0 { throw .invalidCell(out.rawValue) }

            n = 0
            while n < pentagonRotations {
                out = out.rotatedPent60ccw()
                n += 1
            }
        } else {
            if pentagonRotations < 0 { throw .invalidCell(origin.rawValue) }
            var n = 0
            while n < pentagonRotations {
                out = out.rotated60ccw()
                n += 1
            }
            // Adjust for the different coordinate space in the two base cells.
            n = 0
            while n < baseCellRotations {
                out = out.rotated60ccw()
                n += 1
            }
        }
    } else if originOnPent && indexOnPent {
        let originLeadingDigit = origin.leadingNonZeroDigit
        let indexLeadingDigit = out.leadingNonZeroDigit

        if originLeadingDigit == .invalid { throw .invalidCell(origin.rawValue) }
        if indexLeadingDigit == .invalid { throw .invalidCell(out.rawValue) }
        let withinPentagonRotations = pentagonRotationReverse(originLeadingDigit, indexLeadingDigit)
        if withinPentagonRotations < 0 {
            // This occurs when an invalid K axis digit is present
            throw .invalidCell(origin.rawValue)
        }
        var n = 0
        while n < withinPentagonRotations {
            out = out.rotated60ccw()
            n += 1
        }
    }

    if indexOnPent {
        // Cases failed by cellToLocalIjk that are not accounted for above: fail if the recovered index is invalid.
        if out.leadingNonZeroDigit == .k { throw .pentagon }
    }

    out.setBaseCell(baseCell)
    return out
}

/// The IJK+ coordinates of a cell's centre relative to its base cell's centre, in the base cell's coordinate system
/// (`_h3ToFaceIjkWithInitializedFijk` started from a zeroed `FaceIJK`, as `cellToLocalIjk` calls it).
@inline(__always)
private func baseCellLocalIjk(_ h: H3Cell) -> CoordIJK {
    var ijk = CoordIJK.zero
    let res = h.resolution
    var r = 1
    while r <= res {
        if r & 1 == 1 {
            ijk.downAp7()  // Class III == rotate ccw
        } else {
            ijk.downAp7r()  // Class II == rotate cw
        }
        ijk.neighbor(h.digit(at: r))
        r += 1
    }
    return ijk
}

// MARK: - Tables (transcribed from localij.c)

/// Both digits must be 0...6; `.invalid` is ruled out by the callers (C indexes the arrays directly).
@inline(__always)
private func tableSlot(_ row: Direction, _ column: Direction) -> Int {
    Int(row.rawValue) &* 7 &+ Int(column.rawValue)
}

/// `PENTAGON_ROTATIONS[row][column]`; 0 for an out-of-range digit (unreachable).
@inline(__always)
private func pentagonRotation(_ row: Direction, _ column: Direction) -> Int {
    guard row != .invalid && column != .invalid else { return 0 }
    return Int(pentagonRotations[tableSlot(row, column)])
}

@inline(__always)
private func pentagonRotationReverse(_ row: Direction, _ column: Direction) -> Int {
    guard row != .invalid && column != .invalid else { return 0 }
    return Int(pentagonRotationsReverse[tableSlot(row, column)])
}

@inline(__always)
private func pentagonRotationReverseNonPolar(_ row: Direction, _ column: Direction) -> Int {
    guard row != .invalid && column != .invalid else { return 0 }
    return Int(pentagonRotationsReverseNonPolar[tableSlot(row, column)])
}

@inline(__always)
private func pentagonRotationReversePolar(_ row: Direction, _ column: Direction) -> Int {
    guard row != .invalid && column != .invalid else { return 0 }
    return Int(pentagonRotationsReversePolar[tableSlot(row, column)])
}

/// `FAILED_DIRECTIONS[row][column]`; false for an out-of-range digit (unreachable).
@inline(__always)
private func failedDirections(_ row: Direction, _ column: Direction) -> Bool {
    guard row != .invalid && column != .invalid else { return false }
    return failedDirectionsTable[tableSlot(row, column)]
}

/// Origin leading digit -> index leading digit -> rotations 60 cw; either being 1 (K axis) is invalid
/// (`PENTAGON_ROTATIONS`).
private let pentagonRotations: [Int8] = [
    0, -1, 0, 0, 0, 0, 0,  // 0
    -1, -1, -1, -1, -1, -1, -1,  // 1
    0, -1, 0, 0, 0, 1, 0,  // 2
    0, -1, 0, 0, 1, 1, 0,  // 3
    0, -1, 0, 5, 0, 0, 0,  // 4
    0, -1, 5, 5, 0, 0, 0,  // 5
    0, -1, 0, 0, 0, 0, 0,  // 6
]

/// Reverse base cell direction -> leading index digit -> rotations 60 ccw, reversing `PENTAGON_ROTATIONS` when the
/// origin is on a pentagon (`PENTAGON_ROTATIONS_REVERSE`).
private let pentagonRotationsReverse: [Int8] = [
    0, 0, 0, 0, 0, 0, 0,  // 0
    -1, -1, -1, -1, -1, -1, -1,  // 1
    0, 1, 0, 0, 0, 0, 0,  // 2
    0, 1, 0, 0, 0, 1, 0,  // 3
    0, 5, 0, 0, 0, 0, 0,  // 4
    0, 5, 0, 5, 0, 0, 0,  // 5
    0, 0, 0, 0, 0, 0, 0,  // 6
]

/// As `pentagonRotationsReverse`, when the index is on a non-polar pentagon and the origin is not
/// (`PENTAGON_ROTATIONS_REVERSE_NONPOLAR`).
private let pentagonRotationsReverseNonPolar: [Int8] = [
    0, 0, 0, 0, 0, 0, 0,  // 0
    -1, -1, -1, -1, -1, -1, -1,  // 1
    0, 1, 0, 0, 0, 0, 0,  // 2
    0, 1, 0, 0, 0, 1, 0,  // 3
    0, 5, 0, 0, 0, 0, 0,  // 4
    0, 1, 0, 5, 1, 1, 0,  // 5
    0, 0, 0, 0, 0, 0, 0,  // 6
]

/// As `pentagonRotationsReverse`, when the index is on a polar pentagon and the origin is not
/// (`PENTAGON_ROTATIONS_REVERSE_POLAR`).
private let pentagonRotationsReversePolar: [Int8] = [
    0, 0, 0, 0, 0, 0, 0,  // 0
    -1, -1, -1, -1, -1, -1, -1,  // 1
    0, 1, 1, 1, 1, 1, 1,  // 2
    0, 1, 0, 0, 0, 1, 0,  // 3
    0, 1, 0, 0, 1, 1, 1,  // 4
    0, 1, 0, 5, 1, 1, 0,  // 5
    0, 1, 1, 0, 1, 1, 1,  // 6
]

/// Prohibited directions when unfolding a pentagon: direction of the origin, direction of the index, both relative
/// to the pentagon base cell (`FAILED_DIRECTIONS`). Any unfolding across more than one icosahedron face fails.
private let failedDirectionsTable: [Bool] = [
    false, false, false, false, false, false, false,  // 0
    false, false, false, false, false, false, false,  // 1
    false, false, false, false, true, true, false,  // 2
    false, false, false, false, true, false, true,  // 3
    false, false, true, true, false, false, false,  // 4
    false, false, true, false, false, false, true,  // 5
    false, false, false, true, false, true, false,  // 6
]
