import PocMapCore
import Testing

@Suite("PoC beacon checks, denylists and the payload derivation check (POC-RULES §2, §3 steps 1–3, §9)")
struct PoCBeaconCheckTests {
    typealias F = PoCFixtures
    static let hour = 3_600_000

    /// A verifier with beaconer B and witness W at the ring10 pair (≈ 457 m, 10 cells), primed so reciprocity
    /// passes for beacons up to 47 h after `primedAt`.
    static func world(
        denylist: Denylist = .empty,
        beaconerFull: Bool = true,
        beaconerLocation: H3Cell? = nil,
        extraState: (inout VerifierState) -> Void = { _ in },
        primedAt: Int = F.t0
    ) throws -> PoCVerifier {
        let pair = try F.pair("ring10")
        let directory = HotspotDirectory([
            F.hotspot("B", at: beaconerLocation ?? pair.beaconer, full: beaconerFull),
            F.hotspot("W", at: pair.witness),
        ])
        var state = F.primedState(beaconers: ["B"], witnesses: ["W"], before: primedAt)
        extraState(&state)
        return PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            denylist: denylist,
            state: state
        )
    }

    // MARK: Schedule (§2 step 4, §4.3)

    @Test(
        "ORACLE schedule table: last beacon 2023-01-02T00:00:01Z; +7 h valid, +3 h and -7 h irregular_interval",
        arguments: [(7 * hour, nil), (3 * hour, InvalidReason.irregularInterval), (-7 * hour, .irregularInterval)]
            as [(Int, InvalidReason?)]
    )
    func scheduleTable(offset: Int, expected: InvalidReason?) throws {
        var verifier = try Self.world(extraState: { $0["B"].lastBeaconMs = Int64(F.t0) }, primedAt: F.t0 + offset)
        let result = verifier.verify(beacon: F.beacon("B", at: F.t0 + offset), witnesses: [])
        #expect(result.beacon.invalidReason == expected)
        #expect(result.beacon.previousLastBeaconMs == Int64(F.t0))
        // Every attempt uses up the slot, valid or not, earlier or later.
        let id = try #require(verifier.directory.id(forKey: "B"))
        #expect(verifier.timestamps(of: id).lastBeaconMs == Int64(F.t0 + offset))
    }

    @Test("every attempt uses up its 6-hour slot, including invalid and out-of-order ones")
    func slotsAreUsedUp() throws {
        let midnight = F.t0 - 1_000  // 2023-01-02T00:00:00Z, a bucket boundary
        #expect(midnight % (6 * Self.hour) == 0)
        var verifier = try Self.world(primedAt: midnight + 20 * Self.hour)
        func reason(_ at: Int, entropy: Int? = nil, payload: Int = 1) -> InvalidReason? {
            verifier.verify(
                beacon: F.beacon("B", at: at, payload: F.payload(payload), entropyStartSeconds: entropy),
                witnesses: []
            ).beacon.invalidReason
        }
        // 01:00 with expired entropy: invalid, but the slot 00–06 is used.
        #expect(reason(midnight + 1 * Self.hour, entropy: (midnight - Self.hour) / 1_000) == .entropyExpired)
        #expect(reason(midnight + 2 * Self.hour, payload: 2) == .irregularInterval)
        // 06:30 is the next slot; 07:00 and 11:59 are in it.
        #expect(reason(midnight + 6 * Self.hour + 1_800_000, payload: 3) == nil)
        #expect(reason(midnight + 7 * Self.hour, payload: 4) == .irregularInterval)
        #expect(reason(midnight + 12 * Self.hour - 1, payload: 5) == .irregularInterval)
        // 13:00, then an earlier 12:30 (same slot) that overwrites last_beacon; 17:00 still irregular, 18:00 valid.
        #expect(reason(midnight + 13 * Self.hour, payload: 6) == nil)
        #expect(reason(midnight + 12 * Self.hour + 1_800_000, payload: 7) == .irregularInterval)
        let id = try #require(verifier.directory.id(forKey: "B"))
        #expect(verifier.timestamps(of: id).lastBeaconMs == Int64(midnight + 12 * Self.hour + 1_800_000))
        #expect(reason(midnight + 17 * Self.hour, payload: 8) == .irregularInterval)
        #expect(reason(midnight + 18 * Self.hour, payload: 9) == nil)
    }

    // MARK: Entropy window (§2 step 2)

    @Test(
        "beacon entropy window: S+30 s valid; S-1 ms, S+181 s expired; S+180.999 s valid",
        arguments: [(30_000, nil), (-1, InvalidReason.entropyExpired), (181_000, .entropyExpired), (180_999, nil)]
            as [(Int, InvalidReason?)]
    )
    func beaconEntropyWindow(offsetMs: Int, expected: InvalidReason?) throws {
        let start = F.t0 / 1_000
        var verifier = try Self.world(primedAt: F.t0 + offsetMs)
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0 + offsetMs, entropyStartSeconds: start),
            witnesses: [F.witness("W", at: F.t0 + offsetMs + 10)]
        )
        #expect(result.beacon.invalidReason == expected)
        #expect(result.beacon.entropyWindowChecked)
        if let expected {
            #expect(result.witnesses[0].invalidReason == expected)
            #expect(result.witnesses[0].participantSide == .beaconer)
        }
    }

    // MARK: Registry, capability, denylist

    @Test("unknown beaconer: gateway_not_found for the beacon and (side beaconer) every witness; no state change")
    func unknownBeaconer() throws {
        var verifier = try Self.world()
        let before = verifier.state
        let result = verifier.verify(
            beacon: F.beacon("stranger", at: F.t0),
            witnesses: [F.witness("W", at: F.t0 + 10), F.witness("W", at: F.t0 + 20), F.witness("x", at: F.t0)]
        )
        #expect(result.beacon.invalidReason == .gatewayNotFound)
        #expect(result.witnesses.allSatisfy { $0.invalidReason == .gatewayNotFound && $0.participantSide == .beaconer })
        #expect(verifier.state == before)
    }

    @Test("unasserted beaconer: not_asserted, witnesses inherit, last_beacon not written")
    func unassertedBeaconer() throws {
        let directory = HotspotDirectory([F.hotspot("B", at: nil), F.hotspot("W", at: try F.pair("ring10").witness)])
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            state: F.primedState(beaconers: ["B"], witnesses: ["W"], before: F.t0)
        )
        let result = verifier.verify(beacon: F.beacon("B", at: F.t0), witnesses: [F.witness("W", at: F.t0 + 10)])
        #expect(result.beacon.invalidReason == .notAsserted)
        #expect(result.witnesses[0].invalidReason == .notAsserted)
        #expect(result.witnesses[0].participantSide == .beaconer)
        #expect(verifier.timestamps(of: try #require(directory.id(forKey: "B"))).lastBeaconMs == nil)
    }

    @Test("data-only beaconer: invalid_capability; last_beacon written, last_beacon_reciprocity not")
    func beaconerCapability() throws {
        var verifier = try Self.world(beaconerFull: false)
        let result = verifier.verify(beacon: F.beacon("B", at: F.t0), witnesses: [F.witness("W", at: F.t0 + 10)])
        #expect(result.beacon.invalidReason == .invalidCapability)
        #expect(result.witnesses[0].invalidReason == .invalidCapability)
        #expect(result.witnesses[0].participantSide == .beaconer)
        #expect(result.witnesses[0].failedChecks.isEmpty)  // no witness checks ran
        let id = try #require(verifier.directory.id(forKey: "B"))
        #expect(verifier.timestamps(of: id).lastBeaconMs == Int64(F.t0))
        #expect(verifier.timestamps(of: id).lastBeaconReciprocityMs == nil)
        // The witness did not witness validly either.
        let w = try #require(verifier.directory.id(forKey: "W"))
        #expect(verifier.timestamps(of: w).lastWitnessMs == nil)
    }

    @Test("denied beaconer: denied with the tag; every witness inherits reason and tag, side beaconer")
    func deniedBeaconer() throws {
        var verifier = try Self.world(denylist: Denylist(tag: "2024-01-26", keys: ["B"]))
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [F.witness("W", at: F.t0 + 10), F.witness("B", at: F.t0 + 20)]
        )
        #expect(result.beacon.invalidReason == .denied)
        #expect(result.beacon.denylistTag == "2024-01-26")
        #expect(result.denylistTag == "2024-01-26")
        for (index, witness) in result.witnesses.enumerated() {
            #expect(witness.invalidReason == .denied)
            #expect(result.denylistTag(ofWitness: index) == "2024-01-26")
            #expect(witness.participantSide == .beaconer)
            #expect(!witness.dropped)
        }
    }

    @Test("denied witness and denied edge (either order) are the witness's fault; other witnesses unaffected")
    func deniedWitnessAndEdges() throws {
        let pair = try F.pair("ring10")
        let other = try F.pair("ring10b")
        let directory = HotspotDirectory([
            F.hotspot("B", at: pair.beaconer), F.hotspot("W", at: pair.witness), F.hotspot("X", at: other.witness),
            F.hotspot("Y", at: try F.pair("ring9b").witness),
        ])
        let denylist = Denylist(tag: "t1", keys: ["X"], edges: [Denylist.Edge("W", "B"), Denylist.Edge("X", "Y")])
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            denylist: denylist,
            state: F.primedState(beaconers: ["B"], witnesses: ["W", "X", "Y"], before: F.t0)
        )
        let result = verifier.verify(
            beacon: F.beacon("B", at: F.t0),
            witnesses: [F.witness("W", at: F.t0 + 10), F.witness("X", at: F.t0 + 20), F.witness("Y", at: F.t0 + 30)]
        )
        #expect(result.beacon.status == .valid)
        #expect(result.witnesses.map(\.invalidReason) == [.deniedEdge, .denied, nil])
        #expect((0..<3).map { result.denylistTag(ofWitness: $0) } == ["t1", "t1", nil])
        #expect(result.witnesses[0].participantSide == .witness)
        #expect(result.witnesses[2].selected)
        #expect(denylist.containsEdge("B", "W") && denylist.containsEdge("W", "B"))
    }

    @Test("an edge-denied self report is denied_edge, not self_witness, so it is not dropped (§3.5)")
    func edgeDeniedSelfReport() throws {
        var verifier = try Self.world(denylist: Denylist(tag: "t", edges: [Denylist.Edge("B", "B")]))
        let result = verifier.verify(beacon: F.beacon("B", at: F.t0), witnesses: [F.witness("B", at: F.t0 + 10)])
        #expect(result.witnesses[0].invalidReason == .deniedEdge)
        #expect(result.witnesses[0].failedChecks.contains(.selfWitness))
        #expect(!result.witnesses[0].dropped)
    }

    // MARK: Payload derivation (§2 step 5, §9)

    static let local: [UInt8] = [233, 70, 25, 176]
    static let remote: [UInt8] = [
        182, 170, 63, 128, 217, 53, 95, 19, 157, 153, 134, 38, 184, 209, 255, 23, 118, 205, 163, 106, 225, 26, 16, 0,
        106, 141, 81, 101, 70, 39, 107, 9,
    ]
    static let oracleData = PayloadBytes(
        [
            28, 153, 18, 65, 96, 232, 59, 146, 134, 125, 99, 12, 175, 76, 158, 210, 28, 253, 146, 59, 187, 203, 122,
            146,
            49, 241, 156, 148, 74, 246, 68, 17, 8, 212, 48, 6, 152, 58, 221, 158, 186, 101, 37, 59, 135, 126, 18, 72,
            244,
            65, 174,
        ] as [UInt8]
    )
    static let entropyStart = 1_677_163_710

    /// The ORACLE's payload test: an EU868 beaconer in Malta with gain 60, its beacon 60 s after the entropy start.
    static func derivationCase(
        frequencyHz: Int = 867_900_000,
        dataRate: DataRate? = .sf12bw125,
        gain: Int = 60,
        region: String? = "EU868",
        derivation: Bool = true,
        withEntropy: Bool = true
    ) throws -> PoCResult {
        let pair = try F.pair("malta_loc4")
        let regionName = region.flatMap { RegionName($0) }
        let directory = HotspotDirectory([
            F.hotspot("B", at: pair.beaconer, gain: gain, region: regionName),
            F.hotspot("W", at: pair.witness, region: regionName),
        ])
        let received = entropyStart * 1_000 + 60_000
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: derivation),
            hotspots: directory,
            state: F.primedState(beaconers: ["B"], witnesses: ["W"], before: received)
        )
        let beacon = BeaconReport(
            pubKey: "B",
            receivedTimestampMs: received,
            data: oracleData,
            frequencyHz: frequencyHz,
            dataRate: dataRate,
            txPowerDBm: 10,
            localEntropy: withEntropy ? PayloadBytes(local) : nil,
            remoteEntropy: withEntropy ? PayloadBytes(remote) : nil,
            entropyTimestampSeconds: entropyStart,
            entropyVersion: 0
        )
        let witness = WitnessReport(
            pubKey: "W",
            receivedTimestampMs: received + 300,
            data: oracleData,
            signalDeciDBm: -1200,
            frequencyHz: frequencyHz
        )
        return verifier.verify(beacon: beacon, witnesses: [witness])
    }

    @Test("the ORACLE's real beacon passes the derivation check")
    func derivationPasses() throws {
        let result = try Self.derivationCase()
        #expect(result.beacon.status == .valid)
        #expect(result.beacon.payloadChecked)
        #expect(result.witnesses[0].status == .valid)
        #expect(result.pocID == SHA256Hasher.hash(Self.oracleData))
    }

    @Test("derivation mismatches are invalid_packet: frequency, data rate, gain beyond max EIRP")
    func derivationMismatches() throws {
        #expect(try Self.derivationCase(frequencyHz: 867_700_000).beacon.invalidReason == .invalidPacket)
        #expect(try Self.derivationCase(dataRate: .sf9bw125).beacon.invalidReason == .invalidPacket)
        #expect(try Self.derivationCase(gain: 171).beacon.invalidReason == .invalidPacket)
        #expect(try Self.derivationCase(gain: 170).beacon.status == .valid)
        #expect(try Self.derivationCase(dataRate: nil).beacon.status == .valid)  // absent data rate: not compared
        let wrongRegion = try Self.derivationCase(region: "US915")  // US915 channels never give 867.9 MHz
        #expect(wrongRegion.beacon.invalidReason == .invalidPacket)
        #expect(wrongRegion.witnesses[0].participantSide == .beaconer)
    }

    @Test("derivation off, or entropy absent: not checked")
    func derivationNotChecked() throws {
        let off = try Self.derivationCase(frequencyHz: 867_700_000, derivation: false)
        #expect(off.beacon.status == .valid)
        #expect(!off.beacon.payloadChecked)
        let absent = try Self.derivationCase(frequencyHz: 867_700_000, withEntropy: false)
        #expect(absent.beacon.status == .valid)
        #expect(!absent.beacon.payloadChecked)
    }

    @Test("derivation on but no plan for the region: stale beacon, stale witnesses (side witness), no state write")
    func stalePlan() throws {
        for region in ["AS923_1C", nil] as [String?] {
            let result = try Self.derivationCase(region: region)
            #expect(result.beacon.invalidReason == .stale)
            #expect(result.witnesses[0].invalidReason == .stale)
            #expect(result.witnesses[0].participantSide == .witness)
            #expect(result.beacon.previousLastBeaconMs == nil)
        }
        // Without entropy the check is not on, so the missing plan does not matter.
        #expect(try Self.derivationCase(region: "AS923_1C", withEntropy: false).beacon.status == .valid)
    }
}
