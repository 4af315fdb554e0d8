import CZlib
import Dispatch
import Glibc
public import PocMapCore

/// A failure while writing simulation output.
public struct SimulationWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file concerned.
    public var path: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// Writes a simulation into a directory: `hotspots.csv`, `beacons.ndjson`, `witnesses.ndjson` and `faults.ndjson`
/// (`CLI.md`), or their `.gz` variants. Lines are formatted byte by byte into large buffers (no `String` per
/// record), so writing keeps up with millions of reports per second.
///
/// Fault labels name their report as `FILE:LINE` with the file name as written (`witnesses.ndjson:17`, or
/// `witnesses.ndjson.gz:17` with gzip), which is what a verifier reading that file puts in its verdicts.
public final class SimulationWriter: SimulationSink {
    /// The output directory.
    public let directory: String
    /// Whether the files are gzip-compressed.
    public let gzip: Bool
    private let files: [OutputFile]
    /// Witness reports waiting to be formatted. Witness lines are most of the output, so they are formatted on a
    /// background queue in batches, while the caller goes on simulating; the other files are small and are
    /// formatted in place.
    private var witnessBatch: [SimulatedWitness] = []
    private let witnessQueue = DispatchQueue(label: "pocmap.simulate.witness-format")
    /// At most two batches in flight (bounded memory).
    private let witnessSlots = DispatchSemaphore(value: 2)
    private static let witnessBatchSize = 4_096

    /// Creates (or truncates) the four files in `directory`, creating the directory when it does not exist.
    ///
    /// - Parameters:
    ///   - directory: the output directory.
    ///   - gzip: write `NAME.gz` files (gzip, zlib level `compressionLevel`) instead of plain text.
    ///   - compressionLevel: zlib level 1 (fastest, default) to 9.
    public init(directory: String, gzip: Bool = false, compressionLevel: Int32 = 1) throws(SimulationWriteError) {
        self.directory = directory
        self.gzip = gzip
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw SimulationWriteError(
                path: directory,
                message: "cannot create directory: \(String(cString: strerror(errno)))"
            )
        }
        var opened: [OutputFile] = []
        for file in SimulationFile.allCases {
            let name = file.fileName + (gzip ? ".gz" : "")
            opened.append(try OutputFile(path: directory + "/" + name, name: name, gzip: gzip, level: compressionLevel))
        }
        files = opened
        files[SimulationFile.hotspots.rawValue].append(SimulationWriter.hotspotHeader)
    }

    /// The names of the files as written, in ``SimulationFile`` order.
    public var fileNames: [String] { files.map(\.name) }

    /// The paths of the files as written, in ``SimulationFile`` order.
    public var paths: [String] { files.map(\.path) }

    static let hotspotHeader: [UInt8] = Array("key,location,gain,elevation,region,full\n".utf8)

    // MARK: SimulationSink

    /// Writes `KEY,CELL,GAIN,ELEVATION,REGION,true`.
    public func write(hotspot: SimulatedHotspotRecord) throws(SimulationWriteError) {
        let out = files[SimulationFile.hotspots.rawValue]
        out.appendAddress(hotspot.key)
        out.append(UInt8(ascii: ","))
        out.appendHex(hotspot.location.rawValue)
        out.append(UInt8(ascii: ","))
        out.appendInteger(Int64(hotspot.gainTenthsDBi))
        out.append(UInt8(ascii: ","))
        out.appendInteger(Int64(hotspot.elevationMeters))
        out.append(UInt8(ascii: ","))
        out.append(Array(hotspot.region.rawValue.utf8))
        out.append(SimulationWriter.csvTrue)
        try out.flushIfFull()
    }

    private static let csvTrue: StaticString = ",true\n"
    private static let pubKeyField: StaticString = "{\"pub_key\":\""
    private static let receivedField: StaticString = "\",\"received_timestamp\":"
    private static let dataField: StaticString = ",\"data\":\""
    private static let frequencyField: StaticString = "\",\"frequency\":"
    private static let datarateField: StaticString = ",\"datarate\":\""
    private static let txPowerField: StaticString = "\",\"tx_power\":"
    private static let timestampField: StaticString = ",\"timestamp\":"
    private static let signalField: StaticString = "\",\"signal\":"
    private static let snrField: StaticString = ",\"snr\":"
    private static let witnessFrequencyField: StaticString = ",\"frequency\":"
    private static let witnessDatarateEnd: StaticString = "\",\"timestamp\":"
    private static let lineEnd: StaticString = "}\n"
    private static let dataRateNames: [[UInt8]] = DataRate.allCases.map { Array($0.name.utf8) }

    /// Writes one beacon line:
    /// `{"pub_key":…,"received_timestamp":…,"data":…,"frequency":…,"datarate":…,"tx_power":…,"timestamp":…}`.
    public func write(beacon: SimulatedBeacon) throws(SimulationWriteError) {
        let out = files[SimulationFile.beacons.rawValue]
        out.append(SimulationWriter.pubKeyField)
        out.appendAddress(beacon.key)
        out.append(SimulationWriter.receivedField)
        out.appendInteger(beacon.receivedTimestampMs)
        out.append(SimulationWriter.dataField)
        out.appendBase64(beacon.data)
        out.append(SimulationWriter.frequencyField)
        out.appendInteger(Int64(beacon.frequencyHz))
        out.append(SimulationWriter.datarateField)
        out.append(SimulationWriter.dataRateNames[Int(beacon.dataRate.rawValue)])
        out.append(SimulationWriter.txPowerField)
        out.appendInteger(Int64(beacon.txPowerDBm))
        out.append(SimulationWriter.timestampField)
        out.appendInteger(beacon.timestampNs)
        out.append(SimulationWriter.lineEnd)
        try out.flushIfFull()
    }

    /// Writes one witness line: `{"pub_key":…,"received_timestamp":…,"data":…,"signal":…,"snr":…,`
    /// `"frequency":…,"datarate":…,"timestamp":…}`.
    public func write(witness: SimulatedWitness) throws(SimulationWriteError) {
        if witnessBatch.isEmpty { witnessBatch.reserveCapacity(SimulationWriter.witnessBatchSize) }
        witnessBatch.append(witness)
        if witnessBatch.count >= SimulationWriter.witnessBatchSize { try dispatchWitnesses() }
    }

    /// Sends the pending witness reports to the formatting queue (waiting while two batches are in flight).
    private func dispatchWitnesses() throws(SimulationWriteError) {
        guard !witnessBatch.isEmpty else { return }
        witnessSlots.wait()
        let job = WitnessJob(batch: witnessBatch, file: files[SimulationFile.witnesses.rawValue], slots: witnessSlots)
        witnessBatch = []
        witnessQueue.async { job.run() }
        // Report a failure of an earlier batch as soon as it is known.
        if let failure = job.file.formattingFailure { throw failure }
    }

    /// Formats one witness line into `out` (called on the formatting queue).
    fileprivate static func format(_ witness: SimulatedWitness, into out: OutputFile) {
        out.append(SimulationWriter.pubKeyField)
        out.appendAddress(witness.key)
        out.append(SimulationWriter.receivedField)
        out.appendInteger(witness.receivedTimestampMs)
        out.append(SimulationWriter.dataField)
        out.appendBase64(witness.data)
        out.append(SimulationWriter.signalField)
        out.appendInteger(Int64(witness.signalDeciDBm))
        out.append(SimulationWriter.snrField)
        out.appendInteger(Int64(witness.snrDeciDB))
        out.append(SimulationWriter.witnessFrequencyField)
        out.appendInteger(Int64(witness.frequencyHz))
        out.append(SimulationWriter.datarateField)
        out.append(SimulationWriter.dataRateNames[Int(witness.dataRate.rawValue)])
        out.append(SimulationWriter.witnessDatarateEnd)
        out.appendInteger(witness.timestampNs)
        out.append(SimulationWriter.lineEnd)
    }

    /// Writes `{"kind":…,"source":"FILE:LINE","fault":…,"expected_reason":…}`.
    public func write(fault: SimulatedFault) throws(SimulationWriteError) {
        let out = files[SimulationFile.faults.rawValue]
        let kind = fault.file == .beacons ? "beacon" : "witness"
        let source = files[fault.file.rawValue].name
        let line =
            "{\"kind\":\"\(kind)\",\"source\":\"\(source):\(fault.line)\",\"fault\":\"\(fault.kind.rawValue)\","
            + "\"expected_reason\":\"\(fault.expectedReason.name)\"}\n"
        out.append(Array(line.utf8))
        try out.flushIfFull()
    }

    /// Flushes and closes every file (finishing the gzip streams). Call once at the end; writing afterwards fails.
    public func close() throws(SimulationWriteError) {
        try dispatchWitnesses()
        witnessQueue.sync {}  // every batch formatted
        let witnessFile = files[SimulationFile.witnesses.rawValue]
        if let failure = witnessFile.formattingFailure { throw failure }
        for file in files { try file.close() }
    }

    /// Bytes written to disk per file so far (compressed size with gzip), in ``SimulationFile`` order.
    public var bytesWritten: [Int] { files.map(\.bytesWritten) }
}

// MARK: - Running with parallel air computation

extension NetworkSimulator {
    /// Runs the whole simulation into `sink`, computing receptions (the expensive, pure part) on `workers`
    /// threads a block of beacons ahead, while rules, faults and writing proceed in order on the calling thread.
    /// The output is byte-identical to ``run(into:)`` for any number of workers.
    public mutating func runParallel<Sink: SimulationSink>(into sink: inout Sink, workers: Int, blockSize: Int = 4_096)
        throws(Sink.Failure) -> SimulationSummary
    {
        try writeRegistry(into: &sink)
        let workerCount = max(workers, 1)
        if workerCount == 1 { return try run(into: &sink) }
        // The blocks of the run, bucket by bucket; each bucket's schedule is made when its first block is due.
        var bucket = 0
        var schedule: [ScheduledBeacon] = []
        var position = 0
        func nextBlock() -> ArraySlice<ScheduledBeacon>? {
            while position >= schedule.count {
                guard bucket < bucketCount else { return nil }
                schedule = self.schedule(bucket: bucket)
                bucket += 1
                position = 0
            }
            let end = min(position + blockSize, schedule.count)
            defer { position = end }
            return schedule[position..<end]
        }
        var current = nextBlock()
        var job = current.map { AirJob(network: network, beacons: $0, workers: workerCount) }
        while let block = current, let running = job {
            let airs = running.wait()
            current = nextBlock()
            job = current.map { AirJob(network: network, beacons: $0, workers: workerCount) }
            for (offset, beacon) in block.enumerated() {
                try emit(beacon, air: airs[offset], into: &sink)
            }
        }
        try finish(into: &sink)
        return summary
    }
}

/// The receptions of a block of beacons, computed in the background by `workers` threads over interleaved
/// slices; ``wait()`` returns them in block order.
private final class AirJob: @unchecked Sendable {
    // @unchecked: every slot is written by exactly one worker (interleaved partition), and `wait()` reads them only
    // after the group has finished, which orders all the writes before the reads.
    private let slots: UnsafeMutablePointer<BeaconAir?>
    private let count: Int
    private let group = DispatchGroup()

    init(network: SimulatedNetwork, beacons: ArraySlice<ScheduledBeacon>, workers: Int) {
        let count = beacons.count
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
        let base = beacons.startIndex
        group.enter()
        // The closure keeps the job alive until the block is done.
        DispatchQueue.global().async { [self] in
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var scratch = AirScratch()
                var index = worker
                while index < count {
                    store(NetworkSimulator.air(in: network, for: beacons[base + index], scratch: &scratch), at: index)
                    index += workers
                }
            }
            group.leave()
        }
    }

    private func store(_ air: BeaconAir, at index: Int) {
        assert(index >= 0 && index < count)
        slots[index] = air
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Blocks until the block is computed, then returns the receptions in block order.
    func wait() -> [BeaconAir] {
        group.wait()
        return (0..<count).compactMap { slots[$0] }
    }
}

// MARK: - One output file

/// A buffered output file, plain or gzip, formatting numbers and text straight into its buffer.
///
/// Full buffers go to a background thread that compresses (with gzip) and writes them while the caller fills
/// the other buffer: the `write(2)` copy into the page cache and zlib's work leave the simulation's sequential
/// stage. At most one buffer is in flight per file, so the bytes reach the file in order.
private final class OutputFile {
    static let capacity = 1 << 20
    let path: String
    let name: String
    private let backend: FileBackend
    /// The buffer being filled.
    private var buffer: UnsafeMutablePointer<UInt8>
    /// The other buffer: free, or being written in the background.
    private var spare: UnsafeMutablePointer<UInt8>
    private var used = 0
    private let queue: DispatchQueue
    /// Signalled when no background write is in flight (so `spare` is free).
    private let idle = DispatchSemaphore(value: 1)
    private var closed = false
    /// A write failure met while formatting in the background (witness file only).
    var formattingFailure: SimulationWriteError?

    init(path: String, name: String, gzip: Bool, level: Int32) throws(SimulationWriteError) {
        self.path = path
        self.name = name
        backend = try FileBackend(path: path, gzip: gzip, level: level)
        // Room for a whole line beyond the flush threshold.
        buffer = .allocate(capacity: OutputFile.capacity + 4_096)
        spare = .allocate(capacity: OutputFile.capacity + 4_096)
        queue = DispatchQueue(label: "pocmap.simulate.\(name)")
    }

    deinit {
        idle.wait()  // no background write may still use the buffers
        idle.signal()
        buffer.deallocate()
        spare.deallocate()
    }

    var bytesWritten: Int {
        idle.wait()
        defer { idle.signal() }
        return backend.bytesWritten
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        buffer[used] = byte
        used += 1
    }

    /// Appends a constant; short enough to copy byte by byte without a `memcpy` call.
    @inline(__always)
    func append(_ text: StaticString) {
        let source = text.utf8Start
        let count = text.utf8CodeUnitCount
        var index = 0
        while index < count {
            buffer[used + index] = source[index]
            index += 1
        }
        used += count
    }

    @inline(__always)
    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            (buffer + used).update(from: base, count: source.count)
        }
        used += bytes.count
    }

    @inline(__always)
    func appendAddress(_ address: HeliumAddress) {
        address.withUTF8 { text in
            guard let base = text.baseAddress else { return }
            (buffer + used).update(from: base, count: text.count)
            used += text.count
        }
    }

    private static let digitPairs: [UInt8] = {
        var table = [UInt8]()
        for value in 0..<100 {
            table.append(UInt8(0x30 + value / 10))
            table.append(UInt8(0x30 + value % 10))
        }
        return table
    }()

    /// A signed decimal integer, two digits per division.
    @inline(__always)
    func appendInteger(_ value: Int64) {
        var magnitude = value.magnitude
        if value < 0 {
            buffer[used] = UInt8(ascii: "-")
            used += 1
        }
        var length = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            length += 1
        }
        var position = used + length
        OutputFile.digitPairs.withUnsafeBufferPointer { pairs in
            while magnitude >= 100 {
                let pair = Int(magnitude % 100) * 2
                magnitude /= 100
                position -= 2
                buffer[position] = pairs[pair]
                buffer[position + 1] = pairs[pair + 1]
            }
            if magnitude >= 10 {
                let pair = Int(magnitude) * 2
                position -= 2
                buffer[position] = pairs[pair]
                buffer[position + 1] = pairs[pair + 1]
            } else {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: magnitude) + 0x30
            }
        }
        used += length
    }

    /// Lowercase hexadecimal without leading zeros (the H3 text form).
    @inline(__always)
    func appendHex(_ value: UInt64) {
        if value == 0 {
            append(UInt8(ascii: "0"))
            return
        }
        var shift = (63 - value.leadingZeroBitCount) / 4 * 4
        while shift >= 0 {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0xF
            append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
            shift -= 4
        }
    }

    private static let base64Alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
    )

    /// Standard base64 with `=` padding.
    @inline(__always)
    func appendBase64(_ bytes: PayloadBytes) {
        OutputFile.base64Alphabet.withUnsafeBufferPointer { alphabet in
            bytes.withUnsafeBytes { raw in
                var index = 0
                let count = raw.count
                while index + 3 <= count {
                    let value = UInt32(raw[index]) << 16 | UInt32(raw[index + 1]) << 8 | UInt32(raw[index + 2])
                    buffer[used] = alphabet[Int(value >> 18)]
                    buffer[used + 1] = alphabet[Int(value >> 12 & 0x3F)]
                    buffer[used + 2] = alphabet[Int(value >> 6 & 0x3F)]
                    buffer[used + 3] = alphabet[Int(value & 0x3F)]
                    used += 4
                    index += 3
                }
                let rest = count - index
                if rest > 0 {
                    let value = UInt32(raw[index]) << 16 | (rest == 2 ? UInt32(raw[index + 1]) << 8 : 0)
                    buffer[used] = alphabet[Int(value >> 18)]
                    buffer[used + 1] = alphabet[Int(value >> 12 & 0x3F)]
                    buffer[used + 2] = rest == 2 ? alphabet[Int(value >> 6 & 0x3F)] : UInt8(ascii: "=")
                    buffer[used + 3] = UInt8(ascii: "=")
                    used += 4
                }
            }
        }
    }

    @inline(__always)
    func flushIfFull() throws(SimulationWriteError) {
        if used >= OutputFile.capacity { try handOff() }
    }

    /// Hands the full buffer to the background writer and continues in the other one.
    private func handOff() throws(SimulationWriteError) {
        idle.wait()
        if let failure = backend.failure {
            idle.signal()
            throw failure
        }
        swap(&buffer, &spare)
        let job = WriteJob(bytes: spare, count: used, backend: backend, idle: idle)
        used = 0
        queue.async { job.run() }
    }

    /// Writes what is left (finishing the gzip stream) and closes the file. Writing afterwards fails.
    func close() throws(SimulationWriteError) {
        guard !closed else { return }
        idle.wait()
        defer { idle.signal() }
        closed = true
        if let failure = backend.failure { throw failure }
        try backend.write(buffer, used, finishing: true)
        used = 0
        try backend.close()
    }
}

/// One batch of witness reports to format and write (runs on the writer's formatting queue, one batch at a time).
private struct WitnessJob: @unchecked Sendable {
    // @unchecked: the witness file's formatting state is touched only by the formatting queue (a serial queue)
    // from the first batch on; the caller reads `formattingFailure` only after `witnessQueue.sync {}` or as a
    // best-effort early report (a stale nil merely delays it to `close()`).
    let batch: [SimulatedWitness]
    let file: OutputFile
    let slots: DispatchSemaphore

    func run() {
        defer { slots.signal() }
        guard file.formattingFailure == nil else { return }
        for witness in batch {
            SimulationWriter.format(witness, into: file)
            do {
                try file.flushIfFull()
            } catch {
                file.formattingFailure = error
                return
            }
        }
    }
}

/// One full buffer on its way to the file (runs on the file's serial queue).
private struct WriteJob: @unchecked Sendable {
    // @unchecked: `bytes` is the file's spare buffer, which the filling thread does not touch until `idle` is
    // signalled at the end of `run()`; `backend` is used by one thread at a time under the same semaphore.
    let bytes: UnsafeMutablePointer<UInt8>
    let count: Int
    let backend: FileBackend
    let idle: DispatchSemaphore

    func run() {
        do {
            try backend.write(bytes, count, finishing: false)
        } catch {
            backend.failure = error
        }
        idle.signal()
    }
}

/// The descriptor and (with gzip) the zlib stream of an output file. Used by one thread at a time: the
/// background writer, or the filling thread while it holds `idle`.
private final class FileBackend: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private var stream: UnsafeMutablePointer<z_stream>?
    private var compressed: UnsafeMutablePointer<UInt8>?
    private(set) var bytesWritten = 0
    private var isOpen = true
    /// A failure of a background write, reported by the next hand-off or by `close()`.
    var failure: SimulationWriteError?

    init(path: String, gzip: Bool, level: Int32) throws(SimulationWriteError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw SimulationWriteError(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        if gzip {
            let zs = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            zs.initialize(to: z_stream())
            // 16 + 15: gzip wrapper, largest window; memLevel 8, default strategy.
            let status = deflateInit2_(
                zs,
                min(max(level, 1), 9),
                Z_DEFLATED,
                16 + 15,
                8,
                Z_DEFAULT_STRATEGY,
                zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)
            )
            guard status == Z_OK else {
                zs.deinitialize(count: 1)
                zs.deallocate()
                Glibc.close(descriptor)
                throw SimulationWriteError(path: path, message: "zlib could not start (status \(status))")
            }
            stream = zs
            compressed = .allocate(capacity: OutputFile.capacity)
        }
    }

    deinit {
        if let stream {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        compressed?.deallocate()
        if isOpen { Glibc.close(descriptor) }
    }

    /// Writes `count` bytes (compressed with gzip); `finishing` ends the gzip stream.
    func write(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int, finishing: Bool) throws(SimulationWriteError) {
        guard let stream, let compressed else {
            try writeAll(bytes, count)
            return
        }
        stream.pointee.next_in = bytes
        stream.pointee.avail_in = UInt32(count)
        let mode = finishing ? Z_FINISH : Z_NO_FLUSH
        while true {
            stream.pointee.next_out = compressed
            stream.pointee.avail_out = UInt32(OutputFile.capacity)
            let status = deflate(stream, mode)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw SimulationWriteError(path: path, message: "gzip compression failed (zlib status \(status))")
            }
            try writeAll(compressed, OutputFile.capacity - Int(stream.pointee.avail_out))
            if finishing {
                if status == Z_STREAM_END { break }
            } else if stream.pointee.avail_out != 0 {
                break  // all input consumed
            }
        }
    }

    private func writeAll(_ base: UnsafeMutablePointer<UInt8>, _ count: Int) throws(SimulationWriteError) {
        var offset = 0
        while offset < count {
            let written = Glibc.write(descriptor, base + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SimulationWriteError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        bytesWritten += count
    }

    func close() throws(SimulationWriteError) {
        guard isOpen else { return }
        isOpen = false
        if Glibc.close(descriptor) != 0 {
            throw SimulationWriteError(path: path, message: "cannot close: \(String(cString: strerror(errno)))")
        }
    }
}
