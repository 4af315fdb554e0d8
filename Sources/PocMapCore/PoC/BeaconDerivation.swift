/// Why a beacon could not be rebuilt from its entropy (POC-RULES §9; a build failure makes the beacon
/// `invalid_packet`).
public enum BeaconDerivationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The remote entropy version is neither 0 nor 1.
    case unsupportedEntropyVersion(Int)
    /// The region plan failed (no channels, no data rate for 51 bytes, negative conducted power).
    case plan(RegionPlanError)

    /// One line that says what went wrong.
    public var description: String {
        switch self {
        case .unsupportedEntropyVersion(let version):
            "entropy version \(version) is not supported (only 0 and 1 are)"
        case .plan(let error):
            error.description
        }
    }
}

/// A beacon as the hotspot should have built it from its entropy and region plan (helium/proto `beacon` crate,
/// `Beacon::new`; POC-RULES §9).
public struct DerivedBeacon: Hashable, Sendable {
    /// The Helium beacon payload size in bytes (`BEACON_PAYLOAD_SIZE`).
    public static let payloadSize = 51

    /// The 51 payload bytes.
    public var data: [UInt8]
    /// The channel frequency in Hz chosen from the first two payload bytes.
    public var frequencyHz: Int
    /// The data rate selected for a 51-byte packet.
    public var dataRate: DataRate
    /// The maximum conducted power in dBm (computed as Helium does; never compared).
    public var conductedPowerDBm: Int

    /// The 32-byte seed: SHA-256(remote ‖ start as i64 LE ‖ local ‖ 0 as i64 LE) (POC-RULES §9 step 2).
    /// `entropyStartSeconds` is the remote entropy start in **seconds**.
    public static func seed(
        remoteEntropy: some Collection<UInt8>,
        entropyStartSeconds: Int64,
        localEntropy: some Collection<UInt8>
    )
        -> SHA256Digest
    {
        var hasher = SHA256Hasher()
        hasher.update(remoteEntropy)
        hasher.update(littleEndian: entropyStartSeconds)
        hasher.update(localEntropy)
        hasher.update(littleEndian: 0)  // the local entropy timestamp is always 0
        return hasher.finalize()
    }

    /// Rebuilds a beacon (POC-RULES §9 steps 1–7).
    ///
    /// - Parameters:
    ///   - remoteEntropy: the remote entropy bytes (32 in Helium).
    ///   - entropyStartSeconds: the remote entropy start, whole seconds since the epoch.
    ///   - entropyVersion: 0 or 1; anything else fails.
    ///   - localEntropy: the hotspot's local entropy (4 bytes in Helium).
    ///   - plan: the beaconer's region plan, channels in stored order.
    ///   - gainTenthsDBi: the beaconer's asserted antenna gain (dBi × 10), for the conducted power.
    public static func derive(
        remoteEntropy: some Collection<UInt8>,
        entropyStartSeconds: Int64,
        entropyVersion: Int,
        localEntropy: some Collection<UInt8>,
        plan: RegionPlan,
        gainTenthsDBi: Int
    ) throws(BeaconDerivationError) -> DerivedBeacon {
        guard entropyVersion == 0 || entropyVersion == 1 else { throw .unsupportedEntropyVersion(entropyVersion) }
        guard !plan.channels.isEmpty else { throw .plan(.noChannels) }
        let digest = seed(
            remoteEntropy: remoteEntropy,
            entropyStartSeconds: entropyStartSeconds,
            localEntropy: localEntropy
        )
        var data = [UInt8]()
        data.reserveCapacity(payloadSize)
        // The digest is always 32 bytes, so the generator always exists.
        if var generator = ChaCha12Generator(seed: digest.bytes) {
            for _ in 0..<payloadSize {
                data.append(UInt8(truncatingIfNeeded: generator.nextUInt32()))
            }
        }
        let channelSeed = Int(data[0]) + 256 * Int(data[1])
        let frequency = plan.channels[channelSeed % plan.channels.count].frequencyHz
        let rate: DataRate
        let power: Int
        do {
            rate = try plan.dataRate(forPacketSize: payloadSize)
            power = try plan.maxConductedPowerDBm(gainTenthsDBi: gainTenthsDBi)
        } catch {
            throw .plan(error)
        }
        return DerivedBeacon(data: data, frequencyHz: frequency, dataRate: rate, conductedPowerDBm: power)
    }
}
