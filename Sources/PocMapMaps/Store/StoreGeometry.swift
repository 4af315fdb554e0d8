public import PocMapCore
public import PocMapGIS

/// Geometry of store features in EPSG:4326 (x = longitude, y = latitude, degrees), split at the antimeridian.
///
/// GDAL splits at ±180° only in its GeoJSON writer, never for GeoPackage (GIS.md §3), so a cell whose boundary
/// crosses the antimeridian would otherwise be drawn as a band around the whole globe. Here every cell becomes a
/// MultiPolygon of one part, or of two parts cut at ±180° (the cells holding a pole are closed along the pole).
/// Lines are split the same way.
public enum StoreGeometry {
    /// The cell boundary as a MultiPolygon, each part an open ring (GDAL closes rings when writing).
    public static func cellGeometry(_ cell: H3Cell) throws(H3Error) -> Geometry {
        let boundary = try H3.cellToBoundary(cell)
        var ring: [Point2D] = []
        ring.reserveCapacity(boundary.count)
        for vertex in boundary {
            ring.append(Point2D(x: vertex.longitudeDegrees, y: vertex.latitudeDegrees))
        }
        return .multiPolygon(splitRing(ring).map { [$0] })
    }

    /// Splits a ring given in degrees at ±180°: one part when no edge spans more than 180° of longitude,
    /// otherwise the parts east and west of the antimeridian, each inside −180…180.
    public static func splitRing(_ ring: [Point2D]) -> [[Point2D]] {
        guard ring.count >= 3 else { return [ring] }
        var crossings = 0
        for index in ring.indices {
            let next = ring[(index + 1) % ring.count]
            if abs(next.x - ring[index].x) > 180 { crossings += 1 }
        }
        if crossings == 0 { return [ring] }

        // Unwrap longitudes so that no edge jumps by more than 180°.
        var unwrapped: [Point2D] = []
        unwrapped.reserveCapacity(ring.count + 2)
        var start = 0
        if crossings % 2 == 1 {
            // The ring winds around a pole: start right after a crossing edge so the unwrapped ring is one sweep
            // of 360°, then close it along the pole's parallel.
            start = ring.indices.first { abs(ring[($0 + ring.count - 1) % ring.count].x - ring[$0].x) > 180 } ?? 0
        }
        var previous = ring[start].x
        for offset in 0..<ring.count {
            var point = ring[(start + offset) % ring.count]
            while point.x - previous > 180 { point.x -= 360 }
            while point.x - previous < -180 { point.x += 360 }
            previous = point.x
            unwrapped.append(point)
        }
        if crossings % 2 == 1 {
            // The closing edge (last → first) continues the sweep to the first vertex one turn away. Cut it at its
            // midpoint and go round along the pole: the ring then covers exactly one turn of longitude.
            let meanLatitude = unwrapped.reduce(0) { $0 + $1.y } / Double(unwrapped.count)
            let pole = meanLatitude >= 0 ? 90.0 : -90.0
            let first = unwrapped[0]
            let last = unwrapped[unwrapped.count - 1]
            let turn = last.x > first.x ? 360.0 : -360.0
            let middle = Point2D(x: (last.x + first.x + turn) / 2, y: (last.y + first.y) / 2)
            unwrapped.append(middle)
            unwrapped.append(Point2D(x: middle.x, y: pole))
            unwrapped.append(Point2D(x: middle.x - turn, y: pole))
            unwrapped.append(Point2D(x: middle.x - turn, y: middle.y))
        }

        var parts: [[Point2D]] = []
        for window in -2...2 {
            let low = -180.0 + 360 * Double(window)
            let clipped = clip(clip(unwrapped, keepAbove: low), keepBelow: low + 360)
            guard clipped.count >= 3, abs(signedArea(clipped)) > 1e-14 else { continue }
            parts.append(clipped.map { Point2D(x: min(max($0.x - 360 * Double(window), -180), 180), y: $0.y) })
        }
        return parts.isEmpty ? [ring] : parts
    }

    /// A line between two positions, split at ±180° when the short way crosses it (one or two parts).
    public static func lineGeometry(from a: LatLng, to b: LatLng) -> Geometry {
        let start = Point2D(x: a.longitudeDegrees, y: a.latitudeDegrees)
        var end = Point2D(x: b.longitudeDegrees, y: b.latitudeDegrees)
        guard abs(end.x - start.x) > 180 else { return .multiLineString([[start, end]]) }
        end.x += end.x < start.x ? 360 : -360
        let edge = end.x > start.x ? 180.0 : -180.0
        let fraction = (edge - start.x) / (end.x - start.x)
        let crossingLatitude = start.y + (end.y - start.y) * fraction
        let firstPart = [start, Point2D(x: edge, y: crossingLatitude)]
        let secondPart = [
            Point2D(x: -edge, y: crossingLatitude), Point2D(x: end.x + (edge > 0 ? -360 : 360), y: end.y),
        ]
        return .multiLineString([firstPart, secondPart])
    }

    /// Sutherland–Hodgman against the half-plane x ≥ bound.
    private static func clip(_ polygon: [Point2D], keepAbove bound: Double) -> [Point2D] {
        clip(polygon) {
            $0.x >= bound
        } intersect: { a, b in
            crossing(a, b, x: bound)
        }
    }

    /// Sutherland–Hodgman against the half-plane x ≤ bound.
    private static func clip(_ polygon: [Point2D], keepBelow bound: Double) -> [Point2D] {
        clip(polygon) {
            $0.x <= bound
        } intersect: { a, b in
            crossing(a, b, x: bound)
        }
    }

    private static func clip(
        _ polygon: [Point2D],
        inside: (Point2D) -> Bool,
        intersect: (Point2D, Point2D) -> Point2D
    ) -> [Point2D] {
        guard !polygon.isEmpty else { return [] }
        var output: [Point2D] = []
        var previous = polygon[polygon.count - 1]
        for current in polygon {
            let currentInside = inside(current)
            if currentInside != inside(previous) { output.append(intersect(previous, current)) }
            if currentInside { output.append(current) }
            previous = current
        }
        return output
    }

    private static func crossing(_ a: Point2D, _ b: Point2D, x: Double) -> Point2D {
        let fraction = (x - a.x) / (b.x - a.x)
        return Point2D(x: x, y: a.y + (b.y - a.y) * fraction)
    }

    private static func signedArea(_ ring: [Point2D]) -> Double {
        var sum = 0.0
        for index in ring.indices {
            let next = ring[(index + 1) % ring.count]
            sum += ring[index].x * next.y - next.x * ring[index].y
        }
        return sum / 2
    }
}
