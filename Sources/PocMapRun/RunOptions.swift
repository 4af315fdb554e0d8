import PocMapCore
public import PocMapMaps
public import PocMapPipeline
import Synchronization

/// Everything `pocmap run` needs: the verify options (inputs, rules, threads), the map options (resolution, model,
/// raster), optional reward emissions and the output directory.
///
/// The paths inside ``verify`` and ``map`` that point at outputs are set by the job itself (it writes every stage
/// into one staging directory); only their other settings are used.
public struct RunOptions: Sendable {
    /// The output directory (created if missing).
    public var outputDirectory: String
    /// Inputs, rules and threads of the verify stage (`hotspotsPath`, `beaconsPath`, `witnessesPath` are the run's
    /// inputs; its `outputDirectory`, `progress` and `isCancelled` are replaced by the job).
    public var verify: VerifyOptions
    /// Resolution, model, prediction and raster settings of the map stage (`verdictsPath`, `hotspotPaths`,
    /// `outputDirectory` and `density` are replaced by the job: the density set is the verify stage's).
    public var map: MapJobOptions
    /// Reward pool inputs; with them `rewards.csv` carries amounts in bones and `pools.csv` is written.
    public var emissions: EmissionsInput?
    /// Called on the job's threads with progress (stage changes, about once a second while verifying).
    public var progress: (@Sendable (RunProgress) -> Void)?
    /// Ctrl-C: when it is cancelled the job stops at the next chunk or stage boundary with
    /// ``RunFailure/cancelled``, removes its temporaries and leaves the previous outputs as they were.
    public var cancellation: RunCancellation?
    /// Without a pixel size or bbox in ``map`` (EPSG:4326), the raster pixel is the map job's default for the
    /// resolution, doubled until a raster over the hotspots' extent holds at most this many pixels.
    public var maxRasterPixels = 16_000_000
    /// fsync every output before it is renamed into place (survives power loss too; costs time on large outputs).
    public var synchronize = false
    /// Seconds to pause between the renames of the commit (a test hook that widens the commit window so a test
    /// can kill the process inside it; 0 in normal use).
    public var commitPauseSeconds: Double = 0

    /// Options with the required paths and the defaults of `CLI.md` (resolution 8, helium-2024, hip104,
    /// calibrated log-distance model).
    public init(hotspotsPath: String, beaconsPath: String, witnessesPath: String, outputDirectory: String) {
        self.outputDirectory = outputDirectory
        verify = VerifyOptions(
            hotspotsPath: hotspotsPath,
            beaconsPath: beaconsPath,
            witnessesPath: witnessesPath,
            outputDirectory: outputDirectory
        )
        map = MapJobOptions(
            verdictsPath: outputDirectory,
            hotspotPaths: [hotspotsPath],
            outputDirectory: outputDirectory
        )
    }
}

/// A cancellation flag shared between a signal handler (or any thread) and a running job. Setting it is
/// async-signal-safe (one lock-free atomic store).
public final class RunCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag that is not set.
    public init() {}

    /// Asks the job to stop.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether ``cancel()`` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// The stages of `pocmap run`, in order.
public enum RunStage: String, Sendable, CaseIterable {
    /// Reading, joining and verifying the reports (verdicts, rejects, hotspots.csv, state).
    case verify
    /// HIP-17 density of the registry (density.csv).
    case density
    /// Reward shares per hotspot and epoch (rewards.csv, pools.csv).
    case rewards
    /// Coverage rasters, calibration and the GeoPackage store.
    case map
    /// Renaming the staged files into the output directory.
    case commit
}

/// What a running job reports.
public struct RunProgress: Sendable {
    /// The stage under way.
    public var stage: RunStage
    /// Records (input report lines) handled so far in the stage, when it counts records.
    public var records: Int?
    /// The expected number of records of the stage, estimated from the input sizes, when it can be known.
    public var estimatedRecords: Int?
    /// Seconds since the stage started.
    public var stageSeconds: Double
    /// A finished step or a note, for plain log lines (nil for a periodic count).
    public var message: String?
    /// Whether this event closes the stage (its message says what it made).
    public var finished: Bool
}

/// Why a run failed. Nothing of the new run is left in the output directory after any of these; the previous
/// outputs are untouched.
public enum RunFailure: Error, Sendable, CustomStringConvertible {
    /// Bad input or options (CLI exit status 2).
    case input(String)
    /// The work failed: an output could not be written, the accounting check failed, a map step failed (exit 1).
    case failed(String)
    /// The run was cancelled (Ctrl-C; exit 130).
    case cancelled

    /// One line.
    public var description: String {
        switch self {
        case .input(let message): message
        case .failed(let message): message
        case .cancelled: "cancelled"
        }
    }
}

/// What a finished run reports besides its files.
public struct RunReport: Sendable {
    /// summary.json as written.
    public var summaryJSON: String
    /// The files of the output set, by name, summary.json last.
    public var files: [String]
    /// The verify stage's report.
    public var verify: VerifyReport
    /// The map stage's report.
    public var map: MapJobReport
    /// Rows of rewards.csv.
    public var rewardRows: Int
    /// Rows of density.csv.
    public var densityRows: Int
    /// Wall time per stage, seconds, in order.
    public var stageSeconds: [(stage: RunStage, seconds: Double)]
    /// Total wall time, seconds.
    public var wallSeconds: Double
}
