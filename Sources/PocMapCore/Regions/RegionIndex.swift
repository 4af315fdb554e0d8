/// Which LoRaWAN region plan a location lies in, from Helium's region index: for each plan a set of H3 cells
/// (compacted, resolutions 0 … 7), where a location belongs to plan R when its resolution-7 cell, or one of that
/// cell's parents, is in R's set (helium/lorawan-h3; `POC-RULES.md` §1.2, `FORMATS.md` §1.1).
///
/// All sets are merged into one open-addressing hash table from cell to region, so a lookup is at most eight
/// probes (the cell and its parents, found by bit operations). A dense summary of the 41 846 resolution-3 cells
/// answers most lookups with one array read instead: inside a resolution-3 cell that lies wholly in one region
/// (or in none), no probe is needed. Build it once, then share it freely: it is an immutable value.
///
/// ```swift
/// let index = try RegionIndex(regions: [("US915", usCells), ("EU868", euCells)])
/// let plan = try index.regionName(at: LatLng(latitudeDegrees: 37.7749, longitudeDegrees: -122.4194))  // "US915"
/// ```
///
/// **Overlaps.** Helium's January 2023 index lists 95 cells in two files (94 in both `US915` and `Unknown`,
/// one in both `AS923-1` and `AU915-SB1`). Here the region given first to ``init(regions:)`` wins (the loader
/// passes files in byte-wise name order, so `US915` beats `Unknown`), and every such cell is reported in
/// ``overlaps``. Should sets nest (a region listing a cell inside another region's coarser cell, which Helium's
/// files never do), the finer cell wins, because the lookup walks from the finest resolution up.
public struct RegionIndex: Sendable {
    /// The region names, in the order given; a region's position here is its ``RegionID``.
    public let regionNames: [String]
    /// How many cells each region's set listed (before overlaps were resolved), by ``RegionID``.
    public let cellCounts: [Int]
    /// The finest resolution of any cell in the index (7 for Helium's files): a location is looked up from its
    /// parent at this resolution.
    public let finestResolution: Int
    /// Cells listed by more than one region, with the region that keeps them and the ones that lost them.
    public let overlaps: [RegionOverlap]
    /// Hash table keys: a cell's raw value, 0 where the slot is empty (0 is never a valid cell).
    private let keys: [UInt64]
    /// Hash table values: the ``RegionID`` of the cell in the same slot.
    private let values: [UInt16]
    /// `keys.count − 1`; the table size is a power of two.
    private let mask: Int
    /// Bit i set when some cell of resolution i is in the index; lookups skip resolutions absent from it.
    private let resolutionsPresent: UInt16
    /// One entry per resolution-3 cell (base cell × 7³ digit triples), empty when ``finestResolution`` < 3:
    /// the region of every location inside it, ``summaryNone`` when no location inside it has a region, or
    /// ``summaryWalk`` when the answer varies inside it (then the parents are probed).
    private var summary: [UInt16]  // set at the end of init, once the hash table is complete
    private static let summaryNone: UInt16 = 0xFFFE
    private static let summaryWalk: UInt16 = 0xFFFF

    /// Identifies a region inside one index: its position in ``regionNames``.
    public typealias RegionID = Int

    /// Builds an index from named cell sets.
    ///
    /// - Parameter regions: each region's name and cells, in priority order (see Overlaps above). Names must be
    ///   distinct and non-empty. Cells must be valid H3 cells; duplicates inside one set are harmless.
    /// - Throws: ``RegionIndexError`` for an invalid cell (naming the region and the cell's position in its
    ///   set), a duplicate or empty name, or more than 65 535 regions.
    public init(regions: [(name: String, cells: [H3Cell])]) throws(RegionIndexError) {
        guard regions.count < Int(RegionIndex.summaryNone) else { throw RegionIndexError.tooManyRegions(regions.count) }
        var names: [String] = []
        var seenNames = Set<String>()
        var total = 0
        for region in regions {
            guard !region.name.isEmpty else { throw RegionIndexError.emptyName }
            guard seenNames.insert(region.name).inserted else { throw RegionIndexError.duplicateName(region.name) }
            names.append(region.name)
            total += region.cells.count
        }
        // Load factor at most 1/2 keeps probe sequences short.
        var capacity = 16
        while capacity < total * 2 { capacity *= 2 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [UInt16](repeating: 0, count: capacity)
        let mask = capacity - 1
        var finest = 0
        var present: UInt16 = 0
        var overlaps: [RegionOverlap] = []
        var distinct = 0
        for (id, region) in regions.enumerated() {
            for (position, cell) in region.cells.enumerated() {
                guard cell.isValid else {
                    throw RegionIndexError.invalidCell(region: region.name, position: position, rawValue: cell.rawValue)
                }
                let resolution = cell.resolution
                finest = max(finest, resolution)
                present |= 1 << UInt16(resolution)
                var slot = RegionIndex.slot(of: cell.rawValue, mask: mask)
                while true {
                    if keys[slot] == 0 {
                        keys[slot] = cell.rawValue
                        values[slot] = UInt16(id)
                        distinct += 1
                        break
                    }
                    if keys[slot] == cell.rawValue {
                        let owner = Int(values[slot])
                        if owner != id {
                            overlaps.append(RegionOverlap(cell: cell, keptBy: names[owner], alsoListedBy: region.name))
                        }
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        self.regionNames = names
        self.cellCounts = regions.map(\.cells.count)
        self.finestResolution = finest
        self.overlaps = overlaps
        self.cellCount = distinct
        self.keys = keys
        self.values = values
        self.mask = mask
        self.resolutionsPresent = present
        self.summary = []
        if finest >= 3 { self.summary = buildSummary(cells: regions.flatMap(\.cells)) }
    }

    /// The position of a resolution-3 ancestor in ``summary``: base cell and digits 1 … 3 in base 7.
    @inline(__always)
    private static func summarySlot(_ raw: UInt64) -> Int {
        let base = Int(truncatingIfNeeded: (raw >> 45) & 0x7F)
        let digits = Int(truncatingIfNeeded: (raw >> 36) & 0x1FF)  // d1 d2 d3, 3 bits each
        return ((base * 7 + (digits >> 6)) * 7 + ((digits >> 3) & 7)) * 7 + (digits & 7)
    }

    /// Fills ``summary``: for every resolution-3 cell, whether lookups inside it have one answer.
    private func buildSummary(cells: [H3Cell]) -> [UInt16] {
        let slots = 122 * 343
        // Resolution-3 cells with an index cell strictly finer than 3 inside them: their answer varies.
        var varies = [Bool](repeating: false, count: slots)
        for cell in cells where cell.resolution > 3 {
            varies[RegionIndex.summarySlot(CellBits.parent(cell.rawValue, resolution: 3))] = true
        }
        var result = [UInt16](repeating: RegionIndex.summaryWalk, count: slots)
        for slot in 0..<slots where !varies[slot] {
            let base = slot / 343
            let digits = slot % 343
            // The resolution-3 cell: mode 1, resolution 3, base cell, digits 1 … 3, digits 4 … 15 unused (7).
            let raw: UInt64 =
                (1 << 59) | (3 << 52) | (UInt64(base) << 45) | (UInt64(digits / 49) << 42)
                | (UInt64(digits / 7 % 7) << 39) | (UInt64(digits % 7) << 36) | ((1 << 36) - 1)
            guard H3Cell(rawValue: raw).isValid else { continue }  // pentagons' deleted subsequences
            result[slot] = ancestorRegion(raw, resolution: 3).map(UInt16.init) ?? RegionIndex.summaryNone
        }
        return result
    }

    /// The region of the finest of `raw` and its parents found in the table (a full walk).
    private func ancestorRegion(_ start: UInt64, resolution startResolution: Int) -> RegionID? {
        var raw = start
        var resolution = startResolution
        while true {
            if resolutionsPresent & (1 << UInt16(resolution)) != 0, let id = find(raw) { return id }
            if resolution == 0 { return nil }
            raw = CellBits.parent(raw, resolution: resolution - 1)
            resolution -= 1
        }
    }

    /// The number of distinct cells in the index.
    public let cellCount: Int

    /// The region of a location cell: the first of its resolution-``finestResolution`` ancestor (its parent at
    /// that resolution), and that cell's parents, found in the index. A cell coarser than ``finestResolution`` is
    /// looked up from itself upwards (finer index cells inside it do not count). `nil` when no region holds it, or
    /// when `cell` is not a valid cell.
    public func region(of cell: H3Cell) -> RegionID? {
        guard cell.isValid else { return nil }
        var raw = cell.rawValue
        var resolution = cell.resolution
        if resolution >= 3 && !summary.isEmpty {
            let answer = summary[RegionIndex.summarySlot(raw)]
            if answer == RegionIndex.summaryNone { return nil }
            if answer != RegionIndex.summaryWalk { return Int(answer) }
        }
        if resolution > finestResolution {
            raw = CellBits.parent(raw, resolution: finestResolution)
            resolution = finestResolution
        }
        return ancestorRegion(raw, resolution: resolution)
    }

    /// Like ``region(of:)``, and also the index cell that matched (the location's ancestor found in a set), so a
    /// caller can tell whether the answer came from an overlapping cell (``overlaps``). Always probes the parents
    /// (no summary), so it is a little slower.
    public func match(for cell: H3Cell) -> (region: RegionID, cell: H3Cell)? {
        guard cell.isValid else { return nil }
        var raw = cell.rawValue
        var resolution = cell.resolution
        if resolution > finestResolution {
            raw = CellBits.parent(raw, resolution: finestResolution)
            resolution = finestResolution
        }
        while true {
            if resolutionsPresent & (1 << UInt16(resolution)) != 0, let id = find(raw) {
                return (id, H3Cell(rawValue: raw))
            }
            if resolution == 0 { return nil }
            raw = CellBits.parent(raw, resolution: resolution - 1)
            resolution -= 1
        }
    }

    /// The name of the region holding `cell`, or `nil`; see ``region(of:)``.
    public func regionName(of cell: H3Cell) -> String? {
        region(of: cell).map { regionNames[$0] }
    }

    /// The resolution a point is snapped to before its region is looked up: 12, the resolution of asserted
    /// hotspot locations (`FORMATS.md` §1.1 converts `lat`/`lng` the same way).
    public static let pointResolution = 12

    /// The region of a point: the region of its resolution-12 cell (``pointResolution``), so a point and a
    /// hotspot asserted there always agree. (H3 cells do not nest exactly, so this can differ from the region of
    /// the point's own resolution-7 cell within metres of a resolution-7 edge.)
    ///
    /// - Throws: `H3Error.latLngDomain` for non-finite coordinates (ranges are the caller's to check).
    public func region(at point: LatLng) throws(H3Error) -> RegionID? {
        region(of: try H3.latLngToCell(point, resolution: RegionIndex.pointResolution))
    }

    /// The name of the region holding a point, or `nil`; see ``region(at:)``.
    public func regionName(at point: LatLng) throws(H3Error) -> String? {
        try region(at: point).map { regionNames[$0] }
    }

    /// The table slot where probing for `raw` starts (Fibonacci hashing of the 64-bit index).
    private static func slot(of raw: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (raw &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The region stored for exactly `raw`, if any.
    private func find(_ raw: UInt64) -> RegionID? {
        var slot = RegionIndex.slot(of: raw, mask: mask)
        while true {
            let key = keys[slot]
            if key == raw { return Int(values[slot]) }
            if key == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}

/// A cell listed by more than one region of a ``RegionIndex``.
public struct RegionOverlap: Hashable, Sendable {
    /// The cell.
    public var cell: H3Cell
    /// The region whose set was given first, which keeps the cell.
    public var keptBy: String
    /// A later region that lists the same cell.
    public var alsoListedBy: String

    /// Creates an overlap record.
    public init(cell: H3Cell, keptBy: String, alsoListedBy: String) {
        self.cell = cell
        self.keptBy = keptBy
        self.alsoListedBy = alsoListedBy
    }
}

/// Why a ``RegionIndex`` could not be built.
public enum RegionIndexError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Entry `position` (0-based) of `region`'s set is not a valid H3 cell.
    case invalidCell(region: String, position: Int, rawValue: UInt64)
    /// Two regions share a name.
    case duplicateName(String)
    /// A region has an empty name.
    case emptyName
    /// More regions than a ``RegionIndex/RegionID`` can number.
    case tooManyRegions(Int)

    /// A one-line message for a person.
    public var description: String {
        switch self {
        case .invalidCell(let region, let position, let rawValue):
            let hex = String(rawValue, radix: 16)
            return "region \(region): entry \(position) (byte offset \(position * 8)) is not a valid H3 cell (0x\(hex))"
        case .duplicateName(let name):
            return "region \(name) is given twice"
        case .emptyName:
            return "a region has an empty name"
        case .tooManyRegions(let count):
            return "\(count) regions are more than the 65535 an index can hold"
        }
    }
}
