import Glibc

/// A flat latitude/longitude bucket index of points on the sphere, for "who could hear this beacon" queries.
///
/// Rows are 0.1° of latitude; each row is cut into columns about as wide in kilometres (0.1° / cos φ of the
/// row's pole-ward edge). Points are sorted by (row, column); a directory of the occupied buckets (their column
/// and first slot, per row) is small enough to stay in cache, so a query costs one short binary search per row
/// of the query box and then walks the row's buckets. A query returns each bucket's slot range with a lower
/// bound on its distance; callers keep per-slot data in the same order and read it sequentially.
struct SpatialGrid: Sendable {
    static let rowHeightDegrees = 0.1
    static let kilometersPerDegree = 6371.007180918475 * Double.pi / 180

    /// Sorted bucket keys, one per slot.
    let keys: [UInt64]
    /// The point (hotspot) index of each slot.
    let members: [Int32]
    /// Column width (degrees of longitude) of each row, indexed by row number.
    let columnWidths: [Double]
    /// 1 / cos φ at each row's pole-ward edge: the widest longitude stretch within the row.
    let inverseCosines: [Double]
    /// The occupied buckets in key order: their column and first slot.
    let bucketColumns: [UInt32]
    let bucketStarts: [Int32]
    /// The first bucket of each row (and one past the last row).
    let rowBuckets: [Int32]

    /// Builds the index for points given in degrees.
    init(latitudesDegrees: [Double], longitudesDegrees: [Double]) {
        let rowCount = Int(180 / SpatialGrid.rowHeightDegrees) + 1
        var widths = [Double](repeating: 360, count: rowCount)
        var inverses = [Double](repeating: 1, count: rowCount)
        for row in 0..<rowCount {
            let south = Double(row) * SpatialGrid.rowHeightDegrees - 90
            let north = south + SpatialGrid.rowHeightDegrees
            let poleward = max(abs(south), abs(north))
            let cosine = cos(min(poleward, 89.9) * Double.pi / 180)
            widths[row] = min(360, SpatialGrid.rowHeightDegrees / cosine)
            inverses[row] = 1 / cosine
        }
        columnWidths = widths
        inverseCosines = inverses
        var keyed: [(UInt64, Int32)] = []
        keyed.reserveCapacity(latitudesDegrees.count)
        for index in latitudesDegrees.indices {
            keyed.append(
                (
                    SpatialGrid.key(
                        latitudeDegrees: latitudesDegrees[index],
                        longitudeDegrees: longitudesDegrees[index],
                        widths: widths
                    ),
                    Int32(index)
                )
            )
        }
        keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        keys = keyed.map(\.0)
        members = keyed.map(\.1)
        var columns: [UInt32] = []
        var bucketSlots: [Int32] = []
        var firstBucket = [Int32](repeating: 0, count: rowCount + 1)
        var previous: UInt64?
        for slot in keyed.indices where keyed[slot].0 != previous {
            previous = keyed[slot].0
            columns.append(UInt32(truncatingIfNeeded: keyed[slot].0))
            bucketSlots.append(Int32(slot))
        }
        // Row r's buckets are those whose key has row r; count them, then prefix-sum.
        var counts = [Int32](repeating: 0, count: rowCount + 1)
        previous = nil
        for slot in keyed.indices where keyed[slot].0 != previous {
            previous = keyed[slot].0
            counts[Int(keyed[slot].0 >> 32)] += 1
        }
        var running: Int32 = 0
        for row in 0...rowCount {
            firstBucket[row] = running
            running += counts[row]
        }
        bucketColumns = columns
        bucketStarts = bucketSlots
        rowBuckets = firstBucket
    }

    /// The bucket key of a point: (row, column) packed into 64 bits, the order of the index's slots.
    static func bucketKey(latitudeDegrees: Double, longitudeDegrees: Double) -> UInt64 {
        let row = row(latitudeDegrees: latitudeDegrees)
        let south = Double(row) * rowHeightDegrees - 90
        let poleward = max(abs(south), abs(south + rowHeightDegrees))
        let width = min(360, rowHeightDegrees / cos(min(poleward, 89.9) * Double.pi / 180))
        return UInt64(row) << 32 | UInt64(column(longitudeDegrees: longitudeDegrees, width: width))
    }

    @inline(__always)
    static func row(latitudeDegrees: Double) -> Int {
        min(max(Int(((latitudeDegrees + 90) / rowHeightDegrees).rounded(.down)), 0), Int(180 / rowHeightDegrees))
    }

    @inline(__always)
    static func column(longitudeDegrees: Double, width: Double) -> Int {
        var lng = longitudeDegrees
        if lng < -180 || lng >= 180 { lng -= 360 * ((lng + 180) / 360).rounded(.down) }
        return max(Int(((lng + 180) / width).rounded(.down)), 0)
    }

    @inline(__always)
    private static func key(latitudeDegrees: Double, longitudeDegrees: Double, widths: [Double]) -> UInt64 {
        let row = row(latitudeDegrees: latitudeDegrees)
        let column = column(longitudeDegrees: longitudeDegrees, width: widths[row])
        return UInt64(row) << 32 | UInt64(column)
    }

    /// One occupied bucket near a query point: its slots and a lower bound on the squared distance (km²) from
    /// the query point to any point of the bucket.
    struct BucketHit: Sendable {
        var slots: Range<Int>
        var minimumDistanceSquaredKm: Double
    }

    /// Appends every occupied bucket that may hold a point within `radiusKm` of the point, with a lower bound on
    /// its distance: the equirectangular distance to the bucket's rectangle, with the longitude scale of the
    /// most pole-ward latitude involved, times 0.99 (the small-angle approximation is within 0.01 % of the
    /// great-circle distance up to 150 km).
    func buckets(latitudeDegrees: Double, longitudeDegrees: Double, radiusKm: Double, into hits: inout [BucketHit]) {
        let latitudeSpan = radiusKm / SpatialGrid.kilometersPerDegree
        let firstRow = SpatialGrid.row(latitudeDegrees: latitudeDegrees - latitudeSpan)
        let lastRow = SpatialGrid.row(latitudeDegrees: latitudeDegrees + latitudeSpan)
        var longitude = longitudeDegrees
        if longitude < -180 || longitude >= 180 { longitude -= 360 * ((longitude + 180) / 360).rounded(.down) }
        for row in firstRow...lastRow {
            let first = Int(rowBuckets[row])
            let end = Int(rowBuckets[row + 1])
            guard first < end else { continue }
            let south = Double(row) * SpatialGrid.rowHeightDegrees - 90
            let north = south + SpatialGrid.rowHeightDegrees
            let dy = max(0, south - latitudeDegrees, latitudeDegrees - north) * SpatialGrid.kilometersPerDegree
            guard dy <= radiusKm else { continue }
            let poleward = max(abs(latitudeDegrees), abs(south), abs(north))
            let scale = SpatialGrid.kilometersPerDegree * cos(min(poleward, 89.9) * Double.pi / 180)
            let width = columnWidths[row]
            let longitudeSpan = latitudeSpan * inverseCosines[row]
            // The columns within reach, as one or two runs (two across the antimeridian).
            var firstRun = (0, Int.max)
            var secondRun = (1, 0)  // empty unless the span wraps
            if longitudeSpan < 180 {
                let west = longitude - longitudeSpan, east = longitude + longitudeSpan
                let lastColumn = SpatialGrid.column(longitudeDegrees: 179.999_999_999, width: width)
                if west < -180 {
                    firstRun = (SpatialGrid.column(longitudeDegrees: west + 360, width: width), lastColumn)
                    secondRun = (0, SpatialGrid.column(longitudeDegrees: east, width: width))
                } else if east >= 180 {
                    firstRun = (SpatialGrid.column(longitudeDegrees: west, width: width), lastColumn)
                    secondRun = (0, SpatialGrid.column(longitudeDegrees: east - 360, width: width))
                } else {
                    firstRun = (
                        SpatialGrid.column(longitudeDegrees: west, width: width),
                        SpatialGrid.column(longitudeDegrees: east, width: width)
                    )
                }
            }
            for (firstColumn, lastColumn) in [firstRun, secondRun] where firstColumn <= lastColumn {
                // The first bucket of the row at or after `firstColumn`.
                var low = first, high = end
                while low < high {
                    let mid = (low + high) >> 1
                    if Int(bucketColumns[mid]) < firstColumn { low = mid + 1 } else { high = mid }
                }
                var bucket = low
                while bucket < end && Int(bucketColumns[bucket]) <= lastColumn {
                    let westEdge = -180 + Double(bucketColumns[bucket]) * width
                    var dl = 0.0
                    if longitude < westEdge || longitude > westEdge + width {
                        let toWest = abs(longitude - westEdge), toEast = abs(longitude - westEdge - width)
                        dl = min(min(toWest, 360 - toWest), min(toEast, 360 - toEast))
                    }
                    let dx = dl * scale
                    let slotEnd = bucket + 1 < bucketStarts.count ? Int(bucketStarts[bucket + 1]) : keys.count
                    hits.append(
                        BucketHit(
                            slots: Int(bucketStarts[bucket])..<slotEnd,
                            minimumDistanceSquaredKm: 0.98 * (dx * dx + dy * dy)
                        )
                    )
                    bucket += 1
                }
            }
        }
    }
}
