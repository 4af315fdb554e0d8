internal import CGDAL

/// A GDAL vector dataset (GeoPackage, FlatGeobuf, GeoJSON, …) holding one or more ``Layer``s.
///
/// Not `Sendable` (pitfall 15). Call ``close()`` when done writing so the file is complete and failures are seen.
public final class VectorDataset {
    let owner: DatasetHandle

    init(owner: DatasetHandle) { self.owner = owner }

    /// Creates a new, empty vector dataset, for example a GeoPackage with `driver: "GPKG"`.
    ///
    /// The corresponding GDAL function is `GDALCreate` with no raster bands.
    public static func create(path: String, driver: String, options: GDALOptions = [:]) throws(GDALError)
        -> VectorDataset
    {
        let operation = "GDALCreate"
        let driverHandle = try driverHandle(driver, operation: operation)
        let list = CStringList(options)
        let raw = try requireHandle(operation, fallback: "cannot create '\(path)' with driver \(driver)") {
            list.withPointer { GDALCreate(driverHandle, path, 0, 0, 0, GDT_Unknown, $0) }
        }
        return VectorDataset(owner: DatasetHandle(raw: raw, path: path))
    }

    /// Opens an existing vector dataset.
    ///
    /// The corresponding GDAL function is `GDALOpenEx` with `GDAL_OF_VECTOR`.
    public static func open(
        path: String,
        access: AccessMode = .readOnly,
        drivers: [String] = [],
        options: GDALOptions = [:]
    ) throws(GDALError) -> VectorDataset {
        let owner = try openDataset(
            path,
            flags: GDAL_OF_VECTOR,
            update: access == .update,
            drivers: drivers,
            options: options
        )
        return VectorDataset(owner: owner)
    }

    /// Closes the dataset now and reports any failure; layers obtained from it throw `objectNull` afterwards.
    ///
    /// The corresponding GDAL function is `GDALClose`.
    public func close() throws(GDALError) { try owner.close() }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { owner.isClosed }

    /// The path given at creation or opening.
    public var path: String { owner.path }

    func handle(_ operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
        try owner.handle(operation)
    }

    // MARK: Layers

    /// Creates a layer with a CRS (`nil` for none) and layer creation options, for GeoPackage for example
    /// `["GEOMETRY_NAME": "geom", "FID": "fid", "SPATIAL_INDEX": "YES", "DESCRIPTION": "…"]`.
    ///
    /// The corresponding GDAL function is `GDALDatasetCreateLayer`.
    public func createLayer(
        name: String,
        spatialReference: SpatialReference?,
        geometryType: GeometryType,
        options: GDALOptions = [:]
    ) throws(GDALError) -> Layer {
        let operation = "GDALDatasetCreateLayer"
        let raw = try handle(operation)
        let list = CStringList(options)
        let layer = try withExtendedLifetime(spatialReference) { () throws(GDALError) in
            try requireHandle(operation, fallback: "cannot create layer '\(name)' in '\(path)'") {
                list.withPointer { GDALDatasetCreateLayer(raw, name, spatialReference?.raw, geometryType.ogrValue, $0) }
            }
        }
        return Layer(owner: owner, raw: layer)
    }

    /// Number of layers. The corresponding GDAL function is `GDALDatasetGetLayerCount`.
    public var layerCount: Int {
        get throws(GDALError) { Int(GDALDatasetGetLayerCount(try handle("GDALDatasetGetLayerCount"))) }
    }

    /// The names of all layers, in dataset order.
    public func layerNames() throws(GDALError) -> [String] {
        let raw = try handle("GDALDatasetGetLayer")
        return (0..<GDALDatasetGetLayerCount(raw)).compactMap { index in
            GDALDatasetGetLayer(raw, index).flatMap { gdalString(OGR_L_GetName($0)) }
        }
    }

    /// The layer at a 0-based index. The corresponding GDAL function is `GDALDatasetGetLayer`.
    public func layer(at index: Int) throws(GDALError) -> Layer {
        let operation = "GDALDatasetGetLayer"
        let raw = try handle(operation)
        let position = try cInt(index, "layer index", operation: operation)
        let layer = try requireHandle(operation, fallback: "no layer at index \(index) in '\(path)'") {
            GDALDatasetGetLayer(raw, position)
        }
        return Layer(owner: owner, raw: layer)
    }

    /// The layer with a name. The corresponding GDAL function is `GDALDatasetGetLayerByName`.
    public func layer(named name: String) throws(GDALError) -> Layer {
        let operation = "GDALDatasetGetLayerByName"
        let raw = try handle(operation)
        let layer = try requireHandle(operation, fallback: "no layer named '\(name)' in '\(path)'") {
            GDALDatasetGetLayerByName(raw, name)
        }
        return Layer(owner: owner, raw: layer)
    }

    // MARK: Transactions

    /// Starts a transaction: bulk inserts inside one are much faster in GeoPackage.
    ///
    /// With `force`, drivers without native transactions emulate them.
    ///
    /// The corresponding GDAL function is `GDALDatasetStartTransaction`.
    public func startTransaction(force: Bool = false) throws(GDALError) {
        let raw = try handle("GDALDatasetStartTransaction")
        try checkOGR("GDALDatasetStartTransaction") { GDALDatasetStartTransaction(raw, force ? 1 : 0) }
    }

    /// Commits the current transaction. The corresponding GDAL function is `GDALDatasetCommitTransaction`.
    public func commitTransaction() throws(GDALError) {
        let raw = try handle("GDALDatasetCommitTransaction")
        try checkOGR("GDALDatasetCommitTransaction") { GDALDatasetCommitTransaction(raw) }
    }

    /// Rolls the current transaction back. The corresponding GDAL function is `GDALDatasetRollbackTransaction`.
    public func rollbackTransaction() throws(GDALError) {
        let raw = try handle("GDALDatasetRollbackTransaction")
        try checkOGR("GDALDatasetRollbackTransaction") { GDALDatasetRollbackTransaction(raw) }
    }

    /// Runs `body` inside a transaction: commits when it returns, rolls back when it throws.
    public func withTransaction<R>(_ body: () throws(GDALError) -> R) throws(GDALError) -> R {
        try startTransaction()
        let result: R
        do {
            result = try body()
        } catch {
            try? rollbackTransaction()
            throw error
        }
        try commitTransaction()
        return result
    }

    // MARK: SQL

    /// Runs an SQL statement and returns the rows of its result set (empty for statements without one, such as
    /// `CREATE TABLE` or `INSERT`). With GeoPackage the SQL is SQLite's, so it can create and fill
    /// `layer_styles`.
    ///
    /// `dialect` is `nil` for the driver's native SQL, or `OGRSQL` / `SQLITE`.
    ///
    /// The corresponding GDAL functions are `GDALDatasetExecuteSQL` and `GDALDatasetReleaseResultSet`.
    @discardableResult
    public func executeSQL(_ sql: String, dialect: String? = nil) throws(GDALError) -> [Feature] {
        let operation = "GDALDatasetExecuteSQL"
        let raw = try handle(operation)
        let (resultSet, failed) = quietly { () -> (UnsafeMutableRawPointer?, Bool) in
            let layer = GDALDatasetExecuteSQL(raw, sql, nil, dialect)
            return (layer, lastCallFailed())
        }
        if failed {
            if let resultSet { GDALDatasetReleaseResultSet(raw, resultSet) }
            throw lastGDALError(operation, fallback: "SQL failed: \(sql)")
        }
        guard let resultSet else { return [] }
        defer { GDALDatasetReleaseResultSet(raw, resultSet) }
        return try readAllFeatures(resultSet)
    }
}
