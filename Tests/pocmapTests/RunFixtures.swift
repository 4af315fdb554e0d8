import Foundation
import Testing
import _PocMapTestSupport

/// Helpers of the `pocmap run` tests: temporary directories, simulated inputs, independent checks of the outputs,
/// and processes killed or interrupted at chosen moments.
enum RunFixtures {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-run-tests-\(getpid())-\(label)", isDirectory: true)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `--hotspots F --beacons F --witnesses F` of a small simulated network around Berlin (60 hotspots, one day,
    /// 5 % faults), simulated once per seed and kept in the temporary directory for later runs (the simulator is
    /// deterministic). Tests running in parallel may ask at once: each simulates into its own directory and renames
    /// it into place, so nobody reads a half-written dataset.
    static func simulated(seed: Int) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-run-tests-sim-\(seed)", isDirectory: true)
        let hotspots = directory.appendingPathComponent("hotspots.csv")
        if !FileManager.default.fileExists(atPath: hotspots.path) {
            let partial = FileManager.default.temporaryDirectory
                .appendingPathComponent("pocmap-run-tests-sim-\(seed).partial-\(UUID().uuidString)", isDirectory: true)
            defer { try? FileManager.default.removeItem(at: partial) }
            let result = try BinaryRunner.run([
                "simulate", "--out", partial.path, "--hotspots", "60", "--days", "1", "--seed", "\(seed)",
                "--faults", "0.05", "--city", "Berlin",
            ])
            guard result.status == 0 else { throw Failure(description: "simulate failed: \(result.stderr)") }
            // rename(2) fails when another test got there first; its dataset is the same.
            _ = rename(partial.path, directory.path)
        }
        return [
            "--hotspots", hotspots.path,
            "--beacons", directory.appendingPathComponent("beacons.ndjson").path,
            "--witnesses", directory.appendingPathComponent("witnesses.ndjson").path,
        ]
    }

    /// Removes a directory made by ``temporaryDirectory(_:)`` (call it in a `defer`).
    static func remove(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }

    static func visibleFiles(_ directory: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") })
    }

    static func hiddenEntries(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
    }

    /// summary.json without its `metadata` member (the last one).
    static func withoutMetadata(_ summary: String) -> String {
        guard let range = summary.range(of: ",\n  \"metadata\": ") else { return summary }
        return String(summary[..<range.lowerBound]) + "\n}\n"
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Failure(description: "not a JSON object: \(text.prefix(200))")
        }
        return object
    }

    static func lines(_ url: URL) throws -> [Substring] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// Records read = verdict lines + reject lines for the beacon and witness files, counted from the files
    /// themselves (every non-blank input line is a record), and summary.json says the check holds.
    static func checkAccounting(out: URL, beacons: URL, witnesses: URL) throws {
        let verdicts = try lines(out.appendingPathComponent("verdicts.ndjson"))
        let rejects = try lines(out.appendingPathComponent("rejects.ndjson"))
        for input in [beacons, witnesses] {
            let name = input.lastPathComponent
            let read = try lines(input).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
            let verdictCount = verdicts.filter { $0.contains("\"source\":\"\(name):") }.count
            let rejectCount = rejects.filter { $0.contains("\"source\":\"\(name):") }.count
            #expect(read == verdictCount + rejectCount, "\(name): \(read) read, \(verdictCount) + \(rejectCount)")
        }
        let summary = try json(String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8))
        #expect((summary["accounting"] as? [String: Any])?["holds"] as? Bool == true)
        let totals = summary["totals"] as? [String: Any]
        #expect(totals?["beacons"] as? Int == verdicts.filter { $0.hasPrefix("{\"kind\":\"beacon\"") }.count)
        #expect(totals?["witnesses"] as? Int == verdicts.filter { $0.hasPrefix("{\"kind\":\"witness\"") }.count)
    }

    /// Every file listed under `files` exists with the listed size, and nothing else is in the directory.
    static func checkManifest(out: URL) throws {
        let summary = try json(String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8))
        let files = summary["files"] as? [[String: Any]] ?? []
        var listed: Set<String> = ["summary.json"]
        for file in files {
            guard let name = file["name"] as? String, let bytes = file["bytes"] as? Int else { continue }
            listed.insert(name)
            let size = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.size]
            #expect((size as? Int) == bytes, "\(name)")
        }
        #expect(try visibleFiles(out) == listed)
    }

    // MARK: Queries

    /// `pocmap query hotspot|hex --json` on the run's store, against counts derived from verdicts.ndjson.
    static func checkQueries(out: URL) throws {
        let verdicts = try lines(out.appendingPathComponent("verdicts.ndjson")).map { try json(String($0)) }
        // The hotspot with the most witness verdicts.
        var witnessLines: [String: Int] = [:]
        for verdict in verdicts where verdict["kind"] as? String == "witness" {
            witnessLines[verdict["pub_key"] as? String ?? "", default: 0] += 1
        }
        guard let key = witnessLines.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key
        else { throw Failure(description: "no witness verdicts") }
        var asWitness: [String: Int] = [:]
        var beacons = 0, beaconsValid = 0
        for verdict in verdicts where verdict["pub_key"] as? String == key {
            let outcome = verdict["status"] as? String == "valid" ? "valid" : (verdict["invalid_reason"] as? String ?? "?")
            if verdict["kind"] as? String == "witness" {
                asWitness[outcome, default: 0] += 1
            } else {
                beacons += 1
                if outcome == "valid" { beaconsValid += 1 }
            }
        }
        let hotspot = try BinaryRunner.run(["query", "hotspot", key, "--store", out.path, "--json"])
        #expect(hotspot.status == 0, "\(hotspot.stderr)")
        let answer = try json(hotspot.stdout)
        #expect(answer["key"] as? String == key)
        #expect((answer["witness_verdicts"] as? [String: Int]) == asWitness)
        #expect(answer["beacons"] as? Int == beacons)
        #expect(answer["beacons_valid"] as? Int == beaconsValid)
        #expect(answer["witnesses"] as? Int == asWitness.values.reduce(0, +))

        // The resolution-8 cell of the first valid witness: observed count, best RSSI and distinct beaconers.
        var beaconerOf: [String: String] = [:]
        var valid: [(location: String, rssi: Double, beaconer: String)] = []
        for verdict in verdicts {
            let poc = verdict["poc_id"] as? String ?? ""
            if verdict["kind"] as? String == "beacon" { beaconerOf[poc] = verdict["pub_key"] as? String }
            guard verdict["kind"] as? String == "witness", verdict["status"] as? String == "valid",
                let location = verdict["location"] as? String, let rssi = verdict["rssi_dbm"] as? Double
            else { continue }
            valid.append((location, rssi, beaconerOf[poc] ?? "?"))
        }
        guard !valid.isEmpty else { throw Failure(description: "no valid witness") }
        let parents = try BinaryRunner.run(["h3", "parent", "8"], stdin: valid.map(\.location).joined(separator: "\n") + "\n")
        #expect(parents.status == 0)
        let cells = parents.stdout.split(separator: "\n").map(String.init)
        #expect(cells.count == valid.count)
        let cell = cells[0]
        let inCell = zip(cells, valid).filter { $0.0 == cell }.map(\.1)
        let hex = try BinaryRunner.run(["query", "hex", cell, "--store", out.path, "--json"])
        #expect(hex.status == 0, "\(hex.stderr)")
        let hexAnswer = try json(hex.stdout)
        #expect(hexAnswer["h3_index"] as? String == cell)
        #expect(hexAnswer["observed_witnesses"] as? Int == inCell.count)
        #expect(hexAnswer["observed_rssi_dbm"] as? Double == inCell.map(\.rssi).max())
        #expect(hexAnswer["observed_beaconers"] as? Int == Set(inCell.map(\.beaconer)).count)

        // The readable table shows the same reals rounded to at most 4 decimals (the JSON keeps them exact).
        let table = try BinaryRunner.run(["query", "hex", cell, "--store", out.path])
        #expect(table.status == 0, "\(table.stderr)")
        var fractional = 0
        for (column, value) in hexAnswer {
            guard let number = value as? Double, number != number.rounded() else { continue }
            fractional += 1
            var expected = String(format: "%.4f", number)
            while expected.hasSuffix("0") { expected.removeLast() }
            let line = table.stdout.split(separator: "\n").first { $0.hasPrefix("  \(column) ") }
            #expect(line?.split(separator: " ").dropFirst().first.map(String.init) == expected, "\(column)")
        }
        #expect(fractional > 0, "the sample hex has fractional values (predicted RSSI)")

        // Unknown key: exit 2 with a suggestion.
        let unknown = try BinaryRunner.run(["query", "hotspot", String(key.dropLast()) + "x", "--store", out.path, "--json"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(key), "suggests the nearest key: \(unknown.stderr)")
    }

    // MARK: Killing

    enum KillMoment {
        /// Seconds after the start.
        case afterSeconds(Double)
        /// Seconds after a standard error line containing the text appears.
        case afterLine(String, Double)
    }

    /// Starts `pocmap arguments`, SIGKILLs it at `moment` (or lets it finish when it ends first).
    static func runAndKill(_ arguments: [String], at moment: KillMoment) throws {
        _ = try runAndSignal(arguments, signal: SIGKILL, moment: moment)
    }

    static func runAndSignal(_ arguments: [String], signal: Int32, afterLine text: String) throws -> BinaryRunner.Result {
        try runAndSignal(arguments, signal: signal, moment: .afterLine(text, 0))
    }

    static func runAndSignal(_ arguments: [String], signal: Int32, moment: KillMoment) throws -> BinaryRunner.Result {
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = arguments
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var stderr = ""
        switch moment {
        case .afterSeconds(let seconds):
            Thread.sleep(forTimeInterval: seconds)
        case .afterLine(let text, let delay):
            let handle = errorPipe.fileHandleForReading
            while !stderr.contains(text) {
                let data = handle.availableData
                if data.isEmpty { break }
                stderr += String(decoding: data, as: UTF8.self)
            }
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        }
        if process.isRunning { kill(process.processIdentifier, signal) }
        let rest = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stderr += String(decoding: rest, as: UTF8.self)
        return BinaryRunner.Result(status: process.terminationStatus, stdout: "", stderr: stderr)
    }

    /// Every regular file of a directory, by name (hidden ones excluded).
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try visibleFiles(directory) {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return files
    }

    /// After a kill: when summary.json is present the directory is exactly one reference set ("previous" or
    /// "next"); without it ("incomplete") every file is complete, equal to the file of that name of one of the
    /// references. Every file but summary.json's metadata is compared byte for byte (the GeoPackage's own
    /// timestamps are the last input's time, set through OGR_CURRENT_DATE, so they do not change between runs).
    static func checkKilledDirectory(_ directory: URL, references: [[String: Data]]) throws -> String {
        let names = ["previous", "next"]
        let present = try snapshot(directory)
        func same(_ name: String, _ data: Data, _ reference: [String: Data]) throws -> Bool {
            guard let expected = reference[name] else { return false }
            if name == "summary.json" {
                return withoutMetadata(String(decoding: data, as: UTF8.self))
                    == withoutMetadata(String(decoding: expected, as: UTF8.self))
            }
            return data == expected
        }
        if let summary = present["summary.json"] {
            for (index, reference) in references.enumerated() where try same("summary.json", summary, reference) {
                #expect(Set(present.keys) == Set(reference.keys), "complete \(names[index]) set")
                for (name, data) in present {
                    #expect(try same(name, data, reference), "\(name) of the \(names[index]) set")
                }
                return names[index]
            }
            Issue.record("summary.json matches neither reference")
            return "unknown"
        }
        for (name, data) in present {
            let matches = try references.contains { try same(name, data, $0) }
            #expect(matches, "\(name) (\(data.count) bytes) is not a complete file of either run")
        }
        return "incomplete"
    }
}
