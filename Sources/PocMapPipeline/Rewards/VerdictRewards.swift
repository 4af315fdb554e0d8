public import PocMapCore
public import PocMapIO

/// Reward shares per hotspot and epoch, tallied from verdict files (`pocmap rewards`; POC-RULES §7).
///
/// Every verdict line that earns a share (``VerdictRecord/earnsShare``: a valid beacon, or a valid selected
/// witness, with hex scale and reward unit above zero) adds hex_scale × reward_unit to its hotspot's beacon or
/// witness shares in the UTC-day epoch of **its own** received time (``RewardLedger``, which also splits pools).
/// The verdicts already carry the beaconer's HIP-17 scale and the HIP-15 unit, so no rule is re-evaluated here.
///
/// ```swift
/// var tally = VerdictRewards()
/// try tally.read(path: "out/verdicts.ndjson")
/// for epoch in tally.ledger.epochs { print(tally.ledger.shares(in: epoch)) }
/// ```
public struct VerdictRewards: Sendable {
    /// The shares collected so far.
    public private(set) var ledger = RewardLedger()
    /// The counters of every file read, in reading order (records read = decoded + rejected).
    public private(set) var files: [FileCounters] = []
    /// Lines that could not be read as verdicts, in reading order.
    public private(set) var rejects: [Reject] = []
    /// Verdict lines read (beacons and witnesses, valid or not).
    public private(set) var verdicts = 0
    /// Beacon lines that earned a share.
    public private(set) var beaconShareLines = 0
    /// Witness lines that earned a share.
    public private(set) var witnessShareLines = 0

    /// An empty tally.
    public init() {}

    /// Reads one verdict file (NDJSON, plain or gzip) and adds its shares. Unreadable lines are kept in
    /// ``rejects``; only file-level failures throw, after the lines before them were counted.
    public mutating func read(path: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try VerdictReader(path: path, options: options)
        defer { files.append(reader.counters) }
        while let chunk = try reader.nextChunk() {
            for item in chunk.items {
                switch item {
                case .record(let verdict): add(verdict)
                case .reject(let reject): rejects.append(reject)
                }
            }
        }
    }

    /// Adds one verdict's share, if it earns one.
    public mutating func add(_ verdict: VerdictRecord) {
        verdicts += 1
        guard verdict.earnsShare else { return }
        let kind: RewardShareKind
        switch verdict.kind {
        case .beacon:
            kind = .beacon
            beaconShareLines += 1
        case .witness:
            kind = .witness
            witnessShareLines += 1
        }
        ledger.add(
            kind,
            hotspotKey: verdict.pubKey,
            rewardTimeMs: Int64(verdict.receivedTimestampMs),
            hexScale: verdict.hexScale,
            rewardUnit: verdict.rewardUnit
        )
    }

    /// The keys holding shares that the registry does not list (a sign that verdicts and registry do not belong
    /// together), sorted by UTF-8 bytes.
    public func unregisteredKeys(in registry: HotspotRegistry) -> [String] {
        var missing = Set<String>()
        for epoch in ledger.epochs {
            for entry in ledger.shares(in: epoch) where registry[entry.key] == nil { missing.insert(entry.key) }
        }
        return missing.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The verdict file inside an output directory (`verdicts.ndjson`, else `verdicts.ndjson.gz`), or the path
    /// itself when it is not a directory. `nil` when a directory holds neither.
    public static func verdictFile(in path: String) -> String? {
        guard FileSystem.isDirectory(path) else { return path }
        for name in ["verdicts.ndjson", "verdicts.ndjson.gz"] {
            let candidate = path.hasSuffix("/") ? path + name : path + "/" + name
            if FileSystem.exists(candidate) { return candidate }
        }
        return nil
    }
}

/// Pool inputs for `pocmap rewards --emissions` (POC-RULES §7).
public struct EmissionsInput: Hashable, Sendable {
    /// E: the IoT emissions of each epoch, in bones (10⁻⁸ HNT).
    public var emissionsBones: UInt64
    /// Data credits spent on packet transfer per epoch and the HNT price, when known; `nil` treats the whole
    /// data-transfer pool as unused.
    public var dataTransfer: DataTransferUsage?

    /// Creates the input.
    public init(emissionsBones: UInt64, dataTransfer: DataTransferUsage? = nil) {
        self.emissionsBones = emissionsBones
        self.dataTransfer = dataTransfer
    }
}

/// The tables `pocmap rewards` writes: `rewards.csv` (one row per hotspot and epoch) and, with emissions,
/// `pools.csv` (one row per epoch).
public struct RewardsReport: Sendable {
    /// `rewards.csv` columns without emissions.
    public static let sharesHeader = "epoch,date,key,beacon_shares,witness_shares"
    /// `rewards.csv` columns with emissions: the shares, then the amounts in bones.
    public static let amountsHeader = sharesHeader + ",beacon_bones,witness_bones"
    /// `pools.csv` columns.
    public static let poolsHeader =
        "epoch,date,emissions_bones,data_transfer_pool,data_transfer_paid,data_transfer_unused,beacon_pool,"
        + "witness_pool,operations_pool,oracles_pool,total_beacon_shares,total_witness_shares,beacon_per_share,"
        + "witness_per_share,hotspots_rewarded"

    /// The text of `rewards.csv`.
    public var rewardsCSV: String
    /// The text of `pools.csv`, with emissions only.
    public var poolsCSV: String?
    /// Rows of `rewards.csv` (header excluded).
    public var rewardRows: Int

    /// Builds the tables from a ledger. Epochs ascend; hotspots within an epoch are in key order (UTF-8 bytes).
    /// Shares print with 8 decimals (they are exact to 10⁻⁸); pools and per-share amounts with 15, as Helium
    /// computes them; amounts in whole bones. Without emissions every hotspot with a share is listed; with
    /// emissions those whose amounts are both zero are omitted, as Helium omits them.
    public init(ledger: RewardLedger, emissions: EmissionsInput? = nil) throws(RewardComputationError) {
        var rewards = (emissions == nil ? Self.sharesHeader : Self.amountsHeader) + "\n"
        var pools = Self.poolsHeader + "\n"
        var rows = 0
        for epoch in ledger.epochs {
            let date = RFC3339.isoDate(daysSinceEpoch: Int(epoch))
            let prefix = "\(epoch),\(date),"
            guard let emissions else {
                for entry in ledger.shares(in: epoch) {
                    rewards += prefix + Self.csvField(entry.key) + ","
                    rewards += Self.shares(entry.beaconHundredMillionths) + ","
                    rewards += Self.shares(entry.witnessHundredMillionths) + "\n"
                    rows += 1
                }
                continue
            }
            let payout = try ledger.payout(
                epoch: epoch,
                emissionsBones: emissions.emissionsBones,
                dataTransfer: emissions.dataTransfer
            )
            for reward in payout.rewards {
                rewards += prefix + Self.csvField(reward.key) + ","
                rewards += Self.shares(reward.shares.beaconHundredMillionths) + ","
                rewards += Self.shares(reward.shares.witnessHundredMillionths) + ","
                rewards += "\(reward.beaconBones),\(reward.witnessBones)\n"
                rows += 1
            }
            let columns: [String] = [
                String(epoch), date, String(payout.emissionsBones), payout.dataTransferPool.description,
                payout.dataTransferPaid.description, payout.dataTransferUnused.description,
                payout.beaconPool.description, payout.witnessPool.description, payout.operationsPool.description,
                payout.oraclesPool.description, payout.totalBeaconShares.description,
                payout.totalWitnessShares.description, payout.beaconPerShare.description,
                payout.witnessPerShare.description, String(payout.rewards.count),
            ]
            pools += columns.joined(separator: ",") + "\n"
        }
        rewardsCSV = rewards
        poolsCSV = emissions == nil ? nil : pools
        rewardRows = rows
    }

    /// Shares × 10⁸ as a decimal with 8 places (`1.36000000`).
    static func shares(_ hundredMillionths: UInt64) -> String {
        var fraction = String(hundredMillionths % 100_000_000)
        fraction = String(repeating: "0", count: 8 - fraction.count) + fraction
        return String(hundredMillionths / 100_000_000) + "." + fraction
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        var quoted = "\""
        for character in text { quoted += character == "\"" ? "\"\"" : String(character) }
        return quoted + "\""
    }
}
