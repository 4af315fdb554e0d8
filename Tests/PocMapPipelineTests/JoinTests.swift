import PocMapCore
import PocMapIO
import Testing
import _PocMapTestSupport

@testable import PocMapPipeline

/// The streaming join of FORMATS §1.3, checked on hand-made cases and against a brute-force nearest join.
@Suite("verify: join")
struct JoinTests {
    static func data(_ n: Int) -> PayloadBytes { PayloadBytes((0..<51).map { UInt8(truncatingIfNeeded: $0 + n * 13) }) }

    static func beacon(_ ms: Int, _ n: Int, line: Int) -> BeaconReport {
        BeaconReport(
            pubKey: "b\(line)",
            receivedTimestampMs: ms,
            data: data(n),
            frequencyHz: 904_100_000,
            txPowerDBm: 27,
            source: SourceLocation(file: "b", line: line)
        )
    }

    static func witness(_ ms: Int, _ n: Int, line: Int) -> WitnessReport {
        WitnessReport(
            pubKey: "w\(line)",
            receivedTimestampMs: ms,
            data: data(n),
            signalDeciDBm: -1100,
            frequencyHz: 904_100_000,
            source: SourceLocation(file: "w", line: line)
        )
    }

    /// Runs the joiner the way the job does (beacons ahead by a window), returning beacon line → witness lines,
    /// the evaluation order and the unmatched witness lines. With `joinKeys`, witnesses go in as whole chunks with
    /// the join keys a reader gathers (and a rejected line in each chunk), as in `pocmap verify` on NDJSON.
    static func join(
        beacons: [BeaconReport],
        witnesses: [WitnessReport],
        window: Int64 = 300_000,
        slack: Int64? = 300_000,
        chunk: Int = 3,
        joinKeys: Bool = false
    ) throws -> (joined: [Int: [Int]], order: [Int], unmatched: [Int]) {
        var joiner = PoCJoiner(windowMs: window, slackMs: slack)
        var joined: [Int: [Int]] = [:]
        var order: [Int] = []
        var unmatched: [Int] = []
        var nextBeacon = 0
        var nextWitness = 0
        while !(joiner.beaconsDone && joiner.witnessesDone) {
            if joiner.wantsBeacons() {
                if nextBeacon == beacons.count { joiner.finishBeacons() }
                for beacon in beacons[nextBeacon..<min(nextBeacon + chunk, beacons.count)] {
                    try joiner.add(beacon: beacon, hotspot: nil, inputIndex: nextBeacon)
                    nextBeacon += 1
                }
            } else {
                if nextWitness == witnesses.count { joiner.finishWitnesses() }
                let next = witnesses[nextWitness..<min(nextWitness + chunk, witnesses.count)]
                if joinKeys && !next.isEmpty {
                    var items = next.map { ReadResult<WitnessReport>.record($0) }
                    items.insert(
                        .reject(Reject(source: SourceLocation(file: "w", line: 0), error: "bad", text: "")),
                        at: 1
                    )
                    var keys = PayloadJoinKeys()
                    for item in items {
                        if let report = item.record {
                            keys.append(receivedMs: report.receivedTimestampMs, payload: report.data)
                        } else {
                            keys.appendMissing()
                        }
                    }
                    var rejects: [Reject] = []
                    try joiner.add(
                        witnesses: items,
                        hotspots: items.map { _ in nil },
                        joinKeys: keys,
                        rejects: &rejects
                    )
                    #expect(rejects.map(\.error) == ["bad"])
                } else {
                    for witness in next { try joiner.add(witness: witness, hotspot: nil) }
                }
                nextWitness = next.endIndex
            }
            try joiner.drain(
                ready: { poc in
                    let line = poc.beacon.source?.line ?? -1
                    order.append(line)
                    joined[line] = poc.witnesses.map { $0.source?.line ?? -1 }
                },
                unmatched: { report, _ in unmatched.append(report.source?.line ?? -1) }
            )
        }
        return (joined, order, unmatched)
    }

    @Test("a witness exactly one window away joins; one millisecond more does not")
    func windowBoundary() throws {
        let beacons = [Self.beacon(1_000_000, 1, line: 1)]
        let witnesses = [
            Self.witness(1_000_000 - 300_000, 1, line: 1),
            Self.witness(1_000_000 + 300_000, 1, line: 2),
            Self.witness(1_000_000 + 300_001, 1, line: 3),
        ]
        let result = try Self.join(beacons: beacons, witnesses: witnesses)
        #expect(result.joined[1] == [1, 2])
        #expect(result.unmatched == [3])
    }

    @Test("a witness received before its beacon (the lag rule allows it) joins that beacon")
    func witnessBeforeBeacon() throws {
        let result = try Self.join(
            beacons: [Self.beacon(10_000_000, 7, line: 1)],
            witnesses: [Self.witness(10_000_000 - 1_400, 7, line: 1), Self.witness(10_000_000 + 900, 7, line: 2)]
        )
        #expect(result.joined[1] == [1, 2])
        #expect(result.unmatched.isEmpty)
    }

    @Test("two beacons with one payload: each witness joins the nearer; at equal distance the earlier beacon")
    func nearestOfTwo() throws {
        let beacons = [Self.beacon(1_000_000, 3, line: 1), Self.beacon(1_100_000, 3, line: 2)]
        let witnesses = [
            Self.witness(1_040_000, 3, line: 1),  // 40 s from the first, 60 s from the second
            Self.witness(1_050_000, 3, line: 2),  // a tie: the first beacon
            Self.witness(1_060_000, 3, line: 3),  // nearer the second
            Self.witness(1_390_000, 3, line: 4),  // only the second is within the window
        ]
        let result = try Self.join(beacons: beacons, witnesses: witnesses)
        #expect(result.joined[1] == [1, 2])
        #expect(result.joined[2] == [3, 4])
        #expect(result.order == [1, 2])
    }

    @Test("a witness with a payload no beacon has is unmatched; beacons without witnesses still come out")
    func unmatched() throws {
        let result = try Self.join(
            beacons: [Self.beacon(5_000_000, 1, line: 1)],
            witnesses: [Self.witness(5_000_100, 2, line: 1), Self.witness(5_000_200, 1, line: 2)]
        )
        #expect(result.joined[1] == [2])
        #expect(result.unmatched == [1])
    }

    @Test("PoCs come out in ascending beacon time, ties in input order, for mildly unsorted beacons")
    func evaluationOrder() throws {
        let beacons = [
            Self.beacon(2_000_000, 1, line: 1), Self.beacon(1_990_000, 2, line: 2), Self.beacon(2_000_000, 3, line: 3),
            Self.beacon(9_000_000, 4, line: 4),
        ]
        let result = try Self.join(beacons: beacons, witnesses: [])
        #expect(result.order == [2, 1, 3, 4])
    }

    @Test("a witness later than the slack allows names its line")
    func lateWitnessNamesItsLine() throws {
        let beacons = (0..<10).map { Self.beacon(1_000_000 + $0 * 3_600_000, $0, line: $0 + 1) }
        var witnesses = beacons.enumerated().map { Self.witness($1.receivedTimestampMs + 500, $0, line: $0 + 1) }
        witnesses.append(Self.witness(1_000_000, 0, line: 11))  // 9 h after beacons up to then were verified
        for joinKeys in [false, true] {
            #expect {
                _ = try Self.join(beacons: beacons, witnesses: witnesses, chunk: 4, joinKeys: joinKeys)
            } throws: { error in
                let violation = error as? JoinOrderViolation
                return violation?.source == "w:11"
                    && violation?.detail.contains("witness received at 1000000 ms") == true
            }
        }
    }

    @Test("input out of order beyond the slack is detected; unbounded mode joins it exactly")
    func outOfOrder() throws {
        var beacons = (0..<20).map { Self.beacon(1_000_000 + $0 * 3_600_000, $0, line: $0 + 1) }
        beacons.swapAt(2, 17)  // a beacon 15 h early
        let witnesses = beacons.sorted { $0.receivedTimestampMs < $1.receivedTimestampMs }.enumerated().map {
            Self.witness($1.receivedTimestampMs + 500, $1.source!.line - 1, line: $0 + 1)
        }
        #expect(throws: JoinOrderViolation.self) {
            _ = try Self.join(beacons: beacons, witnesses: witnesses)
        }
        let exact = try Self.join(beacons: beacons, witnesses: witnesses, slack: nil)
        #expect(exact.unmatched.isEmpty)
        #expect(exact.joined.values.allSatisfy { $0.count == 1 })
        #expect(
            exact.order == beacons.sorted { $0.receivedTimestampMs < $1.receivedTimestampMs }.map { $0.source!.line }
        )
    }

    @Test("random sorted inputs: the streaming join equals a brute-force nearest join", arguments: [1, 2, 3, 4])
    func matchesBruteForce(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var beacons: [BeaconReport] = []
        var time = 1_000_000
        for line in 1...300 {
            time += Int(random.next() % 40_000)
            // Few payloads so that beacons often share one.
            beacons.append(Self.beacon(time, Int(random.next() % 40), line: line))
        }
        var raw: [(Int, Int)] = []
        for beacon in beacons {
            for _ in 0..<Int(random.next() % 4) {
                let offset = Int(random.next() % 700_000) - 350_000
                raw.append((beacon.receivedTimestampMs + offset, Int(random.next() % 40)))
            }
        }
        raw.sort { $0.0 < $1.0 }
        let witnesses = raw.enumerated().map { Self.witness($1.0, $1.1, line: $0 + 1) }

        var expected: [Int: [Int]] = [:]
        var expectedUnmatched: [Int] = []
        for witness in witnesses {
            var best: BeaconReport?
            for beacon in beacons where beacon.data == witness.data {
                let distance = abs(beacon.receivedTimestampMs - witness.receivedTimestampMs)
                guard distance <= 300_000 else { continue }
                if let current = best {
                    let currentDistance = abs(current.receivedTimestampMs - witness.receivedTimestampMs)
                    if distance < currentDistance
                        || (distance == currentDistance && beacon.receivedTimestampMs < current.receivedTimestampMs)
                    {
                        best = beacon
                    }
                } else {
                    best = beacon
                }
            }
            if let best {
                expected[best.source!.line, default: []].append(witness.source!.line)
            } else {
                expectedUnmatched.append(witness.source!.line)
            }
        }
        for chunk in [1, 7, 50] {
            let result = try Self.join(beacons: beacons, witnesses: witnesses, chunk: chunk)
            #expect(result.joined.filter { !$0.value.isEmpty } == expected)
            #expect(result.unmatched == expectedUnmatched)
            #expect(result.order == Array(1...300))
            let unbounded = try Self.join(beacons: beacons, witnesses: witnesses, slack: nil, chunk: chunk)
            #expect(unbounded.joined.filter { !$0.value.isEmpty } == expected)
            #expect(unbounded.unmatched == expectedUnmatched)
            let chunked = try Self.join(beacons: beacons, witnesses: witnesses, chunk: chunk, joinKeys: true)
            #expect(chunked.joined.filter { !$0.value.isEmpty } == expected)
            #expect(chunked.unmatched == expectedUnmatched)
            #expect(chunked.order == Array(1...300))
        }
    }
}
