import PocMapCore
import Testing

@Suite("PoC legacy profile: blockchain-core witness rules (POC-RULES §10)")
struct PoCLegacyTests {
    typealias F = PoCFixtures

    @Test("Vincenty: helium/vincenty test vectors (km, 6 decimals)")
    func vincenty() {
        #expect(
            LegacyPhysics.vincentyKilometers(
                latitude1: 42.3541165,
                longitude1: -71.0693514,
                latitude2: 40.7791472,
                longitude2: -73.9680804
            )
                == 298.396186
        )
        #expect(
            LegacyPhysics.vincentyKilometers(
                latitude1: 39.152501,
                longitude1: -84.412977,
                latitude2: 39.152505,
                longitude2: -84.412946
            )
                == 0.002716
        )
        #expect(LegacyPhysics.vincentyKilometers(latitude1: 0, longitude1: 0, latitude2: 0, longitude2: 0) == 0)
    }

    @Test("hex adjustment uses H3 v3's edge lengths (≈ 8.15 m per res-12 end); the same cell is 0.001 km")
    func hexAdjustment() throws {
        let adjustment = try #require(LegacyPhysics.hexAdjustmentKilometers(resolution: 12))
        #expect(adjustment == 0.009415526 * 1.732 / 2)
        #expect(abs(adjustment - 0.008153845516) < 1e-15)
        #expect(LegacyPhysics.hexAdjustmentKilometers(resolution: 16) == nil)
        let cell = try F.pair("ring1").beaconer
        #expect(LegacyPhysics.distanceKilometers(cell, cell) == 0.001)
    }

    @Test("distances between fixture cells match a Python port (Vincenty on h3-py centres minus adjustments)")
    func distances() throws {
        let expected: [(String, Double)] = [
            ("north1km", 0.9733693089680001), ("limit_below", 101.22327030896798), ("north50km", 49.893702308968),
            ("ring8", 0.345789308968), ("far_la", 559.0260873089682),
        ]
        for (name, kilometers) in expected {
            let pair = try F.pair(name)
            let value = try #require(LegacyPhysics.distanceKilometers(pair.beaconer, pair.witness))
            #expect(abs(value - kilometers) < 1e-9, "\(name): \(value)")
        }
    }

    @Test("FSPL comparison of POC-RULES §10: 904.3 MHz, 1 km, gain 1.2 dBi, EIRP 36 → 90.374 dB, −54.374 dBm")
    func fsplComparison() {
        let fspl = LegacyPhysics.freeSpacePathLossDB(
            frequencyHz: 904_300_000,
            distanceKilometers: 1,
            witnessGainTenthsDBi: 12
        )
        #expect(abs(fspl - 90.374) < 5e-4)
        #expect(abs((36 - fspl) - -54.374) < 5e-4)
        #expect(abs((36 - fspl) * 1.3 - -70.686) < 5e-4)  // ≈ −70.7 with fspl_loss 1.3
    }

    @Test("TxPower estimate: the closest channel's EIRP, ties to the later channel (CORE eirp_from_closest_freq)")
    func eirpEstimate() {
        let channels: [(frequencyHz: Double, maxEIRPTenthsDBm: Int)] = [
            (915.8e6, 10), (915.3e6, 20), (914.9e6, 30), (915.2e6, 15), (915.7e6, 12), (916.9e6, 100),
        ]
        #expect(LegacyPhysics.estimatedTxPowerDBm(frequencyHz: 915.1e6, channels: channels) == 1.5)
        // 915.25 is 0.05 from 915.2 and 915.3: the later of the two in list order (915.2) wins.
        #expect(LegacyPhysics.estimatedTxPowerDBm(frequencyHz: 915.25e6, channels: channels) == 1.5)
        #expect(LegacyPhysics.estimatedTxPowerDBm(frequencyHz: 915.1e6, channels: []) == nil)
    }

    @Test("SNR curve: ⌈SNR⌉ lookup and the scaled bound outside the table")
    func snrCurve() {
        #expect(LegacyPhysics.rssiLowerBoundDBm(snrDB: 5.5) == -113)  // ⌈5.5⌉ = 6
        #expect(LegacyPhysics.rssiLowerBoundDBm(snrDB: 0.0) == -125)
        #expect(LegacyPhysics.rssiLowerBoundDBm(snrDB: -6.2) == -124)  // ⌈−6.2⌉ = −6
        #expect(LegacyPhysics.rssiLowerBoundDBm(snrDB: 20) == -90 * 5)  // nearest 16, × (1 + 4)
        #expect(LegacyPhysics.rssiLowerBoundDBm(snrDB: -25) == -123 * 6)  // nearest −20, × (1 + 5)
    }

    static func legacyVerdict(
        _ name: String,
        signal: Int,
        frequencyHz: Int = 904_300_000,
        txPower: Int = 27,
        snr: Int? = nil,
        rules: LegacyWitnessRules = LegacyWitnessRules()
    ) throws -> WitnessVerdict {
        let pair = try F.pair(name)
        let directory = HotspotDirectory([F.hotspot("B", at: pair.beaconer), F.hotspot("W", at: pair.witness)])
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(profile: .legacy, payloadDerivation: false, legacyRules: rules),
            hotspots: directory,
            state: F.primedState(beaconers: ["B"], witnesses: ["W"], before: F.t0)
        )
        let witness = WitnessReport(
            pubKey: "W",
            receivedTimestampMs: F.t0 + 100,
            data: F.payload(1),
            signalDeciDBm: signal,
            snrDeciDB: snr,
            frequencyHz: frequencyHz
        )
        return verifier.verify(beacon: F.beacon("B", at: F.t0, txPowerDBm: txPower), witnesses: [witness]).witnesses[0]
    }

    @Test("RSSI must be strictly below MinRcvSig = TxPower − FSPL (north1km: −63.1396 dBm with 27 dBm)")
    func rssi() throws {
        let quiet = try Self.legacyVerdict("north1km", signal: -632)
        #expect(quiet.invalidReason == nil)
        #expect(abs(try #require(quiet.maxRSSIDBm) - -63.13958680884848) < 1e-9)
        #expect(try Self.legacyVerdict("north1km", signal: -631).invalidReason == .badRssi)
        // tx_power 0: estimated from the US915 plan's max EIRP, 36 dBm.
        let estimated = try Self.legacyVerdict("north1km", signal: -545, txPower: 0)
        #expect(abs(try #require(estimated.maxRSSIDBm) - -54.13958680884848) < 1e-9)
        #expect(estimated.invalidReason == nil)
        // fspl_loss 1.3 scales the (negative) bound down: −63.14 × 1.3 = −82.08.
        let lossy = try Self.legacyVerdict("north1km", signal: -800, rules: LegacyWitnessRules(fsplLoss: 1.3))
        #expect(lossy.invalidReason == .badRssi)
    }

    @Test("distance limit compares the Vincenty distance: 101.22 km is too far here though helium-2024 passes it")
    func distanceLimit() throws {
        #expect(try Self.legacyVerdict("limit_below", signal: -1400).invalidReason == .maxDistanceExceeded)
        #expect(F.singleWitness(try F.pair("limit_below"), signal: -1400).invalidReason == nil)
        #expect(try Self.legacyVerdict("north50km", signal: -1400).invalidReason == nil)
        let unlimited = LegacyWitnessRules(distanceLimitKilometers: nil)
        #expect(try Self.legacyVerdict("limit_below", signal: -1400, rules: unlimited).invalidReason == nil)
    }

    @Test("grid distance: < exclusion cells is below_min_distance, uncomputable is pentagonal_distortion")
    func gridDistance() throws {
        #expect(try Self.legacyVerdict("ring7", signal: -1000).invalidReason == .belowMinDistance)
        #expect(try Self.legacyVerdict("ring8", signal: -1000).invalidReason == nil)
        #expect(
            try Self.legacyVerdict("ring8", signal: -1000, rules: LegacyWitnessRules(exclusionCells: 9)).invalidReason
                == .belowMinDistance
        )
        let pentagon = try Self.legacyVerdict("pentagon_error", signal: -1300)
        #expect(pentagon.invalidReason == .pentagonalDistortion)
        #expect(pentagon.invalidReason?.name == "pentagonal_distortion")
    }

    @Test("frequency: a plan channel within 1 kHz (904.3 MHz ± 1000 Hz), zero frequency, order after RSSI")
    func frequency() throws {
        #expect(try Self.legacyVerdict("north1km", signal: -1000, frequencyHz: 904_301_000).invalidReason == nil)
        #expect(
            try Self.legacyVerdict("north1km", signal: -1000, frequencyHz: 904_301_001).invalidReason
                == .invalidFrequency
        )
        // helium-2024's 100 kHz tolerance against the beacon no longer applies: 904.5 MHz is a plan channel.
        #expect(try Self.legacyVerdict("north1km", signal: -1000, frequencyHz: 904_500_000).invalidReason == nil)
        let zero = try Self.legacyVerdict("north1km", signal: -1000, frequencyHz: 0)
        #expect(zero.invalidReason == .witnessZeroFreq)
        #expect(zero.failedChecks.contains(.invalidFrequency))
        // RSSI is checked before frequency.
        #expect(
            try Self.legacyVerdict("north1km", signal: -500, frequencyHz: 904_301_001).invalidReason == .badRssi
        )
    }

    @Test("PoC v10 adds the SNR lower bound; v11 ignores SNR")
    func snrVersion10() throws {
        let v10 = LegacyWitnessRules(pocVersion: 10)
        // SNR 5.0 dB → lower bound −115 dBm.
        #expect(
            try Self.legacyVerdict("north50km", signal: -1160, snr: 50, rules: v10).invalidReason
                == .witnessRSSIBelowLowerBound
        )
        #expect(try Self.legacyVerdict("north50km", signal: -1140, snr: 50, rules: v10).invalidReason == nil)
        #expect(try Self.legacyVerdict("north50km", signal: -1160, snr: 50).invalidReason == nil)
        #expect(try Self.legacyVerdict("north50km", signal: -1160, rules: v10).invalidReason == nil)  // no SNR
    }
}
