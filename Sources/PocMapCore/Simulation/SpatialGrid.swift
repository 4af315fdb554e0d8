import Glibc

/// A flat latitude/longitude bucket index of points on the sphere, for "who could hear this beacon" queries.
///
/// Rows are 0.1° of latitude; each row is cut into columns about as wide in kilometres (0.1° / cos φ of the
/// row's pole-ward edge). Points are sorted by (row, column), so a query is one binary search per row of the
/// query box and a contiguous run of slots. Queries return slot ranges; the per-slot data (position, antenna,
/// region) lives in struct-of-arrays form in the same order, so the caller's loop reads memory sequentially.
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
    /// The first slot of each row (and one past the last row), so searches stay within a row.
    let rowStarts: [Int]
    /// The occupied buckets in key order: their column and first slot. A search looks only at the buckets of one
    /// row: a short array that stays in cache, unlike the slot keys themselves.
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
            keyed.append((
                SpatialGrid.key(latitudeDegrees: latitudesDegrees[index], longitudeDegrees: longitudesDegrees[index], widths: widths),
                Int32(index)
            ))
        }
        keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        keys = keyed.map(\.0)
        members = keyed.map(\.1)
        var starts = [Int](repeating: keyed.count, count: rowCount + 1)
        for slot in stride(from: keyed.count - 1, through: 0, by: -1) { starts[Int(keyed[slot].0 >> 32)] = slot }
        for row in stride(from: rowCount - 1, through: 0, by: -1) where starts[row] > starts[row + 1] {
            starts[row] = starts[row + 1]
        }
        rowStarts = starts
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

    /// The first slot whose key is ≥ `key`, searching only the occupied buckets of `key`'s row (the next row's
    /// start when the row holds no such key).
    @inline(__always)
    private func lowerBound(_ key: UInt64) -> Int {
        let row = Int(key >> 32)
        guard row < rowStarts.count - 1 else { return keys.count }
        let column = UInt32(truncatingIfNeeded: key)
        var low = Int(rowBuckets[row])
        var high = Int(rowBuckets[row + 1])
        while low < high {
            let mid = (low + high) >> 1
            if bucketColumns[mid] < column { low = mid + 1 } else { high = mid }
        }
        return low < Int(rowBuckets[row + 1]) ? Int(bucketStarts[low]) : rowStarts[row + 1]
    }

    @inline(__always)
    private func appendSpan(_ base: UInt64, _ first: Int, _ last: Int, _ ranges: inout [Range<Int>]) {
        guard first <= last else { return }
        let start = lowerBound(base | UInt64(first))
        let end = lowerBound(base | UInt64(last + 1))
        if start < end { ranges.append(start..<end) }
    }

    /// Appends to `ranges` the slot ranges of every bucket that may hold a point within `radiusKm` of the point
    /// (a superset: callers test the true distance).
    func candidateRanges(latitudeDegrees: Double, longitudeDegrees: Double, radiusKm: Double, into ranges: inout [Range<Int>]) {
        let latitudeSpan = radiusKm / SpatialGrid.kilometersPerDegree
        let firstRow = SpatialGrid.row(latitudeDegrees: latitudeDegrees - latitudeSpan)
        let lastRow = SpatialGrid.row(latitudeDegrees: latitudeDegrees + latitudeSpan)
        for row in firstRow...lastRow {
            // The widest longitude span of the query circle within this row is at most its span at the row's
            // pole-ward edge.
            let longitudeSpan = latitudeSpan * inverseCosines[row]
            let width = columnWidths[row]
            let base = UInt64(row) << 32
            if longitudeSpan >= 180 {
                let start = rowStarts[row]
                let end = rowStarts[row + 1]
                if start < end { ranges.append(start..<end) }
                continue
            }
            let west = longitudeDegrees - longitudeSpan
            let east = longitudeDegrees + longitudeSpan
            let lastColumn = SpatialGrid.column(longitudeDegrees: 179.999_999_999, width: width)
            if west < -180 {
                appendSpan(base, SpatialGrid.column(longitudeDegrees: west + 360, width: width), lastColumn, &ranges)
                appendSpan(base, 0, SpatialGrid.column(longitudeDegrees: east, width: width), &ranges)
            } else if east >= 180 {
                appendSpan(base, SpatialGrid.column(longitudeDegrees: west, width: width), lastColumn, &ranges)
                appendSpan(base, 0, SpatialGrid.column(longitudeDegrees: east - 360, width: width), &ranges)
            } else {
                appendSpan(
                    base, SpatialGrid.column(longitudeDegrees: west, width: width),
                    SpatialGrid.column(longitudeDegrees: east, width: width), &ranges)
            }
        }
    }
}
