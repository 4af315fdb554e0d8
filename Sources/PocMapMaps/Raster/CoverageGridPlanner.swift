import Foundation
public import PocMapCore
import PocMapGIS

extension CoverageRasterWriter {
    /// The default pixel size for a map at an H3 resolution, tied to the cells so that a hexagon spans about four
    /// pixels across: half the average hexagon edge length, rounded to a round number.
    ///
    /// * geographic CRS (degrees): half an edge in degrees of latitude (edge / 111,320 m), rounded to the nearest
    ///   power of two, e.g. resolution 8 → 2⁻⁹° = 0.001953125° (≈ 217 m N–S), 9 → 2⁻¹⁰°, 7 → 2⁻⁷°.
    /// * projected CRS (metres): half an edge rounded to 1, 2 or 5 × 10ⁿ m, e.g. resolution 8 → 200 m, 9 → 100 m,
    ///   7 → 500 m.
    ///
    /// Powers of two make the EPSG:4326 pixel size exact in binary, so grids snapped to it line up between runs.
    public static func defaultPixelSize(resolution: Int, geographic: Bool) -> Double {
        let edgeMeters =
            (try? H3.averageHexagonEdgeLength(resolution: min(max(resolution, 0), 15), unit: .meters))
            ?? 461.354684
        let half = edgeMeters / 2
        if geographic {
            return Foundation.pow(2, (Foundation.log2(half / 111_320)).rounded())
        }
        return roundNumber(half)
    }

    /// The nearest of 1, 2, 5 × 10ⁿ (in log scale).
    static func roundNumber(_ value: Double) -> Double {
        let exponent = Foundation.floor(Foundation.log10(value))
        let scale = Foundation.pow(10, exponent)
        let mantissa = value / scale
        let steps: [Double] = [1, 2, 5, 10]
        let best = steps.min { Swift.abs(Foundation.log(mantissa / $0)) < Swift.abs(Foundation.log(mantissa / $1)) }
        return (best ?? 1) * scale
    }

    /// A pixel size at least `value`, rounded up to two significant digits (for "try --pixel X" messages).
    static func roundedUp(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return value }
        let scale = Foundation.pow(10, Foundation.floor(Foundation.log10(value)) - 1)
        return (value / scale).rounded(.up) * scale
    }

    /// The grid ``write(_:options:to:)`` uses: `options.grid` when given; otherwise the bbox (or the cells' extent,
    /// snapped outward to whole pixels) in `options.crs` at `options.pixelSize` (or the default for the resolution).
    ///
    /// Throws ``CoverageRasterError/rasterTooLarge(width:height:pixelSize:estimatedBytes:limits:suggestedPixelSize:)``
    /// before anything is allocated when the grid would exceed `options.limits`.
    public static func grid(for cells: CoverageCells, options: CoverageRasterOptions) throws(CoverageRasterError)
        -> RasterGrid
    {
        let crs = try CRSInfo(options.crs)
        if let grid = options.grid {
            try checkLimits(width: grid.width, height: grid.height, pixelSize: grid.pixelWidth, limits: options.limits)
            return grid
        }
        let pixel = options.pixelSize ?? defaultPixelSize(resolution: cells.resolution, geographic: crs.isGeographic)
        guard pixel.isFinite, pixel > 0 else { throw .invalidPixelSize(pixel) }

        let box: GeographicBox
        let snap: Bool
        if let given = options.bbox {
            try validate(given)
            box = given
            snap = false
        } else {
            box = try dataExtent(cells)
            snap = true
        }

        var extent: (west: Double, south: Double, east: Double, north: Double)
        if crs.isWGS84 {
            extent = (box.west, box.south, box.east, box.north)
        } else {
            extent = try projectedExtent(box, crs: options.crs)
        }
        if snap {
            extent.west = Foundation.floor(extent.west / pixel) * pixel
            extent.south = Foundation.floor(extent.south / pixel) * pixel
            extent.east = Foundation.ceil(extent.east / pixel) * pixel
            extent.north = Foundation.ceil(extent.north / pixel) * pixel
            if crs.isWGS84 {
                extent.north = min(extent.north, 90)
                extent.south = max(extent.south, -90)
            }
        }
        let columns = ((extent.east - extent.west) / pixel * (1 - 1e-12)).rounded(.up)
        let rows = ((extent.north - extent.south) / pixel * (1 - 1e-12)).rounded(.up)
        let width = columns < 1e15 ? max(1, Int(columns)) : Int.max / 4
        let height = rows < 1e15 ? max(1, Int(rows)) : 4
        try checkLimits(width: width, height: height, pixelSize: pixel, limits: options.limits)
        do {
            return try RasterGrid(
                west: extent.west,
                south: extent.south,
                east: extent.east,
                north: extent.north,
                pixelSize: pixel,
                maxPixels: options.limits.maxPixels
            )
        } catch {
            throw .invalidGrid(error)
        }
    }

    /// Working memory (bytes) of a raster write of `width × height` pixels, what ``RasterLimits/maxMemoryBytes`` is
    /// compared with: the Int32 cell-index raster (4 bytes per pixel), the pixel-run lists of the scan conversion
    /// (about 2 bytes per pixel when cells span several pixels) and one block-high strip of every band. GDAL's own
    /// block cache (`GDAL_CACHEMAX`, by default 5 % of RAM) comes on top.
    public static func estimatedBytes(width: Int, height: Int, blockSize: Int = 512) -> Int {
        let pixels = width.multipliedReportingOverflow(by: height)
        guard !pixels.overflow, pixels.partialValue < Int.max / 8 else { return Int.max }
        return pixels.partialValue * 6 + width * blockSize * (4 * 2 + 1)
    }

    static func checkLimits(width: Int, height: Int, pixelSize: Double, limits: RasterLimits)
        throws(CoverageRasterError)
    {
        let pixels = width.multipliedReportingOverflow(by: height)
        let bytes = estimatedBytes(width: width, height: height)
        let pixelCount = pixels.overflow ? Double.greatestFiniteMagnitude : Double(pixels.partialValue)
        guard pixels.overflow || pixels.partialValue > limits.maxPixels || bytes > limits.maxMemoryBytes else {
            return
        }
        // Pixels shrink with the square of the pixel size; aim a little under both limits.
        let ratio = max(
            pixelCount / Double(max(limits.maxPixels, 1)),
            Double(bytes) / Double(max(limits.maxMemoryBytes, 1))
        )
        let suggestion = roundedUp(pixelSize * (ratio.squareRoot() * 1.05))
        throw .rasterTooLarge(
            width: width,
            height: height,
            pixelSize: pixelSize,
            estimatedBytes: bytes,
            limits: limits,
            suggestedPixelSize: suggestion
        )
    }

    static func validate(_ box: GeographicBox) throws(CoverageRasterError) {
        guard box.west.isFinite, box.east.isFinite, box.south.isFinite, box.north.isFinite else {
            throw .invalidBBox(box, reason: "all four edges must be numbers")
        }
        if box.west > box.east { throw .bboxCrossesAntimeridian(box) }
        guard box.west < box.east, box.south < box.north else {
            throw .invalidBBox(box, reason: "need west < east and south < north")
        }
        guard box.south >= -90, box.north <= 90 else {
            throw .invalidBBox(box, reason: "latitudes must lie within −90…90")
        }
        guard box.west >= -360, box.east <= 540, box.east - box.west <= 360 else {
            throw .invalidBBox(box, reason: "longitudes must lie within −360…540 and span at most 360°")
        }
    }

    /// The cells' extent in degrees. When cells lie on both sides of the antimeridian the narrower of the two
    /// framings is used: −180…180, or 0…360 (then east > 180 and the raster continues across ±180°).
    ///
    /// Exact, but only the cells that can shape it have their boundaries computed: every vertex of a cell lies
    /// within `margin` of its centre (3 × the resolution's average edge length; H3's largest cells stay well
    /// under 1.5 ×), so a cell whose centre is farther than that from the extremes of the centres, from ±180°,
    /// from 0° (where the 0…360 framing shifts) and from the poles cannot reach beyond a cell that does.
    static func dataExtent(_ cells: CoverageCells) throws(CoverageRasterError) -> GeographicBox {
        guard !cells.isEmpty else { throw .noCells }
        var latitudes = [Double](repeating: 0, count: cells.count)
        var longitudes = [Double](repeating: 0, count: cells.count)
        var centres = (south: 90.0, north: -90.0, westA: 180.0, eastA: -180.0, westB: 360.0, eastB: 0.0)
        for (index, cell) in cells.cells.enumerated() {
            let centre: LatLng
            do { centre = try H3.cellToLatLng(cell) } catch { throw .invalidCell(cell) }
            let lat = centre.latitudeDegrees
            let lng = centre.longitudeDegrees
            latitudes[index] = lat
            longitudes[index] = lng
            centres.south = min(centres.south, lat)
            centres.north = max(centres.north, lat)
            centres.westA = min(centres.westA, lng)
            centres.eastA = max(centres.eastA, lng)
            let shifted = lng < 0 ? lng + 360 : lng
            centres.westB = min(centres.westB, shifted)
            centres.eastB = max(centres.eastB, shifted)
        }
        let edgeKm = (try? H3.averageHexagonEdgeLength(resolution: cells.resolution, unit: .kilometers)) ?? 1108
        let margin = 3 * edgeKm / 111.19  // degrees of arc
        var extent = ExtentFrames()
        for (index, cell) in cells.cells.enumerated() {
            let lat = latitudes[index]
            let lng = longitudes[index]
            let nearPole = abs(lat) + margin > 85
            let lngMargin = nearPole ? 360 : 1.01 * margin / cos((abs(lat) + margin) * .pi / 180)
            let shifted = lng < 0 ? lng + 360 : lng
            let candidate =
                nearPole || lat - margin <= centres.south || lat + margin >= centres.north
                || lng - lngMargin <= centres.westA || lng + lngMargin >= centres.eastA
                || shifted - lngMargin <= centres.westB || shifted + lngMargin >= centres.eastB
                || abs(lng) + lngMargin >= 180 || abs(lng) <= lngMargin
            guard candidate else { continue }
            let boundary: CellBoundary
            do { boundary = try H3.cellToBoundary(cell) } catch { throw .invalidCell(cell) }
            extent.add(H3CellRasterizer.bounds(of: boundary))
        }
        return extent.box
    }

    /// The running extent of cell bounds in both framings of ``dataExtent(_:)``.
    private struct ExtentFrames {
        var south = 90.0
        var north = -90.0
        // Frame A: −180…180 (a cell across the antimeridian widens it to the whole world).
        var westA = Double.infinity
        var eastA = -Double.infinity
        // Frame B: 0…360.
        var westB = Double.infinity
        var eastB = -Double.infinity

        mutating func add(_ bounds: (west: Double, south: Double, east: Double, north: Double)) {
            south = min(south, bounds.south)
            north = max(north, bounds.north)
            if bounds.east - bounds.west >= 359.999 {  // a pole cell
                westA = -180
                eastA = 180
                westB = 0
                eastB = 360
                return
            }
            if bounds.west < -180 || bounds.east > 180 {
                westA = -180
                eastA = 180
            } else {
                westA = min(westA, bounds.west)
                eastA = max(eastA, bounds.east)
            }
            let shift = bounds.west < 0 ? 360.0 : 0
            westB = min(westB, bounds.west + shift)
            eastB = max(eastB, bounds.east + shift)
        }

        /// 0…360 only when it is really narrower: cells all west of 0° span the same width in both, and rounding
        /// must not move them past 180°.
        var box: GeographicBox {
            if eastB - westB < eastA - westA - 1e-9 {
                return GeographicBox(west: westB, south: south, east: eastB, north: north)
            }
            return GeographicBox(west: westA, south: south, east: eastA, north: north)
        }
    }

    /// The bounding box, in a projected CRS, of a degree box: its edges and interior sampled 65 × 65 times.
    static func projectedExtent(_ box: GeographicBox, crs: String) throws(CoverageRasterError)
        -> (west: Double, south: Double, east: Double, north: Double)
    {
        let transform: CoordinateTransform
        do { transform = try CoordinateTransform(from: "EPSG:4326", to: crs) } catch {
            throw .invalidCRS(crs, reason: error.message)
        }
        let steps = 64
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity((steps + 1) * (steps + 1))
        ys.reserveCapacity((steps + 1) * (steps + 1))
        for i in 0...steps {
            for j in 0...steps {
                xs.append(box.west + (box.east - box.west) * Double(i) / Double(steps))
                ys.append(box.south + (box.north - box.south) * Double(j) / Double(steps))
            }
        }
        transform.transform(xs: &xs, ys: &ys)
        var extent = (west: Double.infinity, south: Double.infinity, east: -Double.infinity, north: -Double.infinity)
        for index in xs.indices where xs[index].isFinite && ys[index].isFinite {
            extent.west = min(extent.west, xs[index])
            extent.east = max(extent.east, xs[index])
            extent.south = min(extent.south, ys[index])
            extent.north = max(extent.north, ys[index])
        }
        guard extent.west < extent.east, extent.south < extent.north else {
            throw .invalidCRS(
                crs,
                reason: "the area W \(box.west) S \(box.south) E \(box.east) N \(box.north) cannot be projected to it"
            )
        }
        return extent
    }
}

/// What the writer needs to know about the output CRS.
struct CRSInfo {
    /// The definition as given.
    let definition: String
    /// EPSG:4326 itself: the fast polygon scan-conversion path applies.
    let isWGS84: Bool
    /// Degrees rather than metres.
    let isGeographic: Bool
    /// The EPSG code, when there is one.
    let epsg: Int?

    init(_ definition: String) throws(CoverageRasterError) {
        let srs: SpatialReference
        do { srs = try SpatialReference(definition: definition) } catch {
            throw .invalidCRS(definition, reason: error.message)
        }
        self.definition = definition
        epsg = srs.epsgCode
        isGeographic = srs.isGeographic
        isWGS84 = srs.epsgCode == 4326
    }
}
