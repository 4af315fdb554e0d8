import Foundation
import PocMapCore
import PocMapIO
import PocMapMaps
import Testing
import _PocMapTestSupport

@testable import PocMapPipeline
@testable import PocMapRun

/// The library side of `pocmap run`: the commit protocol, cancellation, the summary and the helpers.
@Suite("RunJob", .serialized)
struct RunJobTests {
    static func samplesOptions(out: String) -> RunOptions {
        var options = RunOptions(
            hotspotsPath: TestPaths.samples("hotspots.csv").path,
            beaconsPath: TestPaths.samples("beacons.ndjson").path,
            witnessesPath: TestPaths.samples("witnesses.ndjson").path,
            outputDirectory: out
        )
        options.maxRasterPixels = 2_000_000  // a coarse raster keeps the test quick
        return options
    }

    @Test("A cancelled run (during verify, or before it) throws .cancelled and leaves the directory as it was")
    func cancellation() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("summary.json", "previous\n")
        try scratch.write("verdicts.ndjson", "previous verdicts\n")
        let cancellation = RunCancellation()
        var options = Self.samplesOptions(out: scratch.url.path)
        options.cancellation = cancellation
        let stages = StageLog()
        options.progress = { event in
            stages.add(event.stage)
            // Cancel at the first verify event: the verify loop sees it at its first chunk.
            if event.stage == .verify { cancellation.cancel() }
        }
        #expect(throws: RunFailure.self) { try RunJob(options: options).run() }
        do {
            _ = try RunJob(options: options).run()
        } catch {
            guard case .cancelled = error else {
                Issue.record("expected .cancelled, got \(error)")
                return
            }
        }
        #expect(stages.all.allSatisfy { $0 == .verify }, "stopped inside verify: \(stages.all)")
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        #expect(names == ["summary.json", "verdicts.ndjson"], "no staging directory, nothing new: \(names)")
        #expect(try scratch.read("summary.json") == "previous\n")
        #expect(try scratch.read("verdicts.ndjson") == "previous verdicts\n")
    }

    @Test("A finished run: the summary extends verify's, stages in order, stale files and staging leftovers removed")
    func completeRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Leftovers: an output the new set does not have (pools.csv), and the staging directory of a dead process.
        try scratch.write("pools.csv", "stale\n")
        try scratch.write("notes.txt", "the user's own file\n")
        let deadStaging = scratch.path(".pocmap-run-999999999.partial")
        try FileManager.default.createDirectory(atPath: deadStaging, withIntermediateDirectories: true)
        try scratch.write(".pocmap-run-999999999.partial/verdicts.ndjson", "half")
        let stages = StageLog()
        var options = Self.samplesOptions(out: scratch.url.path)
        options.progress = { event in if event.finished { stages.add(event.stage) } }
        let report = try RunJob(options: options).run()
        // density and rewards run beside the map (two threads), so only verify's place is fixed.
        #expect(stages.all.first == .verify)
        #expect(Set(stages.all) == [.verify, .density, .rewards, .map])
        #expect(stages.all.count == 4)
        #expect(stages.all.firstIndex(of: .density) ?? 9 < stages.all.firstIndex(of: .rewards) ?? -1)
        #expect(report.files.last == "summary.json")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path))
        #expect(names == Set(report.files + ["notes.txt"]), "\(names.sorted())")
        #expect(!names.contains("pools.csv"))
        #expect(try scratch.read("notes.txt") == "the user's own file\n")

        // The verify summary's members are kept (wall_time_s moves into metadata), the command is "run".
        let summary = try scratch.read("summary.json")
        #expect(summary == report.summaryJSON)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "run")
        #expect(object["wall_time_s"] == nil)
        for key in [
            "inputs", "accounting", "totals", "reasons", "checks", "density", "state", "rewards", "time_range",
            "density_csv", "reward_tables", "map", "files", "metadata",
        ] {
            #expect(object[key] != nil, "\(key)")
        }
        let keys = try #require(Self.topLevelKeys(summary))
        #expect(keys.last == "metadata", "metadata is the one last member")
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["beacons"] as? Int == report.verify.beacons)
        let map = try #require(object["map"] as? [String: Any])
        #expect(map["map_cells"] as? Int == report.map.mapCells)
        #expect(map["pixel_size"] as? Double != nil, "a pixel size was chosen for the spread-out sample network")
        let rewards = try #require(object["reward_tables"] as? [String: Any])
        #expect(rewards["rows"] as? Int == report.rewardRows)
        // The reward tables' share totals equal the per-epoch shares the verify stage summed on its own.
        let epochs = try #require((object["rewards"] as? [String: Any])?["epochs"] as? [[String: Any]])
        let verifyBeaconShares = epochs.compactMap { $0["beacon_shares"] as? Double }.reduce(0, +)
        #expect(abs((rewards["total_beacon_shares"] as? Double ?? -1) - verifyBeaconShares) < 1e-6)
    }

    @Test("The verify summary splice: command renamed, wall time dropped, members appended in order")
    func summarySplice() throws {
        let verify =
            "{\n  \"pocmap_version\": \"1\",\n  \"command\": \"verify\",\n  \"totals\": {\n    \"a\": 1\n  },\n"
            + "  \"wall_time_s\": 0.123\n}\n"
        #expect(RunSummary.lastInputMilliseconds(verifySummary: "  \"last_ms\": 1685577697856,\n") == 1_685_577_697_856)
        #expect(RunSummary.lastInputMilliseconds(verifySummary: verify) == nil)
        var text = Array(verify.utf8)
        let wall = try #require(RunSummary.lastIndex(of: ",\n  \"wall_time_s\": ", in: text))
        text.removeSubrange(wall...)
        #expect(String(decoding: text, as: UTF8.self).hasSuffix("\"a\": 1\n  }"))
        // "{\n" (2) + the version line (25) + two spaces: the key starts at byte 29.
        #expect(RunSummary.firstIndex(of: "\"command\"", in: Array(verify.utf8)) == 29)
        #expect(RunSummary.firstIndex(of: "absent", in: Array(verify.utf8)) == nil)
    }

    @Test("Automatic raster pixel: the default for a city, doubled for a continent-wide network, antimeridian aware")
    func rasterPixel() throws {
        func hotspots(_ points: [(Double, Double)]) throws -> [Hotspot] {
            try points.enumerated().map { index, point in
                Hotspot(
                    key: "k\(index)",
                    location: try H3.latLngToCell(
                        LatLng(
                            latitudeDegrees: point.0,
                            longitudeDegrees: point.1
                        ),
                        resolution: 12
                    )
                )
            }
        }
        let options = MapJobOptions(verdictsPath: "v", hotspotPaths: [], outputDirectory: "o", resolution: 8)
        let base = CoverageRasterWriter.defaultPixelSize(resolution: 8, geographic: true)
        let city = try hotspots([(52.50, 13.40), (52.55, 13.45)])
        #expect(RunRasterPlan.pixelSize(hotspots: city, options: options, maxPixels: 16_000_000) == base)
        let world = try hotspots([(60, -120), (-35, 150), (50, 10)])
        let pixel = try #require(RunRasterPlan.pixelSize(hotspots: world, options: options, maxPixels: 16_000_000))
        #expect(pixel > base)
        #expect((360 / pixel) * (99 / pixel) <= 16_000_000)
        #expect((360 / (pixel / 2)) * (99 / (pixel / 2)) > 16_000_000, "the smallest power-of-two step that fits")
        // Fiji on both sides of the antimeridian is a small network, not a global one.
        let fiji = try hotspots([(-17.8, 179.9), (-17.9, -179.9)])
        #expect(RunRasterPlan.pixelSize(hotspots: fiji, options: options, maxPixels: 16_000_000) == base)
        var fixed = options
        fixed.pixelSize = 0.01
        #expect(RunRasterPlan.pixelSize(hotspots: world, options: fixed, maxPixels: 16_000_000) == nil)
    }

    @Test("Input estimate: exact for a small file, proportional for a large one, unknown for gzip")
    func inputEstimate() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("small.ndjson", "a\nbb\nccc\n")
        #expect(InputEstimate.lines(path: scratch.path("small.ndjson")) == 3)
        let line = String(repeating: "x", count: 99) + "\n"
        try scratch.write("large.ndjson", String(repeating: line, count: 10_000))
        // Sampled from the first 256 KiB (2,621 whole lines of 262,144 bytes): within 0.1 %.
        let estimate = try #require(InputEstimate.lines(path: scratch.path("large.ndjson")))
        #expect(abs(estimate - 10_000) <= 10)
        try Data([0x1F, 0x8B, 8, 0, 0, 0]).write(to: scratch.url.appendingPathComponent("x.gz"))
        #expect(InputEstimate.lines(path: scratch.path("x.gz")) == nil)
        #expect(InputEstimate.lines(path: scratch.path("missing")) == nil)
    }

    /// The top-level keys of a rendered summary, in order.
    static func topLevelKeys(_ text: String) -> [String]? {
        text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { line in
            String(line.dropFirst(3).prefix { $0 != "\"" })
        }
    }
}

/// Stages seen by a progress callback (thread-safe).
final class StageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stages: [RunStage] = []

    func add(_ stage: RunStage) {
        lock.lock()
        stages.append(stage)
        lock.unlock()
    }

    var all: [RunStage] {
        lock.lock()
        defer { lock.unlock() }
        return stages
    }
}
