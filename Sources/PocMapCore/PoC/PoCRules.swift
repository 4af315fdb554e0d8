/// The constants of the `helium-2024` rule profile, named as in helium/oracles `iot_verifier` (POC-RULES §2–§5).
public enum PoCRules {
    /// ENTROPY_LIFESPAN: a report is on time from the entropy start S to S + 180 s, comparing whole seconds.
    public static let entropyLifespanSeconds: Int64 = 180
    /// MAX_BEACON_TO_WITNESS_LAG, when the beacon arrived no later than the first witness.
    public static let maxBeaconToWitnessLagMs: Int64 = 4_000
    /// MAX_WITNESS_LAG, after the first witness when that witness arrived before the beacon.
    public static let maxWitnessLagMs: Int64 = 1_500
    /// RECIPROCITY_WINDOW (HIP-106): 48 h.
    public static let reciprocityWindowMs: Int64 = 48 * 3_600_000
    /// `beacon_interval`: 6 h UTC buckets starting at 00:00.
    public static let beaconIntervalMs: Int64 = 6 * 3_600_000
    /// POC_CELL_PARENT_RES.
    public static let cellParentResolution = 11
    /// POC_CELL_DISTANCE_MINIMUM: a res-11 grid distance below this is `below_min_distance`.
    public static let minimumCellDistance = 8
    /// POC_DISTANCE_LIMIT in km: invalid when ⌊d/1000⌋ exceeds it.
    public static let distanceLimitKilometers: UInt32 = 100
    /// The frequency tolerance: invalid when |f_beacon − f_witness| exceeds it.
    public static let maxFrequencyOffsetHz = 100_000
    /// `max_witnesses_per_poc` (HIP-83).
    public static let maxWitnessesPerPoC = 14
    /// DEFAULT_TX_SCALE: the beaconer's hex scale when its location is absent from the density map (the density
    /// engine's constant).
    public static let defaultTransmitScale = HexDensity.defaultTransmitScale

    /// The RSSI rule of `helium-2024` (§3.4): invalid when signal/10.0 is **strictly** greater than the bound, so
    /// equality passes.
    @inline(__always)
    public static func isTooLoud(rssiDBm: Double, boundDBm: Double) -> Bool {
        rssiDBm > boundDBm
    }

    /// The RSSI rule of `legacy` (§10): valid only when RSSI is strictly below MinRcvSig, so equality fails.
    @inline(__always)
    public static func isTooLoudLegacy(rssiDBm: Double, minimumReceivedSignalDBm: Double) -> Bool {
        !(rssiDBm < minimumReceivedSignalDBm)
    }

    /// ⌊t / 21 600 000⌋: the 6-hour beacon bucket of a millisecond timestamp (floor, also for negative times).
    @inline(__always)
    public static func beaconBucket(_ milliseconds: Int64) -> Int64 {
        floorDivide(milliseconds, beaconIntervalMs)
    }

    /// Whether a received time lies in the entropy window: S ≤ ⌊received/1000⌋ ≤ S + 180.
    @inline(__always)
    public static func isWithinEntropyWindow(receivedMs: Int64, entropyStartSeconds: Int64) -> Bool {
        let seconds = floorDivide(receivedMs, 1_000)
        return seconds >= entropyStartSeconds && seconds <= entropyStartSeconds + entropyLifespanSeconds
    }

    /// `a / b` rounded toward −∞ (Swift's `/` rounds toward zero), for times before 1970 too.
    @inline(__always)
    package static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
