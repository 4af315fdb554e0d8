import PocMapCore
import Testing

@Suite("PoC batch evaluation (POC-RULES §1.4), duplicate_beacon and no_matching_beacon")
struct PoCBatchTests {
    typealias F = PoCFixtures
    static let hour = 3_600_000

    static func verifier() throws -> PoCVerifier {
        let pair = try F.pair("ring10")
        let directory = HotspotDirectory([
            F.hotspot("A", at: pair.beaconer), F.hotspot("W", at: pair.witness),
            F.hotspot("X", at: try F.pair("ring10b").witness),
        ])
        return PoCVerifier(
            configuration: PoCVerifierConfiguration(payloadDerivation: false),
            hotspots: directory,
            state: F.primedState(beaconers: ["A"], witnesses: ["W", "X"], before: F.t0)
        )
    }

    @Test("PoCs run in ascending beacon time, ties in input order; results come back in input order")
    func ordering() throws {
        var verifier = try Self.verifier()
        let pocs = [
            PoCInput(beacon: F.beacon("A", at: F.t0 + Self.hour, payload: F.payload(1)), witnesses: []),
            PoCInput(beacon: F.beacon("A", at: F.t0, payload: F.payload(2)), witnesses: []),
            PoCInput(beacon: F.beacon("A", at: F.t0, payload: F.payload(3)), witnesses: []),
        ]
        #expect(PoCVerifier.evaluationOrder(pocs) == [1, 2, 0])
        let results = verifier.verifyBatch(pocs)
        #expect(results.map(\.beacon.invalidReason) == [.irregularInterval, nil, .irregularInterval])
        #expect(results.map(\.pocID) == pocs.map { SHA256Hasher.hash($0.beacon.data) })
    }

    @Test("each PoC's state writes are applied before the next: W's witnessing lets W's own beacon pass")
    func stateBetweenPoCs() throws {
        // A and W start empty except A's priming; W has never witnessed.
        var verifier = try Self.verifier()
        let pocs = [
            // Input order puts W's later beacon first; evaluation order runs A's PoC first.
            PoCInput(
                beacon: F.beacon("W", at: F.t0 + 7 * Self.hour, payload: F.payload(2)),
                witnesses: [F.witness("X", at: F.t0 + 7 * Self.hour + 50, signal: -1300, payload: F.payload(2))]
            ),
            PoCInput(
                beacon: F.beacon("A", at: F.t0, payload: F.payload(1)),
                witnesses: [F.witness("W", at: F.t0 + 50, signal: -1300, payload: F.payload(1))]
            ),
        ]
        let results = verifier.verifyBatch(pocs)
        #expect(results[1].beacon.status == .valid)
        #expect(results[1].witnesses[0].status == .valid)
        #expect(results[0].beacon.status == .valid)
        #expect(results[0].beacon.lastWitnessMs == Int64(F.t0 + 50))

        // Evaluated in input order instead, W's beacon would fail reciprocity.
        var inputOrder = try Self.verifier()
        let first = inputOrder.verify(beacon: pocs[0].beacon, witnesses: pocs[0].witnesses)
        #expect(first.beacon.invalidReason == .gatewayNoValidWitnesses)
    }

    @Test("a repeated beacon payload is duplicate_beacon: witnesses inherit (side beaconer), no state change")
    func duplicateBeacon() throws {
        var verifier = try Self.verifier()
        let original = PoCInput(
            beacon: F.beacon("A", at: F.t0),
            witnesses: [F.witness("W", at: F.t0 + 20, signal: -1300)]
        )
        let replay = PoCInput(
            beacon: F.beacon("W", at: F.t0 + 30_000),
            witnesses: [F.witness("X", at: F.t0 + 30_100, signal: -1300), F.witness("A", at: F.t0 + 30_050)]
        )
        let results = verifier.verifyBatch([replay, original])
        #expect(results[1].beacon.status == .valid)
        #expect(results[0].beacon.invalidReason == .duplicateBeacon)
        #expect(results[0].beacon.hotspot == verifier.directory.id(forKey: "W"))
        #expect(results[0].witnesses.map(\.invalidReason) == [.duplicateBeacon, .duplicateBeacon])
        #expect(results[0].witnesses.map(\.participantSide) == [.beaconer, .beaconer])
        #expect(results[0].witnesses.map(\.receivedRank) == [1, 0])
        #expect(results[0].witnesses[0].frequencyOffsetHz == 0)
        #expect(verifier.state["W"].lastBeaconMs == nil)
        #expect(verifier.state["X"].lastWitnessMs == nil)
    }

    @Test("a witness joining no beacon is no_matching_beacon with side none and changes no state")
    func noMatchingBeacon() throws {
        let verifier = try Self.verifier()
        let before = verifier.state
        let verdict = verifier.unmatchedWitnessVerdict(F.witness("W", at: F.t0, signal: -987))
        #expect(verdict.status == .invalid)
        #expect(verdict.invalidReason == .noMatchingBeacon)
        #expect(verdict.invalidReason?.name == "no_matching_beacon")
        #expect(verdict.participantSide == .none)
        #expect(verdict.hotspot == verifier.directory.id(forKey: "W"))
        #expect(verdict.rssiDBm == -98.7)
        #expect(verdict.distanceMeters == nil && verdict.frequencyOffsetHz == nil)
        #expect(verifier.unmatchedWitnessVerdict(F.witness("nobody", at: F.t0)).hotspot == nil)
        #expect(verifier.state == before)
    }

    @Test("reason names and Helium codes")
    func reasonNames() {
        let names = InvalidReason.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(InvalidReason.allCases.allSatisfy { InvalidReason(name: $0.name) == $0 })
        #expect(InvalidReason.belowMinDistance.heliumCode == 19)
        #expect(InvalidReason.gatewayNoValidWitnesses.heliumCode == 24)
        #expect(InvalidReason.duplicateBeacon.heliumCode == nil)
        #expect(InvalidReason(name: "denied_edge") == .deniedEdge)
        #expect(ParticipantSide.beaconer.rawValue == 2 && ParticipantSide.witness.rawValue == 3)
        let codes = InvalidReason.allCases.compactMap(\.heliumCode)
        #expect(codes.sorted() == [2, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 24])
    }
}
