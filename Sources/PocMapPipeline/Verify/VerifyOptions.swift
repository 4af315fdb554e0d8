public import PocMapCore
public import PocMapIO

/// How HIP-106 reciprocity is checked (`POC-RULES.md` §4).
public enum ReciprocityMode: String, Hashable, Sendable {
    /// Not checked: no reciprocity verdicts; summary.json says "not checked". The state is still updated.
    case notChecked = "not checked"
    /// Checked with the history built from the batch itself (the state starts empty).
    case batch
    /// Checked with the history of a previous state file (`--state`).
    case state
}

/// Everything `pocmap verify` needs: inputs, rules and output directory.
public struct VerifyOptions: Sendable {
    /// The hotspot registry (`FORMATS.md` §1.1).
    public var hotspotsPath: String
    /// Beacon reports (§1.2), NDJSON or CSV, plain or gzip.
    public var beaconsPath: String
    /// Witness reports (§1.3).
    public var witnessesPath: String
    /// The output directory (created if missing).
    public var outputDirectory: String
    /// Input format when file names do not say; nil chooses by name.
    public var format: InputFormat?
    /// The rule profile.
    public var profile: RuleProfile = .helium2024
    /// The HIP-17 parameter set.
    public var density: DensityParameterSet = .hip104
    /// Denied keys and edges.
    public var denylist: Denylist = .empty
    /// Where the denylist came from (for the summary), if any.
    public var denylistPath: String?
    /// Reciprocity mode; ``ReciprocityMode/state`` needs ``initialState``'s file path in ``statePath``.
    public var reciprocity: ReciprocityMode = .notChecked
    /// The state to continue from (empty when nil).
    public var initialState: VerifierState?
    /// The state file read (for the summary), if any.
    public var statePath: String?
    /// Where to write the updated state; nil writes `state.txt` in the output directory.
    public var stateOutputPath: String?
    /// IoT emissions per epoch in bones; when set, pools and per-hotspot amounts are computed (`rewards.csv`).
    public var emissionsBones: UInt64?
    /// Helium's region index for hotspots without a `region` field.
    public var regionIndex: RegionIndex?
    /// Half-width of the join window in milliseconds (default 5 minutes).
    public var joinWindowMs: Int64 = 300_000
    /// Tolerated disorder of each input file in milliseconds before the join falls back to holding everything.
    public var orderSlackMs: Int64 = 300_000
    /// Skip the streaming attempt and hold all reports in memory (exact for any order).
    public var assumeUnordered = false
    /// 1: everything on the calling thread. 2 or more: beacons and witnesses are parsed on their own threads, the
    /// joined PoCs verified on another and verdict lines formatted and written on another, while the calling
    /// thread joins witnesses to beacons.
    public var threads: Int = 2
    /// Records per chunk read from the beacon and witness files (internal: tests shrink them to exercise the
    /// streaming join on small files).
    var chunkSizes = (beacons: 2_000, witnesses: 10_000)
    /// Sees every verdict as it is written (``RunJob`` collects its rewards and map inputs with it).
    package var observer: (any VerdictObserver)?
    /// The registry of ``hotspotsPath`` when the caller has read it already (``RunJob`` does, for its later stages),
    /// read with the source name ``VerifyJob`` would use.
    package var registry: HotspotRegistry?
    /// Called about once a second from the joining (calling) thread with the witness reports read so far.
    public var progress: (@Sendable (VerifyProgress) -> Void)?
    /// Asked once per input chunk on the joining (calling) thread; returning `true` stops the run with
    /// ``VerifyFailure/cancelled`` and nothing committed (`pocmap run` wires Ctrl-C to it).
    public var isCancelled: (@Sendable () -> Bool)?

    /// Options with the required paths and the defaults of `CLI.md`.
    public init(hotspotsPath: String, beaconsPath: String, witnessesPath: String, outputDirectory: String) {
        self.hotspotsPath = hotspotsPath
        self.beaconsPath = beaconsPath
        self.witnessesPath = witnessesPath
        self.outputDirectory = outputDirectory
    }
}

/// Progress of a running verify job.
public struct VerifyProgress: Sendable {
    /// Witness report lines read so far.
    public var witnessesRead: Int
    /// Beacon report lines read so far.
    public var beaconsRead: Int
    /// Seconds since the start.
    public var elapsedSeconds: Double
}

/// Why a verify job failed.
public enum VerifyFailure: Error, Sendable, CustomStringConvertible {
    /// An input could not be read (exit status 2).
    case input(String)
    /// An output could not be written (exit status 1).
    case output(OutputError)
    /// The accounting invariant failed (exit status 1); the outputs were written and summary.json shows it.
    case accounting(String)
    /// ``VerifyOptions/isCancelled`` said stop; nothing was committed.
    case cancelled

    /// One line.
    public var description: String {
        switch self {
        case .input(let message): message
        case .output(let error): error.description
        case .accounting(let message): message
        case .cancelled: "cancelled"
        }
    }
}

/// Internal failure of one pass.
enum PipelineFailure: Error {
    case input(InputError)
    case output(OutputError)
    case order(JoinOrderViolation)
    case cancelled
}
