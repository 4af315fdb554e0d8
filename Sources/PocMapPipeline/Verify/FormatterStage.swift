package import PocMapCore

/// Sees every verdict of a verify run as it is written, in output order, on the thread that writes them (the
/// formatter's); `pocmap run` collects its rewards and map inputs this way instead of reading verdicts.ndjson back.
package protocol VerdictObserver: AnyObject, Sendable {
    /// A verify pass starts: forget everything seen so far (a pass that met reports too far out of order is
    /// discarded and run again).
    func restart()
    /// A PoC's beacon verdict and its witness verdicts, in the order of their lines, read in place (valid only
    /// during the call); `pocID` is the digest the lines carry (computed once, by the formatter).
    func observe(_ poc: PoCView, pocID: SHA256Digest)
    /// The verdict of a witness report that joined no beacon, with the `poc_id` of its line.
    func observeUnmatched(_ report: WitnessReport, _ verdict: WitnessVerdict, pocID: SHA256Digest)
}

/// Formats verdict lines, writes them and counts them (the ``VerifyTally``), on the calling thread or on its own
/// thread fed through a bounded queue. Items are handled in the order they are submitted, so the output does not
/// depend on threading; the tally is a sum and does not depend on it either.
final class FormatterStage: @unchecked Sendable {
    // @unchecked Sendable: with a thread, only that thread touches the buffer, sinks and tally until `finish()` has
    // joined it; without one, only the caller does.
    enum Item {
        case pocs(PoCBatch)
        case unmatched([(WitnessReport, WitnessVerdict)])
    }

    private let formatter: VerdictFormatter
    private let observer: (any VerdictObserver)?
    private let verdicts: ByteSink
    private let unmatchedSink: ByteSink
    /// The lines being formatted. When the verdict sink writes directly, its storage is a direct-write block:
    /// each 1 MiB of lines goes to the disk from where it was formatted (``ByteSink/adoptBlock(from:)``).
    private var buffer: LineBuffer
    /// Otherwise the verdict lines are written once this many bytes have been formatted (checked after each group
    /// of PoCs), in one `write` call straight from ``buffer``. Small enough that the buffer stays in the core's L2
    /// cache (1 MiB here) between formatting and the kernel's copy into the page cache: flushing every ≈ 1.1 MB
    /// batch instead made the copy read the lines back from L3 or memory.
    static let flushBytes = 1 << 17
    private var queue: BoundedQueue<Item>?
    /// Where formatted items go to be destroyed on the thread that allocated their reports (nil: here).
    private let recycler: Recycler<Item>?
    private var thread: WorkerThread?
    private(set) var tally: VerifyTally
    private(set) var failure: OutputError?
    private(set) var cpuSeconds = 0.0
    /// The sum of what the cache-warming reads returned, kept so that they are not optimised away.
    private var warmDigest: UInt64 = 0

    init(
        formatter: VerdictFormatter,
        observer: (any VerdictObserver)?,
        verdicts: ByteSink,
        unmatched: ByteSink,
        hotspotCount: Int,
        background: Bool,
        recycler: Recycler<Item>? = nil
    ) {
        self.recycler = recycler
        self.formatter = formatter
        self.observer = observer
        self.verdicts = verdicts
        buffer = verdicts.directBuffer(orCapacity: 1 << 20)
        self.unmatchedSink = unmatched
        tally = VerifyTally(hotspotCount: hotspotCount)
        guard background else { return }
        let queue = BoundedQueue<Item>(capacity: 3)
        self.queue = queue
        thread = WorkerThread { [self] in
            let start = threadCPUSeconds()
            while let item = queue.pop() { handle(item) }
            cpuSeconds = threadCPUSeconds() - start
        }
    }

    /// Hands over items in output order.
    func submit(_ item: Item) {
        if let queue {
            queue.push(item)
        } else {
            let start = threadCPUSeconds()
            handle(item)
            cpuSeconds += threadCPUSeconds() - start
        }
    }

    /// Waits for every submitted item to be written; returns the first write failure.
    func finish() -> OutputError? {
        queue?.close()
        thread?.join()
        thread = nil
        if failure == nil { flush(verdicts) }
        return failure
    }

    /// Stops without waiting for pending items (after a failure elsewhere).
    func cancel() {
        queue?.cancel()
        thread?.join()
        thread = nil
    }

    private func handle(_ item: Item) {
        guard failure == nil else { return }
        switch item {
        case .pocs(let pocs):
            // Each PoC is read in place through a pointer: a PoC passed by value (even `borrowing`) is copied,
            // which retains every string and array it holds and releases them again.
            //
            // Most of what a PoC touches is out of the cache: its hotspots' counters (14 MB for 100,000
            // hotspots), its verdict and report arrays, and each report's key, written by the parser long before.
            // Taken one line at a time, each miss waits alone (≈ 80 ns). So for a few PoCs at a time, all of that
            // is first read in tight loops, where the processor overlaps many misses; then the PoCs are counted
            // and formatted from the cache. (Small groups: a whole batch's output would push its keys out of the
            // cache again before they are formatted.)
            pocs.withView { batch in
                var start = 0
                while start < batch.pocs.count {
                    let group = start..<min(start + 32, batch.pocs.count)
                    warmDigest &+= formatter.readKeys(of: batch, group)
                    warmDigest &+= UInt64(tally.touchCounters(of: batch, group))
                    for index in group {
                        let poc = batch.poc(index)
                        tally.record(poc)
                        tally.beaconLines += 1
                        tally.witnessLines += poc.reports.count
                    }
                    for index in group {
                        let poc = batch.poc(index)
                        let pocID = formatter.append(poc, to: &buffer)
                        if let observer { observer.observe(poc, pocID: pocID) }
                    }
                    start = group.upperBound
                    flushVerdictsWhenFull()
                }
            }
        case .unmatched(let items):
            flush(verdicts)
            for (report, verdict) in items {
                let pocID = withUnsafePointer(to: report) { report in
                    withUnsafePointer(to: verdict) { verdict in
                        formatter.appendUnmatched(report, verdict, to: &buffer)
                    }
                }
                tally.recordUnmatched(verdict, at: report.receivedTimestampMs)
                tally.witnessLines += 1
                observer?.observeUnmatched(report, verdict, pocID: pocID)
            }
            flush(unmatchedSink)
        }
        recycler?.discard(item)
    }

    /// Hands the verdict sink its 1 MiB blocks as they fill (direct writes), or writes ``flushBytes`` at a time.
    private func flushVerdictsWhenFull() {
        if verdicts.writesDirectly {
            guard buffer.count >= DirectBlocks.blockBytes, failure == nil else { return }
            if !verdicts.adoptBlock(from: &buffer) { flush(verdicts) }
        } else if buffer.count >= FormatterStage.flushBytes {
            flush(verdicts)
        }
    }

    private func flush(_ sink: ByteSink) {
        guard buffer.count > 0, failure == nil else { return }
        do {
            try buffer.withBytes { (bytes) throws(OutputError) in try sink.write(bytes) }
        } catch {
            failure = error
        }
        buffer.removeAll()
    }
}
