import PocMapCore

/// Verifies the joiner's PoCs in join order — density map, proof-of-coverage rules, duplicate beacons, reward
/// ledger, output order — and hands the verdicts to the ``FormatterStage``; on its own thread fed through a
/// bounded queue, or on the calling thread.
///
/// With its own thread the join (hashing payloads, matching witnesses to beacons, copying reports out of their
/// chunks) and the verification run side by side instead of one after the other on the pipeline's busiest
/// thread. The verifier sees exactly the same calls in the same order either way, so outputs do not change.
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

    private(set) var verifier: PoCVerifier
    private(set) var density: DensitySchedule
    private(set) var ledger = RewardLedger()
    private let recordsShares: Bool
    private let formatter: FormatterStage
    private var seenPayloads = PayloadSet(capacity: 1 << 16)
    /// PoCs verified ahead of an earlier input index still to come (beacons of equal received time out of order).
    private var reorder: [Int: VerifiedPoC] = [:]
    private var nextOutput = 0
    private var outputBatch: [VerifiedPoC] = []
    private var queue: BoundedQueue<Batch>?
    private var thread: WorkerThread?
    /// CPU time of the stage (its thread's, or the caller's time inside the stage).
    private(set) var cpuSeconds = 0.0

    init(
        verifier: PoCVerifier,
        density: DensitySchedule,
        recordsShares: Bool,
        formatter: FormatterStage,
        background: Bool
    ) {
        self.verifier = verifier
        self.density = density
        self.recordsShares = recordsShares
        self.formatter = formatter
        outputBatch.reserveCapacity(256)
        guard background else { return }
        let queue = BoundedQueue<Batch>(capacity: 8)
        self.queue = queue
        thread = WorkerThread { [self] in
            let start = threadCPUSeconds()
            while let batch = queue.pop() { handle(batch) }
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
            handle(batch)
            cpuSeconds += threadCPUSeconds() - start
        }
    }

    /// Verifies everything submitted and hands the last verdicts to the formatter.
    func finish() {
        queue?.close()
        thread?.join()
        thread = nil
        if !outputBatch.isEmpty {
            formatter.submit(.pocs(outputBatch))
            outputBatch.removeAll()
        }
        precondition(reorder.isEmpty, "every decoded beacon is verified and written")
    }

    /// Stops without verifying pending batches (after a failure elsewhere).
    func cancel() {
        queue?.cancel()
        thread?.join()
        thread = nil
    }

    private func handle(_ batch: Batch) {
        for joined in batch.pocs { verify(joined) }
        if !batch.unmatched.isEmpty {
            if !outputBatch.isEmpty {
                formatter.submit(.pocs(outputBatch))
                outputBatch.removeAll(keepingCapacity: true)
            }
            formatter.submit(.unmatched(batch.unmatched.map { ($0, verifier.unmatchedWitnessVerdict($0)) }))
        }
    }

    private func verify(_ joined: JoinedPoC) {
        density.prepare(&verifier, beaconMs: Int64(joined.beacon.receivedTimestampMs))
        let result: PoCResult
        if seenPayloads.insertIfAbsent(joined.beacon.data) {
            result = verifier.verify(
                beacon: joined.beacon,
                beaconer: joined.beaconer,
                witnesses: joined.witnesses,
                witnessHotspots: joined.witnessHotspots
            )
        } else {
            result = verifier.duplicateBeaconResult(beacon: joined.beacon, witnesses: joined.witnesses)
        }
        let verified = VerifiedPoC(joined: joined, result: result)
        if recordsShares { ledger.record(result, beacon: joined.beacon, witnesses: joined.witnesses) }
        if joined.inputIndex == nextOutput {
            outputBatch.append(verified)
            nextOutput += 1
            // (The emptiness test spares a hash per PoC: PoCs come out of the joiner in input order unless beacons
            // of equal received time arrive out of order.)
            while !reorder.isEmpty, let waiting = reorder.removeValue(forKey: nextOutput) {
                outputBatch.append(waiting)
                nextOutput += 1
            }
        } else {
            reorder[joined.inputIndex] = verified
        }
        if outputBatch.count >= 256 {
            formatter.submit(.pocs(outputBatch))
            outputBatch.removeAll(keepingCapacity: true)
        }
    }
}
