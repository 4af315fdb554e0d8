import PocMapCore
import Testing

@Suite("PoC witness checks at and around their thresholds (POC-RULES §3)")
struct PoCWitnessCheckTests {
    typealias F = PoCFixtures

    // MARK: Frequency (§3 step 8)

    @Test(
        "frequency: ORACLE table (+90, +100 kHz valid, +110 kHz invalid) and the exact 100 000 Hz edge",
        arguments: [
            (90_000, nil), (100_000, nil), (110_000, InvalidReason.invalidFrequency),
            (100_001, .invalidFrequency), (-100_000, nil), (-100_001, .invalidFrequency), (0, nil),
        ] as [(Int, InvalidReason?)]
    )
    func frequency(offset: Int, expected: InvalidReason?) throws {
        let pair = try F.pair("ring10")
        var verifier = F.verifier(for: pair)
        let beaconFrequency = 904_499_968
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0, frequencyHz: beaconFrequency),
            witnesses: [F.witness("W", at: F.t0 + 100, frequencyHz: beaconFrequency + offset)]
        )
        let witness = result.witnesses[0]
        #expect(witness.invalidReason == expected)
        #expect(witness.frequencyOffsetHz == offset)
        #expect(witness.status == (expected == nil ? .valid : .invalid))
        if expected != nil { #expect(witness.participantSide == .witness) }
    }

    // MARK: Minimum distance (§3.2)

    @Test(
        "res-11 grid distance 7 is below_min_distance, 8 passes (h3-py rows)",
        arguments: [("ring7", 7), ("ring7b", 7), ("ring8", 8), ("ring8b", 8), ("ring1", 1), ("ring9", 9)]
    )
    func minimumGridDistance(name: String, grid: Int) throws {
        let pair = try F.pair(name)
        #expect(pair.grid == String(grid))
        let witness = F.singleWitness(pair, signal: -1300)
        #expect(witness.gridDistanceRes11 == grid)
        #expect(witness.distanceMeters == pair.distanceMeters)
        #expect(witness.invalidReason == (grid < 8 ? .belowMinDistance : nil))
    }

    @Test("an uncomputable grid distance (pentagon) is below_min_distance")
    func pentagonGridFailure() throws {
        let pair = try F.pair("pentagon_error")
        #expect(pair.grid == "error")
        let witness = F.singleWitness(pair, signal: -1300)
        #expect(witness.gridDistanceRes11 == nil)
        #expect(witness.distanceMeters == pair.distanceMeters)
        #expect(witness.invalidReason == .belowMinDistance)
    }

    @Test("a location coarser than resolution 11 is below_min_distance, though 2.2 km away")
    func coarseLocation() throws {
        let pair = try F.pair("coarse_res10")
        let witness = F.singleWitness(pair, signal: -1300)
        #expect(witness.gridDistanceRes11 == nil)
        #expect(witness.distanceMeters == pair.distanceMeters)
        #expect(witness.invalidReason == .belowMinDistance)
    }

    @Test("ORACLE Malta constants: LOC3 (7 cells) too close, LOC4 (28 cells) and LOC1 pass, LOC2 too far")
    func oracleMalta() throws {
        #expect(F.singleWitness(try F.pair("malta_loc3"), signal: -1300).invalidReason == .belowMinDistance)
        let loc4 = F.singleWitness(try F.pair("malta_loc4"), signal: -1300)
        #expect(loc4.gridDistanceRes11 == 28)
        #expect(loc4.invalidReason == nil)
        // ORACLE test_verify_witness_rssi: LOC0 → LOC1, signal −106.0 dBm is valid.
        #expect(F.singleWitness(try F.pair("malta_loc1"), signal: -1060).invalidReason == nil)
        #expect(F.singleWitness(try F.pair("malta_loc2"), signal: -1300).invalidReason == .maxDistanceExceeded)
    }

    // MARK: Maximum distance (§3.3)

    @Test("⌊d/1000⌋ > 100: 100 999 m passes, 101 002 m and 559 km fail")
    func maximumDistance() throws {
        let below = try F.pair("limit_below")
        #expect(below.distanceMeters == 100_999)
        let valid = F.singleWitness(below, signal: -1400)
        #expect(valid.distanceMeters == 100_999)
        #expect(valid.invalidReason == nil)

        let above = try F.pair("limit_above")
        #expect(above.distanceMeters >= 101_000)
        let invalid = F.singleWitness(above, signal: -1400)
        #expect(invalid.distanceMeters == above.distanceMeters)
        #expect(invalid.invalidReason == .maxDistanceExceeded)

        #expect(F.singleWitness(try F.pair("far_la"), signal: -1400).invalidReason == .maxDistanceExceeded)
    }

    // MARK: RSSI (§3.4)

    @Test("RSSI bound at 991 m, 904.3 MHz, 27 dBm, gains 12: -62.5 dBm passes, -62.4 dBm is bad_rssi")
    func rssiThreshold() throws {
        let pair = try F.pair("north1km")
        #expect(pair.distanceMeters == 991)
        let quiet = F.singleWitness(pair, signal: -625)
        #expect(quiet.invalidReason == nil)
        #expect(quiet.maxRSSIDBm == -62.49528841672611)
        #expect(quiet.rssiDBm == -62.5)
        let margin = try #require(quiet.rssiMarginDB)
        #expect(abs(margin - 0.00471158327389) < 1e-9)

        let loud = F.singleWitness(pair, signal: -624)
        #expect(loud.invalidReason == .badRssi)
        #expect(try #require(loud.rssiMarginDB) < 0)
    }

    @Test("RSSI equality: helium-2024 passes it (strict >), legacy fails it (valid only when strictly below)")
    func rssiEquality() {
        #expect(!PoCRules.isTooLoud(rssiDBm: -62.5, boundDBm: -62.5))
        #expect(PoCRules.isTooLoud(rssiDBm: -62.4, boundDBm: -62.5))
        #expect(!PoCRules.isTooLoud(rssiDBm: -62.6, boundDBm: -62.5))
        #expect(PoCRules.isTooLoudLegacy(rssiDBm: -62.5, minimumReceivedSignalDBm: -62.5))
        #expect(!PoCRules.isTooLoudLegacy(rssiDBm: -62.6, minimumReceivedSignalDBm: -62.5))
    }

    @Test("gains are truncated: 1.9 dBi counts as 1 dB, so -61.0 dBm is bad_rssi (float gains would pass it)")
    func rssiIntegerGains() throws {
        let pair = try F.pair("north1km")
        // Bound with 19/19 truncated = -62.495…; with 1.9 dB float gains it would be -60.695….
        let witness = F.singleWitness(pair, signal: -610, beaconerGain: 19, witnessGain: 19)
        #expect(witness.maxRSSIDBm == -62.49528841672611)
        #expect(witness.invalidReason == .badRssi)
        // 2.0 dBi each raises the bound by 2 dB: -61.0 then passes.
        #expect(F.singleWitness(pair, signal: -610, beaconerGain: 20, witnessGain: 20).invalidReason == nil)
        // Negative gains truncate toward zero: -1.5 dBi counts as -1 dB.
        let negative = F.singleWitness(pair, signal: -1000, beaconerGain: -15, witnessGain: 12)
        #expect(negative.maxRSSIDBm == -64.49528841672611)
    }

    @Test("RSSI uses the witness's frequency")
    func rssiWitnessFrequency() throws {
        let pair = try F.pair("north1km")
        let witness = F.singleWitness(pair, signal: -1100, witnessFrequencyHz: 904_350_000)
        let expected = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: 27,
            frequencyHz: 904_350_000,
            distanceMeters: 991,
            beaconerGainTenthsDBi: 12,
            witnessGainTenthsDBi: 12
        )
        #expect(witness.maxRSSIDBm == expected)
    }

    // MARK: Check order (§3.5)

    @Test("too close and too loud → below_min_distance; both failures listed")
    func tooCloseAndTooLoud() throws {
        let witness = F.singleWitness(try F.pair("ring1"), signal: -100)
        #expect(witness.invalidReason == .belowMinDistance)
        #expect(witness.failedChecks.contains(.badRssi))
        #expect(witness.failedChecks.contains(.belowMinDistance))
        #expect(Array(witness.failedChecks) == [.badRssi, .belowMinDistance])
    }

    @Test("too far and too loud → max_distance_exceeded; wrong frequency and too close → invalid_frequency")
    func orderDistanceBeforeRSSIFrequencyBeforeDistance() throws {
        let far = F.singleWitness(try F.pair("limit_above"), signal: -100)
        #expect(far.invalidReason == .maxDistanceExceeded)
        #expect(far.failedChecks.contains(.badRssi))

        let close = F.singleWitness(try F.pair("ring2"), signal: -100, witnessFrequencyHz: 905_300_000)
        #expect(close.invalidReason == .invalidFrequency)
        #expect(close.failedChecks.contains(.belowMinDistance))
    }

    @Test("late → too_late whatever else is wrong")
    func lateWins() throws {
        let pair = try F.pair("ring1")
        var verifier = F.verifier(for: pair)
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [F.witness("W", at: F.t0 + 4_001, signal: -100, frequencyHz: 905_300_000)]
        )
        #expect(result.witnesses[0].invalidReason == .tooLate)
        #expect(result.witnesses[0].failedChecks.contains(.invalidFrequency))
        #expect(result.witnesses[0].failedChecks.contains(.belowMinDistance))
    }

    // MARK: Lag (§3.1)

    @Test(
        "lag rule: the ORACLE table in seconds, and the 4000/1500 ms edges",
        arguments: [
            (-60_000, -59_000, -58_000, false), (-60_000, -64_000, -63_000, false),
            (-60_000, -59_000, -55_000, true), (-55_000, -60_000, -58_000, true), (-55_000, -60_000, -60_000, false),
            (0, 0, 4_000, false), (0, 0, 4_001, true), (0, -10, 1_490, false), (0, -10, 1_491, true),
        ] as [(Int, Int, Int, Bool)]
    )
    func lag(beacon: Int, first: Int, this: Int, late: Bool) throws {
        let base = F.t0 + 120_000
        let pair = try F.pair("ring10")
        let directory = HotspotDirectory([
            F.hotspot("B", at: pair.beaconer), F.hotspot("W", at: pair.witness),
            F.hotspot("X", at: try F.pair("ring10b").witness),
        ])
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            state: F.primedState(beaconers: ["B"], witnesses: ["W", "X"], before: base)
        )
        var reports = [F.witness("W", at: base + this)]
        if first != this { reports.append(F.witness("X", at: base + first)) }
        let result = verifier.verify(beacon: F.beacon("B", at: base + beacon), witnesses: reports)
        #expect((result.witnesses[0].invalidReason == .tooLate) == late)
        #expect(result.witnesses[0].lagFromBeaconMs == Int64(this - beacon))
        #expect(result.witnesses[0].lagFromFirstWitnessMs == Int64(this - min(first, this)))
    }

    // MARK: Entropy window (§3 step 4)

    @Test("witness entropy window: whole seconds, S ≤ ⌊t/1000⌋ ≤ S + 180; absent start = not checked")
    func witnessEntropyWindow() throws {
        let pair = try F.pair("ring10")
        #expect(F.t0 % 1_000 == 0)
        let s = F.t0 / 1_000  // the beacon is received exactly at S (or at S + 180 with the shifted start)
        func check(witnessOffsetMs: Int, entropy: Int?) -> (InvalidReason?, Bool) {
            var verifier = F.verifier(for: pair)
            let result = verifier.verify(
                beacon: F.beacon("B", at: F.t0, entropyStartSeconds: entropy),
                witnesses: [F.witness("W", at: F.t0 + witnessOffsetMs)]
            )
            #expect(result.beacon.status == .valid)
            return (result.witnesses[0].invalidReason, result.witnesses[0].entropyWindowChecked)
        }
        #expect(check(witnessOffsetMs: 0, entropy: s) == (nil, true))
        #expect(check(witnessOffsetMs: -1, entropy: s) == (.entropyExpired, true))  // one ms before S
        #expect(check(witnessOffsetMs: 999, entropy: s - 180) == (nil, true))  // 180.999 s after the start
        #expect(check(witnessOffsetMs: 1_000, entropy: s - 180) == (.entropyExpired, true))  // 181 s
        #expect(check(witnessOffsetMs: 1_000, entropy: nil) == (nil, false))
    }

    // MARK: Payload, capability, region

    @Test("witness data differing from the beacon's is invalid_packet")
    func witnessPayload() throws {
        let pair = try F.pair("ring10")
        var verifier = F.verifier(for: pair)
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [F.witness("W", at: F.t0 + 10, payload: F.payload(2))]
        )
        #expect(result.witnesses[0].invalidReason == .invalidPacket)
    }

    @Test("a data-only witness is invalid_capability")
    func witnessCapability() throws {
        let pair = try F.pair("ring10")
        let directory = HotspotDirectory([
            F.hotspot("B", at: pair.beaconer), F.hotspot("W", at: pair.witness, full: false),
        ])
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            state: F.primedState(beaconers: ["B"], witnesses: ["W"], before: F.t0)
        )
        let result = verifier.verify(beacon: F.beacon("B", at: F.t0), witnesses: [F.witness("W", at: F.t0 + 10)])
        #expect(result.witnesses[0].invalidReason == .invalidCapability)
        #expect(result.witnesses[0].participantSide == .witness)
    }

    @Test("regions: different plans → invalid_region; unknown region skips the check; unresolved → not_asserted")
    func witnessRegion() throws {
        let pair = try F.pair("ring10")
        func verdict(_ region: RegionName?, lookup: ((H3Cell) -> RegionName?)? = nil) -> WitnessVerdict {
            let directory = HotspotDirectory(
                [F.hotspot("B", at: pair.beaconer), F.hotspot("W", at: pair.witness, region: region)],
                regionLookup: lookup
            )
            var verifier = PoCVerifier(
                configuration: PoCVerifierConfiguration(payloadDerivation: false),
                hotspots: directory,
                state: F.primedState(beaconers: ["B"], witnesses: ["W"], before: F.t0)
            )
            return verifier.verify(beacon: F.beacon("B", at: F.t0), witnesses: [F.witness("W", at: F.t0 + 10)])
                .witnesses[0]
        }
        #expect(verdict(RegionName("EU868")).invalidReason == .invalidRegion)
        #expect(verdict(RegionName("US915")).invalidReason == nil)
        #expect(verdict(nil).invalidReason == nil)  // unknown: check skipped
        #expect(verdict(nil, lookup: { _ in RegionName("US915") }).invalidReason == nil)
        #expect(verdict(nil, lookup: { _ in RegionName("AU915") }).invalidReason == .invalidRegion)
        #expect(verdict(nil, lookup: { _ in nil }).invalidReason == .notAsserted)
    }

    // MARK: Registry

    @Test("unknown witness → gateway_not_found; unasserted witness → not_asserted (side witness)")
    func witnessRegistry() throws {
        let pair = try F.pair("ring10")
        let directory = HotspotDirectory([F.hotspot("B", at: pair.beaconer), F.hotspot("U", at: nil)])
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            state: F.primedState(beaconers: ["B"], witnesses: ["U"], before: F.t0)
        )
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [F.witness("nobody", at: F.t0 + 10), F.witness("U", at: F.t0 + 20)]
        )
        #expect(result.witnesses[0].invalidReason == .gatewayNotFound)
        #expect(result.witnesses[0].participantSide == .witness)
        #expect(result.witnesses[0].hotspot == nil)
        #expect(result.witnesses[1].invalidReason == .notAsserted)
        #expect(result.witnesses[1].distanceMeters == nil)
        #expect(result.beacon.status == .valid)
    }

    // MARK: Duplicates and self witnesses

    @Test("a second report from the same key is a duplicate whatever the first verdict; self witness is dropped")
    func duplicatesAndSelf() throws {
        let pair = try F.pair("ring10")
        var verifier = F.verifier(for: pair)
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [
                F.witness("W", at: F.t0 + 10, frequencyHz: 1),  // invalid_frequency first
                F.witness("W", at: F.t0 + 20),  // duplicate, although it would pass
                F.witness("B", at: F.t0 + 30),  // self witness
                F.witness("B", at: F.t0 + 40),  // duplicate of the self report, not dropped
                F.witness("ghost", at: F.t0 + 50), F.witness("ghost", at: F.t0 + 60),
            ]
        )
        let reasons = result.witnesses.map(\.invalidReason)
        #expect(
            reasons == [.invalidFrequency, .duplicate, .selfWitness, .duplicate, .gatewayNotFound, .duplicate]
        )
        #expect(result.witnesses.map(\.dropped) == [false, false, true, false, false, false])
        #expect(result.witnesses.allSatisfy { !$0.selected })
        #expect(result.beacon.status == .valid)
        #expect(result.beacon.rewardUnit == .zero)
    }
}
