import ArgumentParser
import Glibc
import PocMapCore
import PocMapIO
import PocMapMaps
import PocMapPipeline
import PocMapRun
import PocMapVerifyCLI

/// The flag a Ctrl-C (SIGINT) or SIGTERM sets; the run checks it between chunks and stages.
private let runCancellation = RunCancellation()

/// `pocmap run`: the main job, every input to the whole output directory.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The main job: verify a day of logs, then density, rewards and coverage maps, into one directory.",
        discussion: """
            Runs every stage of pocmap on one set of logs and writes the whole
            output directory of FORMATS.md section 2:
              1. verify   join each witness to its beacon and check both against
                          Helium's proof-of-coverage rules (streaming: memory stays
                          bounded for logs sorted by time, as Helium's are)
                          -> verdicts.ndjson, rejects.ndjson, hotspots.csv, state.txt
              2. density  HIP-17 scale of every asserted hotspot, as `pocmap
                          density` computes it                 -> density.csv
              3. rewards  beacon and witness shares per hotspot and UTC day, as
                          `pocmap rewards`    -> rewards.csv (+ pools.csv with --emissions)
              4. map      observed and predicted coverage on the H3 grid at --res,
                          as `pocmap map`     -> coverage.tif (5 bands), coverage.qml,
                          coverage_class.tif + .qml, coverage.png, calibration.csv,
                          coverage.gpkg (the store `pocmap query` reads)
              5. summary  summary.json: counts per input file and per reason,
                          totals, the accounting check (records read = verdict
                          lines + reject lines, per file), each stage's figures,
                          the list of files with their sizes, and one "metadata"
                          object with the times (the only part that changes when
                          the same inputs are run again)

            INPUTS (FORMATS.md 1): NDJSON (.ndjson, .jsonl) or CSV (.csv), plain or
            gzip (.gz); Helium's native iot_*_ingest_report.*.gz are read as well.
              --hotspots   registry: key, location (H3) or lat/lng (degrees), gain
                           (dBi x 10), elevation (m), region, full
              --beacons    pub_key, received_timestamp (ms or RFC 3339), data,
                           frequency (Hz), tx_power (dBm), datarate
              --witnesses  pub_key, received_timestamp, data, signal (dBm x 10) or
                           rssi (dBm), snr (dB x 10), frequency (Hz), datarate

            ALL OR NOTHING: every stage writes into a hidden staging directory
            inside --out (.pocmap-run-PID.partial); at the end the files are renamed
            into place with summary.json last. summary.json therefore marks a
            complete set: if it is there, every file it lists is from the same
            finished run. A run that is killed, fails or is interrupted leaves the
            previous outputs as they were (a kill during the final renames, which
            take milliseconds, leaves no summary.json). Ctrl-C stops cleanly at
            the next chunk, removes the temporaries and exits with status 130; a
            second Ctrl-C exits at once (the next run removes the leftovers).

            DETERMINISM: the outputs do not depend on --threads or on the time of
            the run; only summary.json's "metadata" does.

            PROGRESS: on a terminal, a live line on standard error (stage,
            records/s, ETA from the input sizes); otherwise plain log lines; none
            with --quiet.

            EXAMPLES
              pocmap run --hotspots Samples/hotspots.csv \\
                --beacons Samples/beacons.ndjson --witnesses Samples/witnesses.ndjson \\
                --out out/samples
              pocmap query point 45.19 5.72 --store out/samples
              pocmap run --hotspots h.csv --beacons b.ndjson.gz --witnesses w.ndjson.gz \\
                --out day2 --state day1/state.txt --res 9 --model hata-suburban \\
                --emissions 5479452054794 --threads 4

            Exit status: 0 success; 1 the work failed (an output could not be
            written, the accounting check failed); 2 bad usage or unreadable input;
            130 interrupted.
            """
    )

    @OptionGroup var inputs: VerifyInputOptions

    @OptionGroup var map: MapPredictionOptions

    @Option(help: ArgumentHelp("Worker threads (default 2); outputs do not depend on it.", valueName: "N"))
    var threads: Int = 2

    @Flag(help: "No progress or summary on standard error (errors are still printed).")
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "IoT emissions per epoch (UTC day) in bones; adds amounts and pools.csv.",
            valueName: "BONES"
        )
    )
    var emissions: UInt64?

    @Flag(help: "fsync every output before renaming it into place (also survives power loss; slower).")
    var sync = false

    @Option(name: .customLong("commit-pause-ms"), help: .hidden)
    var commitPauseMs: Int = 0

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var options = try runOptions()
        let display = ProgressDisplay(quiet: quiet)
        options.progress = { display.show($0) }
        options.cancellation = runCancellation
        RunCommand.installSignalHandlers()

        let report: RunReport
        do {
            report = try RunJob(options: options).run()
        } catch {
            display.clear()
            switch error {
            case .input(let message): throw CommandFailure.badInput(message)
            case .failed(let message): throw CommandFailure.failed(message)
            case .cancelled:
                printError("pocmap run: interrupted; temporary files removed, \(inputs.out) left as it was")
                Glibc.exit(130)
            }
        }
        let verify = report.verify
        display.note(
            "pocmap run: \(verify.beacons) beacons, \(verify.witnesses) witnesses, \(verify.rejected) rejected lines, "
                + "\(report.map.mapCells) map cells; \(report.files.count) files in \(inputs.out) "
                + "(\(ProgressDisplay.duration(report.wallSeconds)))"
        )
        if !quiet, let late = verify.orderViolation {
            printError("pocmap run: note: input out of order (\(late)); verified again holding all reports in memory")
        }
    }

    /// The library options from the flags.
    private func runOptions() throws -> RunOptions {
        let verify = try inputs.verifyOptions()
        var options = RunOptions(
            hotspotsPath: verify.hotspotsPath,
            beaconsPath: verify.beaconsPath,
            witnessesPath: verify.witnessesPath,
            outputDirectory: verify.outputDirectory
        )
        options.verify = verify
        options.verify.threads = threads
        options.emissions = emissions.map { EmissionsInput(emissionsBones: $0) }
        map.apply(to: &options.map)
        options.map.workers = threads
        options.synchronize = sync
        options.commitPauseSeconds = Double(max(0, commitPauseMs)) / 1000
        return options
    }

    /// SIGINT and SIGTERM: the first asks the run to stop at the next chunk (it then cleans up and exits 130);
    /// a second one exits at once, leaving the previous outputs intact (the staging directory is removed by the
    /// next run).
    static func installSignalHandlers() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            if runCancellation.isCancelled {
                let message = "\npocmap run: interrupted again; exiting now\n"
                _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                _exit(130)
            }
            runCancellation.cancel()
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these signals blocked (some process launchers do): unblock them so
        // that Ctrl-C reaches the handler.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }
}
