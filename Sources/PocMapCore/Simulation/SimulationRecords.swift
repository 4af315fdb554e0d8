/// The files a simulation writes (`CLI.md`, `pocmap simulate`).
public enum SimulationFile: Int, Hashable, Sendable, CaseIterable {
    /// `hotspots.csv`: the registry (`FORMATS.md` §1.1).
    case hotspots
    /// `beacons.ndjson`: beacon reports (`FORMATS.md` §1.2), in received order.
    case beacons
    /// `witnesses.ndjson`: witness reports (`FORMATS.md` §1.3), in received order.
    case witnesses
    /// `faults.ndjson`: one label per injected fault.
    case faults

    /// The plain file name.
    public var fileName: String {
        switch self {
        case .hotspots: "hotspots.csv"
        case .beacons: "beacons.ndjson"
        case .witnesses: "witnesses.ndjson"
        case .faults: "faults.ndjson"
        }
    }
}

/// One row of the simulated registry.
public struct SimulatedHotspotRecord: Hashable, Sendable {
    /// The 1-based line in `hotspots.csv` (the header is line 1).
    public var line: Int
    /// The hotspot's address.
    public var key: HeliumAddress
    /// The **asserted** location, a resolution-12 cell (far from the true position for a location spoofer).
    public var location: H3Cell
    /// Antenna gain, tenths of dBi.
    public var gainTenthsDBi: Int
    /// Antenna height above ground, metres.
    public var elevationMeters: Int
    /// The region plan.
    public var region: RegionName
}

/// One simulated beacon report.
public struct SimulatedBeacon: Hashable, Sendable {
    /// The 1-based line in `beacons.ndjson`.
    public var line: Int
    /// The transmitting hotspot's address (an unregistered one for an `unknown_beacon_key` fault).
    public var key: HeliumAddress
    /// When the network received the report, ms since the epoch.
    public var receivedTimestampMs: Int64
    /// The 51-byte payload.
    public var data: PayloadBytes
    /// The channel frequency, Hz.
    public var frequencyHz: Int
    /// The data rate of a 51-byte beacon in the plan.
    public var dataRate: DataRate
    /// Conducted transmit power, dBm.
    public var txPowerDBm: Int
    /// The hotspot's clock at transmission, ns since the epoch.
    public var timestampNs: Int64
}

/// One simulated witness report.
public struct SimulatedWitness: Hashable, Sendable {
    /// The 1-based line in `witnesses.ndjson`.
    public var line: Int
    /// The receiving hotspot's address.
    public var key: HeliumAddress
    /// When the network received the report, ms since the epoch.
    public var receivedTimestampMs: Int64
    /// The payload heard (the beacon's).
    public var data: PayloadBytes
    /// RSSI, tenths of dBm.
    public var signalDeciDBm: Int
    /// SNR, tenths of dB (truncated toward zero, as gateways report it).
    public var snrDeciDB: Int
    /// The frequency reported, Hz.
    public var frequencyHz: Int
    /// The data rate heard.
    public var dataRate: DataRate
    /// The receiver's clock at reception, ns since the epoch.
    public var timestampNs: Int64
}

/// A label for one injected fault: which line, what was done, and the reason the verifier must give.
public struct SimulatedFault: Hashable, Sendable {
    /// The kinds of misbehaviour the simulator injects (`--faults RATE` spreads RATE over them; see
    /// ``SimulationConfiguration/faultRate``).
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A hotspot asserts a location 150–400 km from where it is. Its witness reports and the reports of its
        /// beacons fail on distance; its own beacons fail reciprocity.
        case locationSpoof = "location_spoof"
        /// A witness reports an RSSI 3–20 dB above the free-space bound of its asserted distance.
        case rssiInflation = "rssi_inflation"
        /// Two hotspots installed 20–250 m apart witness each other (res-11 grid distance below 8).
        case tooClose = "too_close"
        /// A witness reports a frequency 120 kHz–1.2 MHz off the beacon's.
        case offFrequency = "off_frequency"
        /// A witness report arrives 4.5–30 s after the beacon report.
        case lateWitness = "late_witness"
        /// A witness reports the same beacon twice.
        case duplicateWitness = "duplicate_witness"
        /// The beaconer reports its own beacon as a witness.
        case selfWitness = "self_witness"
        /// A witness report from a key not in the registry.
        case unknownWitnessKey = "unknown_witness_key"
        /// A beacon report from a key not in the registry.
        case unknownBeaconKey = "unknown_beacon_key"
        /// Two hotspots fabricate witness reports of each other's beacons (from another city, or too loud).
        case colludingPair = "colluding_pair"
        /// A hotspot beacons a second time inside one 6-hour bucket.
        case extraBeacon = "extra_beacon"
    }

    /// `beacon` or `witness`: which file the label points into.
    public var file: SimulationFile
    /// The 1-based line of the faulty report in that file.
    public var line: Int
    /// What was injected.
    public var kind: Kind
    /// The verdict reason a `helium-2024` verifier must give this report (POC-RULES; `FORMATS.md` §2.1 names).
    public var expectedReason: InvalidReason
}

/// Where a simulation's records go. The simulator calls the methods in file order: all hotspots first, then
/// beacons, witnesses and fault labels interleaved as they are produced (each file's lines in order).
public protocol SimulationSink {
    /// The error the sink's writes throw.
    associatedtype Failure: Error

    /// Receives one registry row.
    mutating func write(hotspot: SimulatedHotspotRecord) throws(Failure)
    /// Receives one beacon report.
    mutating func write(beacon: SimulatedBeacon) throws(Failure)
    /// Receives one witness report.
    mutating func write(witness: SimulatedWitness) throws(Failure)
    /// Receives one fault label.
    mutating func write(fault: SimulatedFault) throws(Failure)
}

/// Counts of one simulation run.
public struct SimulationSummary: Hashable, Sendable {
    /// Registered hotspots.
    public var hotspots = 0
    /// Beacon reports written.
    public var beacons = 0
    /// Witness reports written.
    public var witnesses = 0
    /// Fault labels written, by kind.
    public var faults: [SimulatedFault.Kind: Int] = [:]
    /// Beacons that pass every beacon check (including reciprocity) by the simulator's own account.
    public var validBeacons = 0
    /// Witness reports that pass the regular witness checks 1–12 in a PoC with a valid beacon.
    public var witnessesPassingChecks = 0
    /// Receivers the search looked at (a measure of the simulator's work).
    public var receiversExamined = 0
    /// Receivers within reach of the beacon's truncated shadowing and the radio horizon (each draws a path loss).
    public var receiversPrefiltered = 0

    /// Creates an empty summary.
    public init() {}

    /// The total number of fault labels.
    public var faultCount: Int { faults.values.reduce(0, +) }
}
