import Glibc
import PocMapCore
import PocMapGIS
import PocMapIO
import PocMapStore

/// Writes `coverage.gpkg` (FORMATS.md §2.6): the `hexes`, `hotspots` and `links` layers in EPSG:4326 with R-tree
/// spatial indexes, attribute indexes for `pocmap query`, a `store_info` table and default QGIS styles.
///
/// GDAL creates the GeoPackage, its (empty) layers, their R-trees and GDAL's bookkeeping, so the file is the
/// standard GeoPackage GDAL and QGIS expect. On a real file the rows then go in through SQLite directly (prepared
/// statements, one transaction, no journal): each geometry is encoded by hand as a GeoPackage blob
/// (``GeoPackageBlob``), GDAL's per-row triggers are suspended and restored, the R-trees are packed in one pass
/// (`RTreeBulkLoad`) and the layer extents and feature counts are set as GDAL sets them: about half the time per row of
/// GDAL's feature API (≈ 3.6 µs against ≈ 7.6 µs on the 100k-hotspot benchmark). A `/vsimem/` path (invisible to SQLite) is written through GDAL's feature API instead; both
/// give the same tables.
///
/// Rows go into `<path>.partial`; ``finish()`` commits, adds the indexes and styles, closes the file and renames it
/// to `path`, so an interrupted run never leaves a truncated store that looks complete. Not `Sendable`: use one
/// writer from one task.
///
/// ```swift
/// let writer = try CoverageStoreWriter(path: "out/coverage.gpkg", resolution: 8)
/// for row in hexRows { try writer.add(row) }
/// for row in hotspotRows { try writer.add(row) }
/// for row in linkRows { try writer.add(row) }
/// try writer.finish()
/// ```
public final class CoverageStoreWriter {
    /// How rows reach the file.
    public enum Method: Sendable {
        /// SQLite prepared statements on the file GDAL created (the default for files on disk).
        case bulk
        /// GDAL's feature API, one `OGR_L_CreateFeature` per row (the only way for `/vsimem/` paths; slower).
        case gdalFeatures
    }

    /// Where the finished store goes.
    public let path: String
    /// The H3 resolution of every hex (`resolution` column, and `store_info`).
    public let resolution: Int
    /// How rows are written.
    public let method: Method
    /// Hex rows written so far.
    public private(set) var hexCount = 0
    /// Hotspot rows written so far.
    public private(set) var hotspotCount = 0
    /// Link rows written so far.
    public private(set) var linkCount = 0

    private let partialPath: String
    private var backend: Backend
    private var metadata: [String: String]
    private var state = State.writing
    /// Per layer (hexes, hotspots, links): GDAL's per-row R-tree insert trigger, dropped while writing and restored
    /// by `finish()`, and the features' boxes, collected instead and packed in one pass (`RTreeBulkLoad`). `nil`
    /// when the trigger was not found (another GDAL version), in which case GDAL fills that index row by row.
    private var packedTrees: [PackedTree?] = [nil, nil, nil]
    /// Bulk path: the feature-count triggers GDAL keeps on each table, dropped while writing, restored at the end.
    private var suspendedTriggers: [String] = []
    /// Bulk path: the extent of each layer's geometries (GDAL records it in `gpkg_contents`).
    private var extents: [RTreeBulkLoad.Entry?] = [nil, nil, nil]
    private var blob = GeoPackageBlob()
    /// Whether ``sealLinks()`` has indexed the links layer already.
    private var linksSealed = false

    private enum Backend {
        case gdal(VectorDataset, [Layer])
        case sqlite(SQLiteConnection, [SQLiteStatement])
        case closed
    }

    private struct PackedTree {
        var table: String
        var trigger: String
        var boxes: [RTreeBulkLoad.Entry] = []
    }

    private static let layerNames = [StoreSchema.hexesLayer, StoreSchema.hotspotsLayer, StoreSchema.linksLayer]
    private static let layerColumns = [StoreSchema.hexColumns, StoreSchema.hotspotColumns, StoreSchema.linkColumns]

    /// Whether the R-trees are packed in one pass at `finish()` (else GDAL fills them row by row, ~8 µs a row).
    public var packsSpatialIndexes: Bool { packedTrees.allSatisfy { $0 != nil } }

    private enum State { case writing, finished, abandoned }

    /// Creates the partial file, its layers and starts the transaction.
    ///
    /// - Parameters:
    ///   - path: the finished file, usually `DIR/coverage.gpkg` (a `/vsimem/` path works too).
    ///   - resolution: the H3 resolution of the hexes (0…15); every ``HexRow`` must have it.
    ///   - metadata: extra `store_info` entries, for example the propagation model or the input time range.
    ///   - method: how rows are written; `/vsi…` paths always use ``Method/gdalFeatures``.
    ///   - pageSize: the SQLite page size in bytes (a power of two, 512…65536), `nil` for SQLite's 4096. Large
    ///     stores write faster with 65536 (16× fewer pages to split, cache and write: the 100k-hotspot run's store
    ///     took 3.5 s less system time and 5 s less wall); small ones stay smaller with the default.
    public init(
        path: String,
        resolution: Int,
        metadata: [String: String] = [:],
        method: Method = .bulk,
        pageSize: Int? = nil
    ) throws(StoreError) {
        guard (0...15).contains(resolution) else {
            throw .invalidInput("H3 resolution \(resolution) is outside 0…15")
        }
        self.path = path
        self.resolution = resolution
        self.partialPath = path + ".partial"
        self.metadata = metadata
        self.method = path.hasPrefix("/vsi") ? .gdalFeatures : method
        if VSI.exists(partialPath) { try? VSI.unlink(partialPath) }
        let dataset: VectorDataset
        var layers: [Layer] = []
        // GDAL applies the page size when it creates the file; a caller's own OGR_SQLITE_PRAGMA wins.
        if let pageSize {
            guard (9...16).contains(pageSize.trailingZeroBitCount), pageSize.nonzeroBitCount == 1 else {
                throw .invalidInput("page size \(pageSize) is not a power of two between 512 and 65536")
            }
        }
        let setsPageSize = pageSize != nil && GDALLibrary.configOption("OGR_SQLITE_PRAGMA") == nil
        if setsPageSize, let pageSize {
            GDALLibrary.setThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "page_size=\(pageSize)")
        }
        defer { if setsPageSize { GDALLibrary.setThreadLocalConfigOption("OGR_SQLITE_PRAGMA", nil) } }
        do {
            dataset = try VectorDataset.create(path: partialPath, driver: "GPKG")
            let wgs84 = try SpatialReference(epsg: 4326)
            let types: [GeometryType] = [.multiPolygon, .point, .multiLineString]
            let descriptions = [
                "pocmap coverage per H3 cell (resolution \(resolution))", "pocmap hotspots (hotspots.csv)",
                "pocmap witness verdicts, beaconer to witness",
            ]
            for index in 0..<3 {
                let layer = try dataset.createLayer(
                    name: Self.layerNames[index],
                    spatialReference: wgs84,
                    geometryType: types[index],
                    options: [
                        "GEOMETRY_NAME": StoreSchema.geometryColumn, "FID": "fid", "SPATIAL_INDEX": "YES",
                        "DESCRIPTION": descriptions[index],
                    ]
                )
                for column in Self.layerColumns[index] { try layer.createField(StoreSchema.fieldDefinition(column)) }
                layers.append(layer)
            }
        } catch {
            try? VSI.unlink(partialPath)
            throw .gdal("\(error)")
        }
        backend = .gdal(dataset, layers)
        do throws(StoreError) {
            switch self.method {
            case .gdalFeatures:
                try dataset.execute("PRAGMA synchronous = OFF")
                do { try dataset.startTransaction() } catch { throw StoreError.gdal("\(error)") }
                // GDAL 3.6 creates each R-tree and its insert trigger when the transaction starts.
                try suspendRTreeTriggers(dataset)
            case .bulk:
                // Closing makes GDAL create the tables, R-trees, triggers and its bookkeeping rows.
                do { try dataset.close() } catch { throw StoreError.gdal("\(error)") }
                backend = .closed
                let connection = try SQLiteConnection(path: partialPath)
                backend = .sqlite(connection, [])
                try connection.execute(
                    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; "
                        + "PRAGMA threads = 2; PRAGMA temp_store = FILE; BEGIN"
                )
                try suspendRTreeTriggers(connection)
                for name in Self.layerNames {
                    let trigger = "trigger_insert_feature_count_\(name)"
                    if let sql = try connection.text(
                        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '\(trigger)'"
                    ) {
                        try connection.execute("DROP TRIGGER \"\(trigger)\"")
                        suspendedTriggers.append(sql)
                    }
                }
                var statements: [SQLiteStatement] = []
                for index in 0..<3 {
                    let columns = Self.layerColumns[index]
                    let names = (["fid", StoreSchema.geometryColumn] + columns.map(\.name)).map { "\"\($0)\"" }
                    let parameters = (1...names.count).map { "?\($0)" }
                    statements.append(
                        try connection.prepare(
                            "INSERT INTO \"\(Self.layerNames[index])\" (\(names.joined(separator: ", "))) VALUES ("
                                + parameters.joined(separator: ", ") + ")"
                        )
                    )
                }
                backend = .sqlite(connection, statements)
            }
        } catch {
            abandon()
            throw error
        }
    }

    deinit {
        if state == .writing { abandon() }
    }

    /// A geometry's GeoPackage blob and box, encoded ahead of the insert.
    struct EncodedGeometry: Sendable {
        var blob: [UInt8]
        var box: RTreeBulkLoad.Entry
    }

    /// One row ready to insert: what does not need the database (checks, field values, geometry and its blob) is
    /// done by ``prepare(_:resolution:)`` and ``prepare(_:)`` on the caller's thread, so the thread that owns the
    /// writer only binds and steps.
    struct PreparedRow: Sendable {
        /// 0 hexes, 1 hotspots, 2 links.
        var layer: Int
        var values: [FieldValue]
        /// The geometry, kept only for a writer that inserts features through GDAL (``needsGeometry``).
        var geometry: Geometry?
        /// The geometry's blob (the bulk path inserts it as is).
        var encoded: EncodedGeometry?

        init(layer: Int, values: [FieldValue], geometry: Geometry?, keepGeometry: Bool) {
            self.layer = layer
            self.values = values
            if let geometry {
                var encoder = GeoPackageBlob()
                if let box = encoder.encode(geometry, srsID: 4326) {
                    encoded = EncodedGeometry(blob: encoder.bytes, box: box)
                }
            }
            if keepGeometry || encoded == nil { self.geometry = geometry }
        }

        /// A row whose geometry blob is already encoded (the bulk path's fast cell encoding).
        init(layer: Int, values: [FieldValue], encoded: EncodedGeometry) {
            self.layer = layer
            self.values = values
            self.encoded = encoded
        }
    }

    /// Whether rows for this writer must keep their ``PreparedRow/geometry`` (GDAL's feature path needs it; the
    /// bulk path needs the blob only).
    var needsGeometry: Bool { method == .gdalFeatures }

    /// A hex's row for a store of `resolution`. Throws `invalidInput` for an invalid cell or one at another
    /// resolution.
    static func prepare(_ hex: HexRow, resolution: Int, keepGeometry: Bool = true) throws(StoreError) -> PreparedRow {
        guard hex.cell.isValid else { throw .invalidInput("\(hex.cell) is not a valid H3 cell") }
        guard hex.cell.resolution == resolution else {
            throw .invalidInput(
                "cell \(hex.cell) has resolution \(hex.cell.resolution), the store has resolution \(resolution)"
            )
        }
        // The bulk path needs only the blob: written straight from the boundary unless the cell crosses ±180°.
        var fast: EncodedGeometry?
        if !keepGeometry {
            let boundary: CellBoundary
            do { boundary = try H3.cellToBoundary(hex.cell) } catch {
                throw .invalidInput("cell \(hex.cell): \(error)")
            }
            if let blob = GeoPackageBlob.cellBlob(boundary, srsID: 4326) {
                fast = EncodedGeometry(blob: blob.bytes, box: blob.box)
            }
        }
        var geometry: Geometry?
        if fast == nil {
            do { geometry = try StoreGeometry.cellGeometry(hex.cell) } catch {
                throw .invalidInput("cell \(hex.cell): \(error)")
            }
        }
        let values: [FieldValue] = [
            .string(hex.cell.description),
            .integer(Int32(resolution)),
            real(hex.observedRSSIdBm),
            .integer64(Int64(hex.observedWitnesses)),
            real(hex.predictedRSSIdBm),
            integer(hex.servingHotspots),
            real(hex.densityScale),
            real(hex.observedMedianRSSIdBm),
            integer(hex.observedBeaconers),
            hex.lastSeenMilliseconds.map { .dateTime(utcDateTime(milliseconds: $0)) } ?? .null,
            text(hex.bestServer),
        ]
        if let fast { return PreparedRow(layer: 0, values: values, encoded: fast) }
        return PreparedRow(layer: 0, values: values, geometry: geometry, keepGeometry: keepGeometry)
    }

    /// A witness verdict's row: a line from the beaconer to the witness (split at ±180° when it crosses).
    static func prepare(_ link: LinkRow, keepGeometry: Bool = true) -> PreparedRow {
        var geometry: Geometry?
        if let from = link.beaconerLocation, let to = link.witnessLocation {
            geometry = StoreGeometry.lineGeometry(from: from, to: to)
        }
        let values: [FieldValue] = [
            .string(link.pocID),
            .string(link.beaconer),
            .string(link.witness),
            .string(link.status),
            text(link.invalidReason),
            real(link.rssidBm),
            real(link.snrdB),
            real(link.maxRSSIdBm),
            integer(link.distanceMeters),
            .integer(link.selected ? 1 : 0),
            link.receivedTimestamp.map { .integer64($0) } ?? .null,
        ]
        return PreparedRow(layer: 2, values: values, geometry: geometry, keepGeometry: keepGeometry)
    }

    /// Adds one cell. Throws `invalidInput` for an invalid cell or one at another resolution.
    public func add(_ hex: HexRow) throws(StoreError) {
        try requireWriting()
        try add(CoverageStoreWriter.prepare(hex, resolution: resolution, keepGeometry: needsGeometry))
    }

    /// Adds a prepared row (hexes and links; hotspots go through ``add(_:)-hotspot``).
    func add(_ row: PreparedRow) throws(StoreError) {
        try requireWriting()
        switch row.layer {
        case 0:
            try insert(0, row.geometry, row.values, id: Int64(hexCount + 1), encoded: row.encoded)
            hexCount += 1
        case 2:
            guard !linksSealed else { throw .invalidInput("the links of '\(path)' are sealed: no more links") }
            try insert(2, row.geometry, row.values, id: Int64(linkCount + 1), encoded: row.encoded)
            linkCount += 1
        default:
            throw .invalidInput("internal: prepared rows are hexes or links, not layer \(row.layer)")
        }
    }

    /// Adds one hotspot. Its point is `lat`/`lng`, else the centre of `location`; no geometry when unasserted.
    public func add(_ hotspot: HotspotRow) throws(StoreError) {
        try requireWriting()
        var latitude = hotspot.latitudeDegrees
        var longitude = hotspot.longitudeDegrees
        if latitude == nil || longitude == nil, let location = hotspot.location {
            guard let centre = try? H3.cellToLatLng(location) else {
                throw .invalidInput("hotspot \(hotspot.key): location \(location) is not a valid H3 cell")
            }
            latitude = centre.latitudeDegrees
            longitude = centre.longitudeDegrees
        }
        var geometry: Geometry?
        if let latitude, let longitude {
            guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
                throw .invalidInput("hotspot \(hotspot.key): position \(latitude),\(longitude) is out of range")
            }
            geometry = .point(Point2D(x: longitude, y: latitude))
        }
        let values: [FieldValue] = [
            .string(hotspot.key),
            text(hotspot.location?.description),
            real(latitude),
            real(longitude),
            text(hotspot.region),
            .integer64(Int64(hotspot.gainTenthsDBi)),
            .integer64(Int64(hotspot.elevationMeters)),
            .integer(hotspot.active ? 1 : 0),
            real(hotspot.densityScale),
            .integer64(Int64(hotspot.beacons)),
            .integer64(Int64(hotspot.beaconsValid)),
            .integer64(Int64(hotspot.witnesses)),
            .integer64(Int64(hotspot.witnessesValid)),
            .integer64(Int64(hotspot.witnessesSelected)),
            .real(hotspot.beaconShares),
            .real(hotspot.witnessShares),
            text(hotspot.topInvalidReason),
        ]
        try insert(1, geometry, values, id: Int64(hotspotCount + 1))
        hotspotCount += 1
    }

    /// Adds one witness verdict as a line from the beaconer to the witness (split at ±180° when it crosses).
    public func add(_ link: LinkRow) throws(StoreError) {
        try requireWriting()
        try add(CoverageStoreWriter.prepare(link, keepGeometry: needsGeometry))
    }

    /// Declares the links complete and indexes them now (packed R-tree, `beaconer`/`witness` indexes) instead of in
    /// ``finish(metadata:)``, so that a caller can do it while it still prepares the hexes. Later links are refused.
    public func sealLinks() throws(StoreError) {
        try requireWriting()
        guard !linksSealed else { return }
        do throws(StoreError) {
            switch backend {
            case .gdal(let dataset, _): try sealLinks(dataset)
            case .sqlite(let connection, _): try sealLinks(connection)
            case .closed: throw StoreError.invalidInput("the store writer for '\(path)' lost its database")
            }
        } catch {
            abandon()
            throw error
        }
    }

    private func sealLinks(_ database: some StoreSQL) throws(StoreError) {
        try packTree(2, database)
        for statement in StoreSchema.attributeIndexes where statement.contains(" ON \(StoreSchema.linksLayer) ") {
            try database.execute(statement)
        }
        linksSealed = true
    }

    /// Commits the rows, creates the attribute indexes, `store_info` and `layer_styles`, closes the file and moves
    /// it to ``path`` (replacing an older store). `metadata` adds (or replaces) `store_info` entries given at `init`.
    public func finish(metadata extra: [String: String] = [:]) throws(StoreError) {
        try requireWriting()
        metadata.merge(extra) { _, new in new }
        do throws(StoreError) {
            switch backend {
            case .gdal(let dataset, _):
                try packTrees(dataset)
                do { try dataset.commitTransaction() } catch { throw StoreError.gdal("\(error)") }
                do {
                    try dataset.withTransaction { () throws(GDALError) in
                        do { try finishTables(dataset) } catch {
                            throw GDALError(code: .appDefined, message: "\(error)", operation: "store")
                        }
                    }
                    try dataset.close()
                } catch { throw StoreError.gdal("\(error)") }
            case .sqlite(let connection, _):
                try packTrees(connection)
                for trigger in suspendedTriggers { try connection.execute(trigger) }
                for (index, name) in Self.layerNames.enumerated() {
                    let count = [hexCount, hotspotCount, linkCount][index]
                    try connection.execute(
                        "UPDATE gpkg_ogr_contents SET feature_count = \(count) WHERE lower(table_name) = lower('\(name)')"
                    )
                    try connection.execute(
                        "UPDATE gpkg_contents SET last_change = \(lastChangeSQL()) WHERE table_name = '\(name)'"
                    )
                    if let box = extents[index] {
                        // GDAL formats the extent with sqlite3_mprintf("%.18g"), whose digits stop at 16; SQL's
                        // printf() is the same formatter, so the stored doubles are GDAL's to the bit.
                        let update = try connection.prepare(
                            "UPDATE gpkg_contents SET min_x = printf('%.18g', ?1), min_y = printf('%.18g', ?2), "
                                + "max_x = printf('%.18g', ?3), max_y = printf('%.18g', ?4) "
                                + "WHERE lower(table_name) = lower('\(name)') AND lower(data_type) = 'features'"
                        )
                        update.bind(1, box.minX)
                        update.bind(2, box.minY)
                        update.bind(3, box.maxX)
                        update.bind(4, box.maxY)
                        try update.run()
                    }
                }
                try finishTables(connection)
                try connection.execute("COMMIT")
                backend = .closed
                connection.close()
            case .closed:
                throw StoreError.invalidInput("the store writer for '\(path)' lost its database")
            }
        } catch {
            abandon()
            throw error
        }
        do {
            try VSI.rename(partialPath, to: path)
        } catch {
            state = .abandoned
            try? VSI.unlink(partialPath)
            throw .fileSystem("cannot move the finished store to '\(path)': \(error.message)")
        }
        state = .finished
    }

    /// Stops writing, discards the rows and deletes the partial file. Safe to call more than once.
    public func abandon() {
        guard state == .writing else { return }
        state = .abandoned
        switch backend {
        case .gdal(let dataset, _):
            if !dataset.isClosed {
                try? dataset.rollbackTransaction()
                try? dataset.close()
            }
        case .sqlite(let connection, _):
            backend = .closed
            connection.close()
        case .closed: break
        }
        backend = .closed
        try? VSI.unlink(partialPath)
    }

    /// Writes a whole store in one call.
    public static func write(
        to path: String,
        resolution: Int,
        hexes: some Sequence<HexRow>,
        hotspots: some Sequence<HotspotRow>,
        links: some Sequence<LinkRow>,
        metadata: [String: String] = [:],
        method: Method = .bulk
    ) throws(StoreError) {
        let writer = try CoverageStoreWriter(path: path, resolution: resolution, metadata: metadata, method: method)
        do {
            for row in hexes { try writer.add(row) }
            for row in hotspots { try writer.add(row) }
            for row in links { try writer.add(row) }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }

    // MARK: Internals

    private func requireWriting() throws(StoreError) {
        guard state == .writing else {
            throw .invalidInput("the store writer for '\(path)' is already finished or abandoned")
        }
    }

    /// Drops GDAL's per-row R-tree insert triggers (kept in ``packedTrees`` to be restored).
    private func suspendRTreeTriggers(_ database: some StoreSQL) throws(StoreError) {
        for (index, name) in Self.layerNames.enumerated() {
            let table = StoreSchema.rtreeTable(name)
            if let sql = try database.text(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '\(table)_insert'"
            ) {
                try database.execute("DROP TRIGGER \"\(table)_insert\"")
                packedTrees[index] = PackedTree(table: table, trigger: sql)
            }
        }
    }

    private func packTrees(_ database: some StoreSQL) throws(StoreError) {
        for index in packedTrees.indices where !(index == 2 && linksSealed) { try packTree(index, database) }
    }

    /// Packs the R-tree of layer `index` and restores GDAL's insert trigger on it.
    private func packTree(_ index: Int, _ database: some StoreSQL) throws(StoreError) {
        guard let table = packedTrees[index]?.table, let trigger = packedTrees[index]?.trigger else { return }
        var boxes = packedTrees[index]?.boxes ?? []
        packedTrees[index]?.boxes = []  // `boxes` is now the only reference: the load frees it early
        try RTreeBulkLoad(table: table).load(&boxes, into: database)
        try database.execute(trigger)
    }

    /// Adds a row to layer `index` (0 hexes, 1 hotspots, 2 links) with feature id `id` (1, 2, … in order) and
    /// remembers its box for the packed R-tree.
    private func insert(
        _ index: Int,
        _ geometry: Geometry?,
        _ values: [FieldValue],
        id: Int64,
        encoded: EncodedGeometry? = nil
    ) throws(StoreError) {
        var box: RTreeBulkLoad.Entry?
        switch backend {
        case .gdal(_, let layers):
            let fid: Int64
            do { fid = try layers[index].createFeature(geometry: geometry, values: values) } catch {
                throw .gdal("\(error)")
            }
            if packedTrees[index] != nil, let geometry { box = GeoPackageBlob.envelope(of: geometry) }
            box?.id = fid
        case .sqlite(_, let statements):
            let statement = statements[index]
            statement.bind(1, id)
            if let encoded {
                box = encoded.box
                statement.bindBlob(2, encoded.blob)
            } else if let geometry {
                box = blob.encode(geometry, srsID: 4326)
                statement.bindBlob(2, blob.bytes)
            } else {
                statement.bindNull(2)
            }
            for (offset, value) in values.enumerated() { bind(value, statement, Int32(offset + 3)) }
            try statement.run()
            box?.id = id
            if let box {
                if var extent = extents[index] {
                    extent.minX = min(extent.minX, box.minX)
                    extent.maxX = max(extent.maxX, box.maxX)
                    extent.minY = min(extent.minY, box.minY)
                    extent.maxY = max(extent.maxY, box.maxY)
                    extents[index] = extent
                } else {
                    extents[index] = box
                }
            }
        case .closed:
            throw .invalidInput("the store writer for '\(path)' lost its database")
        }
        guard packedTrees[index] != nil, let box else { return }
        packedTrees[index]?.boxes.append(box)
    }

    /// Binds a field value as GDAL's GeoPackage driver stores it (date-times as `YYYY-MM-DDTHH:MM:SS.sssZ`).
    private func bind(_ value: FieldValue, _ statement: SQLiteStatement, _ position: Int32) {
        switch value {
        case .null: statement.bindNull(position)
        case .integer(let number): statement.bind(position, Int64(number))
        case .integer64(let number): statement.bind(position, number)
        case .real(let number): statement.bind(position, number)
        case .string(let string): statement.bind(position, string)
        case .dateTime(let time): statement.bind(position, isoDateTime(time))
        default: statement.bind(position, "\(value)")
        }
    }

    /// The attribute indexes, `store_info` and `layer_styles`.
    private func finishTables(_ database: some StoreSQL) throws(StoreError) {
        for statement in StoreSchema.attributeIndexes
        where !(linksSealed && statement.contains(" ON \(StoreSchema.linksLayer) ")) {
            try database.execute(statement)
        }
        try writeInfo(database)
        try writeStyles(database)
    }

    private func writeInfo(_ database: some StoreSQL) throws(StoreError) {
        try database.execute(
            "CREATE TABLE \(StoreSchema.infoTable) (key TEXT PRIMARY KEY NOT NULL, value TEXT)"
        )
        try database.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ("
                + "'\(StoreSchema.infoTable)', 'attributes', '\(StoreSchema.infoTable)', "
                + "'pocmap store facts (resolution, software, run metadata)', "
                + "\(lastChangeSQL()))"
        )
        var entries: [(String, String)] = [
            ("resolution", "\(resolution)"), ("software", "pocmap \(PocMapVersion.string)"),
            ("hexes", "\(hexCount)"), ("hotspots", "\(hotspotCount)"), ("links", "\(linkCount)"),
        ]
        let reserved = Set(entries.map(\.0))
        entries += metadata.sorted { $0.key < $1.key }.filter { !reserved.contains($0.0) }
        for (key, value) in entries {
            try database.execute(
                "INSERT INTO \(StoreSchema.infoTable) (key, value) VALUES (\(sqlLiteral(key)), \(sqlLiteral(value)))"
            )
        }
    }

    /// The `last_change` / `update_time` of the tables pocmap adds itself, as an SQL expression: GDAL's
    /// `OGR_CURRENT_DATE` when it is set (as `pocmap run` does, with the time of the last input record, so that a
    /// re-run writes the same bytes; GDAL stamps the feature layers with it), otherwise the current time.
    private func lastChangeSQL() -> String {
        if let fixed = getenv("OGR_CURRENT_DATE") { return sqlLiteral(String(cString: fixed)) }
        return "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
    }

    private func writeStyles(_ database: some StoreSQL) throws(StoreError) {
        // The schema QGIS itself creates (GIS.md §2, "GeoPackage layer_styles").
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), \
            f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), \
            styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT, \
            update_time DATETIME DEFAULT CURRENT_TIMESTAMP)
            """
        )
        try database.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ("
                + "'layer_styles', 'attributes', 'layer_styles', 'QGIS default styles', "
                + "\(lastChangeSQL()))"
        )
        for row in StoreStyles.rows() {
            try database.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    + "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                    + "VALUES ('', '', "
                    + "\(sqlLiteral(row.table)), '\(StoreSchema.geometryColumn)', \(sqlLiteral(row.name)), "
                    + "\(sqlLiteral(row.qml)), \(sqlLiteral(row.sld)), 1, \(sqlLiteral(row.description)), "
                    + "'pocmap', NULL, \(lastChangeSQL()))"
            )
        }
    }
}

extension GeoPackageBlob {
    /// The bounding box of a point, line or polygon value (what GDAL's `ST_MinX`… give), `nil` when empty.
    static func envelope(of geometry: Geometry) -> RTreeBulkLoad.Entry? {
        var encoder = GeoPackageBlob()
        return encoder.encode(geometry, srsID: 0)
    }
}

/// `YYYY-MM-DDTHH:MM:SS.sssZ`, the GeoPackage DATETIME form GDAL writes.
private func isoDateTime(_ time: FieldDateTime) -> String {
    func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    let milliseconds = Int((Double(time.second) * 1000).rounded())
    return digits(time.year, 4) + "-" + digits(time.month, 2) + "-" + digits(time.day, 2) + "T"
        + digits(time.hour, 2) + ":" + digits(time.minute, 2) + ":" + digits(milliseconds / 1000, 2) + "."
        + digits(milliseconds % 1000, 3) + "Z"
}

private func real(_ value: Double?) -> FieldValue {
    guard let value, value.isFinite else { return .null }
    return .real(value)
}

private func integer(_ value: Int?) -> FieldValue { value.map { .integer64(Int64($0)) } ?? .null }

private func text(_ value: String?) -> FieldValue { value.map { .string($0) } ?? .null }

/// A UTC date and time from milliseconds since the Unix epoch (proleptic Gregorian calendar).
func utcDateTime(milliseconds: Int64) -> FieldDateTime {
    let (days, millisecondOfDay) = milliseconds.floorDividedAndModulo(86_400_000)
    let date = RFC3339.civilFromDays(Int(days))
    let seconds = millisecondOfDay / 1000
    return FieldDateTime(
        year: date.year,
        month: date.month,
        day: date.day,
        hour: Int(seconds / 3600),
        minute: Int(seconds / 60 % 60),
        second: Float(seconds % 60) + Float(millisecondOfDay % 1000) / 1000
    )
}

extension Int64 {
    fileprivate func floorDividedAndModulo(_ divisor: Int64) -> (Int64, Int64) {
        var quotient = self / divisor
        var remainder = self % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
