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
        var pocs: [JoinedPoC] = []
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
        let queue = BoundedQueue<Batch>(capacity: 8)
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
        work.flush()
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
        /// order).
        var reorder: [Int: VerifiedPoC] = [:]
        var nextOutput = 0
        var outputBatch: [VerifiedPoC] = []

        init(verifier: PoCVerifier, density: DensitySchedule, recordsShares: Bool, formatter: FormatterStage) {
            self.verifier = verifier
            self.density = density
            self.recordsShares = recordsShares
            self.formatter = formatter
            outputBatch.reserveCapacity(256)
        }

        /// Hands the verdicts gathered so far to the formatter.
        mutating func flush() {
            guard !outputBatch.isEmpty else { return }
            formatter.submit(.pocs(outputBatch))
            outputBatch.removeAll(keepingCapacity: true)
        }

        mutating func handle(_ batch: consuming Batch) {
            // The PoCs are moved out of the batch one by one (reversed once, then popped) rather than iterated: a
            // `for` loop copies each JoinedPoC, retaining its strings and arrays, and the copy into the VerifiedPoC
            // retained them again (≈ 5 % of this thread in swift_retain/release).
            var pocs = batch.pocs
            batch.pocs = []
            // (Reversed through the buffer, whose swaps move the elements: `Array.reverse()` copied each PoC and
            // destroyed the original, retaining and releasing its strings and arrays, ≈ 5 % of this thread.)
            pocs.withUnsafeMutableBufferPointer { $0.reverse() }
            var payloadHash: UInt64?
            pocs.withUnsafeBufferPointer { pocs in
                for ahead in pocs.indices.reversed().prefix(Work.prefetchDistance) {
                    prefetchRecords(of: pocs, at: ahead)
                }
            }
            while let joined = pocs.popLast() {
                let hash = payloadHash ?? PayloadTable.hash(joined.beacon.data)
                payloadHash = nil
                // Start loading the records of a PoC a little ahead, and the next PoC's payload slot, while this
                // one is verified.
                if !pocs.isEmpty { payloadHash = seenPayloads.prefetch(pocs[pocs.count - 1].beacon.data) }
                if pocs.count >= Work.prefetchDistance {
                    pocs.withUnsafeBufferPointer { pocs in
                        prefetchRecords(of: pocs, at: pocs.count - Work.prefetchDistance)
                    }
                }
                verify(joined, payloadHash: hash)
            }
            if !batch.unmatched.isEmpty {
                flush()
                formatter.submit(.unmatched(batch.unmatched.map { ($0, verifier.unmatchedWitnessVerdict($0)) }))
            }
        }

        /// How many PoCs ahead of the one being verified the hotspot records are prefetched. One PoC ahead the
        /// prefetches did not always arrive in time; two ahead was faster in each of four alternating rounds
        /// (verify thread CPU 1.370 s → 1.315 s on average; three ahead: 1.357 s).
        static let prefetchDistance = 2

        /// Prefetches the hotspot records of `pocs[index]`. The fields are read through the buffer: binding the
        /// element, or subscripting the array in a function of its own, copied the whole PoC (retaining its strings
        /// and arrays: ≈ 4 % of the thread).
        @inline(__always)
        private func prefetchRecords(of pocs: UnsafeBufferPointer<JoinedPoC>, at index: Int) {
            verifier.prefetch(
                beaconer: pocs[index].beaconer,
                witnesses: pocs[index].witnesses,
                witnessHotspots: pocs[index].witnessHotspots
            )
        }

        /// Verifies one PoC; `payloadHash` is `PayloadTable.hash(joined.beacon.data)`.
        private mutating func verify(_ joined: consuming JoinedPoC, payloadHash: UInt64) {
            density.prepare(&verifier, beaconMs: Int64(joined.beacon.receivedTimestampMs))
            let result: PoCResult
            if seenPayloads.insertIfAbsent(joined.beacon.data, hash: payloadHash) {
                result = verifier.verify(
                    beacon: joined.beacon,
                    beaconer: joined.beaconer,
                    witnesses: joined.witnesses,
                    witnessHotspots: joined.witnessHotspots
                )
            } else {
                result = verifier.duplicateBeaconResult(
                    beacon: joined.beacon,
                    beaconer: joined.beaconer,
                    witnesses: joined.witnesses,
                    witnessHotspots: joined.witnessHotspots
                )
            }
            if recordsShares {
                let directory = verifier.directory
                ledger.record(result, beacon: joined.beacon, witnesses: joined.witnesses) { index in
                    joined.key(ofWitness: index, in: directory)
                }
            }
            let inputIndex = joined.inputIndex
            let verified = VerifiedPoC(joined: joined, result: result)
            if inputIndex == nextOutput {
                outputBatch.append(verified)
                nextOutput += 1
                // (The emptiness test spares a hash per PoC: PoCs come out of the joiner in input order unless
                // beacons of equal received time arrive out of order.)
                while !reorder.isEmpty, let waiting = reorder.removeValue(forKey: nextOutput) {
                    outputBatch.append(waiting)
                    nextOutput += 1
                }
            } else {
                reorder[inputIndex] = verified
            }
            if outputBatch.count >= 256 { flush() }
        }
    }
}
