import PocMapCore

/// The engine behind ``RecordReader``: lines → JSON or CSV fields → typed record, in chunks.
///
/// Generic over the decoder so each record type gets a specialised, allocation-light loop.
final class RecordStream<Decoder: RecordDecoder> {
    typealias Record = Decoder.Record

    private let lines: LineReader
    private let name: String
    private let format: InputFormat
    private let chunkSize: Int
    /// ``ReaderOptions/defersKeys``.
    private let defersKeys: Bool
    private var decoder: Decoder
    private let table: FieldTable
    private let slots: UnsafeMutableBufferPointer<FieldSlot>
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// CSV only: the slot of each header column, or -1 for columns the record does not use.
    private var columnSlots: [Int] = []
    private var cells: [CSVRowSplitter.Cell] = []
    private var chunkIndex = 0
    private var finished = false
    private var pendingError: InputError?
    private(set) var counters: FileCounters

    /// What a chunk gathers as its lines are read: a local of ``nextChunk()`` passed down `inout`. (Kept in this
    /// class's properties, every access to it went through the runtime's exclusivity check, several per line.)
    private struct ChunkBuilder {
        var items: [ReadResult<Record>] = []
        /// The hotspot key of each item (``RecordDecoder/namesHotspots`` only).
        var keys: HotspotKeyBatch?
        /// The received time and payload of each item (``RecordDecoder/joinsByPayload`` only).
        var joinKeys: PayloadJoinKeys?
        /// Lines offered as records, each decoded or rejected (counted apart, for the accounting check).
        var offered = 0
        var decoded = 0
        var rejected = 0
    }

    init(source: any ByteSource, name: String, isGzip: Bool, format: InputFormat, options: ReaderOptions)
        throws(InputError)
    {
        guard format != .protobuf else {
            throw InputError(
                code: .badOption,
                file: name,
                message: "protobuf input holds Helium beacon or witness ingest reports only, not this kind of record"
            )
        }
        guard options.chunkSize > 0 else {
            throw InputError(code: .badOption, file: name, message: "chunk size must be positive")
        }
        guard options.maxLineBytes >= 16 else {
            throw InputError(code: .badOption, file: name, message: "the line length limit must be at least 16 bytes")
        }
        do {
            table = try FieldTable(names: Decoder.fieldNames, aliases: options.fieldAliases)
        } catch {
            throw InputError(code: .badOption, file: name, message: error.message)
        }
        lines = LineReader(source: source, name: name, maxLineBytes: options.maxLineBytes)
        self.name = name
        self.format = format
        chunkSize = options.chunkSize
        defersKeys = options.defersKeys
        decoder = Decoder(options: options)
        slots = .allocate(capacity: Decoder.fieldNames.count)
        slots.initialize(repeating: FieldSlot())
        scratchCapacity = 64 * 1024
        scratch = .allocate(capacity: scratchCapacity)
        counters = FileCounters(file: name)
        counters.isGzip = isGzip
        if format == .csv { try readHeader() }
    }

    deinit {
        slots.deallocate()
        scratch.deallocate()
    }

    // MARK: CSV header

    private func readHeader() throws(InputError) {
        let header: UnsafeBufferPointer<UInt8>
        do throws(InputError) {
            guard let line = try lines.next() else { return }  // an empty file has no records
            switch line {
            case .text(let bytes): header = bytes
            case .tooLong(_, let count):
                throw InputError(
                    code: .badHeader,
                    file: name,
                    message: "line \(lines.lineNumber): the CSV header is \(count) bytes long, over the limit"
                )
            case .cutOff:
                throw InputError(
                    code: .badHeader,
                    file: name,
                    message: "line \(lines.lineNumber): the CSV header is cut off by a read error"
                )
            }
        } catch {
            updateLineCounters()
            throw error
        }
        counters.headerLines = 1
        do {
            try CSVRowSplitter.split(header, into: &cells)
        } catch {
            throw InputError(
                code: .badHeader,
                file: name,
                message: "line \(lines.lineNumber): CSV header: \(error.message)"
            )
        }
        var present = Set<Int>()
        columnSlots = cells.map { cell in
            let bytes = UnsafeBufferPointer(rebasing: header[cell.offset..<cell.offset + cell.count])
            var nameBytes = Array(bytes)
            if cell.escaped {
                nameBytes = nameBytes.withUnsafeBufferPointer { raw in
                    var decoded = [UInt8](repeating: 0, count: raw.count)
                    let length = decoded.withUnsafeMutableBufferPointer { target in
                        target.baseAddress.map { CSVUnescaper.decode(raw, into: $0) } ?? 0
                    }
                    return Array(decoded[0..<length])
                }
            }
            let slot = table.slot(forHeader: nameBytes)
            if slot >= 0 { present.insert(slot) }
            return slot
        }
        for group in Decoder.requiredColumnGroups where !group.contains(where: present.contains) {
            let names = group.map { "'\(Decoder.fieldNames[$0])'" }.joined(separator: " or ")
            throw InputError(
                code: .missingColumn,
                file: name,
                message: "line \(lines.lineNumber): the CSV header has no column \(names), which every record needs"
            )
        }
        updateLineCounters()
    }

    // MARK: Chunks

    func nextChunk() throws(InputError) -> RecordChunk<Record>? {
        if let failure = pendingError {
            pendingError = nil
            throw failure
        }
        guard !finished else { return nil }
        var chunk = ChunkBuilder()
        chunk.items.reserveCapacity(chunkSize)
        if Decoder.namesHotspots { chunk.keys = HotspotKeyBatch(capacity: chunkSize) }
        if Decoder.joinsByPayload { chunk.joinKeys = PayloadJoinKeys(capacity: chunkSize) }
        defer {
            counters.recordsRead += chunk.offered
            counters.decoded += chunk.decoded
            counters.rejected += chunk.rejected
        }
        let canonical = format == .ndjson ? decoder : nil
        while chunk.items.count < chunkSize {
            let next: LineReader.Line?
            do {
                next = try lines.next()
            } catch {
                finished = true
                updateLineCounters()
                if chunk.items.isEmpty { throw error }
                pendingError = error
                break
            }
            guard let line = next else {
                finished = true
                break
            }
            chunk.offered += 1
            read(line, canonical: canonical, into: &chunk)
        }
        updateLineCounters()
        guard !chunk.items.isEmpty else { return nil }
        defer { chunkIndex += 1 }
        return RecordChunk(
            index: chunkIndex,
            items: chunk.items,
            hotspotKeys: chunk.keys,
            joinKeys: chunk.joinKeys
        )
    }

    private func updateLineCounters() {
        counters.lines = lines.lineNumber
        counters.blankLines = lines.blankLines
        counters.bytes = lines.bytesRead
    }

    /// Reads one line into a record or a reject, appended to the chunk; `canonical` is the decoder for the
    /// canonical-line fast path (NDJSON only).
    private func read(_ line: LineReader.Line, canonical: Decoder?, into chunk: inout ChunkBuilder) {
        let source = SourceLocation(file: name, line: lines.lineNumber)
        let bytes: UnsafeBufferPointer<UInt8>
        switch line {
        case .text(let text):
            bytes = text
        case .tooLong(let prefix, let count):
            let message = "line is \(count) bytes long, over the limit of \(lines.maxLineBytes) bytes"
            chunk.items.append(reject(source, message, prefix, into: &chunk))
            return
        case .cutOff(let text):
            let message = "line cut off: the input stream fails after these \(text.count) bytes"
            chunk.items.append(reject(source, message, text, into: &chunk))
            return
        }
        if bytes.count * 2 > scratchCapacity { growScratch(to: bytes.count * 2) }
        let scratch = self.scratch
        // The fast path appends the record itself, built where it is stored.
        if let canonical,
            let decoded = canonical.decodeCanonical(
                bytes,
                source: source,
                scratch: scratch,
                keyString: !defersKeys,
                into: &chunk.items
            )
        {
            chunk.decoded += 1
            if Decoder.namesHotspots { chunk.keys?.append(utf8: UnsafeRawBufferPointer(decoded.key)) }
            if Decoder.joinsByPayload {
                let payload = PayloadBytes(UnsafeRawBufferPointer(start: scratch, count: decoded.payloadLength))
                chunk.joinKeys?.append(receivedMs: decoded.receivedMs, payload: payload)
            }
            return
        }
        let result = readGeneral(bytes, source: source, into: &chunk)
        chunk.items.append(result)
    }

    /// Reads one line through the general path (``JSONScanner`` or CSV, then the decoder).
    private func readGeneral(
        _ bytes: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        into chunk: inout ChunkBuilder
    ) -> ReadResult<Record> {
        do throws(RecordError) {
            switch format {
            case .ndjson: try JSONScanner.scan(bytes, table: table, slots: slots)
            case .csv: try fillSlotsFromCSV(bytes)
            case .protobuf: throw RecordError("protobuf is not a line format")  // excluded by init
            }
            var fields = FieldReader(line: bytes, slots: slots, names: table.names, scratch: scratch)
            let record = try decoder.decode(&fields, source: source)
            chunk.decoded += 1
            // The key is added now, while its bytes are in cache.
            if Decoder.namesHotspots { chunk.keys?.append(Decoder.hotspotKey(of: record)) }
            if Decoder.joinsByPayload {
                let key = Decoder.joinKey(of: record)
                chunk.joinKeys?.append(receivedMs: key.receivedMs, payload: key.payload)
            }
            return .record(record)
        } catch {
            return reject(source, error.message, bytes, into: &chunk)
        }
    }

    private func reject(
        _ source: SourceLocation,
        _ message: String,
        _ text: UnsafeBufferPointer<UInt8>,
        into chunk: inout ChunkBuilder
    ) -> ReadResult<Record> {
        chunk.rejected += 1
        if Decoder.namesHotspots { chunk.keys?.appendMissing() }
        if Decoder.joinsByPayload { chunk.joinKeys?.appendMissing() }
        return .reject(Reject(source: source, error: message, text: Reject.displayText(text)))
    }

    private func fillSlotsFromCSV(_ line: UnsafeBufferPointer<UInt8>) throws(RecordError) {
        try CSVRowSplitter.split(line, into: &cells)
        guard cells.count == columnSlots.count else {
            throw RecordError("bad CSV: the row has \(cells.count) fields, the header has \(columnSlots.count)")
        }
        for index in slots.indices { slots[index] = FieldSlot() }
        for (column, cell) in cells.enumerated() {
            let slot = columnSlots[column]
            guard slot >= 0 else { continue }
            slots[slot] = FieldSlot(offset: cell.offset, count: cell.count, kind: .text, escaped: cell.escaped)
        }
    }

    private func growScratch(to capacity: Int) {
        scratch.deallocate()
        scratch = .allocate(capacity: capacity)
        scratchCapacity = capacity
    }
}
