/// A value computed on its own thread while the caller does something else: `value()` waits for it.
///
/// ```swift
/// let csv = BackgroundResult { HotspotsCSV.render(...) }
/// let state = verifier.state.encodedText()   // meanwhile, on this thread
/// try sink.write(csv.value())
/// ```
final class BackgroundResult<Value: Sendable>: Sendable {
    /// Written once by the worker thread before it ends; read only after `value()` has joined that thread.
    private final class Slot: @unchecked Sendable {
        var value: Value?
    }

    private let slot = Slot()
    private let thread: WorkerThread

    /// Starts computing `body()` on a new thread.
    init(_ body: @escaping @Sendable () -> Value) {
        thread = WorkerThread { [slot] in slot.value = body() }
    }

    /// The value, once the thread has finished.
    func value() -> Value {
        thread.join()
        guard let value = slot.value else { preconditionFailure("the worker thread sets its result before it ends") }
        return value
    }
}
