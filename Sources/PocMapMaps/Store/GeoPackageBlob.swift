import PocMapCore
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

    /// The blob of a cell boundary that crosses no meridian ±180° (every edge spans at most 180° of longitude),
    /// written straight from the vertices: the same bytes as ``encode(_:srsID:)`` of its one-part MultiPolygon
    /// (``StoreGeometry/cellGeometry(_:)``), without building the geometry. `nil` for a boundary that crosses, or
    /// has fewer than three vertices: encode the geometry then.
    static func cellBlob(_ boundary: CellBoundary, srsID: Int32) -> (bytes: [UInt8], box: RTreeBulkLoad.Entry)? {
        let count = boundary.count
        guard count >= 3 else { return nil }
        var box = RTreeBulkLoad.Entry(id: 0, minX: .infinity, maxX: -.infinity, minY: .infinity, maxY: -.infinity)
        var previousX = boundary[count - 1].longitudeDegrees
        for vertex in boundary {
            let x = vertex.longitudeDegrees
            let y = vertex.latitudeDegrees
            guard abs(x - previousX) <= 180 else { return nil }
            previousX = x
            box.minX = min(box.minX, x)
            box.maxX = max(box.maxX, x)
            box.minY = min(box.minY, y)
            box.maxY = max(box.maxY, y)
        }
        let first = boundary[0]
        let last = boundary[count - 1]
        let closes =
            first.longitudeDegrees != last.longitudeDegrees || first.latitudeDegrees != last.latitudeDegrees
        let points = count + (closes ? 1 : 0)
        // Header 8, envelope 32, MultiPolygon 9, Polygon 9, ring 4, points.
        let size = 8 + 32 + 9 + 9 + 4 + 16 * points
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            func byte(_ value: UInt8) {
                raw[offset] = value
                offset += 1
            }
            func word(_ value: UInt32) {
                raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
                offset += 4
            }
            func number(_ value: Double) {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            byte(0x47)
            byte(0x50)
            byte(0)
            byte(0x01 | 0x02)  // little endian, envelope [minx, maxx, miny, maxy]
            word(UInt32(bitPattern: srsID))
            number(box.minX)
            number(box.maxX)
            number(box.minY)
            number(box.maxY)
            byte(0x01)
            word(6)  // MultiPolygon
            word(1)
            byte(0x01)
            word(3)  // Polygon
            word(1)
            word(UInt32(points))
            for vertex in boundary {
                number(vertex.longitudeDegrees)
                number(vertex.latitudeDegrees)
            }
            if closes {
                number(first.longitudeDegrees)
                number(first.latitudeDegrees)
            }
            initialized = offset
        }
        return (bytes, box)
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
