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
        var engine = DensityEngine(parameters: parameters)
        engine.seed(locations)
        engine.rollUpAndClip()
        return engine.finish()
    }

    /// The locations of the hotspots that count as active at `buildTimeMilliseconds` (§6.2): a location, and a
    /// `last_beacon_reciprocity` no older than 60 h + 60 min before the build time. Order is kept.
    ///
    /// Use it when activity is known (the `run` pipeline); `pocmap density` treats every asserted hotspot as
    /// active instead.
    public static func activeLocations(
        _ hotspots: some Sequence<DensityCandidate>, buildTimeMilliseconds: Int64
    ) -> [H3Cell] {
        hotspots.compactMap { candidate in
            guard let location = candidate.location,
                DensityActivity.isActive(
                    lastBeaconReciprocityMilliseconds: candidate.lastBeaconReciprocityMilliseconds,
                    buildTimeMilliseconds: buildTimeMilliseconds)
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

/// The outcome of ``HexDensity/compute(locations:parameters:)``: counts per hex and a scale per location.
public struct DensityResult: Sendable {
    /// The parameters used.
    public let parameters: DensityParameterSet
    /// How many locations were given.
    public let inputCount: Int
    /// The locations that could not be seeded, in input order.
    public let skipped: [SkippedDensityLocation]
    /// Counts by resolution (index 0 … 11), then by hex.
    private let countsByResolution: [[H3Cell: HexCounts]]
    /// The scale of each distinct seeded location.
    public let scales: [H3Cell: Decimal4]

    init(
        parameters: DensityParameterSet, inputCount: Int, skipped: [SkippedDensityLocation],
        countsByResolution: [[H3Cell: HexCounts]], scales: [H3Cell: Decimal4]
    ) {
        self.parameters = parameters
        self.inputCount = inputCount
        self.skipped = skipped
        self.countsByResolution = countsByResolution
        self.scales = scales
    }

    /// U and K of `cell`, or `nil` when no active hotspot lies inside it (or its resolution is not computed:
    /// only 11 and the parameter set's clipped resolutions are).
    public func counts(of cell: H3Cell) -> HexCounts? {
        let resolution = cell.resolution
        guard resolution >= 0 && resolution < countsByResolution.count else { return nil }
        return countsByResolution[resolution][cell]
    }

    /// All hexes with counts at `resolution` (empty for resolutions not computed).
    public func hexes(atResolution resolution: Int) -> [H3Cell: HexCounts] {
        resolution >= 0 && resolution < countsByResolution.count ? countsByResolution[resolution] : [:]
    }

    /// The scale of a seeded location, or `nil` when `location` was not in the population.
    public func scale(at location: H3Cell) -> Decimal4? {
        scales[location]
    }

    /// The scale a PoC applies for a beaconer at `location` (§6.4 step 4): its own scale, or
    /// ``HexDensity/defaultTransmitScale`` (0.2) when it has none or no location.
    public func transmitScale(forBeaconerAt location: H3Cell?) -> Decimal4 {
        guard let location, let scale = scales[location] else { return HexDensity.defaultTransmitScale }
        return scale
    }

    /// The hotspot's working, finest first: resolution 11, then every clipped resolution down to the coarsest
    /// (`nil` when `location` was not seeded). n is recomputed from the final counts, which gives the n the
    /// engine used: clipping never moves a hex across its target.
    public func working(for location: H3Cell) -> [DensityStep]? {
        guard scales[location] != nil else { return nil }
        var steps: [DensityStep] = []
        let resolutions = [DensityParameterSet.seedResolution] + parameters.clippedResolutions
        for resolution in resolutions {
            guard let parent = try? H3.cellToParent(location, resolution: resolution),
                let counts = counts(of: parent)
            else { return nil }
            var occupied: Int? = nil
            var limit: Int? = nil
            if let rule = parameters[resolution] {
                let n = DensityEngine.occupiedCount(
                    of: parent, target: rule.target, counts: countsByResolution[resolution])
                occupied = n
                limit = rule.limit(occupiedCount: n)
            }
            steps.append(
                DensityStep(
                    resolution: resolution, cell: parent, unclipped: counts.unclipped, clipped: counts.clipped,
                    occupiedCount: occupied, limit: limit,
                    isScaled: DensityParameterSet.scaledResolutions.contains(resolution)))
        }
        return steps
    }
}

/// The mutable state of one density computation.
struct DensityEngine {
    let parameters: DensityParameterSet
    var countsByResolution: [[H3Cell: HexCounts]]
    /// The distinct seeded resolution-11 cells, in first-seen order.
    var seedCells: [H3Cell] = []
    /// The distinct seeded locations, in first-seen order.
    var locations: [H3Cell] = []
    var skipped: [SkippedDensityLocation] = []
    var inputCount = 0

    init(parameters: DensityParameterSet) {
        self.parameters = parameters
        countsByResolution = Array(repeating: [:], count: DensityParameterSet.seedResolution + 1)
    }

    mutating func seed(_ input: [H3Cell]) {
        inputCount = input.count
        var seen = Set<H3Cell>(minimumCapacity: input.count)
        var seeds: [H3Cell: HexCounts] = [:]
        seeds.reserveCapacity(input.count)
        for (index, location) in input.enumerated() {
            guard location.isValid else {
                skipped.append(SkippedDensityLocation(index: index, location: location, reason: .invalidCell))
                continue
            }
            let resolution = location.resolution
            guard resolution >= DensityParameterSet.seedResolution,
                let cell = try? H3.cellToParent(location, resolution: DensityParameterSet.seedResolution)
            else {
                skipped.append(
                    SkippedDensityLocation(
                        index: index, location: location, reason: .coarserThanSeed(resolution: resolution)))
                continue
            }
            if seen.insert(location).inserted { locations.append(location) }
            if let existing = seeds[cell] {
                seeds[cell] = HexCounts(unclipped: existing.unclipped + 1, clipped: existing.clipped + 1)
            } else {
                seeds[cell] = HexCounts(unclipped: 1, clipped: 1)
                seedCells.append(cell)
            }
        }
        countsByResolution[DensityParameterSet.seedResolution] = seeds
    }

    mutating func rollUpAndClip() {
        var children = seedCells
        var childResolution = DensityParameterSet.seedResolution
        for resolution in parameters.clippedResolutions {
            guard let rule = parameters[resolution] else { continue }
            let childCounts = countsByResolution[childResolution]
            var level: [H3Cell: HexCounts] = [:]
            level.reserveCapacity(children.count)
            var parents: [H3Cell] = []
            for child in children {
                guard let parent = try? H3.cellToParent(child, resolution: resolution),
                    let clipped = childCounts[child]?.clipped
                else { continue }
                if let existing = level[parent] {
                    level[parent] = HexCounts(
                        unclipped: existing.unclipped + clipped, clipped: existing.clipped + clipped)
                } else {
                    level[parent] = HexCounts(unclipped: clipped, clipped: clipped)
                    parents.append(parent)
                }
            }
            // Clip. Every limit is at least tgt, so a hex with U ≤ tgt keeps K = U whatever n is: only hexes
            // above the target need their 1-disk examined. For the same reason a hex is occupied (K ≥ tgt)
            // before its clipping exactly when after it, so the order of this loop does not matter.
            for parent in parents {
                guard let counts = level[parent], counts.unclipped > rule.target else { continue }
                let n = DensityEngine.occupiedCount(of: parent, target: rule.target, counts: level)
                let clipped = min(rule.limit(occupiedCount: n), counts.unclipped)
                level[parent] = HexCounts(unclipped: counts.unclipped, clipped: clipped)
            }
            countsByResolution[resolution] = level
            children = parents
            childResolution = resolution
        }
    }

    /// n: the hexes of `cell`'s 1-disk (6 neighbours and itself; 5 and itself for a pentagon) with K ≥ target.
    static func occupiedCount(of cell: H3Cell, target: Int, counts: [H3Cell: HexCounts]) -> Int {
        // gridDisk(1) of a valid cell cannot fail; should it ever, counting the hex alone is the safe reading.
        let disk = (try? H3.gridDisk(cell, k: 1)) ?? [cell]
        var occupied = 0
        for member in disk {
            if let counts = counts[member], counts.clipped >= target { occupied += 1 }
        }
        return occupied
    }

    func finish() -> DensityResult {
        // The scale depends only on the resolution-10 parent (resolution 11 contributes K/U = 1), so compute it
        // once per distinct resolution-10 hex.
        var scaleByParent: [H3Cell: Decimal4] = [:]
        var scales: [H3Cell: Decimal4] = [:]
        scales.reserveCapacity(locations.count)
        for location in locations {
            guard let parent = try? H3.cellToParent(location, resolution: DensityParameterSet.finestResolution)
            else { continue }
            if let known = scaleByParent[parent] {
                scales[location] = known
                continue
            }
            let scale = scaleOf(resolution10Parent: parent)
            scaleByParent[parent] = scale
            scales[location] = scale
        }
        return DensityResult(
            parameters: parameters, inputCount: inputCount, skipped: skipped,
            countsByResolution: countsByResolution, scales: scales)
    }

    /// Π over r = 10 … 4 of K/U for the hexes above `resolution10Parent`, rounded to four decimals half to even.
    func scaleOf(resolution10Parent: H3Cell) -> Decimal4 {
        var numerator = WideUInt(1)
        var denominator = WideUInt(1)
        var allOne = true
        for resolution in DensityParameterSet.scaledResolutions {
            guard let parent = try? H3.cellToParent(resolution10Parent, resolution: resolution),
                let counts = countsByResolution[resolution][parent], counts.unclipped > 0
            else { continue }  // unreachable: every ancestor of a seeded hex has counts, and U ≥ 1
            if counts.clipped != counts.unclipped {
                allOne = false
                numerator.multiply(by: UInt64(counts.clipped))
                denominator.multiply(by: UInt64(counts.unclipped))
            }
        }
        return allOne ? .one : Decimal4.rounded(numerator: numerator, denominator: denominator)
    }
}
