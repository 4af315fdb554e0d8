internal import CGDAL

/// A coordinate reference system as OGR models it (`OGRSpatialReferenceH`).
///
/// Every instance uses the traditional GIS axis order, longitude/easting first (GIS.md pitfall 9), so points are
/// always `(x: lon, y: lat)` whatever the EPSG definition says. Not `Sendable`; build one per task.
public final class SpatialReference {
    let raw: UnsafeMutableRawPointer

    /// Takes ownership of a fresh handle and applies the traditional GIS axis order.
    private init(owning raw: UnsafeMutableRawPointer) {
        OSRSetAxisMappingStrategy(raw, OAMS_TRADITIONAL_GIS_ORDER)
        self.raw = raw
    }

    deinit { OSRRelease(raw) }

    /// A new, empty reference owned by this object.
    private static func newHandle(_ operation: String) throws(GDALError) -> UnsafeMutableRawPointer {
        try requireHandle(operation, fallback: "cannot allocate a spatial reference") { OSRNewSpatialReference(nil) }
    }

    /// The CRS with an EPSG code, for example 4326 (WGS 84) or 3857 (Web Mercator).
    ///
    /// Throws `ogrUnsupportedSRS` for a code PROJ's database does not know.
    /// The corresponding GDAL function is `OSRImportFromEPSG`.
    public convenience init(epsg code: Int) throws(GDALError) {
        let operation = "OSRImportFromEPSG"
        let raw = try Self.newHandle(operation)
        self.init(owning: raw)  // releases the handle if the import below throws
        let value = try cInt(code, "EPSG code", operation: operation)
        do {
            try checkOGR(operation) { OSRImportFromEPSG(raw, value) }
        } catch {
            throw GDALError(code: error.code, message: "EPSG:\(code): \(error.message)", operation: operation)
        }
    }

    /// The CRS from any definition OGR understands: `EPSG:4326`, WKT, PROJJSON, a PROJ string, `OGC:CRS84`, ….
    ///
    /// Using this for WKT avoids `OSRImportFromWkt`, whose `char**` cursor Swift cannot pass (pitfall 6).
    /// The corresponding GDAL function is `OSRSetFromUserInput`.
    public convenience init(definition: String) throws(GDALError) {
        let operation = "OSRSetFromUserInput"
        let raw = try Self.newHandle(operation)
        self.init(owning: raw)
        try checkOGR(operation) { OSRSetFromUserInput(raw, definition) }
    }

    /// A copy of a reference GDAL owns (for example a dataset's). The corresponding GDAL function is `OSRClone`.
    convenience init(cloning borrowed: UnsafeMutableRawPointer) throws(GDALError) {
        let raw = try requireHandle("OSRClone", fallback: "cannot clone a spatial reference") { OSRClone(borrowed) }
        self.init(owning: raw)
    }

    /// An independent copy. The corresponding GDAL function is `OSRClone`.
    public func clone() throws(GDALError) -> SpatialReference {
        try SpatialReference(cloning: raw)
    }

    /// The CRS as WKT. The default is GDAL's WKT1 form; pass `format: "WKT2_2019"` for WKT2.
    ///
    /// The corresponding GDAL function is `OSRExportToWktEx`.
    public func wkt(format: String? = nil, multiline: Bool = false) throws(GDALError) -> String {
        var options = GDALOptions()
        if let format { options["FORMAT"] = format }
        if multiline { options["MULTILINE"] = "YES" }
        let list = CStringList(options)
        var text: UnsafeMutablePointer<CChar>? = nil
        let raw = self.raw
        try list.withConstPointer { (pointer) throws(GDALError) in
            try checkOGR("OSRExportToWktEx") { OSRExportToWktEx(raw, &text, pointer) }
        }
        return takeGDALString(text) ?? ""
    }

    /// The CRS as a PROJ string (lossy; for display). The corresponding GDAL function is `OSRExportToProj4`.
    public func proj4() throws(GDALError) -> String {
        var text: UnsafeMutablePointer<CChar>? = nil
        let raw = self.raw
        try checkOGR("OSRExportToProj4") { OSRExportToProj4(raw, &text) }
        return takeGDALString(text) ?? ""
    }

    /// The CRS name, such as `WGS 84`. The corresponding GDAL function is `OSRGetName`.
    public var name: String { gdalString(OSRGetName(raw)) ?? "" }

    /// The authority of the whole CRS, such as `EPSG`, or `nil`. The corresponding GDAL function is
    /// `OSRGetAuthorityName`.
    public var authorityName: String? { gdalString(OSRGetAuthorityName(raw, nil)) }

    /// The authority's code for the whole CRS, such as `4326`, or `nil`. The corresponding GDAL function is
    /// `OSRGetAuthorityCode`.
    public var authorityCode: String? { gdalString(OSRGetAuthorityCode(raw, nil)) }

    /// The EPSG code, when the authority is EPSG.
    public var epsgCode: Int? {
        guard authorityName?.uppercased() == "EPSG", let code = authorityCode else { return nil }
        return Int(code)
    }

    /// Tries to add EPSG authority codes to a CRS that lacks them (for example one read from a PROJ string).
    ///
    /// The corresponding GDAL function is `OSRAutoIdentifyEPSG`.
    public func autoIdentifyEPSG() throws(GDALError) {
        let raw = self.raw
        try checkOGR("OSRAutoIdentifyEPSG") { OSRAutoIdentifyEPSG(raw) }
    }

    /// How data axes map to CRS axes, 1-based; `[2, 1]` for EPSG:4326 under the traditional GIS order (data x is
    /// the CRS's second axis, longitude), as `ogrinfo` prints it. The corresponding GDAL function is
    /// `OSRGetDataAxisToSRSAxisMapping`.
    public var dataAxisToSRSAxisMapping: [Int] {
        var count: Int32 = 0
        guard let mapping = OSRGetDataAxisToSRSAxisMapping(raw, &count) else { return [] }
        return UnsafeBufferPointer(start: mapping, count: Int(max(count, 0))).map { Int($0) }
    }

    /// Whether the CRS is geographic (degrees). The corresponding GDAL function is `OSRIsGeographic`.
    public var isGeographic: Bool { OSRIsGeographic(raw) != 0 }

    /// Whether the CRS is projected. The corresponding GDAL function is `OSRIsProjected`.
    public var isProjected: Bool { OSRIsProjected(raw) != 0 }

    /// Whether two references describe the same CRS. The corresponding GDAL function is `OSRIsSame`.
    public func isSame(as other: SpatialReference) -> Bool {
        withExtendedLifetime(other) { OSRIsSame(raw, other.raw) != 0 }
    }
}
