import Glibc

/// A blocking first-in first-out queue of bounded capacity between threads: ``push(_:)`` waits while the queue is
/// full, ``pop()`` waits while it is empty and returns nil once the queue is closed and drained.
///
/// `@unchecked Sendable`: every access to `items`, `closed` and the counters happens with `mutex` held.
final class BoundedQueue<Element>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var notEmpty = pthread_cond_t()
    private var notFull = pthread_cond_t()
    private var items: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var cancelled = false

    init(capacity: Int) {
        precondition(capacity > 0)
        items = [Element?](repeating: nil, count: capacity)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&notEmpty, nil)
        pthread_cond_init(&notFull, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&notEmpty)
        pthread_cond_destroy(&notFull)
    }

    /// Appends an element, waiting for room. Returns false (dropping the element) once the consumer cancelled.
    @discardableResult
    func push(_ element: Element) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while count == items.count && !cancelled { pthread_cond_wait(&notFull, &mutex) }
        if cancelled { return false }
        items[(head + count) % items.count] = element
        count += 1
        pthread_cond_signal(&notEmpty)
        return true
    }

    /// Marks the end of the elements; pending ones can still be popped.
    func close() {
        pthread_mutex_lock(&mutex)
        closed = true
        pthread_cond_broadcast(&notEmpty)
        pthread_mutex_unlock(&mutex)
    }

    /// The consumer gives up: producers stop waiting and further pushes are dropped.
    func cancel() {
        pthread_mutex_lock(&mutex)
        cancelled = true
        closed = true
        for index in items.indices { items[index] = nil }
        count = 0
        pthread_cond_broadcast(&notFull)
        pthread_cond_broadcast(&notEmpty)
        pthread_mutex_unlock(&mutex)
    }

    /// The next element, waiting for one; nil when closed and empty.
    func pop() -> Element? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while count == 0 && !closed { pthread_cond_wait(&notEmpty, &mutex) }
        guard count > 0 else { return nil }
        let element = items[head]
        items[head] = nil
        head = (head + 1) % items.count
        count -= 1
        pthread_cond_signal(&notFull)
        return element
    }
}

/// A plain POSIX thread running one closure; ``join()`` waits for it.
package final class WorkerThread: @unchecked Sendable {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private var thread: pthread_t? = nil
    private var joined = false

    /// Starts `body` on a new thread (8 MiB stack).
    package init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)
        var handle = pthread_t()
        let result = pthread_create(
            &handle,
            &attributes,
            { context in
                guard let context else { return nil }
                let box = Unmanaged<Box>.fromOpaque(context).takeRetainedValue()
                box.body()
                return nil
            },
            box
        )
        pthread_attr_destroy(&attributes)
        if result == 0 {
            thread = handle
        } else {
            // No thread could be created: run inline so the work still happens.
            Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
        }
    }

    /// Waits for the thread to finish (idempotent).
    package func join() {
        guard !joined else { return }
        joined = true
        if let thread { pthread_join(thread, nil) }
    }

    deinit { join() }
}

/// Per-thread CPU time in seconds (CLOCK_THREAD_CPUTIME_ID).
package func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Monotonic wall-clock time in seconds.
package func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
