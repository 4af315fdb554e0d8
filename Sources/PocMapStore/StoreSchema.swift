/// The layout of `coverage.gpkg`: layer names, their columns in order, and the attribute indexes.
///
/// The column names are the contract of FORMATS.md §2.6 and of `pocmap query --json`. This description has no GDAL
/// types so that the query side can use it without loading GDAL; PocMapMaps turns the columns into GDAL field
/// definitions for the writer (`StoreSchema.hexFields` and friends).
public enum StoreSchema {
    /// The file name inside an output directory.
    public static let fileName = "coverage.gpkg"
    /// The hexes layer (MultiPolygon, one feature per H3 cell).
    public static let hexesLayer = "hexes"
    /// The hotspots layer (Point, one feature per registered hotspot).
    public static let hotspotsLayer = "hotspots"
    /// The links layer (MultiLineString, one feature per witness verdict).
    public static let linksLayer = "links"
    /// A plain attribute table (`key`, `value`) with the store's resolution, the software and run metadata.
    public static let infoTable = "store_info"
    /// The geometry column of every layer.
    public static let geometryColumn = "geom"

    /// Columns of `hexes`, in order.
    public static let hexColumns: [StoreColumn] = [
        StoreColumn("h3_index", .text, width: 15, isNullable: false),
        StoreColumn("resolution", .integer, isNullable: false),
        StoreColumn("observed_rssi_dbm", .real),
        StoreColumn("observed_witnesses", .integer),
        StoreColumn("predicted_rssi_dbm", .real),
        StoreColumn("serving_hotspots", .integer),
        StoreColumn("density_scale", .real),
        StoreColumn("observed_median_rssi_dbm", .real),
        StoreColumn("observed_beaconers", .integer),
        StoreColumn("last_seen", .dateTime),
        StoreColumn("best_server", .text),
    ]

    /// Columns of `hotspots`, in order: those of `hotspots.csv`.
    public static let hotspotColumns: [StoreColumn] = [
        StoreColumn("key", .text, isNullable: false),
        StoreColumn("location", .text, width: 15),
        StoreColumn("lat", .real),
        StoreColumn("lng", .real),
        StoreColumn("region", .text),
        StoreColumn("gain", .integer),
        StoreColumn("elevation", .integer),
        StoreColumn("active", .boolean),
        StoreColumn("density_scale", .real),
        StoreColumn("beacons", .integer),
        StoreColumn("beacons_valid", .integer),
        StoreColumn("witnesses", .integer),
        StoreColumn("witnesses_valid", .integer),
        StoreColumn("witnesses_selected", .integer),
        StoreColumn("beacon_shares", .real),
        StoreColumn("witness_shares", .real),
        StoreColumn("top_invalid_reason", .text),
    ]

    /// Columns of `links`, in order.
    public static let linkColumns: [StoreColumn] = [
        StoreColumn("poc_id", .text),
        StoreColumn("beaconer", .text),
        StoreColumn("witness", .text),
        StoreColumn("status", .text),
        StoreColumn("invalid_reason", .text),
        StoreColumn("rssi_dbm", .real),
        StoreColumn("snr_db", .real),
        StoreColumn("max_rssi_dbm", .real),
        StoreColumn("distance_m", .integer),
        StoreColumn("selected", .boolean),
        StoreColumn("received_timestamp", .integer64),
    ]

    /// Columns holding booleans (GeoPackage stores them as 0/1 integers).
    public static let booleanColumns: Set<String> = Set(
        (hexColumns + hotspotColumns + linkColumns).filter { $0.kind == .boolean }.map(\.name)
    )

    /// Columns holding a GeoPackage `DATETIME` (ISO 8601 text).
    public static let dateTimeColumns: Set<String> = Set(
        (hexColumns + hotspotColumns + linkColumns).filter { $0.kind == .dateTime }.map(\.name)
    )

    /// `CREATE INDEX` statements for the attribute lookups of `pocmap query`.
    public static let attributeIndexes = [
        "CREATE INDEX IF NOT EXISTS idx_hexes_h3_index ON hexes (h3_index)",
        "CREATE INDEX IF NOT EXISTS idx_hotspots_key ON hotspots (key)",
        "CREATE INDEX IF NOT EXISTS idx_links_beaconer ON links (beaconer)",
        "CREATE INDEX IF NOT EXISTS idx_links_witness ON links (witness)",
    ]

    /// The R-tree (SQLite virtual table) that indexes a layer's geometry: `rtree_<layer>_geom` with `id` (the
    /// feature's `fid`), `minx`, `maxx`, `miny`, `maxy` in degrees.
    public static func rtreeTable(_ layer: String) -> String { "rtree_\(layer)_\(geometryColumn)" }
}

/// One attribute column of a store layer.
public struct StoreColumn: Hashable, Sendable {
    /// What a column holds.
    public enum Kind: Hashable, Sendable {
        /// Text (`TEXT`).
        case text
        /// A 32-bit integer (`INTEGER`, MEDIUMINT in GDAL's GeoPackage).
        case integer
        /// A 64-bit integer (`INTEGER`).
        case integer64
        /// A double (`REAL`).
        case real
        /// 0 or 1 (`BOOLEAN`).
        case boolean
        /// A UTC time as ISO 8601 text (`DATETIME`).
        case dateTime
    }

    /// The column name (the `--json` field name).
    public var name: String
    /// What it holds.
    public var kind: Kind
    /// Maximum text width, 0 for unlimited.
    public var width: Int
    /// Whether the column may be NULL.
    public var isNullable: Bool

    /// A column.
    public init(_ name: String, _ kind: Kind, width: Int = 0, isNullable: Bool = true) {
        self.name = name
        self.kind = kind
        self.width = width
        self.isNullable = isNullable
    }
}

/// The unit of a column, for readable output; `nil` for unitless columns.
func storeColumnUnit(_ name: String) -> String? {
    if name.hasSuffix("_dbm") { return "dBm" }
    if name.hasSuffix("_db") { return "dB" }
    if name.hasSuffix("_m") { return "m" }
    switch name {
    case "lat", "lng": return "°"
    case "gain": return "dBi/10"
    case "elevation": return "m"
    case "received_timestamp": return "ms"
    default: return nil
    }
}
