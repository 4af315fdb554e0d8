import ArgumentParser
import Glibc
import PocMapCore
import PocMapIO
import PocMapPipeline

/// `pocmap verify`: beacon and witness logs through the proof-of-coverage rules into verdicts.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify beacon and witness reports against the proof-of-coverage rules (verdicts.ndjson).",
        discussion: """
            Joins every witness report to the beacon report with the same payload
            ('data') whose received time is nearest, within --window (default 5
            minutes, before or after the witness), then checks each PoC in order of
            beacon received time with Helium's rules (POC-RULES.md): beacon checks,
            witness checks (frequency, region, distance, RSSI bound, lag, ...),
            optional reciprocity, selection of the first 14 valid witnesses, HIP-15
            reward units and the HIP-17 density scale of the beaconer (a map rebuilt
            at every 30-minute UTC boundary from the hotspots active then).

            INPUTS (FORMATS.md 1): NDJSON (.ndjson, .jsonl) or CSV (.csv), plain or
            gzip (.gz). Lines that cannot be read go to rejects.ndjson with FILE:LINE
            and a reason; the run goes on.
              --hotspots   the registry: key, location or lat/lng, gain (dBi x 10),
                           elevation (m), region, full
              --beacons    pub_key, received_timestamp (ms or RFC 3339), data,
                           frequency (Hz), tx_power (dBm), datarate, entropy fields
              --witnesses  pub_key, received_timestamp, data, signal (dBm x 10) or
                           rssi (dBm), snr, frequency (Hz), datarate

            OUTPUTS in --out DIR (FORMATS.md 2), written to hidden temporary files
            and renamed into place at the end, so an interrupted run never leaves a
            half-written file under a final name:
              verdicts.ndjson  one line per report, beacons in input order, each
                               followed by its witnesses; witnesses that join no
                               beacon (no_matching_beacon) come last, in input order
              rejects.ndjson   unreadable lines: hotspots, then beacons, then witnesses
              hotspots.csv     one row per registered hotspot: counts, density
                               scale, shares, most frequent invalid reason
              summary.json     counts per file and reason, checks run or not, time
                               range, and the accounting check (records read =
                               verdict lines + reject lines, per file)
              state.txt        the reciprocity/schedule state for the next batch
              rewards.csv      with --emissions: bones per hotspot and epoch

            RECIPROCITY (HIP-106) needs history. With --state FILE the previous
            batch's state is read (a missing file starts empty) and reciprocity is
            checked; --reciprocity batch checks it with history built from this batch
            alone. Otherwise it is reported as "not checked". Every run writes the
            updated state to OUT/state.txt (or --state-out), so daily batches chain:
              pocmap verify ... --out day1
              pocmap verify ... --state day1/state.txt --out day2

            DENYLIST (--deny FILE): one hotspot key per line, or 'keyA,keyB' for a
            denied pair; '#' starts a comment line. A bad line stops the command with
            FILE:LINE.

            ORDER AND MEMORY: logs sorted by received time (as Helium's are, up to
            --slack of disorder) stream in memory bounded by the join window. Input
            out of order beyond that is detected and verified again with every
            report held in memory (exact, but memory grows with the input).

            EXAMPLES
              pocmap verify --hotspots Samples/hotspots.csv \\
                --beacons Samples/beacons.ndjson --witnesses Samples/witnesses.ndjson \\
                --out out --reciprocity batch
              pocmap verify --hotspots h.csv --beacons b.ndjson.gz \\
                --witnesses w.ndjson.gz --out day2 --state day1/state.txt \\
                --deny deny.txt --emissions 5000000000000

            Exit status: 0 success; 1 the work failed (an output could not be
            written, or the accounting check failed: the numbers are printed); 2 bad
            usage or unreadable input.
            """
    )

    @Option(help: ArgumentHelp("Hotspot registry (CSV/NDJSON, optionally .gz).", valueName: "FILE"))
    var hotspots: String

    @Option(help: ArgumentHelp("Beacon reports (CSV/NDJSON, optionally .gz).", valueName: "FILE"))
    var beacons: String

    @Option(help: ArgumentHelp("Witness reports (CSV/NDJSON, optionally .gz).", valueName: "FILE"))
    var witnesses: String

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Rule profile: helium-2024 (default) or legacy.", valueName: "NAME"))
    var profile: String = "helium-2024"

    @Option(help: ArgumentHelp("HIP-17 parameters: hip104 (default), hip17-2020, or a CSV file.", valueName: "SET"))
    var density: String?

    @Option(help: ArgumentHelp("Denylist: one key or 'keyA,keyB' per line.", valueName: "FILE"))
    var deny: String?

    @Option(
        help: ArgumentHelp("Tag reported with denied verdicts (default: the denylist's file name).", valueName: "TAG")
    )
    var denyTag: String?

    @Option(
        help: ArgumentHelp(
            "Previous verifier state; checks reciprocity with it (missing file: start empty).",
            valueName: "FILE"
        )
    )
    var state: String?

    @Option(help: ArgumentHelp("Write the updated state here instead of OUT/state.txt.", valueName: "FILE"))
    var stateOut: String?

    @Option(help: ArgumentHelp("'batch': check reciprocity with history built from this batch.", valueName: "MODE"))
    var reciprocity: String?

    @Option(
        help: ArgumentHelp(
            "IoT emissions per epoch (UTC day) in bones; writes pool amounts (rewards.csv).",
            valueName: "BONES"
        )
    )
    var emissions: UInt64?

    @Option(
        help: ArgumentHelp("Directory of Helium .h3idx region files, for hotspots without a region.", valueName: "DIR")
    )
    var regions: String?

    @Option(
        help: ArgumentHelp("Join window: seconds a witness may be from its beacon (default 300).", valueName: "SECONDS")
    )
    var window: Double = 300

    @Option(
        help: ArgumentHelp(
            "Disorder tolerated in sorted inputs before holding all in memory (default 300).",
            valueName: "SECONDS"
        )
    )
    var slack: Double = 300

    @Option(help: ArgumentHelp("Input format when file names do not say.", valueName: "csv|ndjson"))
    var format: String?

    @Option(
        help: ArgumentHelp(
            "1: one thread; 2 or more: parse and write on their own threads (default 2).",
            valueName: "N"
        )
    )
    var threads: Int = 2

    @Flag(help: "Print the time of each stage (parse, join + verify, format + write) on standard error.")
    var timings = false

    @Flag(help: "No progress or summary on standard error.")
    var quiet = false

    func run() throws {
        guard let ruleProfile = RuleProfile(rawValue: profile) else {
            throw CommandFailure.badInput("--profile must be helium-2024 or legacy, not '\(profile)'")
        }
        var options = VerifyOptions(
            hotspotsPath: hotspots,
            beaconsPath: beacons,
            witnessesPath: witnesses,
            outputDirectory: out
        )
        options.profile = ruleProfile
        do {
            options.density = try DensityParametersFile.resolve(
                density ?? (ruleProfile == .legacy ? "hip17-2020" : "hip104")
            )
        } catch {
            throw CommandFailure.badInput("--density: \(error)")
        }
        if let format {
            guard let parsed = InputFormat(rawValue: format.lowercased()) else {
                throw CommandFailure.badInput("--format must be csv or ndjson, not '\(format)'")
            }
            options.format = parsed
        }
        if let deny {
            do {
                options.denylist = try DenylistFile.load(path: deny, tag: denyTag)
            } catch {
                throw CommandFailure.badInput("--deny: \(error)")
            }
            options.denylistPath = deny
        }
        switch reciprocity {
        case nil: options.reciprocity = state == nil ? .notChecked : .state
        case "batch":
            guard state == nil else {
                throw CommandFailure.badInput(
                    "--reciprocity batch builds history from the batch alone; it cannot be combined with --state"
                )
            }
            options.reciprocity = .batch
        case "off": options.reciprocity = .notChecked
        case let other?: throw CommandFailure.badInput("--reciprocity must be 'batch' or 'off', not '\(other)'")
        }
        if let state {
            do {
                options.initialState = try StateFile.loadIfPresent(path: state)
            } catch {
                throw CommandFailure.badInput("--state: \(error)")
            }
            options.statePath = state
            if options.initialState == nil && !quiet {
                printError("pocmap verify: note: \(state) does not exist yet; starting from an empty state")
            }
        }
        options.stateOutputPath = stateOut
        options.emissionsBones = emissions
        if let regions {
            do {
                options.regionIndex = try RegionIndexLoader.load(directory: regions)
            } catch {
                throw CommandFailure.badInput("--regions: \(error)")
            }
        }
        guard window.isFinite, window >= 0, window <= 86_400 else {
            throw CommandFailure.badInput("--window must be between 0 and 86400 seconds")
        }
        guard slack.isFinite, slack >= 0, slack <= 86_400 else {
            throw CommandFailure.badInput("--slack must be between 0 and 86400 seconds")
        }
        options.joinWindowMs = Int64((window * 1000).rounded())
        options.orderSlackMs = Int64((slack * 1000).rounded())
        guard threads >= 1 else { throw CommandFailure.badInput("--threads must be at least 1") }
        options.threads = threads
        if !quiet && isatty(2) == 1 {
            options.progress = { progress in
                let rate = Double(progress.witnessesRead) / max(progress.elapsedSeconds, 0.001)
                printProgress(
                    "pocmap verify: \(progress.witnessesRead) witness reports read, \(Int(rate)) /s, "
                        + "\(Int(progress.elapsedSeconds)) s"
                )
            }
        }

        let report: VerifyReport
        do {
            report = try VerifyJob(options: options).run()
        } catch {
            if options.progress != nil { printProgress("") }
            switch error {
            case .input(let message): throw CommandFailure.badInput(message)
            case .output(let failure): throw CommandFailure.failed(failure.description)
            case .accounting(let message): throw CommandFailure.failed(message + " (see \(out)/summary.json)")
            }
        }
        if options.progress != nil { printProgress("") }
        if timings {
            printError(report.timings.description)
            printError(
                "join held at most \(report.peakPending.beacons) beacons and "
                    + "\(report.peakPending.witnesses) witness reports"
                    + (report.usedUnboundedJoin ? " (unbounded: input out of order)" : "")
            )
        }
        if !quiet {
            var line =
                "pocmap verify: \(report.beacons) beacons, \(report.witnesses) witnesses, "
                + "\(report.rejected) rejected lines"
            if report.witnesses > 0 && report.timings.wall > 0 {
                line += "; \(Int(Double(report.witnesses) / report.timings.wall)) witness reports/s"
            }
            line += "; wrote \(out)"
            printError(line)
            if let late = report.orderViolation {
                printError(
                    "pocmap verify: note: input out of order (\(late)); verified again holding all reports in memory"
                )
            }
        }
    }
}

/// Rewrites the progress line on a terminal's standard error (empty text clears it).
private func printProgress(_ text: String) {
    let line = "\r\u{1B}[K" + text
    _ = line.withCString { write(2, $0, strlen($0)) }
}
