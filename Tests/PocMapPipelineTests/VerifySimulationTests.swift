import Foundation
import PocMapCore
import PocMapIO
import Testing
import _PocMapTestSupport

@testable import PocMapPipeline

@Suite("verify: simulated networks")
struct VerifySimulationTests {
    @Test("--threads 1 and 2, streaming and unbounded join: byte-identical outputs; summary differs only in wall time")
    func deterministicOutputs() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.simulate(SimulationConfiguration(hotspotCount: 600, days: 1, seed: 5, faultRate: 0.1))
        var runs: [(String, VerifyOptions)] = []
        for (name, threads, unordered) in [("t1", 1, false), ("t2", 2, false), ("t4", 4, false), ("u", 2, true)] {
            var options = scratch.options(out: name)
            options.threads = threads
            options.assumeUnordered = unordered
            options.reciprocity = .batch
            options.emissionsBones = 1_000_000_000_000
            if name == "t4" { options.chunkSizes = (37, 151) }
            runs.append((name, options))
        }
        for (_, options) in runs { _ = try VerifyJob(options: options).run() }
        for file in ["verdicts.ndjson", "rejects.ndjson", "hotspots.csv", "state.txt", "rewards.csv"] {
            let reference = try Data(contentsOf: URL(fileURLWithPath: scratch.path("t1/" + file)))
            #expect(!reference.isEmpty || file == "rejects.ndjson")
            for (name, _) in runs.dropFirst() {
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: scratch.path(name + "/" + file))) == reference,
                    "\(name)/\(file)"
                )
            }
        }
        func summary(_ name: String) throws -> String {
            try scratch.read(name + "/summary.json").split(separator: "\n")
                .filter { !$0.contains("wall_time_s") && !$0.contains("\"mode\"") }.joined(separator: "\n")
        }
        for (name, _) in runs.dropFirst() { #expect(try summary(name) == summary("t1")) }
    }

    @Test(
        "shuffled beacon lines: the out-of-order fallback gives the same verdict lines (in the new input order), with or without threads"
    )
    func shuffledInput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.simulate(SimulationConfiguration(hotspotCount: 300, days: 1, seed: 9, faultRate: 0.05))
        var sorted = scratch.options(out: "sorted")
        sorted.reciprocity = .batch
        sorted.chunkSizes = (50, 200)
        _ = try VerifyJob(options: sorted).run()

        var lines = try scratch.read("beacons.ndjson").split(separator: "\n").map(String.init)
        var random = SplitMix64(seed: 3)
        lines.shuffle(using: &random)
        try FileManager.default.createDirectory(atPath: scratch.path("shuffled"), withIntermediateDirectories: true)
        try scratch.write("shuffled/beacons.ndjson", lines.joined(separator: "\n") + "\n")
        var shuffled = sorted
        shuffled.beaconsPath = scratch.path("shuffled/beacons.ndjson")
        shuffled.outputDirectory = scratch.path("out-shuffled")
        let report = try VerifyJob(options: shuffled).run()
        #expect(report.usedUnboundedJoin)
        #expect(report.accountingHolds)
        // With threads, PoCs decided out of input order are held back and written in order all the same.
        var threaded = shuffled
        threaded.threads = 2
        threaded.outputDirectory = scratch.path("out-shuffled-threads")
        _ = try VerifyJob(options: threaded).run()
        #expect(
            try scratch.read("out-shuffled-threads/verdicts.ndjson") == scratch.read("out-shuffled/verdicts.ndjson")
        )

        // Same verdict per record, keyed by content (the beacon sources differ: their lines moved).
        func keyed(_ directory: String) throws -> [String: String] {
            var result: [String: String] = [:]
            for verdict in try jsonLines(try scratch.read(directory + "/verdicts.ndjson")) {
                let key =
                    "\(verdict["kind"]!)|\(verdict["pub_key"]!)|\(verdict["received_timestamp"]!)|\(verdict["poc_id"]!)"
                result[key, default: ""] +=
                    "\(verdict["status"]!)|\(verdict["invalid_reason"] ?? "-")|\(verdict["hex_scale"]!)|\(verdict["reward_unit"]!);"
            }
            return result
        }
        #expect(try keyed("out-shuffled") == keyed("sorted"))
        #expect(try scratch.read("out-shuffled/hotspots.csv") == scratch.read("sorted/hotspots.csv"))
    }

    @Test("state chains across days: day 2 verified with day 1's state gives the verdicts of one two-day run")
    func stateChaining() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let configuration = SimulationConfiguration(hotspotCount: 400, days: 2, seed: 12, faultRate: 0.05)
        _ = try scratch.simulate(configuration)
        var whole = scratch.options(out: "whole")
        whole.reciprocity = .batch
        _ = try VerifyJob(options: whole).run()

        // Split the logs by the day of each PoC's beacon (witnesses follow their beacon's payload).
        let dayTwo = Int(configuration.startMs) + 86_400_000
        let beaconLines = try scratch.read("beacons.ndjson").split(separator: "\n")
        var dayOfPayload: [String: Int] = [:]
        var beaconsByDay: [[Substring]] = [[], []]
        for line in beaconLines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let day = (object["received_timestamp"] as! Int) < dayTwo ? 0 : 1
            dayOfPayload[object["data"] as! String] = day
            beaconsByDay[day].append(line)
        }
        var witnessesByDay: [[Substring]] = [[], []]
        for line in try scratch.read("witnesses.ndjson").split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            witnessesByDay[dayOfPayload[object["data"] as! String] ?? 0].append(line)
        }
        #expect(!beaconsByDay[0].isEmpty && !beaconsByDay[1].isEmpty)
        for day in 0..<2 {
            let directory = "day\(day + 1)"
            try FileManager.default.createDirectory(atPath: scratch.path(directory), withIntermediateDirectories: true)
            try scratch.write(directory + "/hotspots.csv", scratch.read("hotspots.csv"))
            try scratch.write(directory + "/beacons.ndjson", beaconsByDay[day].joined(separator: "\n") + "\n")
            try scratch.write(directory + "/witnesses.ndjson", witnessesByDay[day].joined(separator: "\n") + "\n")
        }
        var first = scratch.options(in: "day1", out: "out1")
        first.reciprocity = .state
        first.statePath = scratch.path("out0/state.txt")
        first.initialState = try StateFile.loadIfPresent(path: scratch.path("out0/state.txt"))
        #expect(first.initialState == nil)
        _ = try VerifyJob(options: first).run()
        var second = scratch.options(in: "day2", out: "out2")
        second.reciprocity = .state
        second.statePath = scratch.path("out1/state.txt")
        second.initialState = try StateFile.loadIfPresent(path: scratch.path("out1/state.txt"))
        #expect(second.initialState != nil)
        _ = try VerifyJob(options: second).run()

        // The day-2 verdicts equal the two-day run's verdicts of the same records.
        func keyed(_ directory: String) throws -> [String: String] {
            var result: [String: String] = [:]
            for verdict in try jsonLines(try scratch.read(directory + "/verdicts.ndjson")) {
                let key =
                    "\(verdict["kind"]!)|\(verdict["pub_key"]!)|\(verdict["received_timestamp"]!)|\(verdict["poc_id"]!)"
                result[key, default: ""] +=
                    "\(verdict["status"]!)|\(verdict["invalid_reason"] ?? "-")|\(verdict["hex_scale"]!)|\(verdict["reward_unit"]!);"
            }
            return result
        }
        let wholeVerdicts = try keyed("whole")
        let dayTwoVerdicts = try keyed("out2")
        #expect(dayTwoVerdicts.count > 1_000)
        var mismatches = 0
        for (key, value) in dayTwoVerdicts where wholeVerdicts[key] != value { mismatches += 1 }
        #expect(mismatches == 0)
        // Reciprocity matters: without the state, day 2 alone differs (warm-up failures).
        var alone = scratch.options(in: "day2", out: "alone")
        alone.reciprocity = .batch
        _ = try VerifyJob(options: alone).run()
        let aloneVerdicts = try keyed("alone")
        #expect(aloneVerdicts.contains { wholeVerdicts[$0.key] != $0.value })
        // The final state of the chain is the two-day run's state.
        #expect(try scratch.read("out2/state.txt") == scratch.read("whole/state.txt"))
    }

    @Test("every labelled fault gets its expected reason; clean links are rejected only by reciprocity warm-up")
    func faultScoring() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.simulate(SimulationConfiguration(hotspotCount: 800, days: 1, seed: 77, faultRate: 0.2))
        var options = scratch.options(out: "out")
        options.reciprocity = .batch
        _ = try VerifyJob(options: options).run()
        var bySource: [String: [String: Any]] = [:]
        for verdict in try jsonLines(try scratch.read("out/verdicts.ndjson")) {
            bySource[verdict["source"] as! String] = verdict
        }
        let faults = try jsonLines(try scratch.read("faults.ndjson"))
        #expect(faults.count > 100)
        var mismatches: [String] = []
        for fault in faults {
            let source = fault["source"] as! String
            let actual = bySource[source]?["invalid_reason"] as? String
            if actual != fault["expected_reason"] as? String {
                mismatches.append(
                    "\(source) \(fault["fault"]!): expected \(fault["expected_reason"]!), got \(actual ?? "valid")"
                )
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(faults.count): \(mismatches.prefix(5))")
    }
}
