import ArgumentParser
import Glibc
import PocMapCore
import PocMapIO
import PocMapVerifyCLI

/// `pocmap simulate`: a synthetic, physically consistent network and its logs, with labelled faults.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a synthetic hotspot network and its beacon/witness logs, with labelled injected faults.",
        discussion: """
            Hotspots cluster around real cities (each with its LoRaWAN region
            plan) with realistic antennas, heights and indoor installations.
            Every hotspot beacons once per 6-hour bucket; who witnesses is decided
            by a log-distance path-loss model with log-normal shadowing against
            each receiver's sensitivity, within the radio horizon. Clean reports
            always satisfy the proof-of-coverage rules.

            --faults RATE injects labelled misbehaviour (location spoofing, RSSI
            inflation, too-close pairs, off-frequency, late, duplicate and self
            witnesses, unknown keys, colluding pairs, extra beacons). Each label
            in faults.ndjson names the report (FILE:LINE) and the reason a
            helium-2024 verifier must give it.

            With --regions DIR (Helium's region index, as for `pocmap region`),
            hotspots are placed only where the index gives their city's plan: on
            land and inside the plan's borders.

            OUTPUT (in DIR): hotspots.csv, beacons.ndjson, witnesses.ndjson and
            faults.ndjson (with --gzip, NAME.gz files instead). The same options
            and seed give byte-identical files. A JSON summary goes to standard
            output, progress to standard error.

            EXAMPLES
              pocmap simulate --out sim --hotspots 5000 --days 2 --seed 7 --faults 0.05
              pocmap simulate --out eu --city Berlin --city Paris --hotspots 2000
            """
    )

    @Option(name: .customLong("out"), help: "Output directory (created if missing).")
    var outputDirectory: String

    @Option(help: "Number of hotspots.")
    var hotspots: Int = 1_000

    @Option(help: "Number of days to simulate (4 beacon buckets of 6 hours per day).")
    var days: Int = 1

    @Option(help: "Random seed; the same seed gives the same files.")
    var seed: UInt64 = 1

    @Option(name: .customLong("city"), help: "A city to place hotspots around (repeatable; default: all 35).")
    var cities: [String] = []

    @Option(name: .customLong("faults"), help: "Share of injected faults, 0 (clean) to 1.")
    var faultRate: Double = 0

    @Option(name: .customLong("start"), help: "Start date (UTC) as YYYY-MM-DD, or milliseconds since the epoch.")
    var start: String = "2023-06-01"

    @Option(
        name: .customLong("model"),
        help: "Witness link model: a log-distance preset (flora-urban with σ 7 dB, oulu, lorasim)."
    )
    var model: String = "flora-urban"

    @Option(
        name: .customLong("density"),
        help: "Hotspots per km² at a city centre; each city's cloud spreads to keep it (default 0.15)."
    )
    var peakDensity: Double?

    @Option(
        name: .customLong("regions"),
        help: ArgumentHelp(
            "Helium region index directory (*.h3idx): place hotspots only where it gives their city's plan.",
            valueName: "DIR"
        )
    )
    var regionsDirectory: String?

    @Option(help: "Threads computing receptions (default: all cores).")
    var threads: Int?

    @Flag(help: "Write gzip-compressed files (NAME.gz) instead of plain text.")
    var gzip = false

    @Flag(help: "No progress messages on stderr.")
    var quiet = false

    /// The first problem with the arguments, or nil. Checked in `run()` so that the exit status is 2 (bad usage)
    /// whatever the root command does with ArgumentParser's own validation errors.
    func usageProblem() -> String? {
        if hotspots < 1 { return "--hotspots must be at least 1" }
        if days < 1 { return "--days must be at least 1" }
        if !faultRate.isFinite || !(0...1).contains(faultRate) {
            return "--faults must be within 0...1, got \(faultRate)"
        }
        if let threads, threads < 1 { return "--threads must be at least 1" }
        if let peakDensity, !(peakDensity.isFinite && peakDensity > 0) { return "--density must be a positive number" }
        if SimulateCommand.parseStart(start) == nil {
            return "--start must be YYYY-MM-DD or milliseconds since the epoch, got '\(start)'"
        }
        guard case .logDistance? = PathLossModel(identifier: model) else {
            return "--model must be a log-distance preset: oulu, flora-urban or lorasim"
        }
        for name in cities where SimulationCity.named(name) == nil {
            return SimulationError.unknownCity(name).description
        }
        return nil
    }

    func run() throws {
        if let problem = usageProblem() { throw SimulateFailure(message: problem, exitCode: 2).reported() }
        var configuration = SimulationConfiguration(
            hotspotCount: hotspots,
            days: days,
            seed: seed,
            faultRate: faultRate
        )
        if !cities.isEmpty { configuration.cities = cities.compactMap(SimulationCity.named) }
        if let startMs = SimulateCommand.parseStart(start) { configuration.startMs = startMs }
        if let peakDensity { configuration.peakDensityPerSquareKm = peakDensity }
        if case .logDistance(let parameters)? = PathLossModel(identifier: model) { configuration.pathLoss = parameters }

        let clock = Stopwatch()
        let showProgress = !quiet && isatty(2) != 0
        var regionIndex: RegionIndex?
        if let regionsDirectory {
            do {
                regionIndex = try RegionIndexLoader.load(directory: regionsDirectory)
            } catch {
                throw SimulateFailure(message: error.description, exitCode: 2).reported()
            }
        }
        var simulator: NetworkSimulator
        do {
            simulator = try NetworkSimulator(configuration: configuration, regionIndex: regionIndex)
        } catch {
            throw SimulateFailure(message: error.description, exitCode: 2).reported()
        }
        if !quiet {
            SimulateCommand.note(
                "pocmap simulate: \(simulator.network.count) hotspots in \(configuration.cities.count) cities "
                    + "(\(SimulateCommand.format(clock.seconds)) s); simulating \(days) day(s)"
            )
        }
        let writer: SimulationWriter
        do {
            writer = try SimulationWriter(directory: outputDirectory, gzip: gzip)
        } catch {
            throw SimulateFailure(message: error.description, exitCode: 2).reported()
        }
        let summary: SimulationSummary
        do {
            var sink = ProgressSink(writer: writer, show: showProgress, clock: clock, buckets: simulator.bucketCount)
            let workers = threads ?? max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
            summary = try simulator.runParallel(into: &sink, workers: workers)
            try writer.close()
            if showProgress { SimulateCommand.note("") }
        } catch {
            throw SimulateFailure(message: error.description, exitCode: 1).reported()
        }
        let seconds = clock.seconds
        let faults = SimulatedFault.Kind.allCases.filter { (summary.faults[$0] ?? 0) > 0 }
            .map { "\"\($0.rawValue)\":\(summary.faults[$0] ?? 0)" }.joined(separator: ",")
        let files = writer.paths.map { "\"\($0)\"" }.joined(separator: ",")
        print(
            "{\"hotspots\":\(summary.hotspots),\"beacons\":\(summary.beacons),\"witnesses\":\(summary.witnesses),"
                + "\"valid_beacons\":\(summary.validBeacons),"
                + "\"witnesses_passing_checks\":\(summary.witnessesPassingChecks),"
                + "\"receivers_examined\":\(summary.receiversExamined),"
                + "\"receivers_in_reach\":\(summary.receiversPrefiltered),"
                + "\"faults\":\(summary.faultCount),\"faults_by_kind\":{\(faults)},"
                + "\"seconds\":\(SimulateCommand.format(seconds)),\"files\":[\(files)]}"
        )
        if !quiet {
            let rate = Double(summary.witnesses) / max(seconds, 1e-9)
            SimulateCommand.note(
                "pocmap simulate: \(summary.beacons) beacons, \(summary.witnesses) witness reports, "
                    + "\(summary.faultCount) fault labels in \(SimulateCommand.format(seconds)) s "
                    + "(\(Int(rate)) witness reports/s)"
            )
        }
    }

    /// `YYYY-MM-DD` (UTC midnight) or integer milliseconds.
    static func parseStart(_ text: String) -> Int64? {
        if let ms = Int64(text), ms >= 0 { return ms }
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int64(parts[0]), let m = Int64(parts[1]),
            let d = Int64(parts[2]), (1...12).contains(m), (1...31).contains(d), y >= 1970
        else { return nil }
        guard d <= Int64(RFC3339.daysInMonth(year: Int(y), month: Int(m))) else { return nil }
        return Int64(RFC3339.daysFromCivil(year: Int(y), month: Int(m), day: Int(d))) * 86_400_000
    }

    static func format(_ seconds: Double) -> String {
        String(Double((seconds * 1000).rounded()) / 1000)
    }

    static func note(_ text: String) {
        var line = text
        line.append("\n")
        writeStandardError(line)
    }
}

/// A failure with its exit status (1: the work failed; 2: bad usage or an unusable output location).
struct SimulateFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32
    var description: String { message }

    /// Prints `pocmap simulate: MESSAGE` on stderr and returns the exit status to throw.
    func reported() -> ExitCode {
        SimulateCommand.note("pocmap simulate: \(message)")
        return ExitCode(exitCode)
    }
}

/// Wall-clock seconds since creation.
private struct Stopwatch {
    private let start: timespec

    init() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        start = now
    }

    var seconds: Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
    }
}

/// Passes records to the writer and shows records/s on a terminal.
private struct ProgressSink: SimulationSink {
    let writer: SimulationWriter
    let show: Bool
    let clock: Stopwatch
    let buckets: Int
    var beacons = 0
    var witnesses = 0
    var lastShown = 0.0

    init(writer: SimulationWriter, show: Bool, clock: Stopwatch, buckets: Int) {
        self.writer = writer
        self.show = show
        self.clock = clock
        self.buckets = buckets
    }

    mutating func write(hotspot: SimulatedHotspotRecord) throws(SimulationWriteError) {
        try writer.write(hotspot: hotspot)
    }

    mutating func write(beacon: SimulatedBeacon) throws(SimulationWriteError) {
        try writer.write(beacon: beacon)
        beacons += 1
        if show && beacons & 0x3FFF == 0 {
            let now = clock.seconds
            if now - lastShown > 0.5 {
                lastShown = now
                let rate = Double(witnesses) / max(now, 1e-9)
                let text = "\r  \(beacons) beacons, \(witnesses) witness reports, \(Int(rate)) reports/s   "
                writeStandardError(text)
            }
        }
    }

    mutating func write(witness: SimulatedWitness) throws(SimulationWriteError) {
        try writer.write(witness: witness)
        witnesses += 1
    }

    mutating func write(fault: SimulatedFault) throws(SimulationWriteError) {
        try writer.write(fault: fault)
    }
}
