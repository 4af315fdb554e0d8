/// Everything that shapes a simulated network and its logs. Two runs with equal configurations produce
/// byte-identical files.
public struct SimulationConfiguration: Hashable, Sendable {
    /// The number of registered hotspots (the default network has 1 000).
    public var hotspotCount: Int
    /// The number of simulated days (4 beacon buckets of 6 hours each per day).
    public var days: Int
    /// The seed of every random choice.
    public var seed: UInt64
    /// The cities hotspots cluster around (default: all of ``SimulationCity/all``).
    public var cities: [SimulationCity]
    /// The share of injected misbehaviour, 0 (a clean network) to 1. With RATE:
    /// - each hotspot is a location spoofer with probability RATE/8, a farm twin (installed next to an honest
    ///   hotspot of its city) with RATE/4, one of a colluding pair with RATE/4;
    /// - each hotspot's 6-hour slot gets an extra beacon with RATE/8 and a beacon from an unregistered device
    ///   next to it with RATE/8;
    /// - in a PoC whose beacon is valid, each clean witness report is altered with RATE/2 (RSSI inflation,
    ///   off-frequency, late or duplicated, a quarter each), and the PoC gets a self witness with RATE/4 and a
    ///   witness from an unregistered key with RATE/4.
    public var faultRate: Double
    /// The start of the simulation, ms since the Unix epoch; rounded down to a 6-hour UTC bucket boundary.
    /// Default 2023-06-01T00:00:00Z.
    public var startMs: Int64
    /// The link model deciding who hears a beacon: log-distance with log-normal shadowing (`RADIO.md` §6).
    /// Default: FLoRa's urban fit (`flora-urban`, n = 3.52) with σ = 7 dB, since Helium hotspots sit mostly in
    /// and around cities; ``LogDistance/oulu`` suits a suburban or open network.
    public var pathLoss: LogDistance
    /// Shadowing draws are truncated at ± this many σ (default 3), which bounds the search radius. The truncated
    /// normal's standard deviation is 0.9866·σ at 3.
    public var shadowingTruncationSigmas: Double
    /// The hotspot density at a city centre, per km², before the per-city spread limit (default 0.15). The
    /// spread of a city's cloud is chosen so that its centre has this density, so witness counts per beacon stay
    /// realistic whatever the network size: about 10 per beacon for a Helium-sized network of 400 000.
    public var peakDensityPerSquareKm: Double
    /// The share of hotspots installed indoors (default 0.55 for antennas up to 3 dBi, none above 5 dBi).
    public var indoorShare: Double
    /// The building penetration loss of an indoor hotspot, dB, drawn uniformly (default 6–16 dB).
    public var indoorLossRangeDB: ClosedRange<Double>
    /// The receiver noise figure, dB (default 6, `RADIO.md` §8).
    public var noiseFigureDB: Double
    /// The probability that a decodable beacon is still lost (collisions, busy radio; default 0.03).
    public var packetLossProbability: Double

    /// A configuration with the defaults described on each property.
    public init(
        hotspotCount: Int = 1_000,
        days: Int = 1,
        seed: UInt64 = 1,
        cities: [SimulationCity] = SimulationCity.all,
        faultRate: Double = 0,
        startMs: Int64 = 1_685_577_600_000,
        pathLoss: LogDistance = .floraUrban(shadowingSigmaDB: LogDistance.floraUrbanDefaultSigmaDB),
        shadowingTruncationSigmas: Double = 3,
        peakDensityPerSquareKm: Double = 0.15,
        indoorShare: Double = 0.55,
        indoorLossRangeDB: ClosedRange<Double> = 6...16,
        noiseFigureDB: Double = LinkBudget.defaultNoiseFigureDB,
        packetLossProbability: Double = 0.03
    ) {
        self.hotspotCount = hotspotCount
        self.days = days
        self.seed = seed
        self.cities = cities
        self.faultRate = faultRate
        self.startMs = startMs
        self.pathLoss = pathLoss
        self.shadowingTruncationSigmas = shadowingTruncationSigmas
        self.peakDensityPerSquareKm = peakDensityPerSquareKm
        self.indoorShare = indoorShare
        self.indoorLossRangeDB = indoorLossRangeDB
        self.noiseFigureDB = noiseFigureDB
        self.packetLossProbability = packetLossProbability
    }

    /// Checks the values; the simulator refuses configurations that fail.
    public func validate() throws(SimulationError) {
        guard hotspotCount >= 1, hotspotCount <= 20_000_000 else {
            throw .invalidConfiguration("hotspot count must be 1...20000000, got \(hotspotCount)")
        }
        guard days >= 1, days <= 3_650 else { throw .invalidConfiguration("days must be 1...3650, got \(days)") }
        guard !cities.isEmpty else { throw .invalidConfiguration("at least one city is needed") }
        guard faultRate.isFinite, faultRate >= 0, faultRate <= 1 else {
            throw .invalidConfiguration("fault rate must be within 0...1, got \(faultRate)")
        }
        guard startMs >= 0, startMs < 32_503_680_000_000 else {
            throw .invalidConfiguration("start must lie between 1970 and 3000")
        }
        guard pathLoss.exponent.isFinite, pathLoss.exponent >= 1, pathLoss.shadowingSigmaDB.isFinite,
            pathLoss.shadowingSigmaDB >= 0, pathLoss.referenceDistanceKm > 0, pathLoss.referenceLossDB.isFinite
        else { throw .invalidConfiguration("path-loss model parameters are unusable") }
        guard shadowingTruncationSigmas.isFinite, shadowingTruncationSigmas >= 0.5 else {
            throw .invalidConfiguration("shadowing truncation must be at least 0.5 σ")
        }
        guard peakDensityPerSquareKm.isFinite, peakDensityPerSquareKm > 0 else {
            throw .invalidConfiguration("peak density must be positive")
        }
        guard indoorShare >= 0, indoorShare <= 1, indoorLossRangeDB.lowerBound >= 0, indoorLossRangeDB.upperBound < 60
        else { throw .invalidConfiguration("indoor share must be 0...1 and indoor loss 0...60 dB") }
        guard noiseFigureDB.isFinite, packetLossProbability >= 0, packetLossProbability < 1 else {
            throw .invalidConfiguration("noise figure must be finite and packet loss within 0..<1")
        }
        for city in cities where SimulationRegionPlans.plans[city.region] == nil {
            throw .invalidConfiguration("no region plan for \(city.region) (city \(city.name))")
        }
    }
}

/// Why a simulation could not run.
public enum SimulationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// A city name matched no city of the table.
    case unknownCity(String)
    /// An H3 operation failed while placing hotspots (should not happen for the table's cities).
    case placement(String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .invalidConfiguration(let why): "invalid simulation settings: \(why)"
        case .unknownCity(let name):
            "unknown city '\(name)'; choose from: \(SimulationCity.all.map(\.name).joined(separator: ", "))"
        case .placement(let why): "cannot place hotspots: \(why)"
        }
    }
}
