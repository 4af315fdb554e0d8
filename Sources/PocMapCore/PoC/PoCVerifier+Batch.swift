/// One PoC of a batch: a beacon report and the witness reports joined to it.
public struct PoCInput: Hashable, Sendable {
    /// The beacon report.
    public var beacon: BeaconReport
    /// The witness reports joined to it (any order).
    public var witnesses: [WitnessReport]

    /// Creates a PoC input.
    public init(beacon: BeaconReport, witnesses: [WitnessReport]) {
        self.beacon = beacon
        self.witnesses = witnesses
    }
}

extension PoCVerifier {
    /// The order in which a batch's PoCs are evaluated (§1.4 rule 1): ascending beacon received time, ties in
    /// input order. Returns indices into `pocs`.
    public static func evaluationOrder(_ pocs: [PoCInput]) -> [Int] {
        pocs.indices.sorted {
            let a = pocs[$0].beacon.receivedTimestampMs
            let b = pocs[$1].beacon.receivedTimestampMs
            return a != b ? a < b : $0 < $1
        }
    }

    /// Verifies a batch (§1.4): PoCs in ascending beacon received time (ties in input order), each PoC's state
    /// writes applied before the next. A beacon whose payload repeats the payload of a beacon evaluated earlier
    /// in the batch is `duplicate_beacon` (its witnesses inherit it) and changes no state.
    ///
    /// - Returns: one result per input PoC, **in input order**.
    public mutating func verifyBatch(_ pocs: [PoCInput]) -> [PoCResult] {
        var results = [PoCResult?](repeating: nil, count: pocs.count)
        var seenPayloads = Set<PayloadBytes>()
        seenPayloads.reserveCapacity(pocs.count)
        for index in PoCVerifier.evaluationOrder(pocs) {
            let poc = pocs[index]
            if seenPayloads.insert(poc.beacon.data).inserted {
                results[index] = verify(beacon: poc.beacon, witnesses: poc.witnesses)
            } else {
                results[index] = duplicateBeaconResult(beacon: poc.beacon, witnesses: poc.witnesses)
            }
        }
        return results.compactMap { $0 }
    }

    /// The verdicts for a beacon report that repeats an earlier beacon's payload (project reason
    /// `duplicate_beacon`): the beacon is invalid, every witness report inherits the reason with
    /// `participant_side = beaconer`, and no state changes.
    public func duplicateBeaconResult(beacon: BeaconReport, witnesses: [WitnessReport]) -> PoCResult {
        duplicateBeaconResult(
            beacon: beacon,
            beaconer: directory.id(forKey: beacon.pubKey),
            witnesses: witnesses,
            witnessHotspots: witnesses.map { directory.id(forKey: $0.pubKey) }
        )
    }

    /// ``duplicateBeaconResult(beacon:witnesses:)`` with the keys already looked up in ``directory``:
    /// `beaconer` is the beacon's hotspot and `witnessHotspots[i]` the hotspot of `witnesses[i]` (the reports'
    /// own keys are not read).
    public func duplicateBeaconResult(
        beacon: BeaconReport,
        beaconer: HotspotID?,
        witnesses: [WitnessReport],
        witnessHotspots: [HotspotID?]
    ) -> PoCResult {
        precondition(witnessHotspots.count == witnesses.count, "one hotspot id per witness report")
        var verdict = BeaconVerdict(invalid: .duplicateBeacon)
        if let id = beaconer {
            verdict.hotspot = id
            let raw = directory.entries[id.index].location
            verdict.location = raw == 0 ? nil : H3Cell(rawValue: raw)
        }
        let firstMs = witnesses.map(\.receivedTimestampMs).min() ?? beacon.receivedTimestampMs
        let ranks = PoCVerifier.ranks(witnesses)
        let verdicts = witnesses.enumerated().map { index, report in
            var witness = describe(report, hotspot: witnessHotspots[index], reason: .duplicateBeacon, side: .beaconer)
            witness.frequencyOffsetHz = report.frequencyHz - beacon.frequencyHz
            witness.lagFromBeaconMs = Int64(report.receivedTimestampMs - beacon.receivedTimestampMs)
            witness.lagFromFirstWitnessMs = Int64(report.receivedTimestampMs - firstMs)
            witness.receivedRank = ranks[index]
            return witness
        }
        return PoCResult(
            payload: beacon.data,
            beacon: verdict,
            witnesses: verdicts,
            denylistTag: nil
        )
    }

    /// The verdict for a witness report that joins no beacon report (project reason `no_matching_beacon`,
    /// FORMATS §1.3): invalid, `participant_side = none` (there is no beacon to blame), no state change.
    /// Its `poc_id` is the SHA-256 of its own payload.
    public func unmatchedWitnessVerdict(_ report: WitnessReport) -> WitnessVerdict {
        describe(report, hotspot: directory.id(forKey: report.pubKey), reason: .noMatchingBeacon, side: .none)
    }

    private func describe(_ report: WitnessReport, hotspot: HotspotID?, reason: InvalidReason, side: ParticipantSide)
        -> WitnessVerdict
    {
        var witness = WitnessVerdict(invalid: reason, side: side, rssiDBm: Double(report.signalDeciDBm) / 10.0)
        if let id = hotspot {
            witness.hotspot = id
            let raw = directory.entries[id.index].location
            witness.location = raw == 0 ? nil : H3Cell(rawValue: raw)
        }
        return witness
    }

    /// 0-based stable received-time rank of each report.
    private static func ranks(_ witnesses: [WitnessReport]) -> [Int] {
        let order = witnesses.indices.sorted {
            let a = witnesses[$0].receivedTimestampMs
            let b = witnesses[$1].receivedTimestampMs
            return a != b ? a < b : $0 < $1
        }
        var ranks = [Int](repeating: 0, count: witnesses.count)
        for (rank, index) in order.enumerated() { ranks[index] = rank }
        return ranks
    }
}
