import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("PoC reciprocity (HIP-106), state carried between batches and its text encoding (POC-RULES §4)")
struct PoCReciprocityTests {
    typealias F = PoCFixtures
    static let hour = 3_600_000
    static let window = 48 * hour

    static func directory() throws -> HotspotDirectory {
        let pair = try F.pair("ring10")
        return HotspotDirectory([F.hotspot("A", at: pair.beaconer), F.hotspot("W", at: pair.witness)])
    }

    @Test(
        "bootstrap from an empty state: the first PoC fails reciprocity but writes the state that lets later ones pass"
    )
    func bootstrapAcrossTwoBatches() throws {
        // Batch 1: A beacons, W witnesses. A has never witnessed → gateway_no_valid_witnesses for the whole PoC;
        // W passed checks 1–12, so last_witness[W] is written anyway; A's beacon passed 1–5 with a witness report,
        // so last_beacon_reciprocity[A] is written before the failed reciprocity check.
        var first = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: try Self.directory()
        )
        let batch1 = first.verify(beacon: F.beacon("A", at: F.t0), witnesses: [F.witness("W", at: F.t0 + 100)])
        #expect(batch1.beacon.invalidReason == .gatewayNoValidWitnesses)
        #expect(batch1.beacon.lastWitnessMs == nil)
        #expect(batch1.witnesses[0].invalidReason == .gatewayNoValidWitnesses)
        #expect(batch1.witnesses[0].participantSide == .beaconer)
        #expect(batch1.witnesses[0].failedChecks.isEmpty)  // it passed its own checks
        let state1 = first.state
        #expect(
            state1["A"] == VerifierState.Timestamps(lastBeaconMs: Int64(F.t0), lastBeaconReciprocityMs: Int64(F.t0))
        )
        #expect(state1["W"] == VerifierState.Timestamps(lastWitnessMs: Int64(F.t0 + 100)))

        // Carry the state through its text form into a new verifier (a new batch).
        let text = state1.encodedText()
        let carried = try VerifierState(encodedText: text)
        #expect(carried == state1)

        // Batch 2, 7 h later: W beacons and A witnesses. W witnessed 7 h ago → beacon reciprocity passes;
        // A's last_beacon_reciprocity is 7 h old → A's witness passes.
        let batch2Beacon = F.beacon("W", at: F.t0 + 7 * Self.hour, payload: F.payload(2))
        let batch2Witness = F.witness("A", at: F.t0 + 7 * Self.hour + 150, payload: F.payload(2))
        var second = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: try Self.directory(),
            state: carried
        )
        let batch2 = second.verify(beacon: batch2Beacon, witnesses: [batch2Witness])
        #expect(batch2.beacon.status == .valid)
        #expect(batch2.beacon.lastWitnessMs == Int64(F.t0 + 100))
        #expect(batch2.witnesses[0].status == .valid)
        #expect(batch2.witnesses[0].lastBeaconReciprocityMs == Int64(F.t0))
        #expect(batch2.witnesses[0].selected)

        // Without the carried state the same PoC fails.
        var fresh = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: try Self.directory()
        )
        #expect(
            fresh.verify(beacon: batch2Beacon, witnesses: [batch2Witness]).beacon.invalidReason
                == .gatewayNoValidWitnesses
        )
    }

    @Test(
        "beacon reciprocity: beacon − last_witness < 48 h passes (negative too), exactly 48 h fails",
        arguments: [(window - 1, true), (window, false), (-5_000, true), (0, true)] as [(Int, Bool)]
    )
    func beaconWindow(age: Int, passes: Bool) throws {
        var state = VerifierState()
        state["A"].lastWitnessMs = Int64(F.t0 - age)
        state["W"].lastBeaconReciprocityMs = Int64(F.t0 - Self.hour)
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: try Self.directory(),
            state: state
        )
        let result = verifier.verify(beacon: F.beacon("A", at: F.t0), witnesses: [F.witness("W", at: F.t0 + 10)])
        #expect((result.beacon.status == .valid) == passes)
        #expect(result.witnesses[0].status == (passes ? .valid : .invalid))
        if !passes { #expect(result.witnesses[0].invalidReason == .gatewayNoValidWitnesses) }
    }

    @Test(
        "witness reciprocity: witness − last_beacon_reciprocity < 48 h passes, 48 h fails (side witness)",
        arguments: [(window - 1, true), (window, false)] as [(Int, Bool)]
    )
    func witnessWindow(age: Int, passes: Bool) throws {
        let witnessMs = F.t0 + 10
        var state = VerifierState()
        state["A"].lastWitnessMs = Int64(F.t0 - Self.hour)
        state["W"].lastBeaconReciprocityMs = Int64(witnessMs - age)
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: try Self.directory(),
            state: state
        )
        let result = verifier.verify(beacon: F.beacon("A", at: F.t0), witnesses: [F.witness("W", at: witnessMs)])
        #expect(result.beacon.status == .valid)
        let witness = result.witnesses[0]
        #expect(witness.invalidReason == (passes ? nil : .gatewayNoValidBeacons))
        #expect(witness.participantSide == (passes ? .none : .witness))
        #expect(witness.selected == passes)
        // Passing checks 1–12 earns the beaconer's hex scale and writes last_witness even when reciprocity fails.
        #expect(witness.hexScale == PoCRules.defaultTransmitScale)
        #expect(verifier.state["W"].lastWitnessMs == Int64(witnessMs))
        #expect(result.beacon.rewardUnit == (passes ? RewardUnits(selectedWitnesses: 1).beaconer : .zero))
    }

    @Test("a zero-witness beacon is valid, earns 0, uses its slot and does not refresh last_beacon_reciprocity")
    func zeroWitnessBeacon() throws {
        var state = VerifierState()
        state["A"].lastWitnessMs = Int64(F.t0 - Self.hour)
        state["A"].lastBeaconReciprocityMs = 42
        var verifier = PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: try Self.directory(),
            state: state
        )
        let result = verifier.verify(beacon: F.beacon("A", at: F.t0), witnesses: [])
        #expect(result.beacon.status == .valid)
        #expect(result.beacon.rewardUnit == .zero)
        #expect(result.beacon.selectedWitnessCount == 0)
        #expect(verifier.state["A"].lastBeaconMs == Int64(F.t0))
        #expect(verifier.state["A"].lastBeaconReciprocityMs == 42)
    }

    @Test("state keys outside the registry are kept and handed back")
    func foreignKeysKept() throws {
        var state = VerifierState()
        state["retired"] = VerifierState.Timestamps(lastBeaconMs: 1, lastBeaconReciprocityMs: 2, lastWitnessMs: 3)
        let verifier = PoCVerifier(hotspots: try Self.directory(), state: state)
        #expect(verifier.state == state)
    }

    // MARK: Text encoding

    @Test("the text encoding is sorted, escapes awkward keys and round-trips")
    func encodingRoundTrip() throws {
        var state = VerifierState()
        state["b"] = VerifierState.Timestamps(lastBeaconMs: 1_672_617_601_000, lastWitnessMs: -5)
        state["a\tkey%with\nodd\rbytes"] = VerifierState.Timestamps(lastBeaconReciprocityMs: 7)
        state["Ω"] = VerifierState.Timestamps(lastWitnessMs: 9)
        state["ba"] = VerifierState.Timestamps(lastBeaconMs: 1)  // after its prefix "b"
        state["empty"] = VerifierState.Timestamps()  // not stored
        #expect(state.count == 4)
        let text = state.encodedText()
        #expect(
            text == """
                # pocmap verifier state v1
                # key\tlast_beacon_ms\tlast_beacon_reciprocity_ms\tlast_witness_ms
                a%09key%25with%0Aodd%0Dbytes\t-\t7\t-
                b\t1672617601000\t-\t-5
                ba\t1\t-\t-
                Ω\t-\t-\t9

                """
        )
        #expect(try VerifierState(encodedText: text) == state)
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try VerifierState(encodedText: crlf) == state)
        #expect(
            VerifierState().encodedText()
                == "# pocmap verifier state v1\n# key\tlast_beacon_ms\tlast_beacon_reciprocity_ms\tlast_witness_ms\n"
        )
    }

    @Test("the encoding's key order is byte order: shared 8-byte prefixes, prefixes of each other, NUL and non-ASCII")
    func encodingOrderIsByteOrder() throws {
        var random = SplitMix64(seed: 17)
        let alphabet = Array("11aAzZ\u{0}\u{7F}é漢".utf8).map { [$0] } + [Array("é".utf8), Array("😀".utf8)]
        var keys = Set<String>()
        for _ in 0..<3000 {
            let length = 1 + Int(random.next() % 13)
            // Mostly one shared 8-byte start, so that the order is often decided past the prefix.
            var bytes: [UInt8] = random.next() % 3 == 0 ? [] : Array("11prefix".utf8)
            for _ in 0..<length { bytes += alphabet[Int(random.next() % UInt64(alphabet.count))] }
            keys.insert(String(decoding: bytes, as: UTF8.self))
        }
        var state = VerifierState()
        for key in keys { state[key] = VerifierState.Timestamps(lastBeaconMs: 1) }
        let expected = keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let decoded = try VerifierState(encodedText: state.encodedText())
        #expect(decoded == state)
        let written = state.encodedText().split(separator: "\n").dropFirst(2).map { line in
            String(line.split(separator: "\t", omittingEmptySubsequences: false)[0])
        }
        let escaped = expected.map {
            $0.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\t", with: "%09")
                .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: "\r", with: "%0D")
        }
        #expect(written == escaped)
    }

    @Test("malformed state text is a typed error")
    func encodingErrors() {
        let header = VerifierState.header + "\n"
        #expect(throws: VerifierStateDecodingError.missingHeader(found: "key\t1\t2\t3")) {
            try VerifierState(encodedText: "key\t1\t2\t3\n")
        }
        #expect(throws: VerifierStateDecodingError.missingHeader(found: "")) { try VerifierState(encodedText: "") }
        #expect(
            throws: VerifierStateDecodingError.malformedLine(
                line: 2,
                reason: "expected 4 TAB-separated fields, found 3"
            )
        ) {
            try VerifierState(encodedText: header + "k\t1\t2\n")
        }
        #expect(throws: VerifierStateDecodingError.self) { try VerifierState(encodedText: header + "k\t1\tx\t3\n") }
        #expect(throws: VerifierStateDecodingError.self) { try VerifierState(encodedText: header + "k%zz\t1\t2\t3\n") }
        #expect(throws: VerifierStateDecodingError.duplicateKey(line: 3, key: "k")) {
            try VerifierState(encodedText: header + "k\t1\t2\t3\nk\t4\t5\t6\n")
        }
    }
}
