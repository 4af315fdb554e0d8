import PocMapCore
import PocMapIO

/// A chunk of decoded records with each record's hotspot already looked up in the directory.
struct ResolvedChunk<Record: Sendable>: Sendable {
    /// The chunk as read.
    var chunk: RecordChunk<Record>
    /// Per item of `chunk.items`: the record's hotspot id, nil for a reject or a key the directory lacks.
    var hotspots: [HotspotID?]
}

/// A report that names its hotspot by key (beacon and witness reports).
protocol KeyedReport: Sendable {
    /// The hotspot's key.
    var pubKey: String { get }
    /// Gives the reports of `chunk` read without their key string (``ReaderOptions/defersKeys``) whose hotspot
    /// is unknown (nil in `hotspots`) their key back.
    static func restoreKeys(in chunk: inout RecordChunk<Self>, unresolved hotspots: [HotspotID?])
}

extension BeaconReport: KeyedReport {
    /// Beacon reports are always read with their key.
    static func restoreKeys(in chunk: inout RecordChunk<Self>, unresolved hotspots: [HotspotID?]) {}
}

extension WitnessReport: KeyedReport {
    static func restoreKeys(in chunk: inout RecordChunk<Self>, unresolved hotspots: [HotspotID?]) {
        chunk.restoreKeys(unresolved: hotspots)
    }
}

extension HotspotDirectory {
    /// The hotspot of each item of a chunk (nil for a reject or an unknown key): from the keys the reader
    /// gathered while decoding when it did (NDJSON and CSV), else from the reports' keys.
    func ids<Record: KeyedReport>(forKeysOf chunk: RecordChunk<Record>) -> [HotspotID?] {
        if let keys = chunk.hotspotKeys, keys.count == chunk.items.count { return ids(for: keys) }
        return ids(forKeys: chunk.items.map { $0.record?.pubKey })
    }
}

/// Chunks of one input file, read either on the calling thread or by a background thread through a bounded
/// queue (so parsing overlaps verification). Chunks arrive in file order either way.
///
/// Each record's key is looked up in the hotspot directory by the thread that parses it (`resolve`): with
/// background threads the lookups — a hash and one or two cache misses per report, ≈ 15 % of a run's CPU —
/// leave the joining and verifying threads, the busiest of the pipeline.
final class ChunkSource<Record: Sendable> {
    private enum Message {
        case chunk(ResolvedChunk<Record>)
        case end(FileCounters, cpuSeconds: Double)
        case failure(InputError, FileCounters, cpuSeconds: Double)
    }

    /// `@unchecked Sendable`: the reader is used by exactly one thread at a time (the background thread, until it
    /// has sent its last message).
    private final class ReaderBox: @unchecked Sendable {
        let reader: RecordReader<Record>
        init(_ reader: RecordReader<Record>) { self.reader = reader }
    }

    private let reader: RecordReader<Record>
    private let queue: BoundedQueue<Message>?
    private var thread: WorkerThread?
    private(set) var counters: FileCounters
    /// Seconds spent parsing (CPU time of the reader thread, or wall time inline).
    private(set) var parseSeconds = 0.0
    private(set) var finished = false

    private let resolve: @Sendable (inout RecordChunk<Record>) -> [HotspotID?]

    /// - Parameters:
    ///   - reader: the file's reader.
    ///   - background: read on a background thread.
    ///   - resolve: the hotspot of each item of a chunk (its key looked up in the directory; nil for a reject),
    ///     usually ``HotspotDirectory/ids(forKeysOf:)``; it may change the chunk (give back the keys of unknown
    ///     hotspots, ``KeyedReport/restoreKeys(in:unresolved:)``).
    ///   - canResolve: with a background thread, whether `resolve` can run without waiting (the directory exists);
    ///     until it can, the thread parses ahead up to `parseAhead` chunks instead of blocking on the first.
    ///   - parseAhead: the most chunks parsed ahead while `canResolve()` is false.
    ///   - beforeEachChunk: with a background thread, run on it before each chunk is read or, for the chunks
    ///     parsed ahead, handed over.
    ///   - afterLastChunk: with a background thread, run on it when it stops reading (at the end, on a failure,
    ///     or when cancelled).
    init(
        reader: RecordReader<Record>,
        background: Bool,
        resolve: @escaping @Sendable (inout RecordChunk<Record>) -> [HotspotID?],
        canResolve: (@Sendable () -> Bool)? = nil,
        parseAhead: Int = 0,
        beforeEachChunk: (@Sendable () -> Void)? = nil,
        afterLastChunk: (@Sendable () -> Void)? = nil
    ) {
        self.reader = reader
        self.resolve = resolve
        counters = reader.counters
        guard background else {
            queue = nil
            return
        }
        let queue = BoundedQueue<Message>(capacity: 4)
        self.queue = queue
        let box = ReaderBox(reader)
        thread = WorkerThread {
            defer { afterLastChunk?() }
            let start = threadCPUSeconds()
            // Chunks parsed while `resolve` would still have to wait, in file order.
            var backlog: [RecordChunk<Record>] = []
            func pushBacklog() -> Bool {
                // Each chunk is moved out of the backlog before it is resolved: a chunk still referenced by the
                // backlog would be copied whole by the first change to its items (giving back keys here, taking
                // reports out in the joiner).
                backlog.reverse()
                while let chunk = backlog.popLast() {
                    beforeEachChunk?()
                    guard queue.push(.chunk(ChunkSource.resolved(chunk, resolve))) else {
                        backlog.removeAll()
                        return false
                    }
                }
                return true
            }
            do throws(InputError) {
                while true {
                    beforeEachChunk?()
                    guard let chunk = try box.reader.nextChunk() else { break }
                    if let canResolve, backlog.count < parseAhead, !canResolve() {
                        backlog.append(chunk)
                        continue
                    }
                    guard pushBacklog(), queue.push(.chunk(ChunkSource.resolved(chunk, resolve))) else { return }
                }
                guard pushBacklog() else { return }
                queue.push(.end(box.reader.counters, cpuSeconds: threadCPUSeconds() - start))
            } catch {
                guard pushBacklog() else { return }
                queue.push(.failure(error, box.reader.counters, cpuSeconds: threadCPUSeconds() - start))
            }
            queue.close()
        }
    }

    deinit { cancel() }

    /// The chunk with every record's hotspot looked up.
    private static func resolved(
        _ chunk: consuming RecordChunk<Record>,
        _ resolve: (inout RecordChunk<Record>) -> [HotspotID?]
    ) -> ResolvedChunk<Record> {
        let hotspots = resolve(&chunk)
        return ResolvedChunk(chunk: chunk, hotspots: hotspots)
    }

    /// The next chunk, nil at the end; throws the file's failure after the chunks read before it.
    func next() throws(InputError) -> ResolvedChunk<Record>? {
        guard !finished else { return nil }
        guard let queue else {
            let start = threadCPUSeconds()
            defer { parseSeconds += threadCPUSeconds() - start }
            do {
                if let chunk = try reader.nextChunk() { return ChunkSource.resolved(chunk, resolve) }
                finished = true
                counters = reader.counters
                return nil
            } catch {
                finished = true
                counters = reader.counters
                throw error
            }
        }
        switch queue.pop() {
        case .chunk(let chunk):
            return chunk
        case .end(let final, let seconds):
            finished = true
            counters = final
            parseSeconds = seconds
            thread?.join()
            return nil
        case .failure(let error, let final, let seconds):
            finished = true
            counters = final
            parseSeconds = seconds
            thread?.join()
            throw error
        case nil:
            finished = true
            return nil
        }
    }

    /// Stops the background thread (if any) and waits for it.
    func cancel() {
        queue?.cancel()
        thread?.join()
        thread = nil
    }
}
