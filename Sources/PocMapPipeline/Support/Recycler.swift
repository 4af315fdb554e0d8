import Glibc

/// Carries values that one thread is done with to another thread, which destroys them (``drain()``).
///
/// `pocmap verify` allocates each witness report's key string on the witness reader thread and used to free it on
/// the formatter thread. glibc's allocator handles that pattern badly: a block freed by another thread goes back
/// to the allocating thread's arena under that arena's lock, and the allocating thread never finds a recycled
/// block in its own cache, so both sides take the slow paths (`_int_malloc`, `_int_free`, `malloc_consolidate`:
/// ≈ 15 % of both threads, measured on 3.27 M reports). Handing the formatted batches back to the reader, which
/// destroys them before it reads its next chunk, keeps allocation and free on one thread.
final class Recycler<Element>: @unchecked Sendable {
    // @unchecked Sendable: `pending` is only touched under `mutex`.
    private var mutex = pthread_mutex_t()
    private var pending: [Element] = []
    private var closed = false
    /// Called by ``drain()`` with each value instead of destroying it outright (it may keep parts for reuse).
    private let reuse: (@Sendable (consuming Element) -> Void)?

    /// - Parameter reuse: called by the draining thread with each value, in place of destroying it: it can
    ///   empty the value's storage there and keep it for reuse (``Pool``).
    init(reuse: (@Sendable (consuming Element) -> Void)? = nil) {
        self.reuse = reuse
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    /// Keeps `element` for the draining thread to destroy; after ``close()``, lets it go on the calling thread.
    func discard(_ element: Element) {
        pthread_mutex_lock(&mutex)
        if !closed { pending.append(element) }
        pthread_mutex_unlock(&mutex)
    }

    /// The draining thread stops draining: destroys what is pending, and from now on discarded values are
    /// destroyed by the thread that discards them (nothing piles up).
    func close() {
        pthread_mutex_lock(&mutex)
        closed = true
        pthread_mutex_unlock(&mutex)
        drain()
    }

    /// Destroys on the calling thread everything discarded so far (outside the lock), or hands it to `reuse`.
    func drain() {
        var taken: [Element] = []
        pthread_mutex_lock(&mutex)
        swap(&taken, &pending)
        pthread_mutex_unlock(&mutex)
        guard let reuse else {
            taken.removeAll()
            return
        }
        // Moved out one by one, so that `reuse` owns each value alone.
        taken.reverse()
        while let element = taken.popLast() { reuse(element) }
    }
}

/// Emptied values kept for reuse between threads (at most `capacity`; more are let go).
final class Pool<Element>: @unchecked Sendable {
    // @unchecked Sendable: `kept` is only touched under `mutex`.
    private var mutex = pthread_mutex_t()
    private var kept: [Element] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    /// Keeps `element` for a later ``take()`` (or lets it go when the pool is full).
    func put(_ element: consuming Element) {
        pthread_mutex_lock(&mutex)
        if kept.count < capacity {
            kept.append(element)
            pthread_mutex_unlock(&mutex)
        } else {
            pthread_mutex_unlock(&mutex)
        }
    }

    /// A kept value, if any.
    func take() -> Element? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return kept.popLast()
    }
}
