internal import CGDAL

/// One layer (table) of a ``VectorDataset``: a schema of fields, a geometry type and features.
///
/// A layer keeps its dataset's handle alive; after ``VectorDataset/close()`` every call throws `objectNull`. Not
/// `Sendable`.
public final class Layer {
    let owner: DatasetHandle
    private let raw: UnsafeMutableRawPointer

    init(owner: DatasetHandle, raw: UnsafeMutableRawPointer) {
        self.owner = owner
        self.raw = raw
    }

    private func handle(_ operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
        _ = try owner.handle(operation)
        return raw
    }

    /// The layer name. The corresponding GDAL function is `OGR_L_GetName`.
    public var name: String {
        get throws(GDALError) { gdalString(OGR_L_GetName(try handle("OGR_L_GetName"))) ?? "" }
    }

    /// The declared geometry type. The corresponding GDAL function is `OGR_L_GetGeomType`.
    public var geometryType: GeometryType {
        get throws(GDALError) { GeometryType(ogrValue: OGR_L_GetGeomType(try handle("OGR_L_GetGeomType"))) }
    }

    /// The FID column name (empty when the driver has none). The corresponding GDAL function is
    /// `OGR_L_GetFIDColumn`.
    public var fidColumn: String {
        get throws(GDALError) { gdalString(OGR_L_GetFIDColumn(try handle("OGR_L_GetFIDColumn"))) ?? "" }
    }

    /// The geometry column name. The corresponding GDAL function is `OGR_L_GetGeometryColumn`.
    public var geometryColumn: String {
        get throws(GDALError) { gdalString(OGR_L_GetGeometryColumn(try handle("OGR_L_GetGeometryColumn"))) ?? "" }
    }

    /// The layer CRS (a copy, traditional GIS axis order), or `nil`. The corresponding GDAL function is
    /// `OGR_L_GetSpatialRef`.
    public func spatialReference() throws(GDALError) -> SpatialReference? {
        guard let srs = OGR_L_GetSpatialRef(try handle("OGR_L_GetSpatialRef")) else { return nil }
        return try SpatialReference(cloning: srs)
    }

    /// Number of features passing the current filters.
    ///
    /// With `force`, GDAL counts by scanning when the driver cannot answer cheaply; without it the driver may not
    /// know, which is reported as an error.
    ///
    /// The corresponding GDAL function is `OGR_L_GetFeatureCount`.
    public func featureCount(force: Bool = true) throws(GDALError) -> Int {
        let operation = "OGR_L_GetFeatureCount"
        let raw = try handle(operation)
        let count = quietly { OGR_L_GetFeatureCount(raw, force ? 1 : 0) }
        guard count >= 0 else { throw lastGDALError(operation, fallback: "the feature count is not available") }
        return Int(count)
    }

    /// The bounding box of all features. The corresponding GDAL function is `OGR_L_GetExtent`.
    public func extent(force: Bool = true) throws(GDALError) -> Envelope {
        let raw = try handle("OGR_L_GetExtent")
        var envelope = OGREnvelope()
        try checkOGR("OGR_L_GetExtent") { OGR_L_GetExtent(raw, &envelope, force ? 1 : 0) }
        return Envelope(minX: envelope.MinX, minY: envelope.MinY, maxX: envelope.MaxX, maxY: envelope.MaxY)
    }

    /// Whether the layer supports a capability such as `FastSpatialFilter`, `Transactions` or `FastFeatureCount`
    /// (the `OLC*` names of `ogr_core.h`). The corresponding GDAL function is `OGR_L_TestCapability`.
    public func testCapability(_ capability: String) throws(GDALError) -> Bool {
        OGR_L_TestCapability(try handle("OGR_L_TestCapability"), capability) != 0
    }

    // MARK: Schema

    /// The attribute fields in order. The corresponding GDAL functions are `OGR_L_GetLayerDefn`,
    /// `OGR_FD_GetFieldCount` and `OGR_FD_GetFieldDefn`.
    public func fieldDefinitions() throws(GDALError) -> [FieldDefinition] {
        let raw = try handle("OGR_L_GetLayerDefn")
        return schema(raw).definitions
    }

    /// Adds an attribute field. The corresponding GDAL functions are `OGR_Fld_Create` and `OGR_L_CreateField`.
    public func createField(_ definition: FieldDefinition) throws(GDALError) {
        let operation = "OGR_L_CreateField"
        let raw = try handle(operation)
        guard let field = OGR_Fld_Create(definition.name, definition.type.ogrValue) else {
            throw GDALError(
                code: .outOfMemory,
                message: "cannot create field '\(definition.name)'",
                operation: "OGR_Fld_Create"
            )
        }
        defer { OGR_Fld_Destroy(field) }
        if definition.subtype != .none { OGR_Fld_SetSubType(field, definition.subtype.ogrValue) }
        OGR_Fld_SetWidth(field, try cInt(definition.width, "width", operation: operation))
        OGR_Fld_SetPrecision(field, try cInt(definition.precision, "precision", operation: operation))
        OGR_Fld_SetNullable(field, definition.isNullable ? 1 : 0)
        try checkOGR(operation) { OGR_L_CreateField(raw, field, 1) }
    }

    /// The 0-based index of a field, or `nil`. The corresponding GDAL function is `OGR_L_FindFieldIndex`.
    public func fieldIndex(named name: String) throws(GDALError) -> Int? {
        let index = OGR_L_FindFieldIndex(try handle("OGR_L_FindFieldIndex"), name, 1)
        return index >= 0 ? Int(index) : nil
    }

    // MARK: Writing

    /// Adds a feature with values in layer field order (`values.count` must equal the field count) and returns
    /// the new feature id.
    ///
    /// The corresponding GDAL functions are `OGR_F_Create`, `OGR_F_SetField…`, `OGR_F_SetGeometryDirectly`,
    /// `OGR_L_CreateFeature` and `OGR_F_Destroy` (pitfall 7).
    @discardableResult
    public func createFeature(geometry: Geometry?, values: [FieldValue]) throws(GDALError) -> Int64 {
        let operation = "OGR_L_CreateFeature"
        let raw = try handle(operation)
        let definition = OGR_L_GetLayerDefn(raw)
        let fieldCount = Int(OGR_FD_GetFieldCount(definition))
        guard values.count == fieldCount else {
            throw GDALError(
                code: .illegalArgument,
                message: "\(values.count) values for a layer with \(fieldCount) fields",
                operation: operation
            )
        }
        let feature = try requireHandle("OGR_F_Create", fallback: "cannot create a feature") {
            OGR_F_Create(definition)
        }
        defer { OGR_F_Destroy(feature) }
        for (index, value) in values.enumerated() {
            try writeField(feature, Int32(index), value)
        }
        if let geometry {
            let ogrGeometry = try makeOGRGeometry(geometry)
            // SetGeometryDirectly takes ownership even when it fails.
            try checkOGR("OGR_F_SetGeometryDirectly") { OGR_F_SetGeometryDirectly(feature, ogrGeometry) }
        }
        try checkOGR(operation) { OGR_L_CreateFeature(raw, feature) }
        return OGR_F_GetFID(feature)
    }

    /// Adds a feature with values by field name; fields not named are NULL. Throws for an unknown name.
    @discardableResult
    public func createFeature(geometry: Geometry?, fields: KeyValuePairs<String, FieldValue>) throws(GDALError) -> Int64
    {
        let names = try fieldDefinitions().map(\.name)
        var values = [FieldValue](repeating: .null, count: names.count)
        for (name, value) in fields {
            guard let index = names.firstIndex(of: name) else {
                throw GDALError(
                    code: .illegalArgument,
                    message: "no field named '\(name)'",
                    operation: "OGR_L_CreateFeature"
                )
            }
            values[index] = value
        }
        return try createFeature(geometry: geometry, values: values)
    }

    /// Writes buffered changes to disk. The corresponding GDAL function is `OGR_L_SyncToDisk`.
    public func syncToDisk() throws(GDALError) {
        let raw = try handle("OGR_L_SyncToDisk")
        try checkOGR("OGR_L_SyncToDisk") { OGR_L_SyncToDisk(raw) }
    }

    // MARK: Reading

    /// Restricts reading to features whose geometry intersects a rectangle (an R-tree query in GeoPackage).
    ///
    /// The corresponding GDAL function is `OGR_L_SetSpatialFilterRect`.
    public func setSpatialFilter(_ rect: Envelope) throws(GDALError) {
        OGR_L_SetSpatialFilterRect(try handle("OGR_L_SetSpatialFilterRect"), rect.minX, rect.minY, rect.maxX, rect.maxY)
    }

    /// Removes the spatial filter. The corresponding GDAL function is `OGR_L_SetSpatialFilter` with `NULL`.
    public func clearSpatialFilter() throws(GDALError) {
        OGR_L_SetSpatialFilter(try handle("OGR_L_SetSpatialFilter"), nil)
    }

    /// Restricts reading to features matching an SQL `WHERE` clause such as `rssi_dbm IS NOT NULL`; `nil` clears
    /// it. The corresponding GDAL function is `OGR_L_SetAttributeFilter`.
    public func setAttributeFilter(_ whereClause: String?) throws(GDALError) {
        let raw = try handle("OGR_L_SetAttributeFilter")
        try checkOGR("OGR_L_SetAttributeFilter") { OGR_L_SetAttributeFilter(raw, whereClause) }
    }

    /// Restarts reading at the first feature. The corresponding GDAL function is `OGR_L_ResetReading`.
    public func resetReading() throws(GDALError) {
        OGR_L_ResetReading(try handle("OGR_L_ResetReading"))
    }

    /// The next feature passing the filters, or `nil` at the end.
    ///
    /// The corresponding GDAL functions are `OGR_L_GetNextFeature` and `OGR_F_Destroy`.
    public func nextFeature() throws(GDALError) -> Feature? {
        let operation = "OGR_L_GetNextFeature"
        let raw = try handle(operation)
        let current = schema(raw)
        let (feature, failed) = quietly { () -> (UnsafeMutableRawPointer?, Bool) in
            let feature = OGR_L_GetNextFeature(raw)
            return (feature, feature == nil && lastCallFailed())
        }
        if failed { throw lastGDALError(operation, fallback: "reading a feature failed") }
        guard let feature else { return nil }
        defer { OGR_F_Destroy(feature) }
        return readOGRFeature(feature, fieldNames: current.names, fieldTypes: current.types)
    }

    /// The feature with an id, or `nil` when there is none. The corresponding GDAL function is `OGR_L_GetFeature`.
    public func feature(fid: Int64) throws(GDALError) -> Feature? {
        let raw = try handle("OGR_L_GetFeature")
        let current = schema(raw)
        guard let feature = quietly({ OGR_L_GetFeature(raw, fid) }) else { return nil }
        defer { OGR_F_Destroy(feature) }
        return readOGRFeature(feature, fieldNames: current.names, fieldTypes: current.types)
    }

    /// Reads every feature passing the filters, from the start.
    public func features() throws(GDALError) -> [Feature] {
        let raw = try handle("OGR_L_GetNextFeature")
        return try readAllFeatures(raw)
    }
}

/// The field names, types and definitions of a borrowed layer.
private func schema(_ layer: UnsafeMutableRawPointer) -> (
    names: [String], types: [FieldType], definitions: [FieldDefinition]
) {
    let definition = OGR_L_GetLayerDefn(layer)
    var definitions: [FieldDefinition] = []
    for index in 0..<max(OGR_FD_GetFieldCount(definition), 0) {
        if let field = OGR_FD_GetFieldDefn(definition, index) { definitions.append(FieldDefinition(ogr: field)) }
    }
    return (definitions.map(\.name), definitions.map(\.type), definitions)
}

/// Resets a borrowed layer and reads all features passing its filters; throws when reading stops on an error
/// rather than at the end.
func readAllFeatures(_ layer: UnsafeMutableRawPointer) throws(GDALError) -> [Feature] {
    let current = schema(layer)
    var features: [Feature] = []
    let failed = quietly { () -> Bool in
        OGR_L_ResetReading(layer)
        while let feature = OGR_L_GetNextFeature(layer) {
            features.append(readOGRFeature(feature, fieldNames: current.names, fieldTypes: current.types))
            OGR_F_Destroy(feature)
        }
        return lastCallFailed()
    }
    if failed { throw lastGDALError("OGR_L_GetNextFeature", fallback: "reading features failed") }
    return features
}
