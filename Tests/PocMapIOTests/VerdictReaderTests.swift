import Foundation
import PocMapCore
import Testing

@testable import PocMapIO

private let pocA = "1f825aa2f0020ef7cf91dfa30da4668d791c5d4824fc8e41354b89ec05795ab3"
private let pocB = "2F825AA2F0020EF7CF91DFA30DA4668D791C5D4824FC8E41354B89EC05795AB3"

/// A beacon verdict line with raw JSON values; override or remove (nil) fields by name.
private func beaconVerdict(_ overrides: [String: String?] = [:]) -> String {
    jsonLine(
        [
            ("kind", #""beacon""#), ("poc_id", "\"\(pocA)\""), ("pub_key", #""beaconer-1""#),
            ("received_timestamp", "1675572018067"), ("source", #""b.ndjson:1""#), ("status", #""valid""#),
            ("location", #""8c1f91a4a8a09ff""#), ("hex_scale", "0.5000"), ("reward_unit", "0.7500"),
        ],
        overrides
    )
}

/// A witness verdict line with raw JSON values.
private func witnessVerdict(_ overrides: [String: String?] = [:]) -> String {
    jsonLine(
        [
            ("kind", #""witness""#), ("poc_id", "\"\(pocA)\""), ("pub_key", #""witness-1""#),
            ("received_timestamp", "1675572018100"), ("source", #""w.ndjson:7""#), ("status", #""valid""#),
            ("location", #""8c1f91a4a8a0bff""#), ("hex_scale", "0.5000"), ("reward_unit", "1.0000"),
            ("participant_side", #""none""#), ("selected", "true"), ("distance_m", "1234"), ("rssi_dbm", "-106.5"),
            ("max_rssi_dbm", "-60.25"), ("rssi_margin_db", "46.25"), ("frequency_offset_hz", "-200"),
            ("grid_distance_res11", "17"),
        ],
        overrides
    )
}

private func readVerdicts(_ lines: [String], name: String = "verdicts.ndjson") throws -> [ReadResult<VerdictRecord>] {
    try VerdictReader(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), name: name).readAll()
}

private func verdictError(_ line: String) throws -> String? {
    try readVerdicts([line]).first?.reject?.error
}

@Suite("Verdict reader")
struct VerdictReaderTests {
    @Test func everyFieldOfABeaconAndAWitnessIsRead() throws {
        let items = try readVerdicts([beaconVerdict(), witnessVerdict()])
        let beacon = try #require(items[0].record)
        #expect(beacon.kind == .beacon)
        #expect(beacon.pocID.hexString == pocA)
        #expect(beacon.pubKey == "beaconer-1")
        #expect(beacon.receivedTimestampMs == 1_675_572_018_067)
        #expect(beacon.source == "b.ndjson:1")
        #expect(beacon.status == .valid && beacon.invalidReason == nil)
        #expect(beacon.location?.description == "8c1f91a4a8a09ff")
        #expect(beacon.hexScale == Decimal4(tenThousandths: 5000))
        #expect(beacon.rewardUnit == Decimal4(tenThousandths: 7500))
        #expect(beacon.participantSide == nil && !beacon.selected && beacon.beaconer == nil)
        #expect(beacon.verdictSource == SourceLocation(file: "verdicts.ndjson", line: 1))
        #expect(beacon.earnsShare)

        let witness = try #require(items[1].record)
        #expect(witness.kind == .witness)
        #expect(witness.pubKey == "witness-1")
        #expect(witness.participantSide == ParticipantSide.none)
        #expect(witness.selected)
        #expect(witness.distanceMeters == 1234)
        #expect(witness.rssiDBm == -106.5)
        #expect(witness.maxRSSIDBm == -60.25)
        #expect(witness.rssiMarginDB == 46.25)
        #expect(witness.frequencyOffsetHz == -200)
        #expect(witness.gridDistanceRes11 == 17)
        #expect(witness.beaconer == "beaconer-1")
        #expect(witness.beaconerLocation?.description == "8c1f91a4a8a09ff")
        #expect(witness.verdictSource?.description == "verdicts.ndjson:2")
        #expect(witness.earnsShare)
    }

    @Test func invalidWitnessWithNullNumbers() throws {
        let line = witnessVerdict([
            "status": #""invalid""#, "invalid_reason": #""below_min_distance""#, "participant_side": #""witness""#,
            "selected": "false", "distance_m": "null", "max_rssi_dbm": "null", "rssi_margin_db": nil,
            "grid_distance_res11": "null", "hex_scale": "0", "reward_unit": "0.0",
        ])
        let witness = try #require(try readVerdicts([beaconVerdict(), line])[1].record)
        #expect(witness.status == .invalid && witness.invalidReason == .belowMinDistance)
        #expect(witness.participantSide == .witness)
        #expect(witness.distanceMeters == nil && witness.maxRSSIDBm == nil && witness.rssiMarginDB == nil)
        #expect(witness.gridDistanceRes11 == nil)
        #expect(witness.hexScale == .zero && witness.rewardUnit == .zero)
        #expect(!witness.earnsShare)
        #expect(witness.beaconer == "beaconer-1")  // an invalid witness still belongs to its PoC
    }

    @Test func beaconerIsTakenOnlyFromTheSamePoC() throws {
        let items = try readVerdicts([
            beaconVerdict(),
            witnessVerdict(),
            beaconVerdict(["poc_id": "\"\(pocB)\"", "pub_key": #""beaconer-2""#, "location": "null"]),
            witnessVerdict(["poc_id": "\"\(pocB)\"", "pub_key": #""witness-2""#]),
            // A witness of PoC A after PoC B's beacon: not B's witness.
            witnessVerdict(["pub_key": #""witness-3""#]),
            witnessVerdict([
                "poc_id": "\"\(pocB)\"", "status": #""invalid""#, "invalid_reason": #""no_matching_beacon""#,
                "participant_side": #""none""#, "selected": "false",
            ]),
        ])
        let records = items.compactMap(\.record)
        #expect(records.count == 6)
        #expect(records[1].beaconer == "beaconer-1")
        #expect(records[3].beaconer == "beaconer-2" && records[3].beaconerLocation == nil)
        #expect(records[2].pocID.hexString == pocB.lowercased())
        #expect(records[4].beaconer == nil)
        #expect(records[5].beaconer == nil)
    }

    @Test func beaconerSurvivesChunkBoundaries() throws {
        var lines = [beaconVerdict()]
        for index in 0..<25 { lines.append(witnessVerdict(["pub_key": "\"w\(index)\""])) }
        let reader = try VerdictReader(
            bytes: Array((lines.joined(separator: "\n") + "\n").utf8),
            name: "v.ndjson",
            options: ReaderOptions(chunkSize: 4)
        )
        var chunks = 0
        var witnesses: [VerdictRecord] = []
        while let chunk = try reader.nextChunk() {
            chunks += 1
            witnesses += chunk.records.filter { $0.kind == .witness }
        }
        #expect(chunks == 7)
        #expect(witnesses.count == 25 && witnesses.allSatisfy { $0.beaconer == "beaconer-1" })
        #expect(reader.counters.recordsRead == 26 && reader.counters.accountingHolds)
    }

    @Test(
        arguments: [
            (["kind": nil], "missing required field 'kind'"),
            (["kind": #""receipt""#], "field 'kind': 'receipt' is not one of 'beacon', 'witness'"),
            (["poc_id": #""abc""#], "field 'poc_id': 'abc' is not 64 hexadecimal digits"),
            (["poc_id": "\"\(String(pocA.dropLast()))g\""], "is not 64 hexadecimal digits"),
            (["poc_id": "12"], "field 'poc_id': expected a string, got a number"),
            (["pub_key": #""""#], "missing required field 'pub_key'"),
            (["received_timestamp": #""yesterday""#], "field 'received_timestamp': 'yesterday'"),
            (["received_timestamp": "-5"], "is not plausible"),
            (["source": nil], "missing required field 'source'"),
            (["status": #""ok""#], "field 'status': 'ok' is not one of 'valid', 'invalid'"),
            (["status": #""invalid""#], "missing required field 'invalid_reason' (the status is invalid)"),
            (["invalid_reason": #""stale""#], "a valid verdict has no reason, got 'stale'"),
            (
                ["status": #""invalid""#, "invalid_reason": #""bad_vibes""#],
                "field 'invalid_reason': unknown reason 'bad_vibes'"
            ),
            (["location": #""zz""#], "field 'location': 'zz' is not a valid H3 cell index"),
            (["hex_scale": nil], "missing required field 'hex_scale'"),
            (["hex_scale": "0.12345"], "expected a decimal with at most 4 places, got '0.12345'"),
            (["hex_scale": "1.5"], "field 'hex_scale': 1.5000 is not plausible (expected 0.0000 to 1.0000)"),
            (["reward_unit": "-0.25"], "field 'reward_unit': -0.2500 is not plausible"),
            (["reward_unit": "true"], "field 'reward_unit': expected a decimal number, got true"),
        ] as [([String: String?], String)]
    )
    func malformedBeaconLinesAreRejected(overrides: [String: String?], message: String) throws {
        let error = try #require(try verdictError(beaconVerdict(overrides)))
        #expect(error.contains(message), "\(error)")
    }

    @Test(
        arguments: [
            (["participant_side": nil], "missing required field 'participant_side'"),
            (["participant_side": #""both""#], "is not one of 'none', 'beaconer', 'witness'"),
            (["selected": nil], "missing required field 'selected'"),
            (["selected": #""yes""#], "field 'selected': expected true or false, got a string"),
            (
                ["status": #""invalid""#, "invalid_reason": #""stale""#],
                "field 'selected': an invalid witness cannot be selected"
            ),
            (["distance_m": "12.5"], "field 'distance_m': expected an integer, got '12.5'"),
            (["distance_m": "-1"], "field 'distance_m': -1 m is not plausible"),
            (["rssi_dbm": #""loud""#], "field 'rssi_dbm': expected a number, got a string"),
            (["rssi_dbm": "NaN"], "non-finite"),
            (["frequency_offset_hz": "1e400"], "field 'frequency_offset_hz'"),
        ] as [([String: String?], String)]
    )
    func malformedWitnessLinesAreRejected(overrides: [String: String?], message: String) throws {
        let error = try #require(try verdictError(witnessVerdict(overrides)))
        #expect(error.contains(message), "\(error)")
    }

    @Test func brokenLinesAreRejectedWithTheirLineAndReadingGoesOn() throws {
        let items = try readVerdicts([
            beaconVerdict(),
            #"{"kind":"witness","poc_id":"#,
            "",
            "not json at all",
            witnessVerdict(),
        ])
        #expect(items.count == 4)
        #expect(items[1].reject?.source == SourceLocation(file: "verdicts.ndjson", line: 2))
        #expect(items[1].reject?.error.hasPrefix("broken JSON") == true)
        #expect(items[2].reject?.source.line == 4)
        #expect(items[3].record?.beaconer == "beaconer-1")
        #expect(items[3].record?.verdictSource?.line == 5)
    }

    @Test func gzipAndAnyFileNameAreAccepted() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = [beaconVerdict(), witnessVerdict()].joined(separator: "\n") + "\n"
        let gzipped = try gzipWithTool(Array(text.utf8), in: directory)
        let path = directory.appendingPathComponent("verdicts.out").path
        try Data(gzipped).write(to: URL(fileURLWithPath: path))
        let reader = try VerdictReader(path: path)
        let records = try reader.readAll().compactMap(\.record)
        #expect(records.count == 2 && records[1].beaconer == "beaconer-1")
        #expect(reader.counters.isGzip && reader.format == .ndjson)
    }
}
