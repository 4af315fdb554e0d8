import PocMapCore

/// Which report type a Helium ingest file holds, told by its name (`iot_beacon_ingest_report.<ms>.gz`).
enum IngestFileKind: Equatable {
    case beacon
    case witness

    /// The file name prefix the network's oracles use.
    var fileNamePrefix: String {
        switch self {
        case .beacon: "iot_beacon_ingest_report"
        case .witness: "iot_witness_ingest_report"
        }
    }

    /// The kind named by the last path component of `fileName`, or nil for other names.
    init?(fileName: String) {
        let base = fileName.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? fileName
        if base.hasPrefix("iot_beacon_ingest_report.") {
            self = .beacon
        } else if base.hasPrefix("iot_witness_ingest_report.") {
            self = .witness
        } else {
            return nil
        }
    }
}

extension IngestMessageDecoder {
    /// The file kind this decoder reads.
    static var fileKind: IngestFileKind { Record.self == BeaconReport.self ? .beacon : .witness }
}

/// The engine behind ``RecordReader`` for Helium's native ingest files: a (decompressed) byte stream of
/// `[uint32 big-endian length][protobuf message]` cut into messages and decoded into reports, in chunks.
///
/// The "line" of a report's `FILE:LINE` source is its 1-based message number in the file; reject messages name
/// the byte offset in the decompressed stream. A message that cannot be decoded, a length over the limit, or a
/// stream that ends inside a length prefix or a message each produce one reject and never trap. The reject's
/// `text` holds the hex of the message's first 64 bytes (the content is binary). Memory: one buffer of
/// `maxLineBytes` + 64 KiB.
final class IngestStream<Decoder: IngestMessageDecoder> {
    typealias Record = Decoder.Record

    private static var readSize: Int { 1 << 16 }
    private static var textBytes: Int { 64 }

    private let source: any ByteSource
    private let name: String
    private let chunkSize: Int
    private let maxMessageBytes: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Unconsumed bytes are `buffer[start..<end]`; `buffer[start]` is at `streamOffset` in the stream.
    private var start = 0
    private var end = 0
    private var streamOffset = 0
    private var sourceEnded = false
    private var sourceError: InputError?
    private var finished = false
    private var pendingError: InputError?
    private var chunkIndex = 0
    private(set) var counters: FileCounters

    init(source: any ByteSource, name: String, isGzip: Bool, options: ReaderOptions) throws(InputError) {
        guard options.chunkSize > 0 else {
            throw InputError(code: .badOption, file: name, message: "chunk size must be positive")
        }
        guard options.maxLineBytes >= 16 else {
            throw InputError(code: .badOption, file: name, message: "the message size limit must be at least 16 bytes")
        }
        self.source = source
        self.name = name
        chunkSize = options.chunkSize
        maxMessageBytes = options.maxLineBytes
        capacity = options.maxLineBytes + 4 + IngestStream.readSize
        buffer = .allocate(capacity: capacity)
        counters = FileCounters(file: name)
        counters.isGzip = isGzip
    }

    deinit { buffer.deallocate() }

    // MARK: Chunks

    func nextChunk() throws(InputError) -> RecordChunk<Record>? {
        if let failure = pendingError {
            pendingError = nil
            throw failure
        }
        guard !finished else { return nil }
        var items: [ReadResult<Record>] = []
        items.reserveCapacity(min(chunkSize, 4096))
        while items.count < chunkSize, !finished {
            if let item = nextItem() {
                counters.recordsRead += 1
                counters.lines += 1
                items.append(item)
            }
        }
        counters.bytes = streamOffset + (end - start)
        if finished, let failure = sourceError {
            sourceError = nil
            if items.isEmpty { throw failure }
            pendingError = failure
        }
        guard !items.isEmpty else { return nil }
        defer { chunkIndex += 1 }
        return RecordChunk(index: chunkIndex, items: items)
    }

    /// The next message as a record or reject; nil (with ``finished`` set) at the end or on a source failure at a
    /// message boundary.
    private func nextItem() -> ReadResult<Record>? {
        let messageStart = streamOffset
        let number = counters.lines + 1
        let location = SourceLocation(file: name, line: number)
        let available = fill(4)
        if available < 4 {
            finished = true
            guard available > 0 else { return nil }
            return reject(
                location,
                sourceError == nil
                    ? "truncated at byte \(messageStart): the stream ends inside a length prefix (\(available) of 4 bytes)"
                    : "cut off at byte \(messageStart): the input stream fails inside a length prefix",
                UnsafeBufferPointer(start: buffer + start, count: available)
            )
        }
        let length =
            Int(buffer[start]) << 24 | Int(buffer[start + 1]) << 16 | Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
        if length > maxMessageBytes {
            let text = UnsafeBufferPointer(start: buffer + start, count: min(4 + length, end - start))
            let item = reject(
                location,
                "message at byte \(messageStart) is \(length) bytes long, over the limit of \(maxMessageBytes) bytes"
                    + " (a corrupt length prefix?)",
                text
            )
            consume(4)
            skip(length)
            return item
        }
        let have = fill(4 + length)
        if have < 4 + length {
            finished = true
            let text = UnsafeBufferPointer(start: buffer + start + 4, count: have - 4)
            let item = reject(
                location,
                sourceError == nil
                    ? "truncated at byte \(messageStart): the stream ends after \(have - 4) of the message's \(length) bytes"
                    : "cut off at byte \(messageStart): the input stream fails after \(have - 4) of the message's \(length) bytes",
                text
            )
            consume(have)
            return item
        }
        let body = UnsafeRawBufferPointer(start: buffer + start + 4, count: length)
        let item: ReadResult<Record>
        do {
            let record = try Decoder.decode(body, baseOffset: messageStart + 4, source: location)
            counters.decoded += 1
            item = .record(record)
        } catch {
            item = reject(
                location,
                "\(Decoder.messageName) at byte \(messageStart): \(error.message)",
                UnsafeBufferPointer(start: buffer + start + 4, count: length)
            )
        }
        consume(4 + length)
        return item
    }

    private func reject(_ source: SourceLocation, _ message: String, _ bytes: UnsafeBufferPointer<UInt8>)
        -> ReadResult<Record>
    {
        counters.rejected += 1
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * IngestStream.textBytes)
        for byte in bytes.prefix(IngestStream.textBytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return .reject(Reject(source: source, error: message, text: String(decoding: text, as: UTF8.self)))
    }

    // MARK: Buffer

    /// Makes at least `count` bytes available at `start` unless the source ends or fails first; returns how many
    /// are available (≤ `count` bytes are guaranteed only when it returns `count` or more).
    private func fill(_ count: Int) -> Int {
        precondition(count <= capacity, "IngestStream: request beyond the buffer")
        if end - start >= count { return end - start }
        if capacity - start < count {
            // Move the unconsumed bytes to the front.
            let pending = end - start
            if pending > 0 { buffer.update(from: buffer + start, count: pending) }  // memmove semantics
            start = 0
            end = pending
        }
        while end - start < count && !sourceEnded {
            let room = UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end)
            do {
                let read = try source.read(into: room)
                if read == 0 { sourceEnded = true } else { end += read }
            } catch {
                sourceEnded = true
                sourceError = error
            }
        }
        return end - start
    }

    private func consume(_ count: Int) {
        start += count
        streamOffset += count
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Discards `count` bytes of the stream without keeping them.
    private func skip(_ count: Int) {
        var left = count
        while left > 0 {
            let available = fill(min(left, capacity))
            if available == 0 {
                finished = true
                return
            }
            let step = min(available, left)
            consume(step)
            left -= step
        }
    }
}

extension RecordReader {
    /// Opens beacon or witness reports in any input format: text lines through `text`, Helium's protobuf ingest
    /// files through `binary`. The format comes from `options.format`, else the file name, else the content
    /// (a protobuf ingest stream starts with a length whose first byte is 0 and a message whose first byte is
    /// 0x08, field 1 as a varint).
    static func openReports<Text: RecordDecoder, Binary: IngestMessageDecoder>(
        _ text: Text.Type,
        _ binary: Binary.Type,
        path: String,
        options: ReaderOptions
    ) throws(InputError) -> RecordReader<Record> where Text.Record == Record, Binary.Record == Record {
        let name = options.sourceName ?? path
        let raw = try FileByteSource(path: path, name: name)
        return try openReports(text, binary, raw: raw, inferFrom: path, name: name, options: options)
    }

    static func openReports<Text: RecordDecoder, Binary: IngestMessageDecoder>(
        _ text: Text.Type,
        _ binary: Binary.Type,
        bytes: [UInt8],
        name: String,
        options: ReaderOptions
    ) throws(InputError) -> RecordReader<Record> where Text.Record == Record, Binary.Record == Record {
        try openReports(text, binary, raw: MemoryByteSource(bytes: bytes), inferFrom: name, name: name, options: options)
    }

    private static func openReports<Text: RecordDecoder, Binary: IngestMessageDecoder>(
        _ text: Text.Type,
        _ binary: Binary.Type,
        raw: any ByteSource,
        inferFrom fileName: String,
        name: String,
        options: ReaderOptions
    ) throws(InputError) -> RecordReader<Record> where Text.Record == Record, Binary.Record == Record {
        if let kind = IngestFileKind(fileName: fileName), kind != Binary.fileKind, options.format == nil {
            throw InputError(
                code: .badOption,
                file: name,
                message:
                    "this is a \(kind == .beacon ? "beacon" : "witness") ingest file (\(kind.fileNamePrefix)); it cannot be read as \(Binary.fileKind == .beacon ? "beacon" : "witness") reports"
            )
        }
        let (opened, isGzip) = try ByteSourceOpener.open(raw: raw, name: name)
        var source = opened
        var format = options.format ?? InputFormat.inferred(fromFileName: fileName)
        if format == nil {
            let head = try peek(5, from: source)
            source = PrefixedByteSource(prefix: head, rest: source)
            if head.count == 5 && head[0] == 0 && head[4] == 0x08 { format = .protobuf }
        }
        guard let format else { throw unknownFormat(name) }
        guard format == .protobuf else {
            return try make(text, source: source, isGzip: isGzip, name: name, format: format, options: options)
        }
        let stream = try IngestStream<Binary>(source: source, name: name, isGzip: isGzip, options: options)
        return RecordReader(
            producer: { () throws(InputError) -> RecordChunk<Record>? in try stream.nextChunk() },
            counters: { stream.counters },
            sourceName: name,
            format: .protobuf
        )
    }

    /// Up to `count` first bytes of `source` (fewer only at its end).
    private static func peek(_ count: Int, from source: any ByteSource) throws(InputError) -> [UInt8] {
        var head: [UInt8] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { scratch.deallocate() }
        while head.count < count {
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<(count - head.count)]))
            if read == 0 { break }
            head.append(contentsOf: scratch[0..<read])
        }
        return head
    }
}
