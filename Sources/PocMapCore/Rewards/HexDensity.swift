/// The HIP-17 hex density engine: from the locations of the active hotspots to each location's hex scale
/// (`POC-RULES.md` §6; helium/oracles `iot_verifier/src/hex_density.rs`).
///
/// 1. **Seed.** Each location L adds 1 to the unclipped count U and the clipped count K of its resolution-11
///    parent. Locations coarser than resolution 11, and invalid cells, are skipped (they get the default scale).
/// 2. **Roll up and clip**, for r = 10, 9, …, 4 (and below 4 if the parameter set defines it): a parent's U and
///    its provisional K are the sum of its children's K; then K = min(limit_r(n), U), where n counts the hexes
///    of the parent's 1-disk whose K is at least tgt_r.
/// 3. **Scale.** For each L, the product of K/U of its parents at resolutions 10 … 4, computed exactly and rounded
///    once to four decimals, half to even.
///
/// ```swift
/// let result = HexDensity.compute(locations: cells, parameters: .hip104)
/// let scale = result.transmitScale(forBeaconerAt: beaconerCell)   // 0.2000 when not in the map
/// ```
///
/// The exact product equals what Helium's rust_decimal arithmetic gives except in contrived cases where the
/// exact value lies on a rounding midpoint and an intermediate quotient does not terminate (`POC-RULES.md`
/// §1.5). Under `hip104` that cannot happen: every clipped count that differs from its unclipped count is of the
/// form 2^a·5^b, so a midpoint is only reachable through terminating quotients, which rust_decimal computes
/// exactly.
public enum HexDensity {
    /// DEFAULT_TX_SCALE: the scale of a beaconer whose location is absent from the map (unknown, inactive, just
    /// re-asserted, or asserted coarser than resolution 11), chosen against re-assert and on/off gaming
    /// (helium/oracles PR #369).
    public static let defaultTransmitScale = Decimal4(tenThousandths: 2_000)

    /// Computes the density map of a population of active hotspots.
    ///
    /// - Parameters:
    ///   - locations: the asserted cell of every active hotspot, usually at resolution 12; a cell appears once per
    ///     hotspot (two hotspots at the same place appear twice).
    ///   - parameters: the HIP-17 parameters (``DensityParameterSet/hip104`` by default).
    /// - Returns: counts per hex and a scale per distinct location; see ``DensityResult``.
    public static func compute(locations: [H3Cell], parameters: DensityParameterSet = .hip104) -> DensityResult {
        DensityEngine(parameters: parameters).run(locations)
    }

    /// The locations of the hotspots that count as active at `buildTimeMilliseconds` (§6.2): a location, and a
    /// `last_beacon_reciprocity` no older than 60 h + 60 min before the build time. Order is kept.
    ///
    /// Use it when activity is known (the `run` pipeline); `pocmap density` treats every asserted hotspot as
    /// active instead.
    public static func activeLocations(
        _ hotspots: some Sequence<DensityCandidate>,
        buildTimeMilliseconds: Int64
    ) -> [H3Cell] {
        hotspots.compactMap { candidate in
            guard let location = candidate.location,
                DensityActivity.isActive(
                    lastBeaconReciprocityMilliseconds: candidate.lastBeaconReciprocityMilliseconds,
                    buildTimeMilliseconds: buildTimeMilliseconds
                )
            else { return nil }
            return location
        }
    }
}

/// One hotspot as the activity filter sees it: its asserted location and when its last beacon passed reciprocity.
public struct DensityCandidate: Hashable, Sendable {
    /// The asserted cell, or `nil` for an unasserted hotspot.
    public var location: H3Cell?
    /// `last_beacon_reciprocity` in ms since the Unix epoch, or `nil` if it never had one.
    public var lastBeaconReciprocityMilliseconds: Int64?

    /// Creates a candidate.
    public init(location: H3Cell?, lastBeaconReciprocityMilliseconds: Int64?) {
        self.location = location
        self.lastBeaconReciprocityMilliseconds = lastBeaconReciprocityMilliseconds
    }
}

/// The activity rule of HIP-17 density in the off-chain verifier (`POC-RULES.md` §6.2).
public enum DensityActivity {
    /// HIP_17_INTERACTIVITY_LIMIT: 60 hours, in milliseconds.
    public static let interactivityLimitMilliseconds: Int64 = 60 * 3_600_000
    /// `loader_window_max_lookback_age`: 60 minutes, in milliseconds, added to the interactivity limit.
    public static let lookbackMilliseconds: Int64 = 3_600_000
    /// How long after the start of the input density maps are still warming up (60 h + 60 min, rounded up
    /// to 61 h): scales built earlier may miss hotspots whose reciprocity predates the input (§4.4).
    public static let warmupMilliseconds: Int64 = 61 * 3_600_000

    /// Whether a hotspot counts towards density at build time T: its `last_beacon_reciprocity` is at least
    /// T − 60 min − 60 h. A hotspot that never passed reciprocity (`nil`) is inactive.
    public static func isActive(lastBeaconReciprocityMilliseconds: Int64?, buildTimeMilliseconds: Int64) -> Bool {
        guard let last = lastBeaconReciprocityMilliseconds else { return false }
        return last >= buildTimeMilliseconds - lookbackMilliseconds - interactivityLimitMilliseconds
    }
}

/// The unclipped and clipped counts of one hex.
public struct HexCounts: Hashable, Sendable {
    /// U: for a resolution-11 hex, the number of active hotspots in it; coarser, the sum of its children's
    /// clipped counts (not its raw hotspot count).
    public var unclipped: Int
    /// K: min(limit_r(n), U); equal to U at resolution 11, which is never clipped.
    public var clipped: Int

    /// Creates a pair of counts.
    public init(unclipped: Int, clipped: Int) {
        self.unclipped = unclipped
        self.clipped = clipped
    }
}

/// A location the engine could not seed, and why; such a hotspot gets ``HexDensity/defaultTransmitScale``.
public struct SkippedDensityLocation: Hashable, Sendable {
    /// Why a location was skipped.
    public enum Reason: Hashable, Sendable {
        /// Not a valid H3 cell.
        case invalidCell
        /// A valid cell coarser than resolution 11 (the seed resolution); the ORACLE skips these too.
        case coarserThanSeed(resolution: Int)
    }

    /// The position of the location in the input array.
    public var index: Int
    /// The location as given.
    public var location: H3Cell
    /// Why it was skipped.
    public var reason: Reason
}

/// One resolution of the working behind a hotspot's scale: its parent hex there and how that hex was clipped.
public struct DensityStep: Hashable, Sendable {
    /// The resolution r.
    public var resolution: Int
    /// The hotspot's resolution-r parent.
    public var cell: H3Cell
    /// U of that hex.
    public var unclipped: Int
    /// K of that hex.
    public var clipped: Int
    /// n: how many hexes of its 1-disk (itself included) have K ≥ tgt_r; `nil` at resolution 11 (never clipped).
    public var occupiedCount: Int?
    /// limit_r(n); `nil` at resolution 11.
    public var limit: Int?
    /// Whether K/U enters the scale (resolutions 10 … 4).
    public var isScaled: Bool
}

/// One of a hotspot's parent hexes and its counts.
public struct ParentHex: Hashable, Sendable {
    /// The resolution of ``cell``.
    public var resolution: Int
    /// The parent hex.
    public var cell: H3Cell
    /// Its unclipped and clipped counts.
    public var counts: HexCounts
}

/// The outcome of ``HexDensity/compute(locations:parameters:)``: counts per hex and a scale per location.
///
/// Lookups (``scale(at:)``, ``counts(of:)``) are binary searches in sorted arrays, so the result is compact
/// (a few arrays per resolution) and cheap to share between threads.
public struct DensityResult: Sendable {
    /// The parameters used.
    public let parameters: DensityParameterSet
    /// How many locations were given.
    public let inputCount: Int
    /// The locations that could not be seeded, in input order.
    public let skipped: [SkippedDensityLocation]
    /// Per resolution 0 … 11 (empty where not computed): hexes in ascending index order with their counts.
    let levels: [DensityLevel]
    /// The distinct seeded locations, ascending.
    let locations: [UInt64]
    /// For each of ``locations``, its resolution-11 parent's position in `levels[11]`.
    let locationSeeds: [Int32]
    /// For each of ``locations``, its scale.
    let locationScales: [Decimal4]

    /// How many distinct locations have a scale.
    public var scaledLocationCount: Int { locations.count }

    /// The scale of a seeded location, or `nil` when `location` was not in the population.
    public func scale(at location: H3Cell) -> Decimal4? {
        DensityLevel.position(of: location.rawValue, in: locations).map { locationScales[$0] }
    }

    /// The scale a PoC applies for a beaconer at `location` (§6.4 step 4): its own scale, or
    /// ``HexDensity/defaultTransmitScale`` (0.2) when it has none or no location.
    public func transmitScale(forBeaconerAt location: H3Cell?) -> Decimal4 {
        guard let location, let scale = scale(at: location) else { return HexDensity.defaultTransmitScale }
        return scale
    }

    /// Every seeded location with its scale (builds a dictionary; for inspection and tests).
    public func allScales() -> [H3Cell: Decimal4] {
        var result: [H3Cell: Decimal4] = [:]
        result.reserveCapacity(locations.count)
        for (location, scale) in zip(locations, locationScales) { result[H3Cell(rawValue: location)] = scale }
        return result
    }

    /// U and K of `cell`, or `nil` when no active hotspot lies inside it (or its resolution is not computed:
    /// only 11 and the parameter set's clipped resolutions are).
    public func counts(of cell: H3Cell) -> HexCounts? {
        let resolution = cell.resolution
        guard resolution < levels.count else { return nil }
        let level = levels[resolution]
        return DensityLevel.position(of: cell.rawValue, in: level.cells).map { level.counts(at: $0) }
    }

    /// All hexes with counts at `resolution` (builds a dictionary; empty for resolutions not computed).
    public func hexes(atResolution resolution: Int) -> [H3Cell: HexCounts] {
        guard resolution >= 0 && resolution < levels.count else { return [:] }
        let level = levels[resolution]
        var result: [H3Cell: HexCounts] = [:]
        result.reserveCapacity(level.cells.count)
        for index in level.cells.indices { result[H3Cell(rawValue: level.cells[index])] = level.counts(at: index) }
        return result
    }

    /// The parent hexes of a seeded location with their counts, finest first: resolution 11, then every clipped
    /// resolution down to the coarsest (`nil` when `location` was not seeded). One binary search, then array
    /// reads: use it to print the working of many hotspots.
    public func parentHexes(of location: H3Cell) -> [ParentHex]? {
        guard let position = DensityLevel.position(of: location.rawValue, in: locations) else { return nil }
        var result: [ParentHex] = []
        result.reserveCapacity(DensityParameterSet.seedResolution + 1 - parameters.coarsestResolution)
        var index = Int(locationSeeds[position])
        var resolution = DensityParameterSet.seedResolution
        while true {
            // Element reads straight through `levels[resolution]` (no local copy of the level, whose four arrays
            // would each be retained and released: that was 30 % of `pocmap density` on 400 000 hotspots).
            result.append(
                ParentHex(
                    resolution: resolution,
                    cell: H3Cell(rawValue: levels[resolution].cells[index]),
                    counts: HexCounts(
                        unclipped: levels[resolution].unclipped[index],
                        clipped: levels[resolution].clipped[index]
                    )
                )
            )
            guard resolution > parameters.coarsestResolution else { break }
            index = Int(levels[resolution].parentIndex[index])
            resolution -= 1
        }
        return result
    }

    /// The hotspot's working, finest first: resolution 11, then every clipped resolution down to the coarsest
    /// (`nil` when `location` was not seeded), with n and the limit at each clipped resolution. n is recomputed
    /// from the final counts, which gives the n the engine used: clipping never moves a hex across its target.
    public func working(for location: H3Cell) -> [DensityStep]? {
        guard let parents = parentHexes(of: location) else { return nil }
        return parents.map { parent in
            var occupied: Int? = nil
            var limit: Int? = nil
            if let rule = parameters[parent.resolution] {
                let n = levels[parent.resolution].occupiedCount(of: parent.cell, target: rule.target)
                occupied = n
                limit = rule.limit(occupiedCount: n)
            }
            return DensityStep(
                resolution: parent.resolution,
                cell: parent.cell,
                unclipped: parent.counts.unclipped,
                clipped: parent.counts.clipped,
                occupiedCount: occupied,
                limit: limit,
                isScaled: DensityParameterSet.scaledResolutions.contains(parent.resolution)
            )
        }
    }
}

/// The hexes of one resolution: sorted cells with their counts and their parents' positions one level up.
struct DensityLevel: Sendable {
    /// Raw indexes, ascending.
    var cells: [UInt64] = []
    var unclipped: [Int] = []
    var clipped: [Int] = []
    /// For each cell, the position of its parent in the next coarser level (empty at the coarsest level).
    var parentIndex: [Int32] = []

    func counts(at index: Int) -> HexCounts {
        HexCounts(unclipped: unclipped[index], clipped: clipped[index])
    }

    /// The position of `raw` in the ascending array `sorted`, if present.
    ///
    /// The search halves a window without a data-dependent branch (a conditional move per step): the 1-disk
    /// lookups of the clip step search for cells in effectively random places, and the mispredicted branches of a
    /// plain binary search were most of its cost.
    static func position(of raw: UInt64, in sorted: [UInt64]) -> Int? {
        sorted.withUnsafeBufferPointer { cells in
            guard !cells.isEmpty else { return nil }
            // Invariant: the first index whose cell is ≥ raw lies in base ... base + length.
            var base = 0
            var length = cells.count
            while length > 1 {
                let half = length / 2
                base = cells[base + half] < raw ? base + half : base
                length -= half
            }
            let index = cells[base] < raw ? base + 1 : base
            return index < cells.count && cells[index] == raw ? index : nil
        }
    }

    /// n: the hexes of `cell`'s 1-disk (6 neighbours and itself; 5 and itself for a pentagon) whose clipped count
    /// is at least `target`.
    func occupiedCount(of cell: H3Cell, target: Int) -> Int {
        var disk: [H3Cell] = []
        return occupiedCount(of: cell, target: target, disk: &disk)
    }

    /// ``occupiedCount(of:target:)`` with a caller's buffer for the disk (no allocation per hex in a loop).
    func occupiedCount(of cell: H3Cell, target: Int, disk: inout [H3Cell]) -> Int {
        // gridDisk(1) of a valid cell cannot fail; should it ever, counting the hex alone is the safe reading.
        do {
            try H3.gridDisk(cell, k: 1, into: &disk)
        } catch {
            disk = [cell]
        }
        var occupied = 0
        for member in disk {
            if let index = DensityLevel.position(of: member.rawValue, in: cells), clipped[index] >= target {
                occupied += 1
            }
        }
        return occupied
    }
}

/// One density computation. Everything runs on sorted arrays: an H3 index keeps a cell's ancestors in its high
/// bits, so among cells of one resolution sorted by index, those sharing a parent are adjacent and their parents
/// come out sorted too. Each roll-up is then one linear pass, and no hash table is needed.
struct DensityEngine {
    let parameters: DensityParameterSet

    func run(_ input: [H3Cell]) -> DensityResult {
        let seedResolution = DensityParameterSet.seedResolution
        // 1. Seed: validate, collect the resolution-11 parents.
        var skipped: [SkippedDensityLocation] = []
        var valid: [UInt64] = []
        valid.reserveCapacity(input.count)
        for (index, location) in input.enumerated() {
            guard location.isValid else {
                skipped.append(SkippedDensityLocation(index: index, location: location, reason: .invalidCell))
                continue
            }
            let resolution = location.resolution
            guard resolution >= seedResolution else {
                skipped.append(
                    SkippedDensityLocation(
                        index: index,
                        location: location,
                        reason: .coarserThanSeed(resolution: resolution)
                    )
                )
                continue
            }
            valid.append(location.rawValue)
        }
        // Sorting the locations first leaves the parents sorted already when the locations share a resolution (they
        // nearly always do), and the standard sort finishes a sorted run in one linear pass: one full sort per
        // map instead of two (the two were ≈ 3 % of a verify run's CPU, 48 maps a day).
        valid.sort()
        var seeds = valid.map { CellBits.parent($0, resolution: seedResolution) }
        seeds.sort()
        var levels = [DensityLevel](repeating: DensityLevel(), count: seedResolution + 1)
        var seedLevel = DensityEngine.groupSorted(seeds, counts: nil, resolution: seedResolution).level
        seedLevel.clipped = seedLevel.unclipped
        levels[seedResolution] = seedLevel

        // 2. Roll up and clip, resolution by resolution.
        var childResolution = seedResolution
        var disk: [H3Cell] = []
        disk.reserveCapacity(7)
        for resolution in parameters.clippedResolutions {
            guard let rule = parameters[resolution] else { continue }
            var child = levels[childResolution]
            var (level, parentIndex) = DensityEngine.groupSorted(
                child.cells,
                counts: child.clipped,
                resolution: resolution
            )
            child.parentIndex = parentIndex
            // Clip. Every limit is at least tgt, so a hex with U ≤ tgt keeps K = U whatever n is: only hexes above
            // the target need their 1-disk examined. For the same reason a hex is occupied (K ≥ tgt) before its
            // clipping exactly when after it, so n can be read from the unclipped counts and the order of this
            // loop does not matter.
            level.clipped = level.unclipped
            for index in level.cells.indices where level.unclipped[index] > rule.target {
                let n = level.occupiedCount(
                    of: H3Cell(rawValue: level.cells[index]),
                    target: rule.target,
                    disk: &disk
                )
                level.clipped[index] = min(rule.limit(occupiedCount: n), level.unclipped[index])
            }
            levels[childResolution] = child
            levels[resolution] = level
            childResolution = resolution
        }

        // 3. Scales: the product depends only on the resolution-10 parent (K/U = 1 at resolution 11), so compute it
        // once per resolution-10 hex, then hand it to the locations.
        let finest = DensityParameterSet.finestResolution
        var scaleByResolution10: [Decimal4] = []
        scaleByResolution10.reserveCapacity(levels[finest].cells.count)
        for index in levels[finest].cells.indices {
            scaleByResolution10.append(scale(fromResolution10Index: index, levels: levels))
        }
        var locations: [UInt64] = []
        var locationSeeds: [Int32] = []
        var locationScales: [Decimal4] = []
        locations.reserveCapacity(valid.count)
        locationSeeds.reserveCapacity(valid.count)
        locationScales.reserveCapacity(valid.count)
        // `valid` is sorted, and among locations of one resolution so are their seeds: a location's seed is then
        // the previous location's or the next one in the seed level. Only where resolutions mix (rare) does the
        // seed need a binary search (one per location was most of this function's time).
        let seedCells = levels[seedResolution].cells
        var seedIndex = 0
        for location in valid where locations.last != location {
            let seed = CellBits.parent(location, resolution: seedResolution)
            if seedIndex < seedCells.count && seedCells[seedIndex] == seed {
                // Same seed as the previous location.
            } else if seedIndex + 1 < seedCells.count && seedCells[seedIndex + 1] == seed {
                seedIndex += 1
            } else if let found = DensityLevel.position(of: seed, in: seedCells) {
                seedIndex = found
            } else {
                continue  // unreachable: every valid location's parent was seeded
            }
            locations.append(location)
            locationSeeds.append(Int32(seedIndex))
            locationScales.append(scaleByResolution10[Int(levels[seedResolution].parentIndex[seedIndex])])
        }
        return DensityResult(
            parameters: parameters,
            inputCount: input.count,
            skipped: skipped,
            levels: levels,
            locations: locations,
            locationSeeds: locationSeeds,
            locationScales: locationScales
        )
    }

    /// The resolution-`resolution` parents of the ascending cells `cells` (ascending too, once each), each with
    /// the sum of its children's `counts` (or their number when `counts` is nil) as ``DensityLevel/unclipped``,
    /// and for each cell its parent's position.
    ///
    /// The outputs are sized for the worst case and written through pointers, then trimmed: appending to three
    /// arrays per cell (a uniqueness and capacity check each) was most of the engine's time.
    static func groupSorted(_ cells: [UInt64], counts: [Int]?, resolution: Int) -> (
        level: DensityLevel, parentIndex: [Int32]
    ) {
        let count = cells.count
        var parents = [UInt64](repeating: 0, count: count)
        var sums = [Int](repeating: 0, count: count)
        var parentIndex = [Int32](repeating: 0, count: count)
        var used = 0
        cells.withUnsafeBufferPointer { cells in
            parents.withUnsafeMutableBufferPointer { parents in
                sums.withUnsafeMutableBufferPointer { sums in
                    parentIndex.withUnsafeMutableBufferPointer { parentIndex in
                        for index in 0..<count {
                            let parent = CellBits.parent(cells[index], resolution: resolution)
                            let weight = counts?[index] ?? 1
                            if used > 0 && parents[used - 1] == parent {
                                sums[used - 1] += weight
                            } else {
                                parents[used] = parent
                                sums[used] = weight
                                used += 1
                            }
                            parentIndex[index] = Int32(used - 1)
                        }
                    }
                }
            }
        }
        parents.removeLast(count - used)
        sums.removeLast(count - used)
        var level = DensityLevel()
        level.cells = parents
        level.unclipped = sums
        return (level, parentIndex)
    }

    /// Π over r = 10 … 4 of K/U for the chain of hexes above `levels[10].cells[index]`, rounded to four decimals
    /// half to even.
    ///
    /// The products are kept in 64 bits while they fit (counts are small: they nearly always do) and the whole
    /// chain is redone in 512 bits when one does not; both give the same exact fraction. Elements are read
    /// straight through `levels[resolution]`: a local copy of a level retains and releases its four arrays.
    func scale(fromResolution10Index start: Int, levels: [DensityLevel]) -> Decimal4 {
        var numerator: UInt64 = 1
        var denominator: UInt64 = 1
        var index = start
        var resolution = DensityParameterSet.finestResolution
        while true {
            let clipped = levels[resolution].clipped[index]
            let unclipped = levels[resolution].unclipped[index]
            if clipped != unclipped {
                let (newNumerator, overflow1) = numerator.multipliedReportingOverflow(by: UInt64(clipped))
                let (newDenominator, overflow2) = denominator.multipliedReportingOverflow(by: UInt64(unclipped))
                if overflow1 || overflow2 { return wideScale(fromResolution10Index: start, levels: levels) }
                numerator = newNumerator
                denominator = newDenominator
            }
            guard resolution > DensityParameterSet.coarsestScaledResolution else { break }
            index = Int(levels[resolution].parentIndex[index])
            resolution -= 1
        }
        return numerator == 1 && denominator == 1
            ? .one : Decimal4.rounded(numerator: numerator, denominator: denominator)
    }

    /// ``scale(fromResolution10Index:levels:)`` in 512-bit arithmetic, for products that overflow 64 bits.
    func wideScale(fromResolution10Index start: Int, levels: [DensityLevel]) -> Decimal4 {
        var numerator = WideUInt(1)
        var denominator = WideUInt(1)
        var allOne = true
        var index = start
        for resolution in DensityParameterSet.scaledResolutions {
            let (clipped, unclipped) = (levels[resolution].clipped[index], levels[resolution].unclipped[index])
            if clipped != unclipped {
                allOne = false
                numerator.multiply(by: UInt64(clipped))
                denominator.multiply(by: UInt64(unclipped))
            }
            if resolution > DensityParameterSet.coarsestScaledResolution {
                index = Int(levels[resolution].parentIndex[index])
            }
        }
        return allOne ? .one : Decimal4.rounded(numerator: numerator, denominator: denominator)
    }
}

/// The scale and parent-hex counts of many locations at once, in the order they were asked for; built by
/// ``DensityResult/table(for:)``. Row i answers `locations[i]`.
///
/// Reading the result location by location jumps around memory (each hotspot's parents live far apart in the
/// per-resolution arrays); the table visits the locations in index order instead, which is several times faster
/// for a whole registry (this is how `pocmap density` writes density.csv).
public struct DensityTable: Sendable {
    /// The resolutions whose counts the table holds: the coarsest clipped resolution through 11.
    public let resolutions: ClosedRange<Int>
    /// The number of rows.
    public let count: Int
    /// Row-major: per row, the scale in ten-thousandths (−1 when absent), then clipped and unclipped for each
    /// resolution from 11 down to the coarsest.
    private let values: [Int32]
    private let stride: Int

    init(resolutions: ClosedRange<Int>, count: Int, values: [Int32]) {
        self.resolutions = resolutions
        self.count = count
        self.values = values
        self.stride = 1 + 2 * resolutions.count
    }

    /// The scale of row `row`'s location, or `nil` when that location was not seeded.
    public func scale(at row: Int) -> Decimal4? {
        let value = values[row * stride]
        return value < 0 ? nil : Decimal4(tenThousandths: Int64(value))
    }

    /// The counts of row `row`'s parent at `resolution`, or `nil` when the location was not seeded or the
    /// resolution is outside ``resolutions``.
    public func counts(at row: Int, resolution: Int) -> HexCounts? {
        guard resolutions.contains(resolution), values[row * stride] >= 0 else { return nil }
        let offset = row * stride + 1 + 2 * (resolutions.upperBound - resolution)
        return HexCounts(unclipped: Int(values[offset + 1]), clipped: Int(values[offset]))
    }
}

extension DensityResult {
    /// The scale and parent-hex counts of every location in `queries`, row i for `queries[i]` (duplicates and
    /// unseeded locations allowed; the latter have no scale or counts).
    public func table(for queries: [H3Cell]) -> DensityTable {
        let coarsest = parameters.coarsestResolution
        let seedResolution = DensityParameterSet.seedResolution
        let resolutions = coarsest...seedResolution
        let stride = 1 + 2 * resolutions.count
        var values = [Int32](repeating: 0, count: queries.count * stride)
        // Visit the queries in index order, merging with the sorted locations; parents then come in order too.
        var order = queries.indices.map { (raw: queries[$0].rawValue, row: Int32($0)) }
        order.sort { $0.raw < $1.raw }
        var position = 0
        for (raw, row) in order {
            let base = Int(row) * stride
            while position < locations.count && locations[position] < raw { position += 1 }
            guard position < locations.count && locations[position] == raw else {
                values[base] = -1
                continue
            }
            values[base] = Int32(locationScales[position].tenThousandths)
            var index = Int(locationSeeds[position])
            var offset = base + 1
            for resolution in resolutions.reversed() {
                values[offset] = Int32(clamping: levels[resolution].clipped[index])
                values[offset + 1] = Int32(clamping: levels[resolution].unclipped[index])
                offset += 2
                if resolution > coarsest { index = Int(levels[resolution].parentIndex[index]) }
            }
        }
        return DensityTable(resolutions: resolutions, count: queries.count, values: values)
    }
}
