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
