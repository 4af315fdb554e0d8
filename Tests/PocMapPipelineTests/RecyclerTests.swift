import Glibc
import Synchronization
import Testing

@testable import PocMapPipeline

/// The recycler that carries the formatter's batches back to the witness reader thread to be destroyed there.
@Suite("verify: recycler")
struct RecyclerTests {
    /// The threads that destroyed ``Tracked`` values, in order.
    final class Log: Sendable {
        let threads = Mutex<[pthread_t]>([])
        func withLock<T>(_ body: ([pthread_t]) -> T) -> T { threads.withLock { body($0) } }
    }

    /// Records the thread that destroys it.
    final class Tracked: Sendable {
        let log: Log
        init(_ log: Log) { self.log = log }
        deinit { log.threads.withLock { $0.append(pthread_self()) } }
    }

    @Test("discarded values are destroyed by the draining thread; after close, by the discarding one")
    func destroyedWhereDrained() {
        let log = Log()
        let recycler = Recycler<Tracked>()
        let discarder = WorkerThread {
            for _ in 0..<3 { recycler.discard(Tracked(log)) }
        }
        discarder.join()
        #expect(log.withLock { $0.isEmpty })  // kept for the drainer
        recycler.drain()
        let here = pthread_self()
        #expect(log.withLock { $0.count == 3 && $0.allSatisfy { pthread_equal($0, here) != 0 } })

        recycler.discard(Tracked(log))
        recycler.close()  // drains what is pending
        #expect(log.withLock { $0.count == 4 })
        let late = WorkerThread {
            recycler.discard(Tracked(log))
            // Not kept after close: destroyed on this thread, before it ends.
            #expect(log.withLock { $0.count == 5 && pthread_equal($0[4], pthread_self()) != 0 })
        }
        late.join()
    }
}
