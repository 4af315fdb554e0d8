import Foundation
import PocMapCore
import PocMapIO
import Testing
import _PocMapTestSupport

@testable import PocMapPipeline

@Suite("verify: job")
struct VerifyJobTests {
    @Test("verdict lines carry the FORMATS §2.1 fields in order, beacons in input order each followed by its witnesses")
    func verdictFields() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let a = payload(1)
        let b = payload(2)
        let (_, verdicts) = try runSmall(
            scratch,
            beacons: [beaconLine("alpha", 1_700_000_000_000, a), beaconLine("bravo", 1_700_000_010_000, b)],
            witnesses: [
                witnessLine("charlie", 1_700_000_000_500, a), witnessLine("delta", 1_700_000_010_300, b),
                witnessLine("echo", 1_700_000_000_700, a),
            ]
        )
        #expect(
            verdicts.map { $0["source"] as? String } == [
                "beacons.ndjson:1", "witnesses.ndjson:1", "witnesses.ndjson:3", "beacons.ndjson:2",
                "witnesses.ndjson:2",
            ]
        )
        let text = try scratch.read("out/verdicts.ndjson")
        let witnessLineText = try #require(text.split(separator: "\n").dropFirst().first)
        let keys = [
            "kind", "poc_id", "pub_key", "received_timestamp", "source", "status", "location", "hex_scale",
            "reward_unit", "participant_side", "selected", "distance_m", "rssi_dbm", "max_rssi_dbm",
            "rssi_margin_db", "frequency_offset_hz", "grid_distance_res11",
        ]
        var position = witnessLineText.startIndex
        for key in keys {
            let range = try #require(
                witnessLineText.range(of: "\"\(key)\":", range: position..<witnessLineText.endIndex)
            )
            position = range.upperBound
        }
        // Without history, reciprocity is not checked, so these clean links are valid.
        let witness = verdicts[1]
        #expect(witness["status"] as? String == "valid")
        #expect(witness["invalid_reason"] == nil)
        #expect(witness["rssi_dbm"] as? Double == -110.0)
        #expect(witness["selected"] as? Bool == true)
        let digest = SHA256Hasher.hash(PayloadBytes(Data(base64Encoded: a)!)).hexString
        #expect(witness["poc_id"] as? String == digest)
        #expect(verdicts[0]["poc_id"] as? String == digest)
        let distance = try #require(witness["distance_m"] as? Int)
        #expect((1_500...2_000).contains(distance))  // alpha → charlie: 0.0193° of longitude at 38.72° N ≈ 1.67 km
        let bound = try #require(witness["max_rssi_dbm"] as? Double)
        let margin = try #require(witness["rssi_margin_db"] as? Double)
        #expect(abs(margin - (bound + 110.0)) < 0.0015)
    }

    @Test("a beacon repeating an earlier beacon's payload is duplicate_beacon and its witnesses inherit it")
    func duplicateBeacon() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let a = payload(5)
        let (report, verdicts) = try runSmall(
            scratch,
            beacons: [beaconLine("alpha", 1_700_000_000_000, a), beaconLine("bravo", 1_700_000_100_000, a)],
            witnesses: [witnessLine("charlie", 1_700_000_000_400, a), witnessLine("delta", 1_700_000_100_300, a)]
        )
        #expect(report.accountingHolds)
        #expect(verdicts[0]["status"] as? String == "valid")
        #expect(verdicts[2]["kind"] as? String == "beacon")
        #expect(verdicts[2]["invalid_reason"] as? String == "duplicate_beacon")
        #expect(verdicts[3]["invalid_reason"] as? String == "duplicate_beacon")
        #expect(verdicts[3]["participant_side"] as? String == "beaconer")
        let summary = try scratch.read("out/summary.json")
        #expect(summary.contains(#""duplicate_beacons": 1"#))
    }

    @Test("denylist: a denied key, a denied pair in either order; a bad line names FILE:LINE")
    func denylist() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("deny.txt", "# test list\nbravo\n\n  echo , alpha \n")
        let denylist = try DenylistFile.load(path: scratch.path("deny.txt"))
        #expect(denylist.keys == ["bravo"])
        #expect(denylist.containsEdge("alpha", "echo"))
        #expect(denylist.tag == "deny.txt")
        let a = payload(1)
        let b = payload(2)
        let (_, verdicts) = try runSmall(
            scratch,
            beacons: [beaconLine("alpha", 1_700_000_000_000, a), beaconLine("bravo", 1_700_000_010_000, b)],
            witnesses: [
                witnessLine("echo", 1_700_000_000_500, a), witnessLine("charlie", 1_700_000_000_600, a),
                witnessLine("delta", 1_700_000_010_300, b),
            ]
        ) { options in
            options.denylist = denylist
            options.denylistPath = scratch.path("deny.txt")
        }
        #expect(verdicts[1]["invalid_reason"] as? String == "denied_edge")
        #expect(verdicts[1]["denylist_tag"] as? String == "deny.txt")
        #expect(verdicts[2]["status"] as? String == "valid")
        #expect(verdicts[3]["invalid_reason"] as? String == "denied")
        #expect(verdicts[4]["invalid_reason"] as? String == "denied")
        #expect(verdicts[4]["participant_side"] as? String == "beaconer")

        for (text, line, fragment) in [
            ("a\nb,c,d\n", 2, "3 comma-separated"), ("ok\n,x\n", 2, "empty key"), ("x y\n", 1, "space"),
            ("k,k\n", 1, "two different keys"),
        ] {
            #expect {
                _ = try DenylistFile.parse(Array(text.utf8), file: "d.txt", tag: "t")
            } throws: { error in
                guard let failure = error as? DenylistFileError else { return false }
                return failure.line == line && failure.description.hasPrefix("d.txt:\(line): ")
                    && failure.message.contains(fragment)
            }
        }
        #expect(throws: DenylistFileError.self) {
            _ = try DenylistFile.parse([0x61, 0xFF, 0x0A], file: "d.txt", tag: "t")
        }
    }

    @Test("malformed lines go to rejects.ndjson and the accounting invariant holds per file")
    func accountingWithMalformedLines() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let a = payload(1)
        let (report, verdicts) = try runSmall(
            scratch,
            beacons: [
                beaconLine("alpha", 1_700_000_000_000, a), "{not json", #"{"pub_key":"x"}"#,
                beaconLine("ghost", 1_700_000_020_000, payload(9)),
            ],
            witnesses: [
                witnessLine("charlie", 1_700_000_000_500, a), #"{"pub_key":"bravo","received_timestamp":"soon"}"#,
                witnessLine("delta", 1_700_000_000_600, a, frequency: -5), "",
                witnessLine("echo", 1_700_000_050_000, payload(77)),
            ]
        )
        #expect(report.accountingHolds)
        #expect(report.rejected == 4)
        let rejects = try jsonLines(try scratch.read("out/rejects.ndjson"))
        #expect(
            rejects.map { $0["source"] as? String } == [
                "beacons.ndjson:2", "beacons.ndjson:3", "witnesses.ndjson:2", "witnesses.ndjson:3",
            ]
        )
        #expect(verdicts.count == 2 + 2)  // 2 beacons, 1 joined witness, 1 unmatched witness
        #expect(verdicts.last?["invalid_reason"] as? String == "no_matching_beacon")
        #expect(verdicts.last?["participant_side"] as? String == "none")
        #expect(verdicts[2]["invalid_reason"] as? String == "gateway_not_found")
        let summary = try scratch.read("out/summary.json")
        #expect(summary.contains(#""holds": true"#))
        #expect(!summary.contains(#""holds": false"#))

        // The check itself: a mismatch fails with the numbers.
        var counts = VerifyCounts(
            hotspots: FileCounters(file: "h"),
            beacons: FileCounters(file: "b"),
            witnesses: FileCounters(file: "w"),
            hotspotRows: 0,
            duplicateHotspots: 0,
            hotspotRejectLines: 0,
            beaconRejectLines: 1,
            witnessRejectLines: 0
        )
        counts.beacons.recordsRead = 5
        var tally = VerifyTally(hotspotCount: 0)
        tally.beaconLines = 3
        let accounting = counts.accounting(tally: tally)
        #expect(!accounting.holds)
        #expect(accounting.message.contains("beacons: read 5 != 3 output lines + 1 reject lines"))
    }

    @Test("a run that fails midway leaves an output directory of older files intact and no temporary files")
    func atomicOutputs() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path("out"), withIntermediateDirectories: true)
        let old = ["verdicts.ndjson": "old verdicts\n", "summary.json": "{\"old\":true}\n", "hotspots.csv": "old\n"]
        for (name, text) in old { try scratch.write("out/" + name, text) }
        // A gzip witness file cut off in the middle: reading it fails after some records were verified.
        var lines: [String] = []
        for index in 0..<3_000 { lines.append(witnessLine("charlie", 1_700_000_000_000 + index * 100, payload(index))) }
        let gzipped = try Self.gzip(Data((lines.joined(separator: "\n") + "\n").utf8))
        try scratch.write("hotspots.csv", smallRegistry)
        try scratch.write("beacons.ndjson", beaconLine("alpha", 1_700_000_000_000, payload(0)) + "\n")
        try gzipped.prefix(gzipped.count * 2 / 3).write(to: scratch.url.appendingPathComponent("witnesses.ndjson.gz"))
        var options = scratch.options(out: "out")
        options.witnessesPath = scratch.path("witnesses.ndjson.gz")
        for threads in [1, 2] {
            options.threads = threads
            #expect(throws: VerifyFailure.self) { _ = try VerifyJob(options: options).run() }
            for (name, text) in old { #expect(try scratch.read("out/" + name) == text) }
            let listing = try FileManager.default.contentsOfDirectory(atPath: scratch.path("out")).sorted()
            #expect(listing == old.keys.sorted())
        }
        // OutputCommit directly: abort keeps old files; commit replaces them.
        let commit = try OutputCommit(directory: scratch.path("out"))
        try commit.create("summary.json").write("new\n")
        commit.abort()
        #expect(try scratch.read("out/summary.json") == old["summary.json"])
        let second = try OutputCommit(directory: scratch.path("out"))
        try second.create("summary.json").write("new\n")
        try second.commit()
        #expect(try scratch.read("out/summary.json") == "new\n")
    }

    static func gzip(_ data: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return result
    }
}

@Suite("verify: rewards")
struct VerifyRewardTests {
    @Test("--emissions: pools are 16 % / 64 % of E without data transfer; amounts are floored shares of the pool")
    func emissions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var options = VerifyOptions(
            hotspotsPath: TestPaths.samples("hotspots.csv").path,
            beaconsPath: TestPaths.samples("beacons.ndjson").path,
            witnessesPath: TestPaths.samples("witnesses.ndjson").path,
            outputDirectory: scratch.path("out")
        )
        let emissions: UInt64 = 1_000_000_000_000
        options.emissionsBones = emissions
        options.reciprocity = .batch
        _ = try VerifyJob(options: options).run()
        let summary = try scratch.read("out/summary.json")
        // 6 % + 20 % of the unused 50 % data-transfer pool, and 24 % + 80 % of it.
        #expect(summary.contains(#""beacon_pool_bones": 160000000000.000000000000000"#))
        #expect(summary.contains(#""witness_pool_bones": 640000000000.000000000000000"#))
        let rows = try scratch.read("out/rewards.csv").split(separator: "\n").dropFirst().map {
            $0.split(separator: ",")
        }
        #expect(rows.count > 100)
        let beaconBones = rows.reduce(UInt64(0)) { $0 + UInt64($1[5])! }
        let witnessBones = rows.reduce(UInt64(0)) { $0 + UInt64($1[6])! }
        #expect(beaconBones <= 160_000_000_000 && beaconBones > 160_000_000_000 - UInt64(rows.count))
        #expect(witnessBones <= 640_000_000_000 && witnessBones > 640_000_000_000 - UInt64(rows.count))
        // The shares in rewards.csv are those of hotspots.csv (one epoch here).
        var sharesByKey: [Substring: (Substring, Substring)] = [:]
        for row in try scratch.read("out/hotspots.csv").split(separator: "\n").dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            sharesByKey[fields[0]] = (fields[14], fields[15])
        }
        for row in rows {
            let expected = try #require(sharesByKey[row[2]])
            #expect(Double(row[3])! == Double(expected.0)!)
            #expect(Double(row[4])! == Double(expected.1)!)
        }
    }
}
