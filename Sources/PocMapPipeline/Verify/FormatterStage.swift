import PocMapCore

/// Sees every verdict of a verify run as it is written, in output order, on the thread that writes them (the
/// formatter's); `pocmap run` collects its rewards and map inputs this way instead of reading verdicts.ndjson back.
protocol VerdictObserver: AnyObject, Sendable {
    /// A verify pass starts: forget everything seen so far (a pass that met reports too far out of order is
    /// discarded and run again).
    func restart()
    /// A PoC's beacon verdict and its witness verdicts, in the order of their lines.
    func observe(_ poc: VerifiedPoC)
    /// The verdict of a witness report that joined no beacon.
    func observeUnmatched(_ report: WitnessReport, _ verdict: WitnessVerdict)
}

/// Formats verdict lines, writes them and counts them (the ``VerifyTally``), on the calling thread or on its own
/// thread fed through a bounded queue. Items are handled in the order they are submitted, so the output does not
/// depend on threading; the tally is a sum and does not depend on it either.
final class FormatterStage: @unchecked Sendable {
    // @unchecked Sendable: with a thread, only that thread touches the buffer, sinks and tally until `finish()` has
    // joined it; without one, only the caller does.
    enum Item {
        case pocs([VerifiedPoC])
        case unmatched([(WitnessReport, WitnessVerdict)])
    }

    private let formatter: VerdictFormatter
    private let observer: (any VerdictObserver)?
    private let verdicts: ByteSink
    private let unmatchedSink: ByteSink
    private var buffer = LineBuffer(capacity: 1 << 20)
    private var queue: BoundedQueue<Item>?
    private var thread: WorkerThread?
    private(set) var tally: VerifyTally
    private(set) var failure: OutputError?
    private(set) var cpuSeconds = 0.0

    init(
        formatter: VerdictFormatter,
        observer: (any VerdictObserver)?,
        verdicts: ByteSink,
        unmatched: ByteSink,
        hotspotCount: Int,
        background: Bool
    ) {
        self.formatter = formatter
        self.observer = observer
        self.verdicts = verdicts
        self.unmatchedSink = unmatched
        tally = VerifyTally(hotspotCount: hotspotCount)
        guard background else { return }
        let queue = BoundedQueue<Item>(capacity: 8)
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
            for poc in pocs {
                formatter.append(poc, to: &buffer)
                tally.record(poc)
                tally.beaconLines += 1
                tally.witnessLines += poc.joined.witnesses.count
                observer?.observe(poc)
            }
            if buffer.count >= 1 << 19 { flush(verdicts) }
        case .unmatched(let items):
            flush(verdicts)
            for (report, verdict) in items {
                formatter.appendUnmatched(report, verdict, to: &buffer)
                tally.recordUnmatched(verdict, at: report.receivedTimestampMs)
                tally.witnessLines += 1
                observer?.observeUnmatched(report, verdict)
            }
            flush(unmatchedSink)
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
