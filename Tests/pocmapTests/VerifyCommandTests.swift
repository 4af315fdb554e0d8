import Foundation
import Testing
import _PocMapTestSupport

/// `pocmap verify` end to end: the built binary on `Samples/`.
@Suite("pocmap verify")
struct VerifyCommandTests {
    static func temporaryDirectory(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-verify-cli-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func samplesArguments(out: URL, _ extra: [String] = []) -> [String] {
        [
            "verify", "--hotspots", TestPaths.samples("hotspots.csv").path, "--beacons",
            TestPaths.samples("beacons.ndjson").path, "--witnesses", TestPaths.samples("witnesses.ndjson").path,
            "--out", out.path,
        ] + extra
    }

    static func lines(_ url: URL) throws -> [[String: Any]] {
        try String(decoding: Data(contentsOf: url), as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("Samples: summary.json (wall time aside) matches the committed expectation")
    func samplesSummary() throws {
        let out = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try BinaryRunner.run(Self.samplesArguments(out: out, ["--reciprocity", "batch", "--quiet"]))
        #expect(result.status == 0, "\(result.stderr)")
        let summary = String(decoding: try Data(contentsOf: out.appendingPathComponent("summary.json")), as: UTF8.self)
        #expect(summary.contains("\"wall_time_s\": "))
        let stable = summary.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"wall_time_s\"") }.joined(separator: "\n")
        let expectation = TestPaths.fixtures.appendingPathComponent("expected/verify-samples.summary.json")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(stable.utf8).write(to: expectation)
        }
        let expected = String(decoding: try Data(contentsOf: expectation), as: UTF8.self)
        #expect(stable == expected)
        // The committed numbers are not circular: they agree with the files themselves.
        let verdicts = try Self.lines(out.appendingPathComponent("verdicts.ndjson"))
        #expect(verdicts.count == 1_217 + 3_928)
        #expect(expected.contains("\"holds\": true") && !expected.contains("\"holds\": false"))
        let hotspotRows = String(
            decoding: try Data(contentsOf: out.appendingPathComponent("hotspots.csv")),
            as: UTF8.self
        )
        .split(separator: "\n")
        #expect(hotspotRows.count == 301)
        #expect(
            hotspotRows.first?.hasPrefix("key,location,lat,lng,region,gain,elevation,active,density_scale,") == true
        )
    }

    @Test("Samples: every labelled fault gets its expected reason; clean links fail only by reciprocity warm-up")
    func samplesFaults() throws {
        let out = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try BinaryRunner.run(Self.samplesArguments(out: out, ["--reciprocity", "batch", "--quiet"]))
        #expect(result.status == 0, "\(result.stderr)")
        let verdicts = try Self.lines(out.appendingPathComponent("verdicts.ndjson"))
        var bySource: [String: [String: Any]] = [:]
        var beaconOfPoC: [String: String] = [:]
        for verdict in verdicts {
            let source = verdict["source"] as! String
            bySource[source] = verdict
            if verdict["kind"] as? String == "beacon" { beaconOfPoC[verdict["poc_id"] as! String] = source }
        }
        let faults = try Self.lines(TestPaths.samples("faults.ndjson"))
        var matched = 0
        for fault in faults {
            let source = fault["source"] as! String
            let actual = bySource[source]?["invalid_reason"] as? String
            #expect(actual == fault["expected_reason"] as? String, "\(source) \(fault["fault"]!)")
            if actual == fault["expected_reason"] as? String { matched += 1 }
        }
        #expect(matched == faults.count && faults.count == 198 + 1)
        // Clean links: witness reports neither labelled nor of a labelled beacon.
        let labelled = Set(faults.map { $0["source"] as! String })
        var clean = 0
        var rejected: [String: Int] = [:]
        for verdict in verdicts where verdict["kind"] as? String == "witness" {
            let source = verdict["source"] as! String
            guard !labelled.contains(source), let beacon = beaconOfPoC[verdict["poc_id"] as! String],
                !labelled.contains(beacon)
            else { continue }
            clean += 1
            if let reason = verdict["invalid_reason"] as? String { rejected[reason, default: 0] += 1 }
        }
        let warmUp: Set<String> = ["gateway_no_valid_beacons", "gateway_no_valid_witnesses"]
        let byRules = rejected.filter { !warmUp.contains($0.key) }
        print(
            "Samples clean links: \(clean); rejected \(rejected.values.reduce(0, +)) (\(rejected)); "
                + "rejected by a check other than reciprocity warm-up: \(byRules.values.reduce(0, +))"
        )
        #expect(clean > 3_000)
        #expect(byRules.isEmpty, "clean links rejected: \(byRules)")
    }

    @Test("--threads 1 and 2 write byte-identical files")
    func threadsIdentical() throws {
        let one = try Self.temporaryDirectory()
        let two = try Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: one)
            try? FileManager.default.removeItem(at: two)
        }
        #expect(try BinaryRunner.run(Self.samplesArguments(out: one, ["--threads", "1", "--quiet"])).status == 0)
        #expect(try BinaryRunner.run(Self.samplesArguments(out: two, ["--threads", "2", "--quiet"])).status == 0)
        for file in ["verdicts.ndjson", "rejects.ndjson", "hotspots.csv", "state.txt"] {
            #expect(
                try Data(contentsOf: one.appendingPathComponent(file))
                    == Data(contentsOf: two.appendingPathComponent(file)),
                "\(file)"
            )
        }
    }

    /// The SHA-256 of a file, in hex, by coreutils' `sha256sum` (an implementation independent of the project's).
    static func sha256(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: output, as: UTF8.self).prefix(64))
    }

    /// Guards the performance work on the verify pipeline (keys resolved on the parser threads, the key index,
    /// the density schedule): the outputs of a simulated day must stay byte-identical to those recorded with the
    /// implementation before it. `expected/verify-sim1000.sha256` was written by `sha256sum` on the outputs of that
    /// earlier binary; `RECORD_SNAPSHOTS=1` rewrites it (only after a deliberate change of the verdicts or of the
    /// simulator).
    @Test(
        "simulated day (1 000 hotspots, faults 0.05): outputs byte-identical to the recorded digests",
        arguments: [1, 2]
    )
    func simulatedDayDigests(threads: Int) throws {
        let data = try Self.temporaryDirectory()
        let out = try Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: out)
        }
        let simulated = try BinaryRunner.run([
            "simulate", "--out", data.path, "--hotspots", "1000", "--days", "1", "--seed", "23", "--faults", "0.05",
            "--quiet",
        ])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let verified = try BinaryRunner.run([
            "verify", "--hotspots", data.appendingPathComponent("hotspots.csv").path, "--beacons",
            data.appendingPathComponent("beacons.ndjson").path, "--witnesses",
            data.appendingPathComponent("witnesses.ndjson").path, "--out", out.path, "--reciprocity", "batch",
            "--threads", String(threads), "--quiet",
        ])
        #expect(verified.status == 0, "\(verified.stderr)")
        let files = ["verdicts.ndjson", "rejects.ndjson", "hotspots.csv", "state.txt"]
        var digests = ""
        for file in files { digests += "\(try Self.sha256(out.appendingPathComponent(file)))  \(file)\n" }
        let expectation = TestPaths.fixtures.appendingPathComponent("expected/verify-sim1000.sha256")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(digests.utf8).write(to: expectation)
        }
        #expect(digests == String(decoding: try Data(contentsOf: expectation), as: UTF8.self))
        // Not a vacuous comparison: the day has thousands of verdicts, valid and invalid.
        let verdicts = try String(
            decoding: Data(contentsOf: out.appendingPathComponent("verdicts.ndjson")),
            as: UTF8.self
        )
        #expect(verdicts.split(separator: "\n").count == 4_052 + 20_975)
        #expect(verdicts.contains("\"status\":\"valid\"") && verdicts.contains("\"status\":\"invalid\""))
    }

    @Test("--state chains runs; without history reciprocity is 'not checked'")
    func stateChaining() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("chain.state").path
        let first = try BinaryRunner.run(
            Self.samplesArguments(out: dir.appendingPathComponent("a"), ["--state", state, "--state-out", state])
        )
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("does not exist yet"))
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: state)), as: UTF8.self)
        #expect(text.hasPrefix("# pocmap verifier state v1\n"))
        // Verifying the same day again with that state: each hotspot's first beacon falls in a 6-hour slot at or
        // before the stored last beacon, so it is irregular_interval (and, as in Helium, that attempt moves
        // last_beacon back, so its later beacons of the day pass the schedule again).
        let second = try BinaryRunner.run(
            Self.samplesArguments(out: dir.appendingPathComponent("b"), ["--state", state, "--quiet"])
        )
        #expect(second.status == 0, "\(second.stderr)")
        var firstReason: [String: String] = [:]
        for beacon in try Self.lines(dir.appendingPathComponent("b/verdicts.ndjson"))
        where beacon["kind"] as? String == "beacon" {
            let key = beacon["pub_key"] as! String
            if firstReason[key] == nil { firstReason[key] = beacon["invalid_reason"] as? String ?? "valid" }
        }
        let registered = firstReason.values.filter { $0 != "gateway_not_found" }
        #expect(registered.count == 300)
        #expect(registered.allSatisfy { $0 == "irregular_interval" })
        let plain = try BinaryRunner.run(Self.samplesArguments(out: dir.appendingPathComponent("c"), ["--quiet"]))
        #expect(plain.status == 0)
        let summary = String(
            decoding: try Data(contentsOf: dir.appendingPathComponent("c/summary.json")),
            as: UTF8.self
        )
        #expect(summary.contains("\"status\": \"not checked\",\n      \"why_not\": \"no history"))
        #expect(!summary.contains("gateway_no_valid"))
    }

    @Test("bad input: a denylist line is named FILE:LINE and exits 2; missing flags exit 2")
    func badInput() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deny = dir.appendingPathComponent("deny.txt")
        try Data("good\na,b,c\n".utf8).write(to: deny)
        let result = try BinaryRunner.run(
            Self.samplesArguments(out: dir.appendingPathComponent("o"), ["--deny", deny.path])
        )
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(deny.path):2: "))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o/verdicts.ndjson").path))
        #expect(try BinaryRunner.run(["verify", "--hotspots", "x.csv"]).status == 2)
        let missing = try BinaryRunner.run(
            [
                "verify", "--hotspots", dir.appendingPathComponent("none.csv").path, "--beacons", "b.ndjson",
                "--witnesses",
                "w.ndjson", "--out", dir.appendingPathComponent("o").path,
            ]
        )
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.csv"))
    }
}
