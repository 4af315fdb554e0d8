import PocMapCore

/// The density maps of a verify run (`POC-RULES.md` §6.2 project rule): a map is built at each 30-minute UTC
/// boundary T from the verifier state as of T (the hotspots whose `last_beacon_reciprocity` is within
/// 60 h + 60 min of T), and a PoC uses the latest map with T ≤ its beacon's received time. A map is recomputed
/// only when the active population differs from the previous map's, which gives the same scales.
struct DensitySchedule {
    static let intervalMs: Int64 = 30 * 60_000

    let parameters: DensityParameterSet
    private(set) var buildTimeMs: Int64?
    private(set) var active: [H3Cell] = []
    private(set) var result: DensityResult?
    private(set) var mapsBuilt = 0
    private(set) var seconds = 0.0

    init(parameters: DensityParameterSet) {
        self.parameters = parameters
    }

    /// Whether each directory hotspot (by position) counts in the last map built: asserted, its record the one in
    /// force for its key, and its `last_beacon_reciprocity` within the activity window of the map's build time
    /// (``DensityActivity``). All false when no map was built. (`hotspots.csv`'s `active` column and the summary's
    /// `active_hotspots` count, from one pass.)
    func activeAtLastMap(directory: HotspotDirectory, verifier: PoCVerifier) -> [Bool] {
        var active = [Bool](repeating: false, count: directory.count)
        guard let buildTime = buildTimeMs else { return active }
        // Read in place: a copied `Hotspot` retains and releases its strings.
        directory.hotspots.withUnsafeBufferPointer { hotspots in
            for index in hotspots.indices where hotspots[index].location != nil {
                guard let id = directory.id(ofRecordAt: index) else { continue }
                active[index] = DensityActivity.isActive(
                    lastBeaconReciprocityMilliseconds: verifier.timestamps(of: id).lastBeaconReciprocityMs,
                    buildTimeMilliseconds: buildTime
                )
            }
        }
        return active
    }

    /// Installs the map in force at `beaconMs` in the verifier, building it when a boundary was crossed.
    mutating func prepare(_ verifier: inout PoCVerifier, beaconMs: Int64) {
        let boundary = PoCRules.floorDivide(beaconMs, DensitySchedule.intervalMs) * DensitySchedule.intervalMs
        if let built = buildTimeMs, boundary <= built { return }
        let start = threadCPUSeconds()
        buildTimeMs = boundary
        let population = verifier.activeLocationsByCell(atBuildTimeMs: boundary)
        if result == nil || population != active {
            let map = HexDensity.compute(locations: population, parameters: parameters)
            result = map
            active = population
            mapsBuilt += 1
            verifier.densityScales = .result(map)
        }
        seconds += threadCPUSeconds() - start
    }
}
