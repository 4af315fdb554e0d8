import Glibc
import PocMapCore
import PocMapIO
import PocMapMaps
import PocMapPipeline

/// `summary.json` of `pocmap run` (`FORMATS.md` §2.7): every member of the verify summary (counts per input file
/// and reason, totals, checks, density, state, reward shares per epoch, time range, accounting) with `command` set
/// to `run`, followed by the other stages' figures (`density_csv`, `reward_tables`, `map`), the output set
/// (`files`: every other file of the set with its size in bytes) and **one** `metadata` object holding all that
/// changes from run to run (start and end time, wall and stage times up to the summary, threads; the final renames
/// come after the summary is written and are not in it). Everything outside `metadata` is
/// byte-identical on a re-run with the same inputs and options.
struct RunSummary {
    var verifySummary: String
    var density: DensityCSV
    var densityName: String
    var rewards: VerdictRewards
    var rewardTables: RewardsReport
    var emissions: EmissionsInput?
    var map: MapJobReport
    var mapOptions: MapJobOptions
    var files: [(String, Int64)]
    var startedAtMs: Int64
    var finishedAtMs: Int64
    var wallSeconds: Double
    var stageSeconds: [(stage: RunStage, seconds: Double)]
    var threads: Int

    /// The rendered document. Throws when the verify summary does not have the layout this type extends (an
    /// internal error).
    func rendered() throws(RunFailure) -> String {
        // The verify summary is a JSONDocument object rendered with two-space indentation whose last member is
        // `wall_time_s` (the only run-dependent member): drop it, rename the command, append the run's members.
        var text = Array(verifySummary.utf8)
        guard let wall = RunSummary.lastIndex(of: ",\n  \"wall_time_s\": ", in: text),
            let command = RunSummary.firstIndex(of: RunSummary.verifyCommand, in: text)
        else {
            throw .failed("internal: the verify summary does not have the expected layout")
        }
        text.removeSubrange(wall...)
        text.replaceSubrange(
            command..<(command + RunSummary.verifyCommand.utf8.count),
            with: Array("\n  \"command\": \"run\",\n".utf8)
        )
        // The appended members rendered alone are "{\n  ...\n}\n": keep what is between the braces.
        let tail = Array(JSONDocument.object(members()).rendered().utf8)
        text += Array(",\n".utf8)
        text += tail[2..<(tail.count - 3)]
        text += Array("\n}\n".utf8)
        return String(decoding: text, as: UTF8.self)
    }

    private static let verifyCommand = "\n  \"command\": \"verify\",\n"

    static func firstIndex(of needle: String, in haystack: [UInt8]) -> Int? {
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return nil }
        for start in 0...(haystack.count - pattern.count)
        where haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }

    static func lastIndex(of needle: String, in haystack: [UInt8]) -> Int? {
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return nil }
        for start in stride(from: haystack.count - pattern.count, through: 0, by: -1)
        where haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }

    private func members() -> [(String, JSONDocument)] {
        var beaconShares: UInt64 = 0
        var witnessShares: UInt64 = 0
        for epoch in rewards.ledger.epochs {
            for entry in rewards.ledger.shares(in: epoch) {
                beaconShares += entry.beaconHundredMillionths
                witnessShares += entry.witnessHundredMillionths
            }
        }
        func counts(_ pairs: [String: Int]) -> JSONDocument {
            .object(pairs.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
        }
        var rewardFiles: [JSONDocument] = [.string("rewards.csv")]
        if rewardTables.poolsCSV != nil { rewardFiles.append(.string("pools.csv")) }
        let stageTimes: [(String, JSONDocument)] = stageSeconds.map {
            ($0.stage.rawValue, RunSummary.seconds($0.seconds))
        }
        let mapSteps: [(String, JSONDocument)] = map.timings.map { ($0.step, RunSummary.seconds($0.seconds)) }
        return [
            (
                "density_csv",
                .object([
                    ("parameter_set", .string(densityName)),
                    ("rows", .int(density.asserted.count)),
                    ("unasserted_not_listed", .int(density.unassertedCount)),
                    ("default_scale_rows", .int(density.skipped.count)),
                ])
            ),
            (
                "reward_tables",
                .object([
                    ("files", .array(rewardFiles)),
                    ("verdict_lines_read", .int(rewards.verdicts)),
                    ("beacon_share_lines", .int(rewards.beaconShareLines)),
                    ("witness_share_lines", .int(rewards.witnessShareLines)),
                    ("epochs", .int(rewards.ledger.epochs.count)),
                    ("rows", .int(rewardTables.rewardRows)),
                    ("total_beacon_shares", RunSummary.shares(beaconShares)),
                    ("total_witness_shares", RunSummary.shares(witnessShares)),
                    ("emissions_bones", emissions.map { .int(Int64(clamping: $0.emissionsBones)) } ?? .null),
                ])
            ),
            (
                "map",
                .object([
                    ("resolution", .int(mapOptions.resolution)),
                    ("model", .string(mapOptions.model.identifier)),
                    ("crs", .string(mapOptions.crs)),
                    ("pixel_size", mapOptions.pixelSize.map { .number("\($0)") } ?? .null),
                    ("data_rate", .string(mapOptions.prediction.dataRate.name)),
                    ("sensitivity_dbm", RunSummary.fixed(map.sensitivityDBm, decimals: 2)),
                    ("registered_hotspots", .int(map.registeredHotspots)),
                    ("active_hotspots", .int(map.activeHotspots)),
                    ("verdict_lines", .int(map.verdictLines)),
                    ("rejected_verdict_lines", .int(map.rejectedVerdictLines)),
                    ("receptions", .int(map.receptions)),
                    ("valid_receptions", .int(map.validReceptions)),
                    ("observed_cells", .int(map.observedCells)),
                    ("predicted_cells", .int(map.predictedCells)),
                    ("density_cells", .int(map.densityCells)),
                    ("map_cells", .int(map.mapCells)),
                    ("raster_width", .int(map.rasterWidth)),
                    ("raster_height", .int(map.rasterHeight)),
                    ("calibration_levels", counts(map.calibrationLevels)),
                    ("model_warnings", counts(map.warnings)),
                    ("files", .array(map.files.map { .string($0) })),
                ])
            ),
            (
                "files",
                .array(files.map { name, bytes in .object([("name", .string(name)), ("bytes", .int(bytes))]) })
            ),
            (
                "complete_set",
                .string(
                    "summary.json is renamed into place last: when it is present, every file listed under files is "
                        + "the complete output of this run"
                )
            ),
            (
                "metadata",
                .object([
                    ("started_at", .string(JSONBytes.rfc3339(milliseconds: startedAtMs))),
                    ("finished_at", .string(JSONBytes.rfc3339(milliseconds: finishedAtMs))),
                    ("wall_time_s", RunSummary.seconds(wallSeconds)),
                    ("stage_time_s", .object(stageTimes)),
                    ("map_step_time_s", .object(mapSteps)),
                    ("threads", .int(threads)),
                ])
            ),
        ]
    }

    /// `last_ms` of the verify summary's time range (the newest input report), if any.
    static func lastInputMilliseconds(verifySummary: String) -> Int64? {
        let text = Array(verifySummary.utf8)
        let key = "\"last_ms\": "
        guard let start = firstIndex(of: key, in: text) else { return nil }
        let digits = text[(start + key.utf8.count)...].prefix { $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) }
        return Int64(String(decoding: digits, as: UTF8.self))
    }

    static func seconds(_ value: Double) -> JSONDocument { fixed(value, decimals: 3) }

    static func fixed(_ value: Double, decimals: Int) -> JSONDocument {
        guard value.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        var bytes: [UInt8] = []
        JSONBytes.appendFixed(
            Int64((value * scale).rounded()),
            decimals: decimals,
            negativeZero: value < 0 && (value * scale).rounded() == 0,
            to: &bytes
        )
        return .number(String(decoding: bytes, as: UTF8.self))
    }

    static func shares(_ hundredMillionths: UInt64) -> JSONDocument {
        var bytes: [UInt8] = []
        JSONBytes.appendFixed(Int64(clamping: hundredMillionths), decimals: 8, to: &bytes)
        return .number(String(decoding: bytes, as: UTF8.self))
    }
}

/// Estimates of input sizes for progress displays.
enum InputEstimate {
    /// The number of lines of a plain text file, from its size and the mean length of the lines in its first
    /// 256 KiB; nil for gzip files (their uncompressed size is not known in advance) or unreadable ones.
    static func lines(path: String) -> Int? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 2 else { return nil }
        if buffer[0] == 0x1F && buffer[1] == 0x8B { return nil }
        let newlines = buffer[0..<count].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard newlines > 0 else { return 1 }
        if count >= Int(info.st_size) { return newlines }
        return Int((Double(info.st_size) * Double(newlines) / Double(count)).rounded())
    }
}
