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

    mutating func record(_ poc: VerifiedPoC) {
        let beacon = poc.result.beacon
        beaconTotal += 1
        seeTime(poc.joined.beacon.receivedTimestampMs)
        if !poc.joined.witnesses.isEmpty { pocsWithWitnesses += 1 }
        if beacon.invalidReason == .duplicateBeacon { duplicateBeacons += 1 }
        if beacon.usedDefaultScale && beacon.status == .valid { defaultScaleBeacons += 1 }
        if beacon.hotspot != nil && beacon.invalidReason != .gatewayNotFound && beacon.invalidReason != .notAsserted
            && beacon.invalidReason != .duplicateBeacon && beacon.invalidReason != .stale
        {
            if beacon.entropyWindowChecked { entropyChecked += 1 } else { entropyNotChecked += 1 }
            if beacon.payloadChecked { payloadChecked += 1 } else { payloadNotChecked += 1 }
        }
        let beaconEpoch = RewardLedger.epoch(ofRewardTimeMs: Int64(poc.joined.beacon.receivedTimestampMs))
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
        for index in poc.result.witnesses.indices {
            let verdict = poc.result.witnesses[index]
            let report = poc.joined.witnesses[index]
            recordWitness(verdict, at: report.receivedTimestampMs)
        }
    }

    mutating func recordUnmatched(_ verdict: WitnessVerdict, at ms: Int) {
        unmatchedWitnesses += 1
        recordWitness(verdict, at: ms)
    }

    private mutating func recordWitness(_ verdict: WitnessVerdict, at ms: Int) {
        witnessTotal += 1
        seeTime(ms)
        let valid = verdict.status == .valid
        let share = valid && verdict.selected ? HotspotTallies.share(verdict.hexScale, verdict.rewardUnit) : 0
        if let id = verdict.hotspot?.index {
            hotspots.addWitness(
                id,
                valid: valid,
                selected: verdict.selected,
                reason: verdict.invalidReason,
                share: share
            )
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
