import Foundation
import Testing
import _PocMapTestSupport

/// `pocmap simulate` run as a user would run it.
@Suite("CLI: pocmap simulate")
struct SimulateCommandTests {
    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-cli-sim-\(UUID().uuidString)")
    }

    private func lines(_ url: URL) throws -> [Substring] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    }

    @Test("writes the four files, a JSON summary on stdout, and the same bytes for the same seed")
    func smallNetwork() throws {
        let first = temporaryDirectory(), second = temporaryDirectory()
        defer { [first, second].forEach { try? FileManager.default.removeItem(at: $0) } }
        let arguments = ["simulate", "--hotspots", "300", "--seed", "3", "--faults", "0.1", "--quiet"]
        let a = try BinaryRunner.run(arguments + ["--out", first.path])
        #expect(a.status == 0, "stderr: \(a.stderr)")
        #expect(a.stderr.isEmpty)
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any],
            "stdout: \(a.stdout)"
        )
        #expect(summary["hotspots"] as? Int == 300)
        let hotspots = try lines(first.appendingPathComponent("hotspots.csv"))
        #expect(hotspots.first == "key,location,gain,elevation,region,full")
        #expect(hotspots.count == 301)
        #expect(try lines(first.appendingPathComponent("beacons.ndjson")).count == summary["beacons"] as? Int)
        #expect(try lines(first.appendingPathComponent("witnesses.ndjson")).count == summary["witnesses"] as? Int)
        let faults = try lines(first.appendingPathComponent("faults.ndjson"))
        #expect(faults.count == summary["faults"] as? Int)
        #expect(faults.count > 0)
        let label = try #require(JSONSerialization.jsonObject(with: Data(faults[0].utf8)) as? [String: String])
        #expect(Set(label.keys) == ["kind", "source", "fault", "expected_reason"])

        let b = try BinaryRunner.run(arguments + ["--out", second.path, "--threads", "1"])
        #expect(b.status == 0)
        for name in ["hotspots.csv", "beacons.ndjson", "witnesses.ndjson", "faults.ndjson"] {
            let x = try Data(contentsOf: first.appendingPathComponent(name))
            let y = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(x == y, "\(name) differs between runs")
        }
    }

    @Test("--city restricts the network, --gzip compresses, --model and --start are honoured")
    func options() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try BinaryRunner.run([
            "simulate", "--out", directory.path, "--hotspots", "200", "--city", "Berlin", "--city", "paris",
            "--gzip", "--model", "oulu", "--start", "2024-02-29", "--quiet",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["beacons.ndjson.gz", "faults.ndjson.gz", "hotspots.csv.gz", "witnesses.ndjson.gz"])
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        unzip.arguments = ["-dc", directory.appendingPathComponent("hotspots.csv.gz").path]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let csv = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == 200)
        #expect(rows.allSatisfy { $0.hasSuffix(",EU868,true") })
        let beacons = Process()
        beacons.executableURL = URL(fileURLWithPath: "/bin/gzip")
        beacons.arguments = ["-dc", directory.appendingPathComponent("beacons.ndjson.gz").path]
        let beaconPipe = Pipe()
        beacons.standardOutput = beaconPipe
        try beacons.run()
        let first =
            String(decoding: beaconPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").first ?? ""
        beacons.waitUntilExit()
        // 2024-02-29T00:00:00Z = 1709164800000 ms: the first beacon falls in its first 6 hours.
        let object = try #require(JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let received = try #require(object["received_timestamp"] as? Int)
        #expect((1_709_164_800_000..<1_709_186_400_000).contains(received))
        #expect(object["datarate"] as? String == "SF12BW125")
    }

    @Test(
        "bad usage exits with status 2 and a one-line reason",
        arguments: [
            ["--faults", "1.5"], ["--city", "Atlantis"], ["--hotspots", "0"], ["--start", "yesterday"],
            ["--model", "fspl"],
        ]
    )
    func badUsage(extra: [String]) throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try BinaryRunner.run(["simulate", "--out", directory.path] + extra)
        #expect(result.status == 2)
        #expect(result.stderr.contains("pocmap simulate:"), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("beacons.ndjson").path))
    }

    @Test("--regions places hotspots inside their plan per Helium's index; a bad directory is exit status 2")
    func regions() throws {
        let index = TestPaths.realData("helium__lorawan-h3/serialized")
        guard FileManager.default.fileExists(atPath: index.path) else {
            print("skipped: \(index.path) is absent")
            return
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try BinaryRunner.run([
            "simulate", "--out", directory.path, "--hotspots", "100", "--city", "Sydney", "--regions", index.path,
            "--quiet",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = try lines(directory.appendingPathComponent("hotspots.csv")).dropFirst()
        #expect(rows.count == 100)
        #expect(rows.allSatisfy { $0.hasSuffix(",AS923_1C,true") })
        let bad = try BinaryRunner.run(["simulate", "--out", directory.path, "--regions", "/nonexistent-pocmap"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("/nonexistent-pocmap"))
    }

    @Test("an output path that cannot be created fails with status 2")
    func unwritableOutput() throws {
        let result = try BinaryRunner.run(["simulate", "--out", "/proc/pocmap-cannot-write-here", "--hotspots", "5"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/proc/pocmap-cannot-write-here"))
    }

    @Test("--help documents the command")
    func help() throws {
        let result = try BinaryRunner.run(["simulate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--faults"))
        #expect(result.stdout.contains("faults.ndjson"))
    }
}
