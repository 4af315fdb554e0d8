/// Burns H3 cells into a ``RasterGrid`` in EPSG:4326 (longitude/latitude degrees) by polygon scan conversion.
///
/// **Rule.** A pixel belongs to a cell when the pixel's centre lies inside the cell's boundary polygon as
/// ``H3/cellToBoundary(_:)`` returns it, with straight edges in longitude/latitude degrees. This is the rule
/// `gdal_rasterize` applies by default (no `-at`), and the arithmetic follows GDAL's `GDALdllImageFilledPolygon`
/// (`alg/llrasterize.cpp`): vertices go to pixel space through the inverse geotransform, each row is cut at its
/// centre line `row + 0.5` (an edge counts when `y1 ≤ centre < y2`), crossings are sorted and every pair fills
/// the columns `floor(x₁ + 0.5) ..< floor(x₂ + 0.5)`, which are the pixels whose centre lies in `(x₁, x₂]`.
/// Burned on the same grid, the result agrees with `gdal_rasterize` except for centres that lie exactly on an
/// edge (ties decided by the last bit of a rounding).
///
/// **Antimeridian.** A cell whose boundary jumps by more than 180° of longitude between two vertices is unwrapped
/// into one continuous polygon (longitudes beyond ±180°) and burned once for every shift by a multiple of 360° that
/// overlaps the grid, so both halves land in a −180…180 grid, and grids that extend past 180° (for example
/// 170…190) see the cell whole.
///
/// **Poles.** The two cells that contain a pole have boundaries that wind once around it. Their polygon is closed
/// through the pole (along the ±90° parallel), so such a cell covers every pixel between its boundary and the
/// pole, across all longitudes.
///
/// Costs: per cell one ``H3/cellToBoundary(_:)`` and work proportional to the rows and columns of its bounding
/// box; no heap allocation per cell or per pixel (vertex and crossing buffers live on the stack).
public struct H3CellRasterizer: Sendable {
    /// The grid, in longitude/latitude degrees.
    public let grid: RasterGrid

    // GDAL's inverse geotransform (GDALInvGeoTransform for a north-up grid), so pixel-space vertices match
    // gdal_rasterize's bit for bit: column = inverseX0 + lng · inverseX1, row = inverseY0 + lat · inverseY1.
    private let inverseX0: Double
    private let inverseX1: Double
    private let inverseY0: Double
    private let inverseY1: Double

    /// A rasterizer for a grid in EPSG:4326 degrees (x = longitude, y = latitude).
    public init(grid: RasterGrid) {
        self.grid = grid
        let transform = grid.geoTransform
        inverseX1 = 1.0 / transform[1]
        inverseX0 = -transform[0] / transform[1]
        inverseY1 = 1.0 / transform[5]
        inverseY0 = -transform[3] / transform[5]
    }

    /// Calls `body` once for every run of pixels of `cell`: the row and the half-open column range, in row order
    /// per burned copy of the cell. Runs are clipped to the grid; a cell outside the grid produces none.
    public func forEachSpan(
        of cell: H3Cell,
        _ body: (_ row: Int, _ columns: Range<Int>) -> Void
    ) throws(H3Error) {
        let boundary = try H3.cellToBoundary(cell)
        forEachSpan(of: boundary, body)
    }

    /// ``forEachSpan(of:_:)-(H3Cell,_)`` for a boundary already computed (for example by another thread).
    public func forEachSpan(
        of boundary: CellBoundary,
        _ body: (_ row: Int, _ columns: Range<Int>) -> Void
    ) {
        // Polygon (up to 10 vertices + 3 for a pole cap) in degrees, then in pixel space; crossings per row.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * Self.maxPolygonVertices) { scratch in
            guard let base = scratch.baseAddress else { return }
            let lngs = base
            let lats = base + Self.maxPolygonVertices
            let xs = base + 2 * Self.maxPolygonVertices
            let ys = base + 3 * Self.maxPolygonVertices
            let count = Self.polygon(of: boundary, lngs: lngs, lats: lats)
            guard count >= 3 else { return }

            var minLng = lngs[0]
            var maxLng = lngs[0]
            var minLat = lats[0]
            var maxLat = lats[0]
            for index in 1..<count {
                minLng = Swift.min(minLng, lngs[index])
                maxLng = Swift.max(maxLng, lngs[index])
                minLat = Swift.min(minLat, lats[index])
                maxLat = Swift.max(maxLat, lats[index])
            }
            guard maxLat > grid.south, minLat < grid.north else { return }
            for index in 0..<count { ys[index] = inverseY0 + lats[index] * inverseY1 }

            // Every shift by 360° that brings the polygon over the grid (one, except across the antimeridian).
            let firstShift = ((grid.west - maxLng) / 360).rounded(.down)
            let lastShift = ((grid.east - minLng) / 360).rounded(.up)
            var shift = firstShift
            while shift <= lastShift {
                let offset = shift * 360
                if maxLng + offset > grid.west && minLng + offset < grid.east {
                    if offset == 0 {
                        for index in 0..<count { xs[index] = inverseX0 + lngs[index] * inverseX1 }
                    } else {
                        for index in 0..<count { xs[index] = inverseX0 + (lngs[index] + offset) * inverseX1 }
                    }
                    fill(xs: xs, ys: ys, count: count, body)
                }
                shift += 1
            }
        }
    }

    /// Most vertices a cell polygon can have: 10 boundary vertices plus 3 closing a pole cap.
    static let maxPolygonVertices = CellBoundary.maxVertices + 3

    /// Writes the cell's polygon in degrees (longitudes unwrapped across the antimeridian, pole cells closed through
    /// their pole) and returns its vertex count.
    static func polygon(
        of boundary: CellBoundary,
        lngs: UnsafeMutablePointer<Double>,
        lats: UnsafeMutablePointer<Double>
    ) -> Int {
        let count = boundary.count
        guard count > 0 else { return 0 }
        // Longitudes as H3 gives them (−180…180); each vertex gets a whole number of turns so that no edge spans
        // more than 180°. Cells away from the antimeridian keep their coordinates bit for bit.
        var turns = 0
        var previous = 0.0
        var latitudeSum = 0.0
        for index in 0..<count {
            let vertex = boundary[index]
            let lng = vertex.longitudeDegrees
            let lat = vertex.latitudeDegrees
            if index > 0 {
                let step = lng - previous
                if step > 180 { turns -= 1 } else if step < -180 { turns += 1 }
            }
            previous = lng
            lngs[index] = turns == 0 ? lng : lng + Double(turns) * 360
            lats[index] = lat
            latitudeSum += lat
        }
        // The closing edge decides whether the ring winds around a pole.
        let closing = lngs[0] - (previous + Double(turns) * 360)
        let winding = closing > 180 ? -1 : (closing < -180 ? 1 : 0)
        guard winding != 0 else { return count }

        // Pole cell: continue to the first vertex one turn later, then run along the pole's parallel back.
        let pole = latitudeSum > 0 ? 90.0 : -90.0
        let wrapped = lngs[0] + Double(winding) * 360
        lngs[count] = wrapped
        lats[count] = lats[0]
        lngs[count + 1] = wrapped
        lats[count + 1] = pole
        lngs[count + 2] = lngs[0]
        lats[count + 2] = pole
        return count + 3
    }

    /// GDAL's centre-line scan conversion of one polygon in pixel space.
    private func fill(
        xs: UnsafeMutablePointer<Double>,
        ys: UnsafeMutablePointer<Double>,
        count: Int,
        _ body: (_ row: Int, _ columns: Range<Int>) -> Void
    ) {
        var minY = ys[0]
        var maxY = ys[0]
        for index in 1..<count {
            minY = Swift.min(minY, ys[index])
            maxY = Swift.max(maxY, ys[index])
        }
        let lastColumn = grid.width - 1
        guard maxY >= 0, minY < Double(grid.height) else { return }
        // C's (int) truncation, then clamping, as GDAL does.
        let firstRow = Swift.max(0, Int(minY))
        let lastRow = Swift.min(grid.height - 1, Int(maxY))
        guard firstRow <= lastRow else { return }

        withUnsafeTemporaryAllocation(of: Double.self, capacity: Self.maxPolygonVertices) { crossings in
            guard let crossing = crossings.baseAddress else { return }
            for row in firstRow...lastRow {
                let centre = Double(row) + 0.5
                var found = 0
                var previousIndex = count - 1
                for index in 0..<count {
                    defer { previousIndex = index }
                    var y1 = ys[previousIndex]
                    var y2 = ys[index]
                    if (y1 < centre && y2 < centre) || (y1 > centre && y2 > centre) { continue }
                    let x1: Double
                    let x2: Double
                    if y1 < y2 {
                        x1 = xs[previousIndex]
                        x2 = xs[index]
                    } else if y1 > y2 {
                        swap(&y1, &y2)
                        x1 = xs[index]
                        x2 = xs[previousIndex]
                    } else {
                        // A horizontal edge on the centre line: GDAL fills "bottom" ones (running towards −x)
                        // separately and skips "top" ones, which the crossings already cover.
                        if xs[previousIndex] > xs[index] {
                            let start = Int((xs[index] + 0.5).rounded(.down))
                            let end = Int((xs[previousIndex] + 0.5).rounded(.down))
                            if start <= lastColumn && end > 0 {
                                let clipped = Swift.max(start, 0)..<Swift.min(end, grid.width)
                                if !clipped.isEmpty { body(row, clipped) }
                            }
                        }
                        continue
                    }
                    if centre < y2 && centre >= y1 {
                        crossing[found] = (centre - y1) * (x2 - x1) / (y2 - y1) + x1
                        found += 1
                    }
                }
                guard found >= 2 else { continue }
                // Insertion sort: at most a dozen crossings.
                for i in 1..<found {
                    let value = crossing[i]
                    var j = i - 1
                    while j >= 0 && crossing[j] > value {
                        crossing[j + 1] = crossing[j]
                        j -= 1
                    }
                    crossing[j + 1] = value
                }
                var pair = 0
                while pair + 1 < found {
                    let left = crossing[pair]
                    let right = crossing[pair + 1]
                    pair += 2
                    // Guard the Int conversion against absurd coordinates before rounding.
                    guard right > -1, left < Double(grid.width) + 1 else { continue }
                    let start = Int((left + 0.5).rounded(.down))
                    let end = Int((right + 0.5).rounded(.down))
                    guard end > 0, start <= lastColumn else { continue }
                    let columns = Swift.max(start, 0)..<Swift.min(end, grid.width)
                    if !columns.isEmpty { body(row, columns) }
                }
            }
        }
    }
}

/// The pixel runs of a sequence of cells, in cell order: what ``H3CellRasterizer`` burns, collected first so that
/// the raster can be written row by row (a cell's rows lie 64 KB apart in a 16,384-pixel-wide Float32 raster, so
/// burning cell by cell is dominated by cache and TLB misses; applying runs sorted by row streams through memory).
///
/// Collect runs for separate ranges of cells on separate threads, then apply them in range order with
/// ``H3CellRasterizer/cellIndexRaster(spans:)`` or ``H3CellRasterizer/burn(spans:values:into:)``.
public struct RasterSpans: Sendable {
    /// Four `Int32` per run: row, first column, end column (exclusive), position of the cell.
    public internal(set) var storage: [Int32] = []

    /// No runs.
    public init() {}

    /// Number of runs.
    public var count: Int { storage.count / 4 }

    mutating func append(row: Int, columns: Range<Int>, position: Int32) {
        storage.append(Int32(truncatingIfNeeded: row))
        storage.append(Int32(truncatingIfNeeded: columns.lowerBound))
        storage.append(Int32(truncatingIfNeeded: columns.upperBound))
        storage.append(position)
    }
}

extension H3CellRasterizer {
    /// The runs of `cells[positions]`, in cell order; positions refer to `cells`. Throws for an invalid cell.
    public func spans(of cells: [H3Cell], positions: Range<Int>) throws(H3Error) -> RasterSpans {
        precondition(cells.count < Int(Int32.max), "too many cells for Int32 positions")
        var spans = RasterSpans()
        // One run per row a cell covers (two across the antimeridian); sized from the first cell so the storage
        // rarely regrows.
        var rowsPerCell = 2
        if let first = positions.first, let boundary = try? H3.cellToBoundary(cells[first]) {
            let bounds = Self.bounds(of: boundary)
            let rows = (bounds.north - bounds.south) / grid.pixelHeight + 2
            rowsPerCell = rows.isFinite ? Swift.min(Swift.max(Int(rows), 2), grid.height + 1) : 2
        }
        spans.storage.reserveCapacity(positions.count * 4 * rowsPerCell)
        for position in positions {
            let tag = Int32(truncatingIfNeeded: position)
            try forEachSpan(of: cells[position]) { row, columns in
                spans.append(row: row, columns: columns, position: tag)
            }
        }
        return spans
    }

    /// Calls `apply(rowOffset, columns, position)` for every run of `chunks`, row by row; within a row in chunk
    /// order and, inside a chunk, in cell order, so a later cell still wins where runs overlap.
    private func forEachRunByRow(
        _ chunks: [RasterSpans],
        _ apply: (_ rowOffset: Int, _ columns: Range<Int>, _ position: Int) -> Void
    ) {
        // Counting sort by row (stable), keeping (start, end, position) per run.
        var starts = [Int](repeating: 0, count: grid.height + 1)
        for chunk in chunks {
            chunk.storage.withUnsafeBufferPointer { runs in
                var index = 0
                while index < runs.count {
                    starts[Int(runs[index]) + 1] += 1
                    index += 4
                }
            }
        }
        for row in 0..<grid.height { starts[row + 1] += starts[row] }
        let total = starts[grid.height]
        guard total > 0 else { return }
        var sorted = [Int32](repeating: 0, count: total * 3)
        var next = starts
        sorted.withUnsafeMutableBufferPointer { output in
            for chunk in chunks {
                chunk.storage.withUnsafeBufferPointer { runs in
                    var index = 0
                    while index < runs.count {
                        let row = Int(runs[index])
                        let slot = next[row] * 3
                        next[row] += 1
                        output[slot] = runs[index + 1]
                        output[slot + 1] = runs[index + 2]
                        output[slot + 2] = runs[index + 3]
                        index += 4
                    }
                }
            }
        }
        let width = grid.width
        sorted.withUnsafeBufferPointer { runs in
            for row in 0..<grid.height {
                let offset = row * width
                var slot = starts[row] * 3
                let end = starts[row + 1] * 3
                while slot < end {
                    apply(offset, Int(runs[slot])..<Int(runs[slot + 1]), Int(runs[slot + 2]))
                    slot += 3
                }
            }
        }
    }

    /// A raster of cell positions from runs collected by ``spans(of:positions:)``: pixel `row · width + column`
    /// holds the position of the cell covering it, or −1; where runs overlap, the later one wins.
    public func cellIndexRaster(spans chunks: [RasterSpans]) -> [Int32] {
        var indices = [Int32](repeating: -1, count: grid.pixelCount)
        indices.withUnsafeMutableBufferPointer { raster in
            guard let base = raster.baseAddress else { return }
            forEachRunByRow(chunks) { offset, columns, position in
                let value = Int32(truncatingIfNeeded: position)
                (base + offset + columns.lowerBound).update(repeating: value, count: columns.count)
            }
        }
        return indices
    }

    /// Burns one value per cell (indexed by position) from collected runs into a row-major band of
    /// `grid.pixelCount` values; NaN values are skipped, the later run wins.
    public func burn(spans chunks: [RasterSpans], values: [Float], into band: inout [Float]) {
        precondition(band.count == grid.pixelCount, "the band must have grid.pixelCount values")
        band.withUnsafeMutableBufferPointer { raster in
            guard let base = raster.baseAddress else { return }
            values.withUnsafeBufferPointer { values in
                forEachRunByRow(chunks) { offset, columns, position in
                    let value = values[position]
                    if !value.isNaN {
                        (base + offset + columns.lowerBound).update(repeating: value, count: columns.count)
                    }
                }
            }
        }
    }

    /// A raster of cell numbers: pixel `row · width + column` holds the position in `cells` of the cell that
    /// covers it, or −1. When cells overlap (duplicates, or ties on shared edges) the later one wins, as in
    /// `gdal_rasterize`. Build it once and derive every band from it with ``fillBand(indices:values:noData:into:)``.
    ///
    /// Single-threaded; PocMapMaps collects ``spans(of:positions:)`` on several threads for large inputs.
    /// Throws for an invalid cell. Needs `cells.count < Int32.max`.
    public func cellIndexRaster(_ cells: [H3Cell]) throws(H3Error) -> [Int32] {
        cellIndexRaster(spans: [try spans(of: cells, positions: cells.indices)])
    }

    /// Burns one value per cell into a row-major band (`grid.pixelCount` values), the direct path without an index
    /// raster. A NaN value is skipped (the pixel keeps what it had), like `gdal_rasterize -where "v IS NOT NULL"`.
    public func burn(_ cells: [H3Cell], values: [Float], into band: inout [Float]) throws(H3Error) {
        precondition(values.count == cells.count, "one value per cell")
        burn(spans: [try spans(of: cells, positions: cells.indices)], values: values, into: &band)
    }

    /// Fills a band from an index raster: pixel `p` gets `values[indices[p]]`, or `noData` where there is no cell
    /// or the value is NaN. `band` is resized to `indices.count`.
    public static func fillBand(indices: [Int32], values: [Float], noData: Float, into band: inout [Float]) {
        band.removeAll(keepingCapacity: true)
        band.reserveCapacity(indices.count)
        for index in indices {
            if index < 0 {
                band.append(noData)
            } else {
                let value = values[Int(index)]
                band.append(value.isNaN ? noData : value)
            }
        }
    }
}

extension H3CellRasterizer {
    /// The longitude/latitude bounds (degrees) of the polygon the rasterizer burns for a cell: longitudes are
    /// unwrapped, so a cell across the antimeridian has `east > 180` (or `west < −180`), and a pole cell spans 360°
    /// of longitude and reaches ±90°.
    public static func bounds(of boundary: CellBoundary) -> (west: Double, south: Double, east: Double, north: Double) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * maxPolygonVertices) { scratch in
            guard let base = scratch.baseAddress else { return (0, 0, 0, 0) }
            let count = polygon(of: boundary, lngs: base, lats: base + maxPolygonVertices)
            guard count > 0 else { return (0, 0, 0, 0) }
            var bounds = (
                west: base[0], south: base[maxPolygonVertices], east: base[0], north: base[maxPolygonVertices]
            )
            for index in 0..<count {
                bounds.west = Swift.min(bounds.west, base[index])
                bounds.east = Swift.max(bounds.east, base[index])
                bounds.south = Swift.min(bounds.south, base[maxPolygonVertices + index])
                bounds.north = Swift.max(bounds.north, base[maxPolygonVertices + index])
            }
            return bounds
        }
    }
}
