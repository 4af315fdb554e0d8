// Derived from uber/h3 4.5.0 `src/h3lib/lib/h3Index.c`, `src/h3lib/lib/baseCells.c`,
// `src/h3lib/lib/iterators.c` and `src/h3lib/lib/latLng.c` (public entry points), translated to Swift
// (modified: typed throws instead of error codes; arrays returned instead of caller-allocated buffers).
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

/// Units for lengths and distances.
public enum LengthUnit: Sendable {
    /// Kilometres on the authalic sphere (radius 6371.007180918475 km).
    case kilometers
    /// Metres on the authalic sphere.
    case meters
    /// Radians of arc on the unit sphere.
    case radians
}

/// Units for areas.
public enum AreaUnit: Sendable {
    /// Square kilometres on the authalic sphere.
    case squareKilometers
    /// Square metres on the authalic sphere.
    case squareMeters
    /// Steradians (square radians) on the unit sphere.
    case squareRadians
}

/// The H3 4.5 hierarchical hexagonal grid, bit-exact with the C reference library `uber/h3` 4.5.0 on x86-64
/// Linux with glibc.
///
/// Functions that take a cell validate it first and throw ``H3Error/invalidCell(_:)`` for an invalid index (as
/// the Python binding `h3==4.5.0` does); other errors are the C library's return codes.
public enum H3 {
    // MARK: Indexing

    /// The cell containing `point` at `resolution` (`latLngToCell`).
    ///
    /// Any finite latitude and longitude is accepted as is (no wrapping or clamping).
    /// - Throws: ``H3Error/invalidResolution(_:)`` outside 0...15; ``H3Error/latLngDomain`` for NaN or ±∞.
    @inline(__always)
    public static func latLngToCell(_ point: LatLng, resolution: Int) throws(H3Error) -> H3Cell {
        if resolution < 0 || resolution > maxH3Res { throw .invalidResolution(resolution) }
        if !point.lat.isFinite || !point.lng.isFinite { throw .latLngDomain }
        return try H3Cell.fromVec3(Vec3d(point), res: resolution)
    }

    /// The centre of `cell` (`cellToLatLng`).
    /// - Throws: ``H3Error/invalidCell(_:)``.
    @inline(__always)
    public static func cellToLatLng(_ cell: H3Cell) throws(H3Error) -> LatLng {
        try requireValid(cell)
        return try cell.toVec3().latLng
    }

    /// The boundary of `cell`: 5–10 vertices, counter-clockwise, not closed (`cellToBoundary`).
    /// - Throws: ``H3Error/invalidCell(_:)``.
    public static func cellToBoundary(_ cell: H3Cell) throws(H3Error) -> CellBoundary {
        try requireValid(cell)
        let fijk = try cell.toFaceIjk()
        if cell.isPentagon {
            return fijk.pentagonBoundary(res: cell.resolution)
        } else {
            return fijk.hexagonBoundary(res: cell.resolution)
        }
    }

    // MARK: Inspection

    /// The resolution field of `cell` (0...15), without validation.
    @inline(__always)
    public static func getResolution(_ cell: H3Cell) -> Int { cell.resolution }

    /// The base cell number of `cell`, without validation.
    @inline(__always)
    public static func getBaseCellNumber(_ cell: H3Cell) -> Int { cell.baseCellNumber }

    /// Whether `cell` is a valid H3 cell index.
    @inline(__always)
    public static func isValidCell(_ cell: H3Cell) -> Bool { cell.isValid }

    /// Whether `cell` is a pentagon (no validation, like C `isPentagon`).
    @inline(__always)
    public static func isPentagon(_ cell: H3Cell) -> Bool { cell.isPentagon }

    /// Whether `cell` has a Class III (odd) resolution.
    @inline(__always)
    public static func isResClassIII(_ cell: H3Cell) -> Bool { cell.isResClassIII }

    /// The icosahedron faces (0...19) that `cell` intersects, sorted ascending (`getIcosahedronFaces`).
    /// - Throws: ``H3Error/invalidCell(_:)``; ``H3Error/failed`` when the faces exceed the cell's maximum.
    public static func getIcosahedronFaces(_ cell: H3Cell) throws(H3Error) -> [Int] {
        try requireValid(cell)
        return try icosahedronFaces(cell)
    }

    private static func icosahedronFaces(_ h3: H3Cell) throws(H3Error) -> [Int] {
        var res = h3.resolution
        let isPent = h3.isPentagon

        // Class II pentagons have all their vertices on icosahedron edges; their direct child pentagons cross
        // the same faces, so use those instead.
        if isPent && !isResolutionClassIII(res) {
            var child = h3
            child.setResolution(res + 1)
            child.setDigit(.center, at: res + 1)
            return try icosahedronFaces(child)
        }

        var fijk = try h3.toFaceIjk()
        let verts = fijk.substrateVertices(res: &res)
        let vertexCount = isPent ? 5 : 6
        let faceCount = isPent ? 5 : 2

        // the output array is used as a hash set of faces
        var out = (-1, -1, -1, -1, -1)
        var found = 0
        for i in 0..<vertexCount {
            var vert = verts[i]
            if isPent {
                vert.adjustPentVertOverage(res: res)
            } else {
                _ = vert.adjustOverageClassII(res: res, pentLeading4: false, substrate: true)
            }
            let face = vert.face
            var pos = 0
            while slot(out, pos) != -1 && slot(out, pos) != face {
                pos += 1
                if pos >= faceCount { throw .failed }
            }
            if slot(out, pos) == -1 { found += 1 }
            setSlot(&out, pos, face)
        }
        var faces: [Int] = []
        faces.reserveCapacity(found)
        for pos in 0..<faceCount where slot(out, pos) >= 0 { faces.append(slot(out, pos)) }
        faces.sort()
        return faces
    }

    @inline(__always)
    private static func slot(_ t: (Int, Int, Int, Int, Int), _ n: Int) -> Int {
        switch n {
        case 0: return t.0
        case 1: return t.1
        case 2: return t.2
        case 3: return t.3
        default: return t.4
        }
    }

    @inline(__always)
    private static func setSlot(_ t: inout (Int, Int, Int, Int, Int), _ n: Int, _ v: Int) {
        switch n {
        case 0: t.0 = v
        case 1: t.1 = v
        case 2: t.2 = v
        case 3: t.3 = v
        default: t.4 = v
        }
    }

    // MARK: Hierarchy

    /// The ancestor of `cell` at `resolution` (`cellToParent`); the cell itself at its own resolution.
    /// - Throws: ``H3Error/invalidCell(_:)``; ``H3Error/invalidResolution(_:)`` outside 0...15;
    ///   ``H3Error/resolutionMismatch`` when `resolution` is finer than the cell's.
    @inline(__always)
    public static func cellToParent(_ cell: H3Cell, resolution: Int) throws(H3Error) -> H3Cell {
        try requireValid(cell)
        let childRes = cell.resolution
        if resolution < 0 || resolution > maxH3Res {
            throw .invalidResolution(resolution)
        } else if resolution > childRes {
            throw .resolutionMismatch
        } else if resolution == childRes {
            return cell
        }
        // Set the resolution and fill digits parentRes+1...childRes with 7 in one mask.
        var parent = cell
        parent.setResolution(resolution)
        let low = UInt64(3 * (maxH3Res - childRes))
        let width = UInt64(3 * (childRes - resolution))
        let fill: UInt64 = ((1 << width) - 1) << low
        return H3Cell(rawValue: parent.rawValue | fill)
    }

    /// The centre child of `cell` at `resolution` (`cellToCenterChild`); the cell itself at its own resolution.
    /// - Throws: ``H3Error/invalidCell(_:)``; ``H3Error/invalidResolution(_:)`` when `resolution` is coarser
    ///   than the cell's or above 15.
    @inline(__always)
    public static func cellToCenterChild(_ cell: H3Cell, resolution: Int) throws(H3Error) -> H3Cell {
        try requireValid(cell)
        if !hasChild(cell, at: resolution) { throw .invalidResolution(resolution) }
        var h = cell.zeroingDigits(from: cell.resolution + 1, through: resolution)
        h.setResolution(resolution)
        return h
    }

    /// The number of descendants of `cell` at `resolution` (`cellToChildrenSize`): 7^n for a hexagon,
    /// 1 + 5(7^n − 1)/6 for a pentagon, n levels down.
    /// - Throws: ``H3Error/invalidCell(_:)``; ``H3Error/invalidResolution(_:)`` when `resolution` is coarser
    ///   than the cell's or above 15.
    public static func cellToChildrenSize(_ cell: H3Cell, resolution: Int) throws(H3Error) -> Int {
        try requireValid(cell)
        if !hasChild(cell, at: resolution) { throw .invalidResolution(resolution) }
        let n = resolution - cell.resolution
        var p = 1
        for _ in 0..<n { p *= 7 }
        return cell.isPentagon ? 1 + 5 * (p - 1) / 6 : p
    }

    /// All descendants of `cell` at `resolution`, in the C library's order (ascending digits; a pentagon skips
    /// the deleted digit-1 branches) (`cellToChildren`).
    /// - Throws: as ``cellToChildrenSize(_:resolution:)``.
    public static func cellToChildren(_ cell: H3Cell, resolution: Int) throws(H3Error) -> [H3Cell] {
        let size = try cellToChildrenSize(cell, resolution: resolution)
        var out: [H3Cell] = []
        out.reserveCapacity(size)
        var iter = ChildIterator(parent: cell, childRes: resolution)
        while let h = iter.next() { out.append(h) }
        return out
    }

    @inline(__always)
    private static func hasChild(_ h: H3Cell, at childRes: Int) -> Bool {
        childRes >= h.resolution && childRes <= maxH3Res
    }

    // MARK: Enumeration

    /// The 122 resolution-0 cells in base-cell order (`getRes0Cells`).
    public static func res0Cells() -> [H3Cell] {
        (0..<numBaseCells).map { bc in H3Cell.makeCell(resolution: 0, baseCell: bc, fillDigit: .center) }
    }

    /// The 12 pentagons at `resolution`, in base-cell order (`getPentagons`).
    /// - Throws: ``H3Error/invalidResolution(_:)`` outside 0...15.
    public static func pentagons(resolution: Int) throws(H3Error) -> [H3Cell] {
        if resolution < 0 || resolution > maxH3Res { throw .invalidResolution(resolution) }
        var out: [H3Cell] = []
        out.reserveCapacity(numPentagons)
        for bc in 0..<numBaseCells where isBaseCellPentagon(bc) {
            out.append(H3Cell.makeCell(resolution: resolution, baseCell: bc, fillDigit: .center))
        }
        return out
    }

    // MARK: Text

    /// Parses hexadecimal text as an index without checking that it is a valid cell, like C `stringToH3`.
    ///
    /// Accepts 1–16 hex digits in either case, with an optional `0x`/`0X` prefix.
    /// - Throws: ``H3Error/invalidString(_:)`` for anything else.
    public static func stringToH3(_ text: String) throws(H3Error) -> H3Cell {
        var utf8 = Substring(text).utf8[...]
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"),
            let second = utf8.dropFirst().first, second == UInt8(ascii: "x") || second == UInt8(ascii: "X")
        {
            utf8 = utf8.dropFirst(2)
        }
        if utf8.isEmpty || utf8.count > 16 { throw .invalidString(text) }
        var value: UInt64 = 0
        for c in utf8 {
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw .invalidString(text)
            }
            value = (value << 4) | UInt64(d)
        }
        return H3Cell(rawValue: value)
    }

    /// The index as lowercase hexadecimal without leading zeros (`h3ToString`).
    public static func h3ToString(_ cell: H3Cell) -> String { cell.description }

    // MARK: Helpers

    @inline(__always)
    static func requireValid(_ cell: H3Cell) throws(H3Error) {
        if !cell.isValid { throw .invalidCell(cell.rawValue) }
    }
}

/// Iterates the children of a cell at a finer resolution in C order (`IterCellsChildren`, iterators.c).
struct ChildIterator {
    private var h: H3Cell?
    private let parentRes: Int
    private var skipDigit: Int

    init(parent: H3Cell, childRes: Int) {
        parentRes = parent.resolution
        if childRes < parentRes || childRes > maxH3Res || parent.rawValue == 0 {
            h = nil
            skipDigit = -1
            return
        }
        var first = parent.zeroingDigits(from: parentRes + 1, through: childRes)
        first.setResolution(childRes)
        h = first
        // The skip digit skips `1` for pentagons; it moves to coarser resolutions as we count up.
        skipDigit = first.isPentagon ? childRes : -1
    }

    /// The current child, then advances; nil when exhausted.
    mutating func next() -> H3Cell? {
        guard let current = h else { return nil }
        step(current)
        return current
    }

    /// Adds one to the digit at `res` with carry into coarser digits (`_incrementResDigit`).
    @inline(__always)
    private func incremented(_ cell: H3Cell, at res: Int) -> H3Cell {
        let val: UInt64 = 1 << UInt64(3 * (maxH3Res - res))
        return H3Cell(rawValue: cell.rawValue &+ val)
    }

    private mutating func step(_ current: H3Cell) {
        let childRes = current.resolution
        var cell = incremented(current, at: childRes)
        var i = childRes
        while i >= parentRes {
            if i == parentRes {
                // modifying the parent resolution digit: done
                h = nil
                return
            }
            // children of a pentagon never have 1 as the first non-zero digit below the parent: skip it
            if i == skipDigit && cell.digit(at: i) == .k {
                cell = incremented(cell, at: i)
                skipDigit -= 1
                h = cell
                return
            }
            if cell.digit(at: i) == .invalid {
                // zeros out digit i and carries into digit i-1
                cell = incremented(cell, at: i)
            } else {
                break
            }
            i -= 1
        }
        h = cell
    }
}
