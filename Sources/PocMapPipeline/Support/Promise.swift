import Glibc

/// A value that one thread supplies later and others wait for: ``fulfill(_:)`` once, ``wait()`` blocks until
/// then. ``abandon()`` releases the waiters with nil instead (the value will never come).
///
/// The verify job hands the hotspot directory to its reader threads this way: they start parsing while the
/// registry is still being read, and look keys up once the directory exists.
///
/// `@unchecked Sendable`: `value` and `state` are only accessed with `mutex` held.
final class Promise<Value: Sendable>: @unchecked Sendable {
    private enum State { case pending, fulfilled, abandoned }

    private var mutex = pthread_mutex_t()
    private var settled = pthread_cond_t()
    private var state = State.pending
    private var value: Value?

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&settled, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&settled)
    }

    /// Supplies the value and wakes the waiters (later calls, and calls after ``abandon()``, are ignored).
    func fulfill(_ value: Value) {
        pthread_mutex_lock(&mutex)
        if state == .pending {
            self.value = value
            state = .fulfilled
            pthread_cond_broadcast(&settled)
        }
        pthread_mutex_unlock(&mutex)
    }

    /// Gives up on the value: waiters get nil.
    func abandon() {
        pthread_mutex_lock(&mutex)
        if state == .pending {
            state = .abandoned
            pthread_cond_broadcast(&settled)
        }
        pthread_mutex_unlock(&mutex)
    }

    /// Whether the value was supplied or abandoned (``wait()`` would not block).
    var isSettled: Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return state != .pending
    }

    /// The value, waiting for it; nil when abandoned.
    func wait() -> Value? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while state == .pending { pthread_cond_wait(&settled, &mutex) }
        return value
    }
}
