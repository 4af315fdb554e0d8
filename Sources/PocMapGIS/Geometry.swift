internal import CGDAL

/// A 2-D coordinate in CRS units; with EPSG:4326 `x` is longitude and `y` latitude (traditional GIS order).
public struct Point2D: Hashable, Sendable {
    /// Easting or longitude.
    public var x: Double
    /// Northing or latitude.
    public var y: Double

    /// A point from its coordinates.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle in CRS units (OGR's `OGREnvelope`).
public struct Envelope: Hashable, Sendable {
    /// West edge.
    public var minX: Double
    /// South edge.
    public var minY: Double
    /// East edge.
    public var maxX: Double
    /// North edge.
    public var maxY: Double

    /// A rectangle from its edges.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }
}

/// A plain 2-D geometry value, converted to an OGR geometry only when written.
///
/// Rings are lists of vertices; OGR closes polygon rings on writing (the first vertex is repeated at the end, as
/// GeoPackage requires; GIS.md §3), so a hexagon given with 6 vertices reads back with 7. Z and M are dropped on
/// reading.
public enum Geometry: Hashable, Sendable {
    /// A single position.
    case point(Point2D)
    /// A connected sequence of positions.
    case lineString([Point2D])
    /// An exterior ring followed by interior rings (holes).
    case polygon([[Point2D]])
    /// Several points.
    case multiPoint([Point2D])
    /// Several line strings.
    case multiLineString([[Point2D]])
    /// Several polygons, each a list of rings (for example an H3 cell split at the antimeridian).
    case multiPolygon([[[Point2D]]])
    /// A heterogeneous collection.
    case collection([Geometry])

    /// The layer geometry type this value has.
    public var geometryType: GeometryType {
        switch self {
        case .point: .point
        case .lineString: .lineString
        case .polygon: .polygon
        case .multiPoint: .multiPoint
        case .multiLineString: .multiLineString
        case .multiPolygon: .multiPolygon
        case .collection: .geometryCollection
        }
    }
}

/// The geometry type of a layer or geometry (flat 2-D `OGRwkbGeometryType`).
public enum GeometryType: Hashable, Sendable, CaseIterable {
    /// `wkbUnknown`: any geometry.
    case unknown
    /// `wkbPoint`.
    case point
    /// `wkbLineString`.
    case lineString
    /// `wkbPolygon`.
    case polygon
    /// `wkbMultiPoint`.
    case multiPoint
    /// `wkbMultiLineString`.
    case multiLineString
    /// `wkbMultiPolygon`.
    case multiPolygon
    /// `wkbGeometryCollection`.
    case geometryCollection
    /// `wkbNone`: a table without geometry.
    case none

    var ogrValue: OGRwkbGeometryType {
        switch self {
        case .unknown: wkbUnknown
        case .point: wkbPoint
        case .lineString: wkbLineString
        case .polygon: wkbPolygon
        case .multiPoint: wkbMultiPoint
        case .multiLineString: wkbMultiLineString
        case .multiPolygon: wkbMultiPolygon
        case .geometryCollection: wkbGeometryCollection
        case .none: wkbNone
        }
    }

    /// The case for an OGR type after dropping Z/M (`OGR_GT_Flatten`); curve types become `unknown`.
    init(ogrValue: OGRwkbGeometryType) {
        if ogrValue == wkbNone {
            self = .none
            return
        }
        let flat = OGR_GT_Flatten(ogrValue)
        self = Self.allCases.first { $0 != .none && $0.ogrValue == flat } ?? .unknown
    }
}

// MARK: - Conversion to and from OGR (internal)

/// An owned `OGRGeometryH` built from a value with `OGR_G_CreateGeometry`, `OGR_G_AddPoint_2D` and
/// `OGR_G_AddGeometryDirectly` (no WKT, so no `char**` cursor; pitfall 6). The caller owns the result: pass it to
/// a `…Directly` function or destroy it with `OGR_G_DestroyGeometry` (pitfall 7).
func makeOGRGeometry(_ geometry: Geometry) throws(GDALError) -> UnsafeMutableRawPointer {
    func create(_ type: OGRwkbGeometryType) throws(GDALError) -> UnsafeMutableRawPointer {
        try requireHandle("OGR_G_CreateGeometry", fallback: "cannot create a geometry") { OGR_G_CreateGeometry(type) }
    }
    /// Builds a child and hands it to `parent`; on any failure both are destroyed, so nothing leaks.
    func append(
        to parent: UnsafeMutableRawPointer,
        _ make: () throws(GDALError) -> UnsafeMutableRawPointer
    ) throws(GDALError) {
        let child: UnsafeMutableRawPointer
        do { child = try make() } catch {
            OGR_G_DestroyGeometry(parent)
            throw error
        }
        do {
            // Takes ownership only on success; on failure the child is still ours.
            try checkOGR("OGR_G_AddGeometryDirectly") { OGR_G_AddGeometryDirectly(parent, child) }
        } catch {
            OGR_G_DestroyGeometry(child)
            OGR_G_DestroyGeometry(parent)
            throw error
        }
    }
    func vertices(_ type: OGRwkbGeometryType, _ points: [Point2D]) throws(GDALError) -> UnsafeMutableRawPointer {
        let handle = try create(type)
        for point in points { OGR_G_AddPoint_2D(handle, point.x, point.y) }
        return handle
    }
    func polygon(_ rings: [[Point2D]]) throws(GDALError) -> UnsafeMutableRawPointer {
        let handle = try create(wkbPolygon)
        for ring in rings {
            try append(to: handle) { () throws(GDALError) in try vertices(wkbLinearRing, ring) }
        }
        OGR_G_CloseRings(handle)
        return handle
    }
    func collection(
        _ type: OGRwkbGeometryType,
        count: Int,
        _ member: (Int) throws(GDALError) -> UnsafeMutableRawPointer
    ) throws(GDALError) -> UnsafeMutableRawPointer {
        let handle = try create(type)
        for index in 0..<count {
            try append(to: handle) { () throws(GDALError) in try member(index) }
        }
        return handle
    }

    switch geometry {
    case .point(let point):
        return try vertices(wkbPoint, [point])
    case .lineString(let points):
        return try vertices(wkbLineString, points)
    case .polygon(let rings):
        return try polygon(rings)
    case .multiPoint(let points):
        return try collection(wkbMultiPoint, count: points.count) { (index) throws(GDALError) in
            try vertices(wkbPoint, [points[index]])
        }
    case .multiLineString(let lines):
        return try collection(wkbMultiLineString, count: lines.count) { (index) throws(GDALError) in
            try vertices(wkbLineString, lines[index])
        }
    case .multiPolygon(let polygons):
        return try collection(wkbMultiPolygon, count: polygons.count) { (index) throws(GDALError) in
            try polygon(polygons[index])
        }
    case .collection(let members):
        return try collection(wkbGeometryCollection, count: members.count) { (index) throws(GDALError) in
            try makeOGRGeometry(members[index])
        }
    }
}

/// A value from a borrowed `OGRGeometryH` (not destroyed here). Curves are linearised with
/// `OGR_G_GetLinearGeometry`; `nil` for empty handles and types without a case.
func readOGRGeometry(_ handle: UnsafeMutableRawPointer) -> Geometry? {
    func points(_ handle: UnsafeMutableRawPointer) -> [Point2D] {
        let count = OGR_G_GetPointCount(handle)
        var result: [Point2D] = []
        result.reserveCapacity(Int(max(count, 0)))
        for index in 0..<max(count, 0) {
            result.append(Point2D(x: OGR_G_GetX(handle, index), y: OGR_G_GetY(handle, index)))
        }
        return result
    }
    func children(_ handle: UnsafeMutableRawPointer) -> [UnsafeMutableRawPointer] {
        (0..<max(OGR_G_GetGeometryCount(handle), 0)).compactMap { OGR_G_GetGeometryRef(handle, $0) }
    }
    func rings(_ handle: UnsafeMutableRawPointer) -> [[Point2D]] {
        children(handle).map(points)
    }

    let type = OGR_GT_Flatten(OGR_G_GetGeometryType(handle))
    switch type {
    case wkbPoint:
        // An empty point has no coordinates.
        guard OGR_G_GetPointCount(handle) > 0 else { return nil }
        return .point(Point2D(x: OGR_G_GetX(handle, 0), y: OGR_G_GetY(handle, 0)))
    case wkbLineString, wkbLinearRing:
        return .lineString(points(handle))
    case wkbPolygon:
        return .polygon(rings(handle))
    case wkbMultiPoint:
        return .multiPoint(children(handle).flatMap(points))
    case wkbMultiLineString:
        return .multiLineString(children(handle).map(points))
    case wkbMultiPolygon:
        return .multiPolygon(children(handle).map(rings))
    case wkbGeometryCollection:
        return .collection(children(handle).compactMap(readOGRGeometry))
    default:
        guard let linear = OGR_G_GetLinearGeometry(handle, 0, nil) else { return nil }
        defer { OGR_G_DestroyGeometry(linear) }
        let linearType = OGR_GT_Flatten(OGR_G_GetGeometryType(linear))
        guard linearType != type else { return nil }
        return readOGRGeometry(linear)
    }
}
