package import PocMapCore

/// PoCs that the joiner decided together, verified together and written together: each PoC's beacon, and the
/// witness reports, hotspot ids and (once verified) verdicts of all of them end to end in one array each.
///
/// PoC `i`'s witnesses are `reports[pocs[i].witnesses]`, index for index with `hotspots` and `verdicts`. Kept
/// this way, a batch of a few hundred PoCs costs four allocations instead of three per PoC (each PoC's reports,
/// ids and verdicts had an array of their own, allocated on one thread and freed on another, and each PoC was
/// copied whole from stage to stage).
package struct PoCBatch: Sendable {
    /// One PoC of the batch: its beacon, where its witnesses are, and its beacon verdict once verified.
    package struct PoC: Sendable {
        /// The beacon report.
        package var beacon: BeaconReport
        /// The beaconer's id in the hotspot directory (nil when its key is not registered).
        package var beaconer: HotspotID?
        /// The beacon's 0-based position among the decoded beacon reports (its input order).
        package var inputIndex: Int
        /// The positions of its witness reports (and their ids and verdicts) in the batch.
        package var witnesses: Range<Int>
        /// The beacon verdict (a placeholder until verified).
        package var verdict = BeaconVerdict(invalid: .gatewayNotFound)
        /// ``PoCResult/denylistTag``.
        package var denylistTag: String?
    }

    /// The PoCs, in evaluation order (as the joiner decided them) or, once verified, in output order.
    package var pocs: [PoC] = []
    /// The witness reports of all PoCs, PoC after PoC, each PoC's in input order. A report of a hotspot in the
    /// directory may carry an empty key (``JoinedPoC/witnesses``).
    package var reports: [WitnessReport] = []
    /// The directory ids of ``reports``, index for index.
    package var hotspots: [HotspotID?] = []
    /// The witness verdicts, index for index with ``reports`` (empty until verified).
    package var verdicts: [WitnessVerdict] = []

    package init() {}

    package var isEmpty: Bool { pocs.isEmpty }

    /// Empties the batch, keeping the storage of its arrays for the next batch: batches are recycled
    /// (``Pool``), so that each run allocates and first touches only a few batches' worth of memory (a fresh
    /// batch per drain cost ≈ 50,000 page faults on 3.3 M witness reports).
    package mutating func removeAll() {
        pocs.removeAll(keepingCapacity: true)
        reports.removeAll(keepingCapacity: true)
        hotspots.removeAll(keepingCapacity: true)
        verdicts.removeAll(keepingCapacity: true)
    }

    /// Appends a PoC whose witness reports and ids the caller has just appended to ``reports`` and ``hotspots``,
    /// from position `firstWitness` on.
    mutating func appendPoC(beacon: consuming BeaconReport, beaconer: HotspotID?, inputIndex: Int, firstWitness: Int) {
        pocs.append(
            PoC(beacon: beacon, beaconer: beaconer, inputIndex: inputIndex, witnesses: firstWitness..<reports.count)
        )
    }

    /// Appends a verified PoC held on its own (copying it).
    package mutating func append(_ poc: VerifiedPoC) {
        let first = reports.count
        reports.append(contentsOf: poc.joined.witnesses)
        hotspots.append(contentsOf: poc.joined.witnessHotspots)
        verdicts.append(contentsOf: poc.result.witnesses)
        var head = PoC(
            beacon: poc.joined.beacon,
            beaconer: poc.joined.beaconer,
            inputIndex: poc.joined.inputIndex,
            witnesses: first..<reports.count
        )
        head.verdict = poc.result.beacon
        head.denylistTag = poc.result.denylistTag
        pocs.append(head)
    }

    /// PoC `index` joined, on its own (copied out of the batch).
    func joined(_ index: Int) -> JoinedPoC {
        let range = pocs[index].witnesses
        return JoinedPoC(
            beacon: pocs[index].beacon,
            beaconer: pocs[index].beaconer,
            inputIndex: pocs[index].inputIndex,
            witnesses: Array(reports[range]),
            witnessHotspots: Array(hotspots[range])
        )
    }

    /// Verified PoC `index`, on its own (copied out of the batch).
    func verified(_ index: Int) -> VerifiedPoC {
        VerifiedPoC(
            joined: joined(index),
            result: PoCResult(
                payload: pocs[index].beacon.data,
                beacon: pocs[index].verdict,
                witnesses: Array(verdicts[pocs[index].witnesses]),
                denylistTag: pocs[index].denylistTag
            )
        )
    }

    /// Calls `body` with the batch's arrays read in place (the batch must be verified: one verdict per report).
    func withView<Result>(_ body: (View) throws -> Result) rethrows -> Result {
        precondition(verdicts.count == reports.count, "a verified batch has one verdict per witness report")
        return try pocs.withUnsafeBufferPointer { pocs in
            try reports.withUnsafeBufferPointer { reports in
                try hotspots.withUnsafeBufferPointer { hotspots in
                    try verdicts.withUnsafeBufferPointer { verdicts in
                        try body(View(pocs: pocs, reports: reports, hotspots: hotspots, verdicts: verdicts))
                    }
                }
            }
        }
    }

    /// A verified batch's arrays, read in place; valid only inside ``withView(_:)``.
    package struct View {
        package let pocs: UnsafeBufferPointer<PoC>
        package let reports: UnsafeBufferPointer<WitnessReport>
        package let hotspots: UnsafeBufferPointer<HotspotID?>
        package let verdicts: UnsafeBufferPointer<WitnessVerdict>

        /// PoC `index`.
        @inline(__always)
        package func poc(_ index: Int) -> PoCView {
            guard let first = pocs.baseAddress, pocs.indices.contains(index) else {
                preconditionFailure("PoC \(index) of a batch of \(pocs.count)")
            }
            let range = first[index].witnesses
            return PoCView(
                head: first + index,
                reports: UnsafeBufferPointer(rebasing: reports[range]),
                hotspots: UnsafeBufferPointer(rebasing: hotspots[range]),
                verdicts: UnsafeBufferPointer(rebasing: verdicts[range])
            )
        }
    }
}

/// One verified PoC of a ``PoCBatch``, read in place: its beacon and verdict, and its witness reports, ids and
/// verdicts, index for index. Valid only while the batch's ``PoCBatch/withView(_:)`` runs.
package struct PoCView {
    /// The PoC's beacon, beaconer, beacon verdict and denylist tag.
    package let head: UnsafePointer<PoCBatch.PoC>
    package let reports: UnsafeBufferPointer<WitnessReport>
    package let hotspots: UnsafeBufferPointer<HotspotID?>
    package let verdicts: UnsafeBufferPointer<WitnessVerdict>
}
