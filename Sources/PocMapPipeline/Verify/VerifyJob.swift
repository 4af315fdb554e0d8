import PocMapCore
import PocMapIO

/// Stage times of a verify run, in seconds (`--timings`).
public struct VerifyTimings: Sendable, CustomStringConvertible {
    /// Loading the hotspot registry and preparing the directory.
    public var registry = 0.0
    /// Parsing beacon reports (thread CPU time with a reader thread, wall time inline).
    public var parseBeacons = 0.0
    /// Parsing witness reports.
    public var parseWitnesses = 0.0
    /// Joining and verifying: ``join`` + ``verify``.
    public var joinAndVerify = 0.0
    /// Joining witness reports to beacons (thread CPU time of the joining thread, parsing excluded).
    public var join = 0.0
    /// Verifying the joined PoCs (thread CPU time of the verify stage, density maps and formatting excluded).
    public var verify = 0.0
    /// Building density maps.
    public var density = 0.0
    /// Formatting and writing verdict lines (thread CPU time with a writer thread).
    public var formatAndWrite = 0.0
    /// Writing hotspots.csv, rewards, state and summary, and renaming outputs into place.
    public var finish = 0.0
    /// Total wall time.
    public var wall = 0.0

    /// One line per stage.
    public var description: String {
        func f(_ value: Double) -> String {
            let milliseconds = Int((value * 1000).rounded())
            let fraction = String(milliseconds % 1000)
            return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
        }
        return """
            registry         \(f(registry))
            parse beacons    \(f(parseBeacons))
            parse witnesses  \(f(parseWitnesses))
            join + verify    \(f(joinAndVerify))
              join           \(f(join))
              verify         \(f(verify))
            density maps     \(f(density))
            format + write   \(f(formatAndWrite))
            finish           \(f(finish))
            wall             \(f(wall))
            """
    }
}

/// What a finished verify run reports besides its files.
public struct VerifyReport: Sendable {
    /// summary.json as written.
    public var summaryJSON: String
    /// Beacon reports verified.
    public var beacons: Int
    /// Witness reports given a verdict (unmatched included).
    public var witnesses: Int
    /// Lines rejected across all inputs.
    public var rejected: Int
    /// Whether the accounting invariant held for every input.
    public var accountingHolds: Bool
    /// Whether the join had to fall back to holding all reports in memory because an input was out of order.
    public var usedUnboundedJoin: Bool
    /// The reason of the fallback, if any.
    public var orderViolation: String?
    /// The accounting numbers when the invariant failed.
    public var accountingFailure: String?
    /// Stage times.
    public var timings: VerifyTimings
    /// Most reports held at once by the join (beacons, witnesses).
    public var peakPending: (beacons: Int, witnesses: Int)
}

/// `pocmap verify` as a library: streams beacon and witness reports through the join and the proof-of-coverage
/// rules and writes `verdicts.ndjson`, `rejects.ndjson`, `hotspots.csv`, `summary.json`, `state.txt` (and
/// `rewards.csv` with emissions) into the output directory, atomically (see ``OutputCommit``).
///
/// Memory stays bounded by the join window for inputs sorted by received time (see ``JoinedPoC`` and the
/// documentation of `PoCJoiner`); out-of-order inputs are handled exactly by a second pass that holds all reports.
/// Output bytes do not depend on ``VerifyOptions/threads``; only `wall_time_s` in summary.json varies between runs.
public struct VerifyJob: Sendable {
    /// The options.
    public let options: VerifyOptions

    /// A job with these options.
    public init(options: VerifyOptions) {
        self.options = options
    }

    /// Runs the job.
    ///
    /// - Throws: ``VerifyFailure``: `.input` when an input cannot be read (nothing is committed), `.output` when an
    ///   output cannot be written (nothing is committed), `.accounting` when the invariant fails (the outputs are
    ///   committed, summary.json shows the numbers).
    public func run() throws(VerifyFailure) -> VerifyReport {
        let start = monotonicSeconds()
        var timings = VerifyTimings()
        let names = displayNames()
        // With reader threads, the beacon and witness files start being read now, while this thread loads the
        // registry (a quarter of a second for 100,000 hotspots, when a core would otherwise idle). A file that
        // cannot be opened here is opened again by the pass, which reports it in the usual order.
        let directoryPromise = Promise<HotspotDirectory>()
        var startedSources =
            options.threads >= 2
            ? try? VerifyPass.startSources(options: options, names: names, directory: directoryPromise) : nil
        defer {
            directoryPromise.abandon()
            startedSources?.beacons.cancel()
            startedSources?.witnesses.cancel()
        }
        var readerOptions = ReaderOptions(format: options.format)
        readerOptions.sourceName = names.hotspots
        let registry: HotspotRegistry
        if let preloaded = options.registry {
            registry = preloaded
        } else {
            do {
                registry = try HotspotRegistry.load(paths: [options.hotspotsPath], options: readerOptions)
            } catch {
                throw .input(error.description)
            }
        }
        let lookup: ((H3Cell) -> RegionName?)? = options.regionIndex.map { index in
            { cell in index.regionName(of: cell).flatMap { RegionName($0) } }
        }
        let directory = HotspotDirectory(registry.hotspots, regionLookup: lookup)
        directoryPromise.fulfill(directory)
        timings.registry = monotonicSeconds() - start

        var slack: Int64? = options.assumeUnordered ? nil : max(0, options.orderSlackMs)
        var violation: JoinOrderViolation?
        while true {
            let report: VerifyReport
            do throws(PipelineFailure) {
                options.observer?.restart()
                var pass = VerifyPass(
                    options: options,
                    names: names,
                    registry: registry,
                    directory: directory,
                    slack: slack,
                    start: start,
                    timings: timings
                )
                pass.orderViolation = violation
                pass.startedSources = startedSources
                startedSources = nil
                report = try pass.run()
            } catch {
                switch error {
                case .order(let late):
                    guard slack != nil else { throw .input("internal: order violation in unbounded mode: \(late)") }
                    violation = late
                    slack = nil
                    continue
                case .input(let failure): throw .input(failure.description)
                case .output(let failure): throw .output(failure)
                case .cancelled: throw .cancelled
                }
            }
            if let message = report.accountingFailure { throw .accounting(message) }
            return report
        }
    }

    /// Display names of the inputs in `source` fields: base names, or the paths as given when base names collide.
    package func displayNames() -> (hotspots: String, beacons: String, witnesses: String) {
        let paths = [options.hotspotsPath, options.beaconsPath, options.witnessesPath]
        let bases = paths.map(FileText.baseName)
        if Set(bases).count == bases.count { return (bases[0], bases[1], bases[2]) }
        return (paths[0], paths[1], paths[2])
    }
}
