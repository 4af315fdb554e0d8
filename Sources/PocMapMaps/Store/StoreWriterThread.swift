import Foundation
import PocMapStore

/// Runs a ``CoverageStoreWriter`` on a thread of its own, fed through a bounded queue of row batches, so that
/// SQLite's inserts and index builds overlap with the map job's own work (reading verdicts, prediction, rasters).
///
/// The writer belongs to the thread from `init` on: the caller only sends batches. A failure on the thread is
/// kept and thrown by the next ``send(_:)`` or by ``waitUntilFinished()``; ``close()`` (always call it, e.g. in a
/// `defer`) abandons an unfinished store and waits for the thread to end, so no partial file outlives the job.
final class StoreWriterThread: @unchecked Sendable {
    /// Work for the thread, in order.
    enum Batch {
        /// Hexes and links prepared by the sender (``CoverageStoreWriter/prepare(_:resolution:)``, ``CoverageStoreWriter/prepare(_:)``).
        case rows([CoverageStoreWriter.PreparedRow])
        case hotspots([HotspotRow])
        /// ``CoverageStoreWriter/sealLinks()``.
        case sealLinks
        /// ``CoverageStoreWriter/finish(metadata:)``; the thread ends afterwards.
        case finish([String: String])
        /// ``CoverageStoreWriter/abandon()``; the thread ends afterwards.
        case abandon
    }

    /// Rows per batch that callers should collect before sending.
    static let batchSize = 4096
    /// Batches waiting at most (bounds the memory held in the queue to about 200 MB of prepared rows, enough to
    /// let the sender run ahead of SQLite instead of waiting for it).
    private static let capacity = 64

    // All `var`s below are guarded by `condition`; `writer` is touched only by the thread.
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var failure: StoreError?
    private var ended = false
    private var sentLast = false
    private let writer: CoverageStoreWriter

    /// Starts the thread; `writer` must not be used by the caller afterwards.
    init(writer: CoverageStoreWriter) {
        self.writer = writer
        let thread = Thread { [self] in work() }
        thread.name = "pocmap store writer"
        thread.start()
    }

    /// Queues a batch, waiting while the queue is full. Throws the thread's failure, if any, instead.
    func send(_ batch: Batch) throws(StoreError) {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.capacity && failure == nil && !ended { condition.wait() }
        if let failure { throw failure }
        guard !ended, !sentLast else { throw .invalidInput("the store writer thread has already finished") }
        switch batch {
        case .finish, .abandon: sentLast = true
        default: break
        }
        queue.append(batch)
        condition.broadcast()
    }

    /// Waits until the thread has handled ``Batch/finish(_:)`` (or failed) and throws its failure, if any.
    func waitUntilFinished() throws(StoreError) {
        condition.lock()
        defer { condition.unlock() }
        while !ended { condition.wait() }
        if let failure { throw failure }
    }

    /// Abandons the store unless it was finished, and waits for the thread to end. Safe to call more than once.
    func close() {
        condition.lock()
        if !sentLast {
            sentLast = true
            queue.append(.abandon)
            condition.broadcast()
        }
        while !ended { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let batch = queue.removeFirst()
            let failed = failure != nil
            condition.broadcast()
            condition.unlock()

            var error: StoreError?
            var last = false
            switch batch {
            case .finish, .abandon: last = true
            default: break
            }
            if failed || { if case .abandon = batch { return true } else { return false } }() {
                if last { writer.abandon() }
            } else {
                do throws(StoreError) {
                    switch batch {
                    case .rows(let rows): for row in rows { try writer.add(row) }
                    case .hotspots(let rows): for row in rows { try writer.add(row) }
                    case .sealLinks: try writer.sealLinks()
                    case .finish(let metadata): try writer.finish(metadata: metadata)
                    case .abandon: writer.abandon()
                    }
                } catch let caught {
                    error = caught
                    writer.abandon()
                }
            }

            condition.lock()
            if let error, failure == nil { failure = error }
            if last { ended = true }
            condition.broadcast()
            condition.unlock()
            if last { return }
        }
    }
}

/// Prepares collected links (``MapLink``) on a thread of its own and sends them to a ``StoreWriterThread``, then
/// seals the links, while the map job goes on with coverage. The job waits for it (``join()``) before it sends
/// anything else, so the store receives its rows in one order whatever the timing.
final class LinkFeeder: @unchecked Sendable {
    // @unchecked Sendable: `failure`, `finished` and `cancelled` are guarded by `condition`.
    private let condition = NSCondition()
    private var finished = false
    private var cancelled = false
    private var failure: StoreError?

    /// Starts feeding `links` to `store`.
    init(links: [MapLink], keys: [String], store: StoreWriterThread, keepGeometry: Bool) {
        let thread = Thread { [self] in
            var error: StoreError?
            do throws(StoreError) {
                var batch: [CoverageStoreWriter.PreparedRow] = []
                batch.reserveCapacity(StoreWriterThread.batchSize)
                for link in links {
                    batch.append(CoverageStoreWriter.prepare(link.linkRow(keys: keys), keepGeometry: keepGeometry))
                    guard batch.count >= StoreWriterThread.batchSize else { continue }
                    if isCancelled { throw StoreError.invalidInput("the links were abandoned") }
                    try store.send(.rows(batch))
                    batch = []
                    batch.reserveCapacity(StoreWriterThread.batchSize)
                }
                try store.send(.rows(batch))
                try store.send(.sealLinks)
            } catch let caught {
                error = caught
            }
            condition.lock()
            failure = error
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "pocmap link rows"
        thread.start()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Waits until every link is sent and sealed; throws the first failure.
    func join() throws(StoreError) {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        if let failure { throw failure }
    }

    /// Stops at the next batch and waits for the thread to end (after a failure elsewhere). Safe after `join()`.
    func cancel() {
        condition.lock()
        cancelled = true
        while !finished { condition.wait() }
        condition.unlock()
    }
}
