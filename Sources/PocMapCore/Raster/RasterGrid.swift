/// Why a ``RasterGrid`` cannot be built. Each description says what to change.
public enum RasterGridError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The extent is empty, reversed or not finite.
    case invalidExtent(west: Double, south: Double, east: Double, north: Double)
    /// Width or height is below 1, or the pixel size is not a positive finite number.
    case invalidSize(width: Int, height: Int)
    /// The pixel size is zero, negative or not finite.
    case invalidPixelSize(Double)
    /// The grid would have more pixels than `limit`.
    case tooManyPixels(width: Int, height: Int, limit: Int)

    /// A one-line explanation with the numbers and the fix.
    public var description: String {
        switch self {
        case .invalidExtent(let west, let south, let east, let north):
            return "invalid raster extent W \(west) S \(south) E \(east) N \(north): need west < east and south < north"
        case .invalidSize(let width, let height):
            return "invalid raster size \(width) × \(height): both must be at least 1"
        case .invalidPixelSize(let size):
            return "invalid pixel size \(size): give a positive number in the CRS's units"
        case .tooManyPixels(let width, let height, let limit):
            let pixels = width.multipliedReportingOverflow(by: height)
            let count = pixels.overflow ? "more than \(Int.max)" : "\(pixels.partialValue)"
            return "a \(width) × \(height) raster has \(count) pixels, more than the limit \(limit); "
                + "choose a coarser pixel size"
        }
    }
}

/// A north-up raster grid as GDAL defines it: `width × height` pixels covering `west…east` × `south…north`
/// in the units of some CRS (degrees for EPSG:4326, metres for EPSG:3857 or UTM).
///
/// The geotransform is `[west, (east − west) / width, 0, north, 0, −(north − south) / height]`, exactly what
/// `gdal_rasterize -te W S E N -ts width height` produces, so rasters made on the same grid line up pixel for
/// pixel. Pixel (column 0, row 0) is the north-west corner; its centre is at `west + 0.5·pixelWidth`,
/// `north − 0.5·pixelHeight`.
public struct RasterGrid: Hashable, Sendable {
    /// West edge (minimum x).
    public let west: Double
    /// South edge (minimum y).
    public let south: Double
    /// East edge (maximum x).
    public let east: Double
    /// North edge (maximum y).
    public let north: Double
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int

    /// A grid from its extent and pixel counts, as `gdal_rasterize -te W S E N -ts width height`.
    public init(west: Double, south: Double, east: Double, north: Double, width: Int, height: Int)
        throws(RasterGridError)
    {
        guard west.isFinite, south.isFinite, east.isFinite, north.isFinite, west < east, south < north else {
            throw .invalidExtent(west: west, south: south, east: east, north: north)
        }
        guard width >= 1, height >= 1 else { throw .invalidSize(width: width, height: height) }
        self.west = west
        self.south = south
        self.east = east
        self.north = north
        self.width = width
        self.height = height
    }

    /// A grid of square pixels of `pixelSize` CRS units whose north-west corner is (`west`, `north`). The east and
    /// south edges move outward to whole pixels, as `gdal_rasterize -te … -tr` does with `-tap` off.
    ///
    /// Throws ``RasterGridError/tooManyPixels(width:height:limit:)`` before any allocation when the grid would have
    /// more than `maxPixels` pixels.
    public init(
        west: Double,
        south: Double,
        east: Double,
        north: Double,
        pixelSize: Double,
        maxPixels: Int = Int(Int32.max)
    ) throws(RasterGridError) {
        guard pixelSize.isFinite, pixelSize > 0 else { throw .invalidPixelSize(pixelSize) }
        guard west.isFinite, south.isFinite, east.isFinite, north.isFinite, west < east, south < north else {
            throw .invalidExtent(west: west, south: south, east: east, north: north)
        }
        // A relative tolerance keeps an extent that is an exact multiple of the pixel from gaining a column.
        let columns = ((east - west) / pixelSize * (1 - 1e-12)).rounded(.up)
        let rows = ((north - south) / pixelSize * (1 - 1e-12)).rounded(.up)
        guard columns < 1e15, rows < 1e15 else {
            throw .tooManyPixels(width: Int.max / 2, height: 2, limit: maxPixels)
        }
        let width = max(1, Int(columns))
        let height = max(1, Int(rows))
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else {
            throw .tooManyPixels(width: width, height: height, limit: maxPixels)
        }
        try self.init(
            west: west,
            south: north - Double(height) * pixelSize,
            east: west + Double(width) * pixelSize,
            north: north,
            width: width,
            height: height
        )
    }

    /// Width of one pixel in CRS units (positive).
    public var pixelWidth: Double { (east - west) / Double(width) }

    /// Height of one pixel in CRS units (positive; the geotransform stores it negated).
    public var pixelHeight: Double { (north - south) / Double(height) }

    /// `width × height`.
    public var pixelCount: Int { width * height }

    /// GDAL's six geotransform elements: `[west, pixelWidth, 0, north, 0, −pixelHeight]`.
    public var geoTransform: [Double] { [west, pixelWidth, 0, north, 0, -pixelHeight] }

    /// The CRS coordinates of a pixel's centre.
    public func pixelCenter(column: Int, row: Int) -> (x: Double, y: Double) {
        (x: west + (Double(column) + 0.5) * pixelWidth, y: north - (Double(row) + 0.5) * pixelHeight)
    }
}
