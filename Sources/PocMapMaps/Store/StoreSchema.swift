public import PocMapGIS

/// The layout of `coverage.gpkg`: layer names, their columns in order, and the attribute indexes.
///
/// The column names are the contract of FORMATS.md §2.6 and of `pocmap query --json`.
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
    public static let hexFields: [FieldDefinition] = [
        FieldDefinition(name: "h3_index", type: .string, width: 15, isNullable: false),
        FieldDefinition(name: "resolution", type: .integer, isNullable: false),
        FieldDefinition(name: "observed_rssi_dbm", type: .real),
        FieldDefinition(name: "observed_witnesses", type: .integer),
        FieldDefinition(name: "predicted_rssi_dbm", type: .real),
        FieldDefinition(name: "serving_hotspots", type: .integer),
        FieldDefinition(name: "density_scale", type: .real),
        FieldDefinition(name: "observed_median_rssi_dbm", type: .real),
        FieldDefinition(name: "observed_beaconers", type: .integer),
        FieldDefinition(name: "last_seen", type: .dateTime),
        FieldDefinition(name: "best_server", type: .string),
    ]

    /// Columns of `hotspots`, in order: those of `hotspots.csv`.
    public static let hotspotFields: [FieldDefinition] = [
        FieldDefinition(name: "key", type: .string, isNullable: false),
        FieldDefinition(name: "location", type: .string, width: 15),
        FieldDefinition(name: "lat", type: .real),
        FieldDefinition(name: "lng", type: .real),
        FieldDefinition(name: "region", type: .string),
        FieldDefinition(name: "gain", type: .integer),
        FieldDefinition(name: "elevation", type: .integer),
        FieldDefinition(name: "active", type: .integer, subtype: .boolean),
        FieldDefinition(name: "density_scale", type: .real),
        FieldDefinition(name: "beacons", type: .integer),
        FieldDefinition(name: "beacons_valid", type: .integer),
        FieldDefinition(name: "witnesses", type: .integer),
        FieldDefinition(name: "witnesses_valid", type: .integer),
        FieldDefinition(name: "witnesses_selected", type: .integer),
        FieldDefinition(name: "beacon_shares", type: .real),
        FieldDefinition(name: "witness_shares", type: .real),
        FieldDefinition(name: "top_invalid_reason", type: .string),
    ]

    /// Columns of `links`, in order.
    public static let linkFields: [FieldDefinition] = [
        FieldDefinition(name: "poc_id", type: .string),
        FieldDefinition(name: "beaconer", type: .string),
        FieldDefinition(name: "witness", type: .string),
        FieldDefinition(name: "status", type: .string),
        FieldDefinition(name: "invalid_reason", type: .string),
        FieldDefinition(name: "rssi_dbm", type: .real),
        FieldDefinition(name: "snr_db", type: .real),
        FieldDefinition(name: "max_rssi_dbm", type: .real),
        FieldDefinition(name: "distance_m", type: .integer),
        FieldDefinition(name: "selected", type: .integer, subtype: .boolean),
        FieldDefinition(name: "received_timestamp", type: .integer64),
    ]

    /// Columns holding booleans (GeoPackage stores them as 0/1 integers).
    public static let booleanColumns: Set<String> = ["active", "selected"]

    /// `CREATE INDEX` statements for the attribute lookups of `pocmap query`.
    static let attributeIndexes = [
        "CREATE INDEX IF NOT EXISTS idx_hexes_h3_index ON hexes (h3_index)",
        "CREATE INDEX IF NOT EXISTS idx_hotspots_key ON hotspots (key)",
        "CREATE INDEX IF NOT EXISTS idx_links_beaconer ON links (beaconer)",
        "CREATE INDEX IF NOT EXISTS idx_links_witness ON links (witness)",
    ]
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
