import Foundation
import Testing
import _PocMapTestSupport

/// End-to-end tests of `pocmap run`: the built binary on Samples/ and on freshly simulated networks.
@Suite("pocmap run", .serialized)
struct RunCommandTests {
    static let samples = [
        "--hotspots", TestPaths.samples("hotspots.csv").path,
        "--beacons", TestPaths.samples("beacons.ndjson").path,
        "--witnesses", TestPaths.samples("witnesses.ndjson").path,
    ]

    /// The files every run writes (rewards without emissions: no pools.csv), summary.json included.
    static let outputSet: Set<String> = [
        "verdicts.ndjson", "rejects.ndjson", "hotspots.csv", "state.txt", "density.csv", "rewards.csv",
        "calibration.csv", "coverage.tif", "coverage.qml", "coverage_class.tif", "coverage_class.tif.aux.xml",
        "coverage_class.qml", "coverage.png", "coverage.gpkg", "summary.json",
    ]

    // MARK: Samples

    @Test("Samples: exit 0, the whole output set, summary.json as committed, accounting, stages agree with their commands")
    func samplesRun() throws {
        let out = try RunFixtures.temporaryDirectory("samples")
        defer { RunFixtures.remove(out) }
        let result = try BinaryRunner.run(["run"] + Self.samples + ["--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("verify"), "plain log lines on a non-terminal stderr")
        #expect(try RunFixtures.visibleFiles(out) == Self.outputSet)
        #expect(try RunFixtures.hiddenEntries(out).isEmpty, "the staging directory is gone")

        // summary.json against the committed expectation, everything but the metadata field.
        let summary = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
        let expected = try String(
            contentsOf: TestPaths.fixtures.appendingPathComponent("expected/samples-run-summary.json"), encoding: .utf8)
        #expect(RunFixtures.withoutMetadata(summary) == RunFixtures.withoutMetadata(expected))
        let object = try RunFixtures.json(summary)
        #expect(object["command"] as? String == "run")
        #expect((object["metadata"] as? [String: Any])?["wall_time_s"] != nil)

        // Accounting, independently: input lines = verdict lines + reject lines, per input file.
        try RunFixtures.checkAccounting(out: out, beacons: TestPaths.samples("beacons.ndjson"),
            witnesses: TestPaths.samples("witnesses.ndjson"))

        // The files listed in summary.json are the set, with their sizes.
        try RunFixtures.checkManifest(out: out)

        // density.csv is what `pocmap density` writes; rewards.csv what `pocmap rewards` writes from the verdicts.
        let density = try BinaryRunner.run(["density", "--hotspots", TestPaths.samples("hotspots.csv").path, "--quiet"])
        #expect(density.status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("density.csv"), encoding: .utf8) == density.stdout)
        let rewardsDir = try RunFixtures.temporaryDirectory("samples-rewards")
        defer { RunFixtures.remove(rewardsDir) }
        let rewards = try BinaryRunner.run(["rewards", "--verdicts", out.path, "--out", rewardsDir.path, "--quiet"])
        #expect(rewards.status == 0, "\(rewards.stderr)")
        #expect(
            try Data(contentsOf: out.appendingPathComponent("rewards.csv"))
                == Data(contentsOf: rewardsDir.appendingPathComponent("rewards.csv")))

        // Queries on the run's store against answers derived from verdicts.ndjson.
        try RunFixtures.checkQueries(out: out)
    }

    @Test("Bad usage and unreadable input exit 2 and leave the output directory untouched")
    func badInput() throws {
        let out = try RunFixtures.temporaryDirectory("bad")
        defer { RunFixtures.remove(out) }
        try Data("keep me\n".utf8).write(to: out.appendingPathComponent("summary.json"))
        let missing = try BinaryRunner.run([
            "run", "--hotspots", "/nonexistent/h.csv", "--beacons", TestPaths.samples("beacons.ndjson").path,
            "--witnesses", TestPaths.samples("witnesses.ndjson").path, "--out", out.path, "--quiet",
        ])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("h.csv"))
        #expect(missing.stderr.split(separator: "\n").count == 1, "one line: \(missing.stderr)")
        let resolution = try BinaryRunner.run(["run"] + Self.samples + ["--out", out.path, "--res", "99"])
        #expect(resolution.status == 2)
        let model = try BinaryRunner.run(["run"] + Self.samples + ["--out", out.path, "--model", "magic"])
        #expect(model.status == 2)
        let pixel = try BinaryRunner.run(["run"] + Self.samples + ["--out", out.path, "--pixel", "-1"])
        #expect(pixel.status == 2)
        #expect(try RunFixtures.visibleFiles(out) == ["summary.json"])
        #expect(try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8) == "keep me\n")
        #expect(try RunFixtures.hiddenEntries(out).isEmpty)
    }

    @Test("--help reads as documentation with an example")
    func help() throws {
        let result = try BinaryRunner.run(["run", "--help"])
        #expect(result.status == 0)
        for text in ["EXAMPLES", "pocmap run --hotspots", "summary.json", "Exit status", "--threads", "130"] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
    }

    // MARK: Simulated network

    @Test("Simulated network: the run's map stage (verdicts in memory) writes what `pocmap map` writes from its verdicts")
    func mapStageMatchesMapCommand() throws {
        let inputs = try RunFixtures.simulated(seed: 5)
        let run = try RunFixtures.temporaryDirectory("run-vs-map")
        defer { RunFixtures.remove(run) }
        let map = try RunFixtures.temporaryDirectory("map-of-run")
        defer { RunFixtures.remove(map) }
        let pinned = ["OGR_CURRENT_DATE": "2024-05-01T00:00:00Z"]
        let first = try BinaryRunner.run(
            ["run"] + inputs + ["--out", run.path, "--res", "7", "--quiet"], environment: pinned)
        #expect(first.status == 0, "\(first.stderr)")
        let hotspots = inputs[inputs.firstIndex(of: "--hotspots")! + 1]
        let second = try BinaryRunner.run(
            ["map", "--verdicts", run.path, "--hotspots", hotspots, "--out", map.path, "--res", "7", "--quiet"],
            environment: pinned)
        #expect(second.status == 0, "\(second.stderr)")
        for name in ["coverage.gpkg", "calibration.csv"] {
            let fromRun = try Data(contentsOf: run.appendingPathComponent(name))
            let fromMap = try Data(contentsOf: map.appendingPathComponent(name))
            #expect(fromRun.count > 1000)
            #expect(fromRun == fromMap, "\(name) differs: \(fromRun.count) vs \(fromMap.count) bytes")
        }
    }

    @Test("Simulated network: --threads 1 and 2 give byte-identical outputs (summary.json apart from its metadata)")
    func determinism() throws {
        let inputs = try RunFixtures.simulated(seed: 5)
        let one = try RunFixtures.temporaryDirectory("threads1")
        defer { RunFixtures.remove(one) }
        let two = try RunFixtures.temporaryDirectory("threads2")
        defer { RunFixtures.remove(two) }
        let first = try BinaryRunner.run(["run"] + inputs + ["--out", one.path, "--threads", "1", "--quiet"])
        let second = try BinaryRunner.run(["run"] + inputs + ["--out", two.path, "--threads", "2", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(first.stderr.isEmpty, "--quiet prints nothing")
        let names = try RunFixtures.visibleFiles(one)
        #expect(names == Self.outputSet)
        #expect(try RunFixtures.visibleFiles(two) == names)
        for name in names.sorted() {
            let a = one.appendingPathComponent(name), b = two.appendingPathComponent(name)
            switch name {
            case "summary.json":
                let textA = try String(contentsOf: a, encoding: .utf8), textB = try String(contentsOf: b, encoding: .utf8)
                #expect(RunFixtures.withoutMetadata(textA) == RunFixtures.withoutMetadata(textB))
                #expect(textA != RunFixtures.withoutMetadata(textA), "metadata is present")
            default:
                #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(name) differs between --threads 1 and 2")
            }
        }
        try RunFixtures.checkAccounting(out: one, beacons: URL(fileURLWithPath: inputs[3]),
            witnesses: URL(fileURLWithPath: inputs[5]))
        try RunFixtures.checkManifest(out: one)
        try RunFixtures.checkQueries(out: one)
    }

    @Test("SIGKILL at any moment leaves the previous complete set or no summary.json, never a truncated file")
    func killedRuns() throws {
        let previousInputs = try RunFixtures.simulated(seed: 5)
        let nextInputs = try RunFixtures.simulated(seed: 6)
        let previous = try RunFixtures.temporaryDirectory("kill-ref-previous")
        defer { RunFixtures.remove(previous) }
        let next = try RunFixtures.temporaryDirectory("kill-ref-next")
        defer { RunFixtures.remove(next) }
        #expect(try BinaryRunner.run(["run"] + previousInputs + ["--out", previous.path, "--quiet"]).status == 0)
        #expect(try BinaryRunner.run(["run"] + nextInputs + ["--out", next.path, "--quiet"]).status == 0)
        let references = [try RunFixtures.snapshot(previous), try RunFixtures.snapshot(next)]

        let work = try RunFixtures.temporaryDirectory("kill-work")
        defer { RunFixtures.remove(work) }
        #expect(try BinaryRunner.run(["run"] + previousInputs + ["--out", work.path, "--quiet"]).status == 0)

        // (when to kill, extra flags): early (reading), after verify (density/rewards/map), inside the commit
        // (widened by the hidden --commit-pause-ms so renames can be caught half-way).
        let moments: [(RunFixtures.KillMoment, [String])] = [
            (.afterSeconds(0.05), []), (.afterSeconds(0.3), []), (.afterLine("verify", 0), []),
            (.afterLine("map: read inputs", 0), []), (.afterLine("map: rasters", 0), []),
            (.afterLine("commit:", 0.05), ["--commit-pause-ms", "120"]),
            (.afterLine("commit:", 0.7), ["--commit-pause-ms", "120"]),
            (.afterLine("commit:", 1.5), ["--commit-pause-ms", "120"]),
        ]
        var states: [String] = []
        for (moment, flags) in moments {
            try RunFixtures.runAndKill(["run"] + nextInputs + ["--out", work.path] + flags, at: moment)
            states.append(try RunFixtures.checkKilledDirectory(work, references: references))
        }
        #expect(states.contains("incomplete"), "a kill inside the commit leaves no summary.json: \(states)")
        #expect(states.contains("previous") || states.contains("next"), "\(states)")

        // The next run completes, replaces everything and removes the leftovers of the killed ones.
        #expect(try BinaryRunner.run(["run"] + nextInputs + ["--out", work.path, "--quiet"]).status == 0)
        #expect(try RunFixtures.checkKilledDirectory(work, references: references) == "next")
        #expect(try RunFixtures.hiddenEntries(work).isEmpty, "stale staging directories removed")
    }

    @Test("Ctrl-C (SIGINT) and SIGTERM stop cleanly: exit 130, one line, temporaries removed, previous outputs intact")
    func interrupted() throws {
        let inputs = try RunFixtures.simulated(seed: 5)
        let work = try RunFixtures.temporaryDirectory("sigint")
        defer { RunFixtures.remove(work) }
        #expect(try BinaryRunner.run(["run"] + inputs + ["--out", work.path, "--quiet"]).status == 0)
        let before = try RunFixtures.snapshot(work)
        for signal in [SIGINT, SIGTERM] {
            let result = try RunFixtures.runAndSignal(["run"] + inputs + ["--out", work.path], signal: signal,
                afterLine: "verify")
            #expect(result.status == 130, "status \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("interrupted"))
            let lastLines = result.stderr.split(separator: "\n").filter { $0.contains("interrupted") }
            #expect(lastLines.count == 1)
            #expect(try RunFixtures.hiddenEntries(work).isEmpty, "temporaries removed")
            #expect(try RunFixtures.snapshot(work) == before, "previous outputs intact")
        }
    }
}
