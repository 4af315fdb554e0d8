public import PocMapGIS
public import PocMapStore

/// The store's columns as GDAL field definitions, for the writer.
extension StoreSchema {
    /// Columns of `hexes`, in order.
    public static var hexFields: [FieldDefinition] { hexColumns.map(fieldDefinition) }
    /// Columns of `hotspots`, in order.
    public static var hotspotFields: [FieldDefinition] { hotspotColumns.map(fieldDefinition) }
    /// Columns of `links`, in order.
    public static var linkFields: [FieldDefinition] { linkColumns.map(fieldDefinition) }

    /// The GDAL field of a column.
    public static func fieldDefinition(_ column: StoreColumn) -> FieldDefinition {
        switch column.kind {
        case .text:
            FieldDefinition(name: column.name, type: .string, width: column.width, isNullable: column.isNullable)
        case .integer: FieldDefinition(name: column.name, type: .integer, isNullable: column.isNullable)
        case .integer64: FieldDefinition(name: column.name, type: .integer64, isNullable: column.isNullable)
        case .real: FieldDefinition(name: column.name, type: .real, isNullable: column.isNullable)
        case .boolean:
            FieldDefinition(name: column.name, type: .integer, subtype: .boolean, isNullable: column.isNullable)
        case .dateTime: FieldDefinition(name: column.name, type: .dateTime, isNullable: column.isNullable)
        }
    }
}
