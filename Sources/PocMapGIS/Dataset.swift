internal import CGDAL

/// How a dataset is opened.
public enum AccessMode: Hashable, Sendable {
    /// Read only (`GA_ReadOnly` / `GDAL_OF_READONLY`).
    case readOnly
    /// Read and write (`GA_Update` / `GDAL_OF_UPDATE`).
    case update
}

/// A GDAL raster dataset: a file (GeoTIFF, COG, …) or an in-memory raster with one or more bands.
///
/// Not `Sendable`: GDAL handles are not thread-safe (GIS.md pitfall 15); keep a dataset in one task, and open
/// separate datasets for concurrent work. Call ``close()`` when done writing: GTiff writes tags and statistics on
/// close, and `close()` reports failures that `deinit` can only swallow.
public final class Dataset {
    let owner: DatasetHandle

    init(owner: DatasetHandle) { self.owner = owner }

    /// Creates a new raster dataset.
    ///
    /// `path` is a file path or a `/vsimem/…` name (ignored by the `MEM` driver); `driver` a GDAL driver short name
    /// such as `GTiff` or `MEM` (the `COG` driver only supports ``createCopy(to:driver:options:strict:)``);
    /// `options` are creation options, for example `["COMPRESS": "DEFLATE", "TILED": "YES"]`.
    ///
    /// The corresponding GDAL function is `GDALCreate`.
    public static func create(
        path: String,
        driver: String,
        width: Int,
        height: Int,
        bandCount: Int,
        dataType: RasterDataType,
        options: GDALOptions = [:]
    ) throws(GDALError) -> Dataset {
        let operation = "GDALCreate"
        let driverHandle = try driverHandle(driver, operation: operation)
        let x = try cInt(width, "width", operation: operation)
        let y = try cInt(height, "height", operation: operation)
        let bands = try cInt(bandCount, "band count", operation: operation)
        let list = CStringList(options)
        let raw = try requireHandle(operation, fallback: "cannot create '\(path)' with driver \(driver)") {
            list.withPointer { GDALCreate(driverHandle, path, x, y, bands, dataType.gdalType, $0) }
        }
        return Dataset(owner: DatasetHandle(raw: raw, path: path))
    }

    /// Opens an existing raster dataset. `drivers` lists the driver short names to try (all when empty);
    /// `options` are the driver's open options.
    ///
    /// The corresponding GDAL function is `GDALOpenEx` with `GDAL_OF_RASTER`.
    public static func open(
        path: String,
        access: AccessMode = .readOnly,
        drivers: [String] = [],
        options: GDALOptions = [:]
    ) throws(GDALError) -> Dataset {
        let owner = try openDataset(
            path,
            flags: GDAL_OF_RASTER,
            update: access == .update,
            drivers: drivers,
            options: options
        )
        return Dataset(owner: owner)
    }

    /// Closes the dataset now, flushing everything to disk, and reports any failure. Bands obtained from it throw
    /// `objectNull` afterwards. Closing twice does nothing.
    ///
    /// The corresponding GDAL function is `GDALClose`.
    public func close() throws(GDALError) { try owner.close() }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { owner.isClosed }

    /// The path or name given at creation or opening.
    public var path: String { owner.path }

    func handle(_ operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
        try owner.handle(operation)
    }

    /// Width in pixels. The corresponding GDAL function is `GDALGetRasterXSize`.
    public var width: Int {
        get throws(GDALError) { Int(GDALGetRasterXSize(try handle("GDALGetRasterXSize"))) }
    }

    /// Height in pixels. The corresponding GDAL function is `GDALGetRasterYSize`.
    public var height: Int {
        get throws(GDALError) { Int(GDALGetRasterYSize(try handle("GDALGetRasterYSize"))) }
    }

    /// Number of bands. The corresponding GDAL function is `GDALGetRasterCount`.
    public var bandCount: Int {
        get throws(GDALError) { Int(GDALGetRasterCount(try handle("GDALGetRasterCount"))) }
    }

    /// The short name of the dataset's driver, such as `GTiff`.
    ///
    /// The corresponding GDAL functions are `GDALGetDatasetDriver` and `GDALGetDriverShortName`.
    public var driverName: String {
        get throws(GDALError) {
            let raw = try handle("GDALGetDatasetDriver")
            return gdalString(GDALGetDriverShortName(GDALGetDatasetDriver(raw))) ?? ""
        }
    }

    /// The band with a 1-based number, as GDAL counts bands.
    ///
    /// The corresponding GDAL function is `GDALGetRasterBand`.
    public func band(_ number: Int) throws(GDALError) -> RasterBand {
        let operation = "GDALGetRasterBand"
        let raw = try handle(operation)
        let count = Int(GDALGetRasterCount(raw))
        guard number >= 1 && number <= count else {
            throw GDALError(
                code: .illegalArgument,
                message: "band \(number) is outside 1…\(count) in '\(path)'",
                operation: operation
            )
        }
        let band = try requireHandle(operation, fallback: "no band \(number)") { GDALGetRasterBand(raw, Int32(number)) }
        return RasterBand(owner: owner, raw: band)
    }

    /// The affine georeferencing. The corresponding GDAL function is `GDALGetGeoTransform`.
    ///
    /// Throws when the dataset has none (GDAL then reports the default `0,1,0,0,0,1`).
    public func geoTransform() throws(GDALError) -> GeoTransform {
        let raw = try handle("GDALGetGeoTransform")
        var elements = [Double](repeating: 0, count: 6)
        try checkCPL("GDALGetGeoTransform") { GDALGetGeoTransform(raw, &elements) }
        return GeoTransform(elements: elements)
    }

    /// Sets the affine georeferencing. The corresponding GDAL function is `GDALSetGeoTransform`.
    public func setGeoTransform(_ transform: GeoTransform) throws(GDALError) {
        let raw = try handle("GDALSetGeoTransform")
        var elements = transform.elements  // pitfall 5: GDAL takes a non-const double*
        try checkCPL("GDALSetGeoTransform") { GDALSetGeoTransform(raw, &elements) }
    }

    /// The coordinate reference system, or `nil` when the dataset has none. The returned object is a copy with
    /// the traditional GIS axis order (longitude, latitude).
    ///
    /// The corresponding GDAL function is `GDALGetSpatialRef`.
    public func spatialReference() throws(GDALError) -> SpatialReference? {
        let raw = try handle("GDALGetSpatialRef")
        guard let srs = GDALGetSpatialRef(raw) else { return nil }
        return try SpatialReference(cloning: srs)
    }

    /// Sets the coordinate reference system. The corresponding GDAL function is `GDALSetSpatialRef`.
    public func setSpatialReference(_ srs: SpatialReference) throws(GDALError) {
        let raw = try handle("GDALSetSpatialRef")
        try checkCPL("GDALSetSpatialRef") { GDALSetSpatialRef(raw, srs.raw) }
    }

    /// Sets the coordinate reference system from an EPSG code, for example 4326.
    ///
    /// The corresponding GDAL functions are `OSRImportFromEPSG` and `GDALSetSpatialRef`.
    public func setSpatialReference(epsg code: Int) throws(GDALError) {
        try setSpatialReference(SpatialReference(epsg: code))
    }

    /// The CRS as WKT, empty when there is none. The corresponding GDAL function is `GDALGetProjectionRef`.
    public var projectionWKT: String {
        get throws(GDALError) { gdalString(GDALGetProjectionRef(try handle("GDALGetProjectionRef"))) ?? "" }
    }

    /// The dataset's description (usually its path). The corresponding GDAL function is `GDALGetDescription`.
    public var datasetDescription: String {
        get throws(GDALError) { majorObjectDescription(try handle("GDALGetDescription")) }
    }

    /// All `KEY=VALUE` metadata of a domain (`nil` is the default domain; GeoTIFF also has `IMAGE_STRUCTURE`,
    /// `COLOR_PROFILE`, …). The corresponding GDAL function is `GDALGetMetadata`.
    public func metadata(domain: String? = nil) throws(GDALError) -> [String: String] {
        majorObjectMetadata(try handle("GDALGetMetadata"), domain: domain)
    }

    /// One metadata value, or `nil`. The corresponding GDAL function is `GDALGetMetadataItem`.
    public func metadataItem(_ key: String, domain: String? = nil) throws(GDALError) -> String? {
        majorObjectMetadataItem(try handle("GDALGetMetadataItem"), key: key, domain: domain)
    }

    /// Sets (or with `nil`, removes) one metadata value. `TIFFTAG_*` keys become real TIFF tags in GeoTIFF; other
    /// keys go to the `GDAL_METADATA` tag. The corresponding GDAL function is `GDALSetMetadataItem`.
    public func setMetadataItem(_ key: String, _ value: String?, domain: String? = nil) throws(GDALError) {
        try majorObjectSetMetadataItem(try handle("GDALSetMetadataItem"), key: key, value: value, domain: domain)
    }

    /// The metadata domains present. The corresponding GDAL function is `GDALGetMetadataDomainList`.
    public func metadataDomains() throws(GDALError) -> [String] {
        majorObjectMetadataDomains(try handle("GDALGetMetadataDomainList"))
    }

    /// Files that make up the dataset (the main file and sidecars such as `.aux.xml`).
    ///
    /// The corresponding GDAL function is `GDALGetFileList`.
    public func fileList() throws(GDALError) -> [String] {
        CStringList(taking: GDALGetFileList(try handle("GDALGetFileList"))).strings
    }

    /// Writes cached blocks to the file without closing it. The corresponding GDAL function is `GDALFlushCache`
    /// (which returns `void` in GDAL 3.6, so a failure is detected from the error state).
    public func flushCache() throws(GDALError) {
        let raw = try handle("GDALFlushCache")
        let failed = quietly { () -> Bool in
            GDALFlushCache(raw)
            return lastCallFailed()
        }
        if failed { throw lastGDALError("GDALFlushCache", fallback: "flushing '\(path)' failed") }
    }

    /// Copies this dataset to a new file with another driver, for example `COG` with
    /// `["COMPRESS": "DEFLATE", "PREDICTOR": "YES", "OVERVIEW_RESAMPLING": "AVERAGE"]` (pitfall 12: the COG driver
    /// only supports copies). Overviews are built by the driver according to the options.
    ///
    /// With `strict`, GDAL fails instead of adapting when the copy cannot be exact.
    ///
    /// The corresponding GDAL function is `GDALCreateCopy`.
    public func createCopy(
        to path: String,
        driver: String,
        options: GDALOptions = [:],
        strict: Bool = false
    ) throws(GDALError) -> Dataset {
        let operation = "GDALCreateCopy"
        let source = try handle(operation)
        let driverHandle = try driverHandle(driver, operation: operation)
        let list = CStringList(options)
        let raw = try requireHandle(operation, fallback: "cannot copy '\(self.path)' to '\(path)' with \(driver)") {
            list.withPointer { GDALCreateCopy(driverHandle, path, source, strict ? 1 : 0, $0, nil, nil) }
        }
        return Dataset(owner: DatasetHandle(raw: raw, path: path))
    }

    /// Builds overviews (reduced-resolution copies) of all bands with the given decimation factors, for example
    /// `[2, 4, 8]`. In a GeoTIFF open for update they are internal; a read-only one gets an `.ovr` file.
    ///
    /// `resampling` is `NEAREST`, `AVERAGE`, `MODE`, …
    ///
    /// The corresponding GDAL function is `GDALBuildOverviews`.
    public func buildOverviews(resampling: String, factors: [Int]) throws(GDALError) {
        let operation = "GDALBuildOverviews"
        let raw = try handle(operation)
        var levels: [Int32] = []
        for factor in factors { levels.append(try cInt(factor, "overview factor", operation: operation)) }
        let count = Int32(levels.count)
        try checkCPL(operation) { GDALBuildOverviews(raw, resampling, count, &levels, 0, nil, nil, nil) }
    }
}
