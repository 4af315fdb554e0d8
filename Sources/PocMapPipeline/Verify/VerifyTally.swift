import PocMapCore

/// Counts of one verify run: per hotspot (for `hotspots.csv`), per reason, per epoch, and the time range.
/// Every count is a sum, so it does not depend on the order records are counted in.
struct VerifyTally: Sendable {
    static let reasonCount = InvalidReason.allCases.count

    /// Per-hotspot counts (the columns of `hotspots.csv`).
    var hotspots: HotspotTallies

    var beaconReasons = [Int](repeating: 0, count: VerifyTally.reasonCount)
    var witnessReasons = [Int](repeating: 0, count: VerifyTally.reasonCount)
    var beaconTotal = 0
    var beaconValid = 0
    var witnessTotal = 0
    var witnessValid = 0
    var witnessSelected = 0
    var unmatchedWitnesses = 0
    var duplicateBeacons = 0
    var pocsWithWitnesses = 0
    var defaultScaleBeacons = 0
    /// Beacons that reached the entropy-window / payload checks, evaluated or not.
    var entropyChecked = 0
    var entropyNotChecked = 0
    var payloadChecked = 0
    var payloadNotChecked = 0
    /// Shares per epoch (× 10⁸): beacon, witness, in order of first appearance (a batch spans few epochs, so a
    /// linear search from the last one used beats a dictionary).
    private(set) var epochs: [(epoch: Int64, beacon: UInt64, witness: UInt64)] = []
    private var lastEpoch = 0

    @inline(__always)
    private mutating func epochSlot(_ epoch: Int64) -> Int {
        if lastEpoch < epochs.count && epochs[lastEpoch].epoch == epoch { return lastEpoch }
        if let found = epochs.firstIndex(where: { $0.epoch == epoch }) {
            lastEpoch = found
        } else {
            epochs.append((epoch, 0, 0))
            lastEpoch = epochs.count - 1
        }
        return lastEpoch
    }
    var firstMs: Int64?
    var lastMs: Int64?
    /// Lines written to verdicts.ndjson per kind (counted where the lines are formatted).
    var beaconLines = 0
    var witnessLines = 0

    init(hotspotCount: Int) {
        hotspots = HotspotTallies(count: hotspotCount)
    }

    @inline(__always)
    private mutating func seeTime(_ ms: Int) {
        let value = Int64(ms)
        if firstMs.map({ value < $0 }) ?? true { firstMs = value }
        if lastMs.map({ value > $0 }) ?? true { lastMs = value }
    }

    /// Reads the per-hotspot counters that ``record(_:)`` will change for the PoCs `range` of a batch, so that
    /// they are in the cache when it does (``HotspotTallies/touchCounters(_:)``); returns a sum that means nothing.
    func touchCounters(of batch: PoCBatch.View, _ range: Range<Int>) -> UInt32 {
        var sum: UInt32 = 0
        for index in range {
            if let beaconer = batch.pocs[index].verdict.hotspot?.index {
                sum &+= hotspots.touchCounters(beacon: beaconer, reason: batch.pocs[index].verdict.invalidReason)
            }
            sum &+= hotspots.touchCounters(UnsafeBufferPointer(rebasing: batch.verdicts[batch.pocs[index].witnesses]))
        }
        return sum
    }

    /// Counts a PoC's verdicts, read in place (a copied PoC retains and releases every string it holds).
    mutating func record(_ poc: PoCView) {
        let beacon = poc.head.pointee.verdict
        let receivedMs = poc.head.pointee.beacon.receivedTimestampMs
        beaconTotal += 1
        seeTime(receivedMs)
        if !poc.reports.isEmpty { pocsWithWitnesses += 1 }
        if beacon.invalidReason == .duplicateBeacon { duplicateBeacons += 1 }
        if beacon.usedDefaultScale && beacon.status == .valid { defaultScaleBeacons += 1 }
        if beacon.hotspot != nil && beacon.invalidReason != .gatewayNotFound && beacon.invalidReason != .notAsserted
            && beacon.invalidReason != .duplicateBeacon && beacon.invalidReason != .stale
        {
            if beacon.entropyWindowChecked { entropyChecked += 1 } else { entropyNotChecked += 1 }
            if beacon.payloadChecked { payloadChecked += 1 } else { payloadNotChecked += 1 }
        }
        let beaconEpoch = RewardLedger.epoch(ofRewardTimeMs: Int64(receivedMs))
        let valid = beacon.status == .valid
        let share = valid ? HotspotTallies.share(beacon.hexScale, beacon.rewardUnit) : 0
        if let id = beacon.hotspot?.index {
            hotspots.addBeacon(id, valid: valid, reason: beacon.invalidReason, share: share)
            if share > 0 { epochs[epochSlot(beaconEpoch)].beacon += share }
        }
        if valid {
            beaconValid += 1
        } else if let reason = beacon.invalidReason {
            beaconReasons[Int(reason.rawValue)] += 1
        }
        // The per-hotspot counts of all witnesses first, in one tight loop (see HotspotTallies.addWitnesses), then
        // the run's counts; reports and verdicts are read in place, never copied.
        hotspots.addWitnesses(poc.verdicts)
        for index in 0..<min(poc.verdicts.count, poc.reports.count) {
            recordWitnessTotals(poc.verdicts[index], at: poc.reports[index].receivedTimestampMs)
        }
    }

    mutating func recordUnmatched(_ verdict: WitnessVerdict, at ms: Int) {
        unmatchedWitnesses += 1
        recordWitness(verdict, at: ms)
    }

    private mutating func recordWitness(_ verdict: WitnessVerdict, at ms: Int) {
        if let id = verdict.hotspot?.index {
            let valid = verdict.status == .valid
            let share = valid && verdict.selected ? HotspotTallies.share(verdict.hexScale, verdict.rewardUnit) : 0
            hotspots.addWitness(
                id,
                valid: valid,
                selected: verdict.selected,
                reason: verdict.invalidReason,
                share: share
            )
        }
        recordWitnessTotals(verdict, at: ms)
    }

    /// The run's counts of a witness verdict (all but the per-hotspot ones).
    @inline(__always)
    private mutating func recordWitnessTotals(_ verdict: WitnessVerdict, at ms: Int) {
        witnessTotal += 1
        seeTime(ms)
        let valid = verdict.status == .valid
        if valid && verdict.selected && verdict.hotspot != nil {
            let share = HotspotTallies.share(verdict.hexScale, verdict.rewardUnit)
            if share > 0 { epochs[epochSlot(RewardLedger.epoch(ofRewardTimeMs: Int64(ms)))].witness += share }
        }
        if valid {
            witnessValid += 1
            if verdict.selected { witnessSelected += 1 }
        } else if let reason = verdict.invalidReason {
            witnessReasons[Int(reason.rawValue)] += 1
        }
    }

}
