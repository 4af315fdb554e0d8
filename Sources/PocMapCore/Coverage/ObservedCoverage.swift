/// What the valid witness receptions say about one H3 cell where witnesses sit: how often and how well beacons
/// were heard there.
public struct ObservedCell: Hashable, Sendable {
    /// The cell, at the map resolution.
    public var cell: H3Cell
    /// The number of valid witness receptions by hotspots located in the cell.
    public var receptionCount: Int
    /// The strongest valid reception, dBm.
    public var bestRSSIDBm: Double
    /// The median RSSI of the valid receptions, dBm. With an even count it is the mean of the two middle values in
    /// dB (the median of dB values is the median of powers; only the tie-break averages dB).
    public var medianRSSIDBm: Double
    /// The number of distinct beaconers heard in the cell.
    public var distinctBeaconers: Int
    /// The latest reception time, ms since the Unix epoch.
    public var lastSeenMs: Int64

    /// Creates an observed cell.
    public init(
        cell: H3Cell,
        receptionCount: Int,
        bestRSSIDBm: Double,
        medianRSSIDBm: Double,
        distinctBeaconers: Int,
        lastSeenMs: Int64
    ) {
        self.cell = cell
        self.receptionCount = receptionCount
        self.bestRSSIDBm = bestRSSIDBm
        self.medianRSSIDBm = medianRSSIDBm
        self.distinctBeaconers = distinctBeaconers
        self.lastSeenMs = lastSeenMs
    }
}

/// How far and how well the beacons sent from one H3 cell were heard.
public struct BeaconerHex: Hashable, Sendable {
    /// The beaconers' cell, at the map resolution.
    public var cell: H3Cell
    /// The number of valid receptions of beacons sent from the cell.
    public var receptionCount: Int
    /// The number of distinct witnesses that heard them.
    public var distinctWitnesses: Int
    /// The longest beaconer–witness distance of a valid reception, km (0 when no distance is known).
    public var maxDistanceKm: Double
    /// The strongest valid reception, dBm.
    public var bestRSSIDBm: Double
    /// The median RSSI of the valid receptions, dBm (as ``ObservedCell/medianRSSIDBm``).
    public var medianRSSIDBm: Double
    /// The latest reception time, ms since the Unix epoch.
    public var lastSeenMs: Int64

    /// Creates a beaconer hex.
    public init(
        cell: H3Cell,
        receptionCount: Int,
        distinctWitnesses: Int,
        maxDistanceKm: Double,
        bestRSSIDBm: Double,
        medianRSSIDBm: Double,
        lastSeenMs: Int64
    ) {
        self.cell = cell
        self.receptionCount = receptionCount
        self.distinctWitnesses = distinctWitnesses
        self.maxDistanceKm = maxDistanceKm
        self.bestRSSIDBm = bestRSSIDBm
        self.medianRSSIDBm = medianRSSIDBm
        self.lastSeenMs = lastSeenMs
    }
}

/// Observed coverage: the valid witness receptions aggregated per H3 cell (`FORMATS.md` §2.5 bands 1–2), on the
/// witness side (where beacons were heard) and on the beaconer side (how far a hex's beacons carried).
///
/// Invalid receptions and receptions whose witness (or, for the beaconer side, beaconer) has no location are
/// counted and left out. Results are sorted by cell and do not depend on the input order.
///
/// ```swift
/// let observed = try ObservedCoverage.aggregate(receptions, resolution: 8)
/// observed.cell(H3Cell(rawValue: 0x8828308281fffff))?.bestRSSIDBm
/// ```
public struct ObservedCoverage: Sendable {
    /// The H3 resolution of the cells.
    public let resolution: Int
    /// The witness-side cells, sorted by index.
    public let cells: [ObservedCell]
    /// The beaconer-side cells, sorted by index.
    public let beaconerHexes: [BeaconerHex]
    /// The number of valid receptions aggregated into ``cells``.
    public let validReceptionCount: Int
    /// The number of receptions left out as invalid.
    public let invalidReceptionCount: Int
    /// The number of valid receptions left out because the witness location is unknown.
    public let unlocatedReceptionCount: Int
    /// The earliest and latest time of a valid reception, `nil` when there is none.
    public let timeRangeMs: ClosedRange<Int64>?

    /// Aggregates `receptions` at `resolution` (5...12).
    public static func aggregate(
        _ receptions: some Sequence<WitnessReception>,
        resolution: Int
    ) throws(CoverageError) -> ObservedCoverage {
        guard CoverageError.resolutions.contains(resolution) else { throw .invalidResolution(resolution) }
        var keyIDs: [String: Int32] = [:]
        func id(_ key: String) -> Int32 {
            if let known = keyIDs[key] { return known }
            let next = Int32(truncatingIfNeeded: keyIDs.count)
            keyIDs[key] = next
            return next
        }
        var heard: [_ObservedRow] = []
        var sent: [_ObservedRow] = []
        var invalid = 0, unlocated = 0, valid = 0
        var earliest = Int64.max, latest = Int64.min
        for reception in receptions {
            guard reception.status == .valid else {
                invalid += 1
                continue
            }
            guard let witnessLocation = reception.witnessLocation else {
                unlocated += 1
                continue
            }
            let cell: H3Cell
            do { cell = try witnessLocation.coverageCell(resolution: resolution) } catch { throw .h3(error) }
            valid += 1
            earliest = min(earliest, reception.timestampMs)
            latest = max(latest, reception.timestampMs)
            let distance = reception.distanceKm ?? 0
            heard.append(
                _ObservedRow(
                    cell: cell.rawValue,
                    rssi: reception.rssiDBm,
                    other: id(reception.beaconerKey),
                    timestampMs: reception.timestampMs,
                    distanceKm: distance
                )
            )
            if let beaconerLocation = reception.beaconerLocation {
                let origin: H3Cell
                do { origin = try beaconerLocation.coverageCell(resolution: resolution) } catch { throw .h3(error) }
                sent.append(
                    _ObservedRow(
                        cell: origin.rawValue,
                        rssi: reception.rssiDBm,
                        other: id(reception.witnessKey),
                        timestampMs: reception.timestampMs,
                        distanceKm: distance
                    )
                )
            }
        }
        var cells: [ObservedCell] = []
        _ObservedRow.groups(&heard) { cell, group, distinct in
            cells.append(
                ObservedCell(
                    cell: H3Cell(rawValue: cell),
                    receptionCount: group.count,
                    bestRSSIDBm: group.best,
                    medianRSSIDBm: group.median,
                    distinctBeaconers: distinct,
                    lastSeenMs: group.lastSeenMs
                )
            )
        }
        var hexes: [BeaconerHex] = []
        _ObservedRow.groups(&sent) { cell, group, distinct in
            hexes.append(
                BeaconerHex(
                    cell: H3Cell(rawValue: cell),
                    receptionCount: group.count,
                    distinctWitnesses: distinct,
                    maxDistanceKm: group.maxDistanceKm,
                    bestRSSIDBm: group.best,
                    medianRSSIDBm: group.median,
                    lastSeenMs: group.lastSeenMs
                )
            )
        }
        return ObservedCoverage(
            resolution: resolution,
            cells: cells,
            beaconerHexes: hexes,
            validReceptionCount: valid,
            invalidReceptionCount: invalid,
            unlocatedReceptionCount: unlocated,
            timeRangeMs: valid > 0 ? earliest...latest : nil
        )
    }

    /// The witness-side aggregate of `cell`, if any valid reception was heard there (binary search).
    public func cell(_ cell: H3Cell) -> ObservedCell? {
        let index = cells.partitioningIndex { $0.cell.rawValue >= cell.rawValue }
        return index < cells.count && cells[index].cell == cell ? cells[index] : nil
    }

    /// The beaconer-side aggregate of `cell`, if a valid reception of a beacon sent from there exists.
    public func beaconerHex(_ cell: H3Cell) -> BeaconerHex? {
        let index = beaconerHexes.partitioningIndex { $0.cell.rawValue >= cell.rawValue }
        return index < beaconerHexes.count && beaconerHexes[index].cell == cell ? beaconerHexes[index] : nil
    }
}

/// One reception on one side, reduced to what aggregation needs.
private struct _ObservedRow {
    var cell: UInt64
    var rssi: Double
    var other: Int32
    var timestampMs: Int64
    var distanceKm: Double

    struct Summary {
        var count: Int
        var best: Double
        var median: Double
        var lastSeenMs: Int64
        var maxDistanceKm: Double
    }

    /// Sorts `rows` by (cell, RSSI) and calls `body` once per cell, in index order.
    static func groups(_ rows: inout [_ObservedRow], body: (UInt64, Summary, Int) -> Void) {
        rows.sort { $0.cell != $1.cell ? $0.cell < $1.cell : $0.rssi < $1.rssi }
        var others: [Int32] = []
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count && rows[end].cell == rows[start].cell { end += 1 }
            let count = end - start
            let middle = start + count / 2
            let median = count % 2 == 1 ? rows[middle].rssi : (rows[middle - 1].rssi + rows[middle].rssi) / 2
            var last = Int64.min
            var far = 0.0
            others.removeAll(keepingCapacity: true)
            for row in rows[start..<end] {
                last = max(last, row.timestampMs)
                far = max(far, row.distanceKm)
                others.append(row.other)
            }
            others.sort()
            var distinct = 0
            for i in others.indices where i == 0 || others[i] != others[i - 1] { distinct += 1 }
            body(
                rows[start].cell,
                Summary(count: count, best: rows[end - 1].rssi, median: median, lastSeenMs: last, maxDistanceKm: far),
                distinct
            )
            start = end
        }
    }
}

extension RandomAccessCollection {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the collection.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Index {
        var low = startIndex
        var length = count
        while length > 0 {
            let half = length / 2
            let middle = index(low, offsetBy: half)
            if predicate(self[middle]) {
                length = half
            } else {
                low = index(after: middle)
                length -= half + 1
            }
        }
        return low
    }
}
