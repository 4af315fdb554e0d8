import PocMapGIS

/// Writes GeoPackage geometry blobs (GeoPackage 1.3 §2.1.3, "GeoPackageBinary") by hand, as GDAL writes them:
///
/// - header: magic `GP` (0x47 0x50), version 0, flags, `srs_id` (int32), then the envelope;
/// - flags: bit 0 byte order (1 = little endian), bits 1–3 the envelope indicator (1 = `[minx, maxx, miny, maxy]`,
///   0 = none: GDAL writes no envelope for a point), bit 4 empty, bit 5 extended type (0 = standard);
/// - body: the geometry as ISO WKB, little endian (byte order 1, uint32 type, uint32 counts, x/y doubles);
///   polygon rings closed (the first vertex repeated when the ring is open), as `OGR_G_CloseRings` does.
///
/// One encoder is reused for every row: ``encode(_:srsID:)`` overwrites ``bytes`` and returns the envelope.
struct GeoPackageBlob {
    /// The last blob encoded.
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    /// Encodes `geometry`; returns its envelope (`nil` for an empty geometry, which gets the empty flag).
    mutating func encode(_ geometry: Geometry, srsID: Int32) -> RTreeBulkLoad.Entry? {
        var box = RTreeBulkLoad.Entry(id: 0, minX: .infinity, maxX: -.infinity, minY: .infinity, maxY: -.infinity)
        visit(geometry) { point in
            box.minX = min(box.minX, point.x)
            box.maxX = max(box.maxX, point.x)
            box.minY = min(box.minY, point.y)
            box.maxY = max(box.maxY, point.y)
        }
        let isEmpty = !(box.minX <= box.maxX)
        var isPoint = false
        if case .point = geometry { isPoint = true }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(0x47)
        bytes.append(0x50)
        bytes.append(0)
        let envelope = !isEmpty && !isPoint
        bytes.append(0x01 | (envelope ? 0x02 : 0) | (isEmpty ? 0x10 : 0))
        put(UInt32(bitPattern: srsID))
        if envelope {
            put(box.minX)
            put(box.maxX)
            put(box.minY)
            put(box.maxY)
        }
        wkb(geometry)
        return isEmpty ? nil : box
    }

    // MARK: WKB

    private mutating func wkb(_ geometry: Geometry) {
        switch geometry {
        case .point(let point):
            header(1)
            put(point.x)
            put(point.y)
        case .lineString(let points):
            header(2)
            vertices(points, close: false)
        case .polygon(let rings):
            polygon(rings)
        case .multiPoint(let points):
            header(4)
            put(UInt32(points.count))
            for point in points { wkb(.point(point)) }
        case .multiLineString(let lines):
            header(5)
            put(UInt32(lines.count))
            for line in lines {
                header(2)
                vertices(line, close: false)
            }
        case .multiPolygon(let polygons):
            header(6)
            put(UInt32(polygons.count))
            for rings in polygons { polygon(rings) }
        case .collection(let members):
            header(7)
            put(UInt32(members.count))
            for member in members { wkb(member) }
        }
    }

    private mutating func polygon(_ rings: [[Point2D]]) {
        header(3)
        put(UInt32(rings.count))
        for ring in rings { vertices(ring, close: true) }
    }

    private mutating func vertices(_ points: [Point2D], close: Bool) {
        let closes = close && points.count > 0 && points[0] != points[points.count - 1]
        put(UInt32(points.count + (closes ? 1 : 0)))
        for point in points {
            put(point.x)
            put(point.y)
        }
        if closes {
            put(points[0].x)
            put(points[0].y)
        }
    }

    private mutating func header(_ type: UInt32) {
        bytes.append(0x01)
        put(type)
    }

    private mutating func put(_ value: UInt32) {
        let little = value.littleEndian
        withUnsafeBytes(of: little) { bytes.append(contentsOf: $0) }
    }

    private mutating func put(_ value: Double) {
        let little = value.bitPattern.littleEndian
        withUnsafeBytes(of: little) { bytes.append(contentsOf: $0) }
    }

    private func visit(_ geometry: Geometry, _ body: (Point2D) -> Void) {
        switch geometry {
        case .point(let point): body(point)
        case .lineString(let points), .multiPoint(let points): points.forEach(body)
        case .polygon(let rings), .multiLineString(let rings): rings.forEach { $0.forEach(body) }
        case .multiPolygon(let polygons): polygons.forEach { $0.forEach { $0.forEach(body) } }
        case .collection(let members): members.forEach { visit($0, body) }
        }
    }
}
