public import PocMapCore
public import PocMapGIS

/// A longitude/latitude box in degrees (the `--bbox W,S,E,N` of `pocmap map`).
public struct GeographicBox: Hashable, Sendable {
    /// West edge, degrees of longitude.
    public var west: Double
    /// South edge, degrees of latitude.
    public var south: Double
    /// East edge, degrees of longitude.
    public var east: Double
    /// North edge, degrees of latitude.
    public var north: Double

    /// A box from its four edges in degrees.
    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }
}

/// The coverage classes of `coverage_class.tif`: the margin of the predicted RSSI above the receiver sensitivity,
/// `m = predicted_rssi_dbm − sensitivity`.
///
/// | value | class | margin |
/// |---|---|---|
/// | 0 | none (nodata) | no prediction, or m < 0 |
/// | 1 | weak | 0 ≤ m < `fair` (default 6 dB) |
/// | 2 | fair | `fair` ≤ m < `good` (default 12 dB) |
/// | 3 | good | `good` ≤ m < `excellent` (default 20 dB) |
/// | 4 | excellent | m ≥ `excellent` |
///
/// Why these defaults: shadowing has σ ≈ 6–8 dB (RADIO.md §6), so a margin of one σ (6 dB) gives roughly 84 %
/// location probability, two σ (12 dB) about 98 %, and 20 dB stays reliable even at σ = 8 dB (z = 2.5, 99 %).
public struct CoverageClassThresholds: Hashable, Sendable {
    /// Lowest margin (dB) of class 2, fair.
    public var fair: Double
    /// Lowest margin (dB) of class 3, good.
    public var good: Double
    /// Lowest margin (dB) of class 4, excellent.
    public var excellent: Double

    /// Thresholds in dB above sensitivity; they must increase (0 < fair < good < excellent).
    public init(fair: Double = 6, good: Double = 12, excellent: Double = 20) {
        self.fair = fair
        self.good = good
        self.excellent = excellent
    }

    /// The class (0…4) of a predicted RSSI; NaN (no prediction) is class 0.
    public func coverageClass(predictedRSSIDBm: Float, sensitivityDBm: Double) -> UInt8 {
        guard !predictedRSSIDBm.isNaN else { return 0 }
        let margin = Double(predictedRSSIDBm) - sensitivityDBm
        if margin < 0 { return 0 }
        if margin < fair { return 1 }
        if margin < good { return 2 }
        if margin < excellent { return 3 }
        return 4
    }

    /// Class names by value, as written to the raster's category names.
    public static let names = ["none", "weak", "fair", "good", "excellent"]
}

/// Size limits checked before any raster memory is allocated.
public struct RasterLimits: Hashable, Sendable {
    /// Most pixels one raster may have (GDAL's `int` sizes and the Int32 index raster need < 2³¹).
    public var maxPixels: Int
    /// Most working memory, in bytes, for pocmap's own raster buffers
    /// (``CoverageRasterWriter/estimatedBytes(width:height:blockSize:)``).
    public var maxMemoryBytes: Int

    /// Defaults: 2³¹ − 1 pixels and 2.5 GiB (about 440 million pixels), which with GDAL's block cache keeps a raster
    /// write under 4 GB (measured: 2.47 GB peak for 16,384 × 8,192 pixels and a million cells).
    public init(maxPixels: Int = Int(Int32.max), maxMemoryBytes: Int = 5 << 29) {
        self.maxPixels = maxPixels
        self.maxMemoryBytes = maxMemoryBytes
    }
}

/// Everything about a coverage raster except its cells.
public struct CoverageRasterOptions: Sendable {
    /// Output CRS as PROJ/GDAL understand it, normally `EPSG:N` (`--crs`). EPSG:4326 rasters are burned by polygon
    /// scan conversion; any other CRS goes pixel by pixel through PROJ and `latLngToCell`. For data across the
    /// antimeridian in a projected CRS, choose one whose longitude range covers ±180° without a seam (a UTM zone
    /// there, not EPSG:3857, where the extent would span the whole world).
    public var crs: String
    /// The extent in degrees (`--bbox`); `nil` takes the extent of the cells. West must be less than east: to cross
    /// the antimeridian give the east edge plus 360 (170, …, 190, …).
    public var bbox: GeographicBox?
    /// Pixel size in CRS units (`--pixel`: degrees for EPSG:4326, metres for projected CRSs); `nil` takes
    /// ``CoverageRasterWriter/defaultPixelSize(resolution:geographic:)``.
    public var pixelSize: Double?
    /// An exact grid in the CRS, overriding `bbox` and `pixelSize`.
    public var grid: RasterGrid?
    /// Receiver sensitivity (dBm) that the class raster measures margins against.
    public var sensitivityDBm: Double
    /// Class boundaries for `coverage_class.tif`.
    public var classThresholds: CoverageClassThresholds
    /// Extra metadata stored in every GeoTIFF (`GDAL_METADATA`), for example `PROPAGATION_MODEL`,
    /// `MODEL_PARAMETERS`, `RULE_PROFILE`, `TIME_RANGE`. Keys starting with `TIFFTAG_` become TIFF tags.
    public var metadata: [String: String]
    /// Size limits.
    public var limits: RasterLimits
    /// Longest side of `coverage.png`, in pixels.
    public var quickLookMaxSize: Int
    /// Block (tile) size of the COGs: 256 or 512.
    public var blockSize: Int

    /// Options with the required sensitivity; everything else defaults (EPSG:4326, extent and pixel from the data).
    public init(
        sensitivityDBm: Double,
        crs: String = "EPSG:4326",
        bbox: GeographicBox? = nil,
        pixelSize: Double? = nil,
        grid: RasterGrid? = nil,
        classThresholds: CoverageClassThresholds = CoverageClassThresholds(),
        metadata: [String: String] = [:],
        limits: RasterLimits = RasterLimits(),
        quickLookMaxSize: Int = 1024,
        blockSize: Int = 512
    ) {
        self.sensitivityDBm = sensitivityDBm
        self.crs = crs
        self.bbox = bbox
        self.pixelSize = pixelSize
        self.grid = grid
        self.classThresholds = classThresholds
        self.metadata = metadata
        self.limits = limits
        self.quickLookMaxSize = quickLookMaxSize
        self.blockSize = blockSize
    }
}

/// Why coverage rasters could not be written. Every description says what to do.
public enum CoverageRasterError: Error, Sendable, CustomStringConvertible {
    /// The raster would exceed a limit; `suggestedPixelSize` would fit.
    case rasterTooLarge(
        width: Int,
        height: Int,
        pixelSize: Double,
        estimatedBytes: Int,
        limits: RasterLimits,
        suggestedPixelSize: Double
    )
    /// The bbox has west > east, i.e. it crosses the antimeridian.
    case bboxCrossesAntimeridian(GeographicBox)
    /// The bbox is empty or outside −90…90 / −360…540.
    case invalidBBox(GeographicBox, reason: String)
    /// The pixel size is not a positive number.
    case invalidPixelSize(Double)
    /// The output directory cannot be created or written.
    case unwritableDirectory(path: String, reason: String)
    /// A cell is not a valid H3 index.
    case invalidCell(H3Cell)
    /// A cell is not at the map resolution.
    case resolutionMismatch(cell: H3Cell, expected: Int)
    /// The resolution is outside 0…15.
    case invalidResolution(Int)
    /// The CRS is unknown, or the extent cannot be expressed in it.
    case invalidCRS(String, reason: String)
    /// There are no cells and no bbox, so there is no extent.
    case noCells
    /// The grid is not usable.
    case invalidGrid(RasterGridError)
    /// GDAL or PROJ failed.
    case gdal(GDALError)

    /// One line with the numbers and the remedy.
    public var description: String {
        switch self {
        case .rasterTooLarge(let width, let height, let pixelSize, let bytes, let limits, let suggested):
            let pixels = width.multipliedReportingOverflow(by: height)
            let pixelText = pixels.overflow ? "more than \(Int.max)" : "\(pixels.partialValue)"
            return "the raster would be \(width) × \(height) = \(pixelText) pixels at pixel size \(pixelSize) "
                + "(about \(bytes / (1 << 20)) MiB of working memory); the limits are \(limits.maxPixels) pixels "
                + "and \(limits.maxMemoryBytes / (1 << 20)) MiB. Choose a coarser pixel, e.g. --pixel \(suggested), "
                + "or a smaller --bbox"
        case .bboxCrossesAntimeridian(let box):
            return "the bbox \(box.west),\(box.south),\(box.east),\(box.north) has west > east, so it crosses the "
                + "antimeridian; give the east edge plus 360 (e.g. \(box.west),\(box.south),\(box.east + 360),"
                + "\(box.north)) for one raster across ±180°, or make two maps, one on each side"
        case .invalidBBox(let box, let reason):
            return "invalid bbox \(box.west),\(box.south),\(box.east),\(box.north): \(reason)"
        case .invalidPixelSize(let size):
            return "invalid pixel size \(size): give a positive number in the CRS's units (degrees for EPSG:4326, "
                + "metres for projected CRSs)"
        case .unwritableDirectory(let path, let reason):
            return "cannot write to the output directory '\(path)': \(reason); choose another directory or fix its "
                + "permissions"
        case .invalidCell(let cell):
            return "\(cell) is not a valid H3 cell; check the input hex ids"
        case .resolutionMismatch(let cell, let expected):
            return "cell \(cell) has resolution \(cell.resolution), but the map is at resolution \(expected); "
                + "aggregate all cells to one resolution first"
        case .invalidResolution(let resolution):
            return "H3 resolution \(resolution) is outside 0…15"
        case .invalidCRS(let crs, let reason):
            return "cannot use CRS '\(crs)': \(reason); give an EPSG code such as EPSG:4326, EPSG:3857 or a UTM zone"
        case .noCells:
            return "there are no cells to map and no --bbox; give a bbox or input that yields at least one cell"
        case .invalidGrid(let error):
            return error.description
        case .gdal(let error):
            return "GDAL: \(error.description)"
        }
    }
}
