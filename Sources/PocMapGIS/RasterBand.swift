internal import CGDAL

/// Summary statistics of a band's valid (non-nodata) pixels.
public struct BandStatistics: Hashable, Sendable {
    /// Smallest valid value.
    public var minimum: Double
    /// Largest valid value.
    public var maximum: Double
    /// Mean of the valid values.
    public var mean: Double
    /// Population standard deviation of the valid values.
    public var standardDeviation: Double

    /// Statistics from their four values.
    public init(minimum: Double, maximum: Double, mean: Double, standardDeviation: Double) {
        self.minimum = minimum
        self.maximum = maximum
        self.mean = mean
        self.standardDeviation = standardDeviation
    }
}

/// One band of a raster ``Dataset``.
///
/// A band keeps its dataset's handle alive, so it stays valid when the `Dataset` object itself goes away; after an
/// explicit ``Dataset/close()`` every call throws `objectNull`. Not `Sendable`, like its dataset.
public final class RasterBand {
    let owner: DatasetHandle
    private let raw: UnsafeMutableRawPointer

    init(owner: DatasetHandle, raw: UnsafeMutableRawPointer) {
        self.owner = owner
        self.raw = raw
    }

    /// The band handle after checking that the dataset is still open.
    private func handle(_ operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
        _ = try owner.handle(operation)
        return raw
    }

    // MARK: Shape and type

    /// Width in pixels. The corresponding GDAL function is `GDALGetRasterBandXSize`.
    public var width: Int {
        get throws(GDALError) { Int(GDALGetRasterBandXSize(try handle("GDALGetRasterBandXSize"))) }
    }

    /// Height in pixels. The corresponding GDAL function is `GDALGetRasterBandYSize`.
    public var height: Int {
        get throws(GDALError) { Int(GDALGetRasterBandYSize(try handle("GDALGetRasterBandYSize"))) }
    }

    /// The band's pixel type; `nil` for complex types. The corresponding GDAL function is `GDALGetRasterDataType`.
    public var dataType: RasterDataType? {
        get throws(GDALError) { RasterDataType(gdalType: GDALGetRasterDataType(try handle("GDALGetRasterDataType"))) }
    }

    /// The natural block (tile or strip) size. The corresponding GDAL function is `GDALGetBlockSize`.
    public var blockSize: (width: Int, height: Int) {
        get throws(GDALError) {
            let raw = try handle("GDALGetBlockSize")
            var x: Int32 = 0
            var y: Int32 = 0
            GDALGetBlockSize(raw, &x, &y)
            return (Int(x), Int(y))
        }
    }

    // MARK: Pixels

    /// Reads a window of pixels into a new row-major array, converting to `T` as needed.
    ///
    /// The corresponding GDAL function is `GDALRasterIO` with `GF_Read`.
    public func read<T: RasterScalar>(
        x: Int,
        y: Int,
        width: Int,
        height: Int,
        as type: T.Type = T.self
    ) throws(GDALError) -> [T] {
        let operation = "GDALRasterIO"
        let raw = try handle(operation)
        let window = try Window(x: x, y: y, width: width, height: height, operation: operation)
        let count = width * height
        var failure: GDALError? = nil
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(GDALError) {
                try checkCPL(operation) {
                    GDALRasterIO(
                        raw,
                        GF_Read,
                        window.x,
                        window.y,
                        window.width,
                        window.height,
                        UnsafeMutableRawPointer(buffer.baseAddress),
                        window.width,
                        window.height,
                        T.rasterDataType.gdalType,
                        0,
                        0
                    )
                }
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return values
    }

    /// Writes a row-major window of pixels, converting from `T` to the band type as needed.
    ///
    /// `values.count` must equal `width * height`. The corresponding GDAL function is `GDALRasterIO` with
    /// `GF_Write`.
    public func write<T: RasterScalar>(
        _ values: [T],
        x: Int,
        y: Int,
        width: Int,
        height: Int
    ) throws(GDALError) {
        let operation = "GDALRasterIO"
        let raw = try handle(operation)
        let window = try Window(x: x, y: y, width: width, height: height, operation: operation)
        guard values.count == width * height else {
            throw GDALError(
                code: .illegalArgument,
                message: "\(values.count) values for a \(width)×\(height) window",
                operation: operation
            )
        }
        try values.withUnsafeBufferPointer { (buffer) throws(GDALError) in
            // GDAL's buffer parameter is `void*` for both directions; GF_Write only reads it (pitfall 5).
            let pointer = UnsafeMutableRawPointer(mutating: buffer.baseAddress)
            try checkCPL(operation) {
                GDALRasterIO(
                    raw,
                    GF_Write,
                    window.x,
                    window.y,
                    window.width,
                    window.height,
                    pointer,
                    window.width,
                    window.height,
                    T.rasterDataType.gdalType,
                    0,
                    0
                )
            }
        }
    }

    /// Reads one full row (0-based).
    public func readRow<T: RasterScalar>(_ row: Int, as type: T.Type = T.self) throws(GDALError) -> [T] {
        try read(x: 0, y: row, width: try width, height: 1, as: type)
    }

    /// Writes one full row (0-based); `values.count` must equal the band width.
    public func writeRow<T: RasterScalar>(_ row: Int, _ values: [T]) throws(GDALError) {
        try write(values, x: 0, y: row, width: try width, height: 1)
    }

    /// Reads the whole band.
    public func readAll<T: RasterScalar>(as type: T.Type = T.self) throws(GDALError) -> [T] {
        try read(x: 0, y: 0, width: try width, height: try height, as: type)
    }

    /// Writes the whole band; `values.count` must equal `width * height`.
    public func writeAll<T: RasterScalar>(_ values: [T]) throws(GDALError) {
        try write(values, x: 0, y: 0, width: try width, height: try height)
    }

    /// Reads one natural block (tile) by its block column and row, `blockSize.width × blockSize.height` values.
    /// Edge blocks are returned at full size; the part outside the raster is undefined. `T` must match the band's
    /// pixel type, as GDAL does no conversion here.
    ///
    /// The corresponding GDAL function is `GDALReadBlock`.
    public func readBlock<T: RasterScalar>(
        column: Int,
        row: Int,
        as type: T.Type = T.self
    ) throws(GDALError) -> [T] {
        let operation = "GDALReadBlock"
        let raw = try handle(operation)
        try requireBlockType(T.self, operation: operation)
        let size = try blockSize
        let count = size.width * size.height
        let x = try cInt(column, "block column", operation: operation)
        let y = try cInt(row, "block row", operation: operation)
        var failure: GDALError? = nil
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(GDALError) {
                try checkCPL(operation) { GDALReadBlock(raw, x, y, UnsafeMutableRawPointer(buffer.baseAddress)) }
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return values
    }

    /// Writes one natural block (tile); `values.count` must equal `blockSize.width × blockSize.height` and `T`
    /// must match the band's pixel type.
    ///
    /// The corresponding GDAL function is `GDALWriteBlock`.
    public func writeBlock<T: RasterScalar>(_ values: [T], column: Int, row: Int) throws(GDALError) {
        let operation = "GDALWriteBlock"
        let raw = try handle(operation)
        try requireBlockType(T.self, operation: operation)
        let size = try blockSize
        guard values.count == size.width * size.height else {
            throw GDALError(
                code: .illegalArgument,
                message: "\(values.count) values for a \(size.width)×\(size.height) block",
                operation: operation
            )
        }
        let x = try cInt(column, "block column", operation: operation)
        let y = try cInt(row, "block row", operation: operation)
        try values.withUnsafeBufferPointer { (buffer) throws(GDALError) in
            let pointer = UnsafeMutableRawPointer(mutating: buffer.baseAddress)
            try checkCPL(operation) { GDALWriteBlock(raw, x, y, pointer) }
        }
    }

    private func requireBlockType<T: RasterScalar>(_ type: T.Type, operation: String) throws(GDALError) {
        let bandType = try dataType
        guard bandType == T.rasterDataType else {
            throw GDALError(
                code: .illegalArgument,
                message: "block I/O needs the band type \(bandType?.name ?? "?"), not \(T.rasterDataType.name)",
                operation: operation
            )
        }
    }

    /// Sets every pixel to one value (for example the nodata value before burning cells).
    ///
    /// The corresponding GDAL function is `GDALFillRaster`.
    public func fill(_ value: Double) throws(GDALError) {
        let raw = try handle("GDALFillRaster")
        try checkCPL("GDALFillRaster") { GDALFillRaster(raw, value, 0) }
    }

    /// GDAL's 16-bit checksum of a window (the whole band by default), as `gdalinfo -checksum` prints it.
    ///
    /// The corresponding GDAL function is `GDALChecksumImage`.
    public func checksum() throws(GDALError) -> Int {
        let raw = try handle("GDALChecksumImage")
        let x = GDALGetRasterBandXSize(raw)
        let y = GDALGetRasterBandYSize(raw)
        let sum = quietly { GDALChecksumImage(raw, 0, 0, x, y) }
        if sum < 0 { throw lastGDALError("GDALChecksumImage", fallback: "checksum failed") }
        return Int(sum)
    }

    // MARK: Description, unit, nodata

    /// The band's description: pocmap stores a snake_case band name here (QGIS shows "Band 1: name").
    ///
    /// The corresponding GDAL function is `GDALGetDescription`.
    public var bandDescription: String {
        get throws(GDALError) { majorObjectDescription(try handle("GDALGetDescription")) }
    }

    /// Sets the band's description. The corresponding GDAL function is `GDALSetDescription`.
    public func setBandDescription(_ text: String) throws(GDALError) {
        let raw = try handle("GDALSetDescription")
        let failed = quietly { () -> Bool in
            GDALSetDescription(raw, text)
            return lastCallFailed()
        }
        if failed { throw lastGDALError("GDALSetDescription", fallback: "cannot set the description") }
    }

    /// The unit of the values (`dBm`, `dB`, `count`), empty when unset.
    ///
    /// The corresponding GDAL function is `GDALGetRasterUnitType`.
    public var unitType: String {
        get throws(GDALError) { gdalString(GDALGetRasterUnitType(try handle("GDALGetRasterUnitType"))) ?? "" }
    }

    /// Sets the unit of the values. The corresponding GDAL function is `GDALSetRasterUnitType`.
    public func setUnitType(_ unit: String) throws(GDALError) {
        let raw = try handle("GDALSetRasterUnitType")
        try checkCPL("GDALSetRasterUnitType") { GDALSetRasterUnitType(raw, unit) }
    }

    /// The nodata value, or `nil` when none is set. The corresponding GDAL function is `GDALGetRasterNoDataValue`.
    public var noDataValue: Double? {
        get throws(GDALError) {
            let raw = try handle("GDALGetRasterNoDataValue")
            var isSet: Int32 = 0
            let value = GDALGetRasterNoDataValue(raw, &isSet)
            return isSet != 0 ? value : nil
        }
    }

    /// Sets the nodata value (pocmap uses −9999 for every band), or removes it with `nil`.
    ///
    /// The corresponding GDAL functions are `GDALSetRasterNoDataValue` and `GDALDeleteRasterNoDataValue`.
    public func setNoDataValue(_ value: Double?) throws(GDALError) {
        let raw = try handle("GDALSetRasterNoDataValue")
        if let value {
            try checkCPL("GDALSetRasterNoDataValue") { GDALSetRasterNoDataValue(raw, value) }
        } else {
            try checkCPL("GDALDeleteRasterNoDataValue") { GDALDeleteRasterNoDataValue(raw) }
        }
    }

    // MARK: Statistics

    /// Scans the band and computes statistics over the valid pixels, storing them as `STATISTICS_*` metadata
    /// (inside the GeoTIFF when it is open for writing). Throws when no pixel is valid.
    ///
    /// With `approximate`, GDAL may use overviews or a subsample.
    ///
    /// The corresponding GDAL function is `GDALComputeRasterStatistics`.
    public func computeStatistics(approximate: Bool = false) throws(GDALError) -> BandStatistics {
        let raw = try handle("GDALComputeRasterStatistics")
        var stats = BandStatistics(minimum: 0, maximum: 0, mean: 0, standardDeviation: 0)
        try checkCPL("GDALComputeRasterStatistics") {
            GDALComputeRasterStatistics(
                raw,
                approximate ? 1 : 0,
                &stats.minimum,
                &stats.maximum,
                &stats.mean,
                &stats.standardDeviation,
                nil,
                nil
            )
        }
        return stats
    }

    /// Statistics already stored with the band, or `nil` when there are none (nothing is computed).
    ///
    /// The corresponding GDAL function is `GDALGetRasterStatistics` with `bForce = FALSE`.
    public func storedStatistics() throws(GDALError) -> BandStatistics? {
        let raw = try handle("GDALGetRasterStatistics")
        var stats = BandStatistics(minimum: 0, maximum: 0, mean: 0, standardDeviation: 0)
        let result = quietly {
            GDALGetRasterStatistics(
                raw,
                0,
                0,
                &stats.minimum,
                &stats.maximum,
                &stats.mean,
                &stats.standardDeviation
            )
        }
        return result == CE_None ? stats : nil
    }

    // MARK: Metadata

    /// All metadata of a domain (`nil` is the default domain). The corresponding GDAL function is
    /// `GDALGetMetadata`.
    public func metadata(domain: String? = nil) throws(GDALError) -> [String: String] {
        majorObjectMetadata(try handle("GDALGetMetadata"), domain: domain)
    }

    /// One metadata value, or `nil`. The corresponding GDAL function is `GDALGetMetadataItem`.
    public func metadataItem(_ key: String, domain: String? = nil) throws(GDALError) -> String? {
        majorObjectMetadataItem(try handle("GDALGetMetadataItem"), key: key, domain: domain)
    }

    /// Sets (or with `nil`, removes) one metadata value. The corresponding GDAL function is
    /// `GDALSetMetadataItem`.
    public func setMetadataItem(_ key: String, _ value: String?, domain: String? = nil) throws(GDALError) {
        try majorObjectSetMetadataItem(try handle("GDALSetMetadataItem"), key: key, value: value, domain: domain)
    }

    // MARK: Overviews

    /// Number of overview levels. The corresponding GDAL function is `GDALGetOverviewCount`.
    public var overviewCount: Int {
        get throws(GDALError) { Int(GDALGetOverviewCount(try handle("GDALGetOverviewCount"))) }
    }

    /// The overview band at a 0-based level (0 is the largest). The corresponding GDAL function is
    /// `GDALGetOverview`.
    public func overview(_ level: Int) throws(GDALError) -> RasterBand {
        let operation = "GDALGetOverview"
        let raw = try handle(operation)
        let index = try cInt(level, "overview level", operation: operation)
        let overview = try requireHandle(operation, fallback: "no overview level \(level)") {
            GDALGetOverview(raw, index)
        }
        return RasterBand(owner: owner, raw: overview)
    }

    /// Internal: the raw band handle for wrappers in other files, after the open check.
    func rawHandle(_ operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
        try handle(operation)
    }
}

/// A pixel window converted to C ints, validated to be non-empty.
private struct Window {
    let x: Int32
    let y: Int32
    let width: Int32
    let height: Int32

    init(x: Int, y: Int, width: Int, height: Int, operation: String) throws(GDALError) {
        guard width > 0, height > 0, x >= 0, y >= 0 else {
            throw GDALError(
                code: .illegalArgument,
                message: "window x=\(x) y=\(y) \(width)×\(height) is empty or negative",
                operation: operation
            )
        }
        self.x = try cInt(x, "x", operation: operation)
        self.y = try cInt(y, "y", operation: operation)
        self.width = try cInt(width, "width", operation: operation)
        self.height = try cInt(height, "height", operation: operation)
    }
}
