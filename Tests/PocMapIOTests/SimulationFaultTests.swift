import Foundation
import Testing

@testable import PocMapCore
@testable import PocMapIO

/// The simulator's fault labels checked against pocmap's own helium-2024 verifier, run on the files exactly as
/// written and read back: every labelled report must get the labelled reason, and no clean report may fail a
/// regular check.
@Suite("Simulation: fault labels")
struct SimulationFaultTests {
    /// Verdicts keyed by `FILE:LINE`.
    struct Verdicts {
        var beaconReasons: [String: InvalidReason?] = [:]
        var witnessReasons: [String: InvalidReason?] = [:]
        var witnessFailedChecks: [String: InvalidReasonSet] = [:]
        /// The beacon line each witness line joined.
        var beaconOfWitness: [String: String] = [:]
        var validBeacons = 0
    }

    static func verify(_ run: WrittenSimulation) throws -> Verdicts {
        var byData: [PayloadBytes: [WitnessReport]] = [:]
        for witness in run.witnesses { byData[witness.data, default: []].append(witness) }
        let pocs = run.beacons.map { PoCInput(beacon: $0, witnesses: byData[$0.data] ?? []) }
        var verifier = PoCVerifier(hotspots: HotspotDirectory(run.hotspots))
        let results = verifier.verifyBatch(pocs)
        var verdicts = Verdicts()
        for (poc, result) in zip(pocs, results) {
            let beaconSource = try #require(poc.beacon.source).description
            verdicts.beaconReasons[beaconSource] = result.beacon.invalidReason
            if result.beacon.status == .valid { verdicts.validBeacons += 1 }
            for (report, verdict) in zip(poc.witnesses, result.witnesses) {
                let source = try #require(report.source).description
                verdicts.witnessReasons[source] = verdict.invalidReason
                verdicts.witnessFailedChecks[source] = verdict.failedChecks
                verdicts.beaconOfWitness[source] = beaconSource
            }
        }
        return verdicts
    }

    @Test(
        "the verifier gives every labelled report its expected reason (100 %), for several seeds and rates",
        arguments: [(UInt64(21), 0.05), (UInt64(22), 0.2), (UInt64(23), 0.5)]
    )
    func labelsMatchVerifier(seed: UInt64, rate: Double) throws {
        let configuration = SimulationConfiguration(hotspotCount: 800, days: 2, seed: seed, faultRate: rate)
        let run = try WrittenSimulation.make(configuration)
        defer { run.remove() }
        let verdicts = try Self.verify(run)
        #expect(run.faults.count > Int(rate * 1_000), "only \(run.faults.count) labels")
        var mismatches: [String] = []
        var kinds = Set<String>()
        for label in run.faults {
            let source = try #require(label["source"])
            let expected = try #require(label["expected_reason"].flatMap(InvalidReason.init(name:)))
            kinds.insert(try #require(label["fault"]))
            let actual = label["kind"] == "beacon" ? verdicts.beaconReasons[source] : verdicts.witnessReasons[source]
            if actual != .some(expected) {
                mismatches.append(
                    "\(source) \(label["fault"] ?? ""): expected \(expected), got \(String(describing: actual))"
                )
            }
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of \(run.faults.count) labels disagree: \(mismatches.prefix(5))"
        )
        // Every kind of fault shows up at these rates.
        if rate >= 0.2 {
            #expect(kinds == Set(SimulatedFault.Kind.allCases.map(\.rawValue)), "missing kinds: \(kinds)")
        }
        // The simulator's own account of beacon validity is the verifier's.
        #expect(verdicts.validBeacons == run.summary.validBeacons)
    }

    @Test(
        "clean reports never fail a regular check; only reciprocity (warm-up) can invalidate them (honest receivers of a labelled beacon aside)"
    )
    func cleanReportsPass() throws {
        let run = try WrittenSimulation.make(
            SimulationConfiguration(hotspotCount: 800, days: 2, seed: 31, faultRate: 0.1)
        )
        defer { run.remove() }
        let verdicts = try Self.verify(run)
        let labelled = Set(run.faults.compactMap { $0["source"] })
        var checked = 0
        for (source, failed) in verdicts.witnessFailedChecks where !labelled.contains(source) {
            // An honest hotspot that heard a spoofer measures an impossible distance to the spoofer's claimed
            // location; the spoofer's beacon carries the label.
            if let beacon = verdicts.beaconOfWitness[source], labelled.contains(beacon) { continue }
            #expect(failed.isEmpty, "\(source) fails \(Array(failed))")
            if let reason = verdicts.witnessReasons[source] ?? nil {
                #expect(
                    [.gatewayNoValidBeacons, .gatewayNoValidWitnesses, .irregularInterval, .gatewayNotFound].contains(
                        reason
                    ),
                    "\(source): \(reason)"
                )
            }
            checked += 1
        }
        #expect(checked > 10_000)
        for (source, reason) in verdicts.beaconReasons where !labelled.contains(source) {
            #expect(reason == nil || reason == .gatewayNoValidWitnesses, "\(source): \(String(describing: reason))")
        }
        // Reciprocity failures are a warm-up effect: a larger share of day-2 beacons is valid than of day-1.
        let dayTwo = Int(SimulationConfiguration().startMs) + 86_400_000
        func validShare(_ beacons: [BeaconReport]) -> Double {
            let valid = beacons.filter { verdicts.beaconReasons[$0.source?.description ?? ""] == .some(nil) }.count
            return Double(valid) / Double(max(beacons.count, 1))
        }
        let dayOne = validShare(run.beacons.filter { $0.receivedTimestampMs < dayTwo })
        let later = validShare(run.beacons.filter { $0.receivedTimestampMs >= dayTwo })
        #expect(later > dayOne, "valid share day 1 \(dayOne), day 2 \(later)")
    }

    @Test("a clean network has no labels, and every witness passes the regular checks")
    func cleanNetwork() throws {
        let run = try WrittenSimulation.make(SimulationConfiguration(hotspotCount: 500, days: 1, seed: 41))
        defer { run.remove() }
        #expect(run.faults.isEmpty)
        let verdicts = try Self.verify(run)
        #expect(verdicts.witnessFailedChecks.values.allSatisfy { $0.isEmpty })
        #expect(run.summary.witnessesPassingChecks > 0)
    }

    @Test("labels point at real lines whose content shows the fault")
    func labelContent() throws {
        let run = try WrittenSimulation.make(
            SimulationConfiguration(hotspotCount: 800, days: 1, seed: 51, faultRate: 0.3)
        )
        defer { run.remove() }
        let registry = Dictionary(uniqueKeysWithValues: run.hotspots.map { ($0.key, $0) })
        let beaconBySource = Dictionary(uniqueKeysWithValues: run.beacons.map { ($0.source?.description ?? "", $0) })
        let witnessBySource = Dictionary(uniqueKeysWithValues: run.witnesses.map { ($0.source?.description ?? "", $0) })
        let beaconByData = Dictionary(uniqueKeysWithValues: run.beacons.map { ($0.data, $0) })
        var earlierKeys: [PayloadBytes: Set<String>] = [:]
        var firstSeen: [String: Set<String>] = [:]  // source -> keys that reported the same beacon before it
        for witness in run.witnesses {
            firstSeen[witness.source?.description ?? ""] = earlierKeys[witness.data] ?? []
            earlierKeys[witness.data, default: []].insert(witness.pubKey)
        }
        var counted: [String: Int] = [:]
        for label in run.faults {
            let source = try #require(label["source"])
            let fault = try #require(label["fault"])
            counted[fault, default: 0] += 1
            if label["kind"] == "beacon" {
                #expect(source.hasPrefix("beacons.ndjson:"))
                let beacon = try #require(beaconBySource[source], "\(source) is not a beacon line")
                switch fault {
                case "unknown_beacon_key": #expect(registry[beacon.pubKey] == nil)
                case "extra_beacon", "location_spoof": #expect(registry[beacon.pubKey] != nil)
                default: Issue.record("unexpected beacon fault \(fault)")
                }
                continue
            }
            #expect(source.hasPrefix("witnesses.ndjson:"))
            let witness = try #require(witnessBySource[source], "\(source) is not a witness line")
            let beacon = try #require(beaconByData[witness.data])
            switch fault {
            case "off_frequency": #expect(abs(witness.frequencyHz - beacon.frequencyHz) > 100_000)
            case "late_witness": #expect(witness.receivedTimestampMs - beacon.receivedTimestampMs > 4_000)
            case "self_witness": #expect(witness.pubKey == beacon.pubKey)
            case "unknown_witness_key": #expect(registry[witness.pubKey] == nil)
            case "duplicate_witness": #expect(firstSeen[source]?.contains(witness.pubKey) == true)
            case "rssi_inflation", "too_close", "colluding_pair":
                #expect(registry[witness.pubKey] != nil && registry[beacon.pubKey] != nil)
            case "location_spoof":
                // A spoofer's report, or a report of a spoofer's beacon (possibly a beacon from an unregistered
                // device next to the spoofer, which every report then inherits).
                #expect(registry[witness.pubKey] != nil)
            default: Issue.record("unexpected witness fault \(fault)")
            }
        }
        #expect(counted.count >= 9, "fault kinds seen: \(counted)")
    }
}
