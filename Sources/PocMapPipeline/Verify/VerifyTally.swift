import PocMapCore

/// Counts of one verify run: per hotspot (for `hotspots.csv`), per reason, per epoch, and the time range.
/// Every count is a sum, so it does not depend on the order records are counted in.
struct VerifyTally: Sendable {
    static let reasonCount = InvalidReason.allCases.count

    let hotspotCount: Int
    var beacons: [UInt32]
    var beaconsValid: [UInt32]
    var witnesses: [UInt32]
    var witnessesValid: [UInt32]
    var witnessesSelected: [UInt32]
    /// Σ beacon shares × 10⁸ per hotspot (scale × unit, two 4-decimal numbers).
    var beaconShares: [UInt64]
    var witnessShares: [UInt64]
    /// Invalid verdicts per hotspot and reason, row-major.
    var reasonsByHotspot: [UInt32]

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
        self.hotspotCount = hotspotCount
        beacons = [UInt32](repeating: 0, count: hotspotCount)
        beaconsValid = beacons
        witnesses = beacons
        witnessesValid = beacons
        witnessesSelected = beacons
        beaconShares = [UInt64](repeating: 0, count: hotspotCount)
        witnessShares = beaconShares
        reasonsByHotspot = [UInt32](repeating: 0, count: hotspotCount * VerifyTally.reasonCount)
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
        if let id = beacon.hotspot?.index {
            beacons[id] += 1
            if beacon.status == .valid { beaconsValid[id] += 1 }
        }
        if beacon.status == .valid {
            beaconValid += 1
            let share = VerifyTally.share(beacon.hexScale, beacon.rewardUnit)
            if share > 0, let id = beacon.hotspot?.index {
                beaconShares[id] += share
                epochs[epochSlot(beaconEpoch)].beacon += share
            }
        } else if let reason = beacon.invalidReason {
            beaconReasons[Int(reason.rawValue)] += 1
            if let id = beacon.hotspot?.index {
                reasonsByHotspot[id * VerifyTally.reasonCount + Int(reason.rawValue)] += 1
            }
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
        let id = verdict.hotspot?.index
        if let id { witnesses[id] += 1 }
        if verdict.status == .valid {
            witnessValid += 1
            if let id { witnessesValid[id] += 1 }
            if verdict.selected {
                witnessSelected += 1
                if let id {
                    witnessesSelected[id] += 1
                    let share = VerifyTally.share(verdict.hexScale, verdict.rewardUnit)
                    if share > 0 {
                        witnessShares[id] += share
                        epochs[epochSlot(RewardLedger.epoch(ofRewardTimeMs: Int64(ms)))].witness += share
                    }
                }
            }
        } else if let reason = verdict.invalidReason {
            witnessReasons[Int(reason.rawValue)] += 1
            if let id { reasonsByHotspot[id * VerifyTally.reasonCount + Int(reason.rawValue)] += 1 }
        }
    }

    /// scale × unit in units of 10⁻⁸, 0 unless both are positive (`POC-RULES.md` §7).
    @inline(__always)
    static func share(_ scale: Decimal4, _ unit: Decimal4) -> UInt64 {
        guard scale.tenThousandths > 0, unit.tenThousandths > 0 else { return 0 }
        return UInt64(scale.tenThousandths) * UInt64(unit.tenThousandths)
    }

    /// The most frequent invalid reason of a hotspot's verdicts (ties: the earlier reason in pocmap's code order),
    /// nil when it has none.
    func topReason(of hotspot: Int) -> InvalidReason? {
        var best: InvalidReason?
        var bestCount: UInt32 = 0
        for reason in InvalidReason.allCases {
            let count = reasonsByHotspot[hotspot * VerifyTally.reasonCount + Int(reason.rawValue)]
            if count > bestCount {
                best = reason
                bestCount = count
            }
        }
        return best
    }
}
