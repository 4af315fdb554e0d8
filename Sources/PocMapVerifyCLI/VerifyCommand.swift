package import ArgumentParser
import Glibc
import PocMapCore
import PocMapIO
import PocMapPipeline

/// `pocmap verify`: beacon and witness logs through the proof-of-coverage rules into verdicts.
package struct VerifyCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
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

    @OptionGroup var inputs: VerifyInputOptions

    @Option(
        help: ArgumentHelp("Tag reported with denied verdicts (default: the denylist's file name).", valueName: "TAG")
    )
    var denyTag: String?

    @Option(help: ArgumentHelp("Write the updated state here instead of OUT/state.txt.", valueName: "FILE"))
    var stateOut: String?

    @Option(
        help: ArgumentHelp(
            "IoT emissions per epoch (UTC day) in bones; writes pool amounts (rewards.csv).",
            valueName: "BONES"
        )
    )
    var emissions: UInt64?

    @Option(
        help: ArgumentHelp(
            "Disorder tolerated in sorted inputs before holding all in memory (default 300).",
            valueName: "SECONDS"
        )
    )
    var slack: Double = 300

    @Option(
        help: ArgumentHelp(
            "1: one thread; 2 or more: parse, verify and write on their own threads (default 2).",
            valueName: "N"
        )
    )
    var threads: Int = 2

    @Flag(help: "Print the time of each stage (parse, join, verify, format + write) on standard error.")
    var timings = false

    @Flag(help: "No progress or summary on standard error.")
    var quiet = false

    package func run() throws {
        var options = try inputs.verifyOptions(denyTag: denyTag)
        if let state = inputs.state, options.initialState == nil && !quiet {
            printError("pocmap verify: note: \(state) does not exist yet; starting from an empty state")
        }
        options.stateOutputPath = stateOut
        options.emissionsBones = emissions
        guard slack.isFinite, slack >= 0, slack <= 86_400 else {
            throw CommandFailure.badInput("--slack must be between 0 and 86400 seconds")
        }
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
            case .accounting(let message): throw CommandFailure.failed(message + " (see \(inputs.out)/summary.json)")
            case .cancelled: throw CommandFailure.failed("cancelled")
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
            line += "; wrote \(inputs.out)"
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
