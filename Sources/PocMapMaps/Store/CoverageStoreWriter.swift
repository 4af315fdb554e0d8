import PocMapCore
import PocMapGIS

/// Writes `coverage.gpkg` (FORMATS.md §2.6): the `hexes`, `hotspots` and `links` layers in EPSG:4326 with R-tree
/// spatial indexes, attribute indexes for `pocmap query`, a `store_info` table and default QGIS styles.
///
/// Rows are streamed into `<path>.partial` inside one transaction; ``finish()`` commits, adds the indexes and
/// styles, closes the file and renames it to `path`, so an interrupted run never leaves a truncated store that
/// looks complete. Not `Sendable`: use one writer from one task.
///
/// ```swift
/// let writer = try CoverageStoreWriter(path: "out/coverage.gpkg", resolution: 8)
/// for row in hexRows { try writer.add(row) }
/// for row in hotspotRows { try writer.add(row) }
/// for row in linkRows { try writer.add(row) }
/// try writer.finish()
/// ```
public final class CoverageStoreWriter {
    /// Where the finished store goes.
    public let path: String
    /// The H3 resolution of every hex (`resolution` column, and `store_info`).
    public let resolution: Int
    /// Hex rows written so far.
    public private(set) var hexCount = 0
    /// Hotspot rows written so far.
    public private(set) var hotspotCount = 0
    /// Link rows written so far.
    public private(set) var linkCount = 0

    private let partialPath: String
    private let dataset: VectorDataset
    private let hexes: Layer
    private let hotspots: Layer
    private let links: Layer
    private let metadata: [(String, String)]
    private var state = State.writing
    /// Per layer (hexes, hotspots, links): GDAL's per-row R-tree insert trigger, dropped while writing and restored
    /// by `finish()`, and the features' boxes, collected instead and packed in one pass (`RTreeBulkLoad`). `nil`
    /// when the trigger was not found (another GDAL version), in which case GDAL fills that index row by row.
    private var packedTrees: [PackedTree?] = [nil, nil, nil]

    private struct PackedTree {
        var table: String
        var trigger: String
        var boxes: [RTreeBulkLoad.Entry] = []
    }

    private static let layerNames = [StoreSchema.hexesLayer, StoreSchema.hotspotsLayer, StoreSchema.linksLayer]

    /// Whether the R-trees are packed in one pass at `finish()` (else GDAL fills them row by row, ~8 µs a row).
    public var packsSpatialIndexes: Bool { packedTrees.allSatisfy { $0 != nil } }

    private enum State { case writing, finished, abandoned }

    /// Creates the partial file, its layers and starts the transaction.
    ///
    /// - Parameters:
    ///   - path: the finished file, usually `DIR/coverage.gpkg` (a `/vsimem/` path works too).
    ///   - resolution: the H3 resolution of the hexes (0…15); every ``HexRow`` must have it.
    ///   - metadata: extra `store_info` entries, for example the propagation model or the input time range.
    public init(path: String, resolution: Int, metadata: [String: String] = [:]) throws(StoreError) {
        guard (0...15).contains(resolution) else {
            throw .invalidInput("H3 resolution \(resolution) is outside 0…15")
        }
        self.path = path
        self.resolution = resolution
        self.partialPath = path + ".partial"
        self.metadata = metadata.sorted { $0.key < $1.key }
        if VSI.exists(partialPath) { try? VSI.unlink(partialPath) }
        do {
            let created = try VectorDataset.create(path: partialPath, driver: "GPKG")
            dataset = created
            let wgs84 = try SpatialReference(epsg: 4326)
            func layer(_ name: String, _ type: GeometryType, _ fields: [FieldDefinition], _ description: String)
                throws(GDALError) -> Layer
            {
                let layer = try created.createLayer(
                    name: name,
                    spatialReference: wgs84,
                    geometryType: type,
                    options: [
                        "GEOMETRY_NAME": StoreSchema.geometryColumn, "FID": "fid", "SPATIAL_INDEX": "YES",
                        "DESCRIPTION": description,
                    ]
                )
                for field in fields { try layer.createField(field) }
                return layer
            }
            hexes = try layer(
                StoreSchema.hexesLayer,
                .multiPolygon,
                StoreSchema.hexFields,
                "pocmap coverage per H3 cell (resolution \(resolution))"
            )
            hotspots = try layer(
                StoreSchema.hotspotsLayer,
                .point,
                StoreSchema.hotspotFields,
                "pocmap hotspots (hotspots.csv)"
            )
            links = try layer(
                StoreSchema.linksLayer,
                .multiLineString,
                StoreSchema.linkFields,
                "pocmap witness verdicts, beaconer to witness"
            )
            try dataset.executeSQL("PRAGMA synchronous = OFF")
            try dataset.startTransaction()
            // GDAL 3.6 creates each R-tree and its insert trigger when the transaction starts.
            for (index, name) in CoverageStoreWriter.layerNames.enumerated() {
                let table = "rtree_\(name)_\(StoreSchema.geometryColumn)"
                if let sql = try dataset.executeSQL(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '\(table)_insert'"
                ).first?.values.first?.stringValue {
                    try dataset.executeSQL("DROP TRIGGER \"\(table)_insert\"")
                    packedTrees[index] = PackedTree(table: table, trigger: sql)
                }
            }
        } catch {
            try? VSI.unlink(partialPath)
            throw .gdal("\(error)")
        }
    }

    deinit {
        if state == .writing { abandon() }
    }

    /// Adds one cell. Throws `invalidInput` for an invalid cell or one at another resolution.
    public func add(_ hex: HexRow) throws(StoreError) {
        try requireWriting()
        guard hex.cell.isValid else { throw .invalidInput("\(hex.cell) is not a valid H3 cell") }
        guard hex.cell.resolution == resolution else {
            throw .invalidInput(
                "cell \(hex.cell) has resolution \(hex.cell.resolution), the store has resolution \(resolution)"
            )
        }
        let geometry: Geometry
        do { geometry = try StoreGeometry.cellGeometry(hex.cell) } catch {
            throw .invalidInput("cell \(hex.cell): \(error)")
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
        try insert(0, hexes, geometry, values)
        hexCount += 1
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
        try insert(1, hotspots, geometry, values)
        hotspotCount += 1
    }

    /// Adds one witness verdict as a line from the beaconer to the witness (split at ±180° when it crosses).
    public func add(_ link: LinkRow) throws(StoreError) {
        try requireWriting()
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
        try insert(2, links, geometry, values)
        linkCount += 1
    }

    /// Commits the rows, creates the attribute indexes, `store_info` and `layer_styles`, closes the file and moves
    /// it to ``path`` (replacing an older store).
    public func finish() throws(StoreError) {
        try requireWriting()
        do {
            for index in packedTrees.indices {
                guard let tree = packedTrees[index] else { continue }
                packedTrees[index]?.boxes = []
                try RTreeBulkLoad(table: tree.table).load(tree.boxes, into: dataset)
                try dataset.executeSQL(tree.trigger)
            }
            try dataset.commitTransaction()
            try dataset.withTransaction { () throws(GDALError) in
                for statement in StoreSchema.attributeIndexes { try dataset.executeSQL(statement) }
                try writeInfo()
                try writeStyles()
            }
            try dataset.close()
        } catch {
            abandon()
            throw .gdal("\(error)")
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
        if !dataset.isClosed {
            try? dataset.rollbackTransaction()
            try? dataset.close()
        }
        try? VSI.unlink(partialPath)
    }

    /// Writes a whole store in one call.
    public static func write(
        to path: String,
        resolution: Int,
        hexes: some Sequence<HexRow>,
        hotspots: some Sequence<HotspotRow>,
        links: some Sequence<LinkRow>,
        metadata: [String: String] = [:]
    ) throws(StoreError) {
        let writer = try CoverageStoreWriter(path: path, resolution: resolution, metadata: metadata)
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

    /// Adds a feature to layer `index` (0 hexes, 1 hotspots, 2 links) and remembers its box for the packed R-tree.
    private func insert(_ index: Int, _ layer: Layer, _ geometry: Geometry?, _ values: [FieldValue])
        throws(StoreError)
    {
        let fid: Int64
        do { fid = try layer.createFeature(geometry: geometry, values: values) } catch { throw .gdal("\(error)") }
        guard packedTrees[index] != nil, let geometry, let box = envelope(geometry, id: fid) else { return }
        packedTrees[index]?.boxes.append(box)
    }

    private func writeInfo() throws(GDALError) {
        try dataset.executeSQL(
            "CREATE TABLE \(StoreSchema.infoTable) (key TEXT PRIMARY KEY NOT NULL, value TEXT)"
        )
        try dataset.executeSQL(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ("
                + "'\(StoreSchema.infoTable)', 'attributes', '\(StoreSchema.infoTable)', "
                + "'pocmap store facts (resolution, software, run metadata)', "
                + "strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
        )
        var entries: [(String, String)] = [
            ("resolution", "\(resolution)"), ("software", "pocmap \(PocMapVersion.string)"),
            ("hexes", "\(hexCount)"), ("hotspots", "\(hotspotCount)"), ("links", "\(linkCount)"),
        ]
        let reserved = Set(entries.map(\.0))
        entries += metadata.filter { !reserved.contains($0.0) }
        for (key, value) in entries {
            try dataset.executeSQL(
                "INSERT INTO \(StoreSchema.infoTable) (key, value) VALUES (\(sqlLiteral(key)), \(sqlLiteral(value)))"
            )
        }
    }

    private func writeStyles() throws(GDALError) {
        // The schema QGIS itself creates (GIS.md §2, "GeoPackage layer_styles").
        try dataset.executeSQL(
            """
            CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), \
            f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), \
            styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT, \
            update_time DATETIME DEFAULT CURRENT_TIMESTAMP)
            """
        )
        try dataset.executeSQL(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ("
                + "'layer_styles', 'attributes', 'layer_styles', 'QGIS default styles', "
                + "strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
        )
        for row in StoreStyles.rows() {
            try dataset.executeSQL(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    + "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                    + "VALUES ('', '', "
                    + "\(sqlLiteral(row.table)), '\(StoreSchema.geometryColumn)', \(sqlLiteral(row.name)), "
                    + "\(sqlLiteral(row.qml)), \(sqlLiteral(row.sld)), 1, \(sqlLiteral(row.description)), "
                    + "'pocmap', NULL, strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
            )
        }
    }
}

/// The bounding box of a point, line or polygon value (what GDAL's `ST_MinX`… give), `nil` when empty.
private func envelope(_ geometry: Geometry, id: Int64) -> RTreeBulkLoad.Entry? {
    var box = RTreeBulkLoad.Entry(id: id, minX: .infinity, maxX: -.infinity, minY: .infinity, maxY: -.infinity)
    func add(_ point: Point2D) {
        box.minX = min(box.minX, point.x)
        box.maxX = max(box.maxX, point.x)
        box.minY = min(box.minY, point.y)
        box.maxY = max(box.maxY, point.y)
    }
    switch geometry {
    case .point(let point): add(point)
    case .lineString(let points), .multiPoint(let points): points.forEach(add)
    case .polygon(let rings), .multiLineString(let rings): rings.forEach { $0.forEach(add) }
    case .multiPolygon(let polygons): polygons.forEach { $0.forEach { $0.forEach(add) } }
    case .collection(let members):
        for member in members {
            guard let inner = envelope(member, id: id) else { continue }
            add(Point2D(x: inner.minX, y: inner.minY))
            add(Point2D(x: inner.maxX, y: inner.maxY))
        }
    }
    return box.minX <= box.maxX ? box : nil
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
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    let seconds = millisecondOfDay / 1000
    return FieldDateTime(
        year: Int(year),
        month: Int(month),
        day: Int(day),
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
