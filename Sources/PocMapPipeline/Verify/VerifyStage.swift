import PocMapCore

/// Verifies the joiner's PoCs in join order — density map, proof-of-coverage rules, duplicate beacons, reward
/// ledger, output order — and hands the verdicts to the ``FormatterStage``; on its own thread fed through a
/// bounded queue, or on the calling thread.
///
/// With its own thread the join (grouping reports by payload, matching witnesses to beacons, moving reports out
/// of their chunks) and the verification run side by side instead of one after the other on the pipeline's
/// busiest thread. The verifier sees exactly the same calls in the same order either way, so outputs do not change.
final class VerifyStage: @unchecked Sendable {
    // @unchecked Sendable: with a thread, only that thread touches the state below until `finish()` or `cancel()`
    // has joined it; without one, only the caller does.

    /// What one drain of the joiner produced: decided PoCs in evaluation order, then the witness reports that can
    /// no longer join a beacon.
    struct Batch: Sendable {
        var pocs = PoCBatch()
        var unmatched: [WitnessReport] = []
        var isEmpty: Bool { pocs.isEmpty && unmatched.isEmpty }
    }

    /// Everything the stage updates per PoC, in one struct that ``handle(_:)`` accesses in place once per batch.
    /// (As separate properties of this class, each access of each PoC went through the runtime's exclusivity
    /// check, and a non-mutating call on `verifier` copied the verifier, retaining its arrays.)
    private var work: Work
    private var queue: BoundedQueue<Batch>?
    private var thread: WorkerThread?
    /// CPU time of the stage (its thread's, or the caller's time inside the stage).
    private(set) var cpuSeconds = 0.0

    var verifier: PoCVerifier { work.verifier }
    var density: DensitySchedule { work.density }
    var ledger: RewardLedger { work.ledger }

    init(
        verifier: PoCVerifier,
        density: DensitySchedule,
        recordsShares: Bool,
        formatter: FormatterStage,
        background: Bool
    ) {
        work = Work(verifier: verifier, density: density, recordsShares: recordsShares, formatter: formatter)
        guard background else { return }
        let queue = BoundedQueue<Batch>(capacity: 3)
        self.queue = queue
        thread = WorkerThread { [self] in
            let start = threadCPUSeconds()
            while let batch = queue.pop() { work.handle(batch) }
            cpuSeconds = threadCPUSeconds() - start
        }
    }

    /// Hands over the next batch (in join order).
    func submit(_ batch: Batch) {
        guard !batch.isEmpty else { return }
        if let queue {
            queue.push(batch)
        } else {
            let start = threadCPUSeconds()
            work.handle(batch)
            cpuSeconds += threadCPUSeconds() - start
        }
    }

    /// Verifies everything submitted and hands the last verdicts to the formatter.
    func finish() {
        queue?.close()
        thread?.join()
        thread = nil
        precondition(work.reorder.isEmpty, "every decoded beacon is verified and written")
    }

    /// Stops without verifying pending batches (after a failure elsewhere).
    func cancel() {
        queue?.cancel()
        thread?.join()
        thread = nil
    }

    /// The stage's state and its per-PoC work.
    private struct Work {
        var verifier: PoCVerifier
        var density: DensitySchedule
        var ledger = RewardLedger()
        let recordsShares: Bool
        let formatter: FormatterStage
        var seenPayloads = PayloadSet(capacity: 1 << 16)
        /// PoCs verified ahead of an earlier input index still to come (beacons of equal received time out of
        /// order), each on its own.
        var reorder: [Int: VerifiedPoC] = [:]
        var nextOutput = 0

        init(verifier: PoCVerifier, density: DensitySchedule, recordsShares: Bool, formatter: FormatterStage) {
            self.verifier = verifier
            self.density = density
            self.recordsShares = recordsShares
            self.formatter = formatter
        }

        mutating func handle(_ batch: consuming Batch) {
            var pocs = batch.pocs
            batch.pocs = PoCBatch()
            if !pocs.isEmpty {
                verify(&pocs)
                emit(pocs)
            }
            if !batch.unmatched.isEmpty {
                formatter.submit(.unmatched(batch.unmatched.map { ($0, verifier.unmatchedWitnessVerdict($0)) }))
            }
        }

        /// How many PoCs ahead of the one being verified the hotspot records are prefetched. One PoC ahead the
        /// prefetches did not always arrive in time; two ahead was faster in each of four alternating rounds
        /// (verify thread CPU 1.370 s → 1.315 s on average; three ahead: 1.357 s).
        static let prefetchDistance = 2

        /// Verifies the PoCs of a batch in order, filling in their beacon verdicts and the batch's witness
        /// verdicts. The reports, ids and PoCs are read in place through pointers (a PoC or report bound to a
        /// value is copied, retaining and releasing its strings).
        private mutating func verify(_ batch: inout PoCBatch) {
            var verdicts = batch.verdicts
            batch.verdicts = []
            verdicts.removeAll(keepingCapacity: true)
            verdicts.reserveCapacity(batch.reports.count)
            batch.reports.withUnsafeBufferPointer { reports in
                batch.hotspots.withUnsafeBufferPointer { hotspots in
                    batch.pocs.withUnsafeMutableBufferPointer { pocs in
                        for ahead in 0..<min(Work.prefetchDistance, pocs.count) {
                            prefetch(pocs, ahead, reports, hotspots)
                        }
                        guard let first = pocs.baseAddress else { return }
                        var payloadHash: UInt64?
                        for index in pocs.indices {
                            // The PoC is moved out of the batch while it is verified, and back: its beacon report,
                            // read in place from the batch, was copied for each call that reads it (retaining and
                            // releasing its strings).
                            var poc = (first + index).move()
                            let hash = payloadHash ?? PayloadTable.hash(poc.beacon.data)
                            payloadHash = nil
                            // Start loading the records of a PoC a little ahead, and the next PoC's payload slot,
                            // while this one is verified.
                            if index + 1 < pocs.count {
                                payloadHash = seenPayloads.prefetch(pocs[index + 1].beacon.data)
                            }
                            if index + Work.prefetchDistance < pocs.count {
                                prefetch(pocs, index + Work.prefetchDistance, reports, hotspots)
                            }
                            let range = poc.witnesses
                            verify(
                                &poc,
                                UnsafeBufferPointer(rebasing: reports[range]),
                                UnsafeBufferPointer(rebasing: hotspots[range]),
                                payloadHash: hash,
                                into: &verdicts
                            )
                            (first + index).initialize(to: consume poc)
                        }
                    }
                }
            }
            batch.verdicts = verdicts
        }

        /// Prefetches the hotspot records of PoC `index` (``PoCVerifier/prefetch(beaconer:witnesses:witnessHotspots:)``).
        /// `mutating` only so that the call, made from closures that hold `self` for writing, does not copy the
        /// whole stage state (retaining and releasing every array of the verifier) twice per PoC.
        @inline(__always)
        private mutating func prefetch(
            _ pocs: UnsafeMutableBufferPointer<PoCBatch.PoC>,
            _ index: Int,
            _ reports: UnsafeBufferPointer<WitnessReport>,
            _ hotspots: UnsafeBufferPointer<HotspotID?>
        ) {
            let range = pocs[index].witnesses
            verifier.prefetch(
                beaconer: pocs[index].beaconer,
                witnesses: UnsafeBufferPointer(rebasing: reports[range]),
                witnessHotspots: UnsafeBufferPointer(rebasing: hotspots[range])
            )
        }

        /// Verifies one PoC, appending its witness verdicts to `verdicts`; `payloadHash` is
        /// `PayloadTable.hash(poc.beacon.data)`.
        private mutating func verify(
            _ poc: inout PoCBatch.PoC,
            _ reports: UnsafeBufferPointer<WitnessReport>,
            _ hotspots: UnsafeBufferPointer<HotspotID?>,
            payloadHash: UInt64,
            into verdicts: inout [WitnessVerdict]
        ) {
            density.prepare(&verifier, beaconMs: Int64(poc.beacon.receivedTimestampMs))
            let first = verdicts.count
            if seenPayloads.insertIfAbsent(poc.beacon.data, hash: payloadHash) {
                let outcome = verifier.verify(
                    beacon: poc.beacon,
                    beaconer: poc.beaconer,
                    witnesses: reports,
                    witnessHotspots: hotspots,
                    into: &verdicts
                )
                poc.verdict = outcome.beacon
                poc.denylistTag = outcome.denylistTag
            } else {
                // Rare: the reports are copied for the array-based call.
                let result = verifier.duplicateBeaconResult(
                    beacon: poc.beacon,
                    beaconer: poc.beaconer,
                    witnesses: Array(reports),
                    witnessHotspots: Array(hotspots)
                )
                verdicts.append(contentsOf: result.witnesses)
                poc.verdict = result.beacon
                poc.denylistTag = result.denylistTag
            }
            if recordsShares {
                let directory = verifier.directory
                verdicts.withUnsafeBufferPointer { all in
                    ledger.record(
                        poc.verdict,
                        UnsafeBufferPointer(rebasing: all[first...]),
                        beacon: poc.beacon,
                        witnesses: reports
                    ) { index in
                        guard let id = hotspots[index] else { return reports[index].pubKey }
                        return directory.hotspots[id.index].key
                    }
                }
            }
        }

        /// Hands verified PoCs to the formatter in input order: the whole batch when its PoCs are the next ones
        /// (the usual case: the joiner decides PoCs in input order unless beacons of equal received time arrive
        /// out of order); otherwise PoC by PoC, holding back those ahead of one still to come.
        private mutating func emit(_ batch: consuming PoCBatch) {
            var inOrder = reorder.isEmpty
            if inOrder {
                for index in batch.pocs.indices where batch.pocs[index].inputIndex != nextOutput + index {
                    inOrder = false
                    break
                }
            }
            if inOrder {
                nextOutput += batch.pocs.count
                formatter.submit(.pocs(batch))
                return
            }
            var ready = PoCBatch()
            for index in batch.pocs.indices {
                let verified = batch.verified(index)
                guard verified.joined.inputIndex == nextOutput else {
                    reorder[verified.joined.inputIndex] = verified
                    continue
                }
                ready.append(verified)
                nextOutput += 1
                while let waiting = reorder.removeValue(forKey: nextOutput) {
                    ready.append(waiting)
                    nextOutput += 1
                }
            }
            if !ready.isEmpty { formatter.submit(.pocs(ready)) }
        }
    }
}
