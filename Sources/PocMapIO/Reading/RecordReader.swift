public import PocMapCore

/// A streaming reader of one input file: hotspots, beacon reports or witness reports, as NDJSON or CSV,
/// plain or gzip-compressed. Use the aliases ``HotspotReader``, ``BeaconReader`` and ``WitnessReader``.
///
/// Items come in chunks of ``ReaderOptions/chunkSize`` (10 000 by default), in input order; each is a record
/// (with its `FILE:LINE` in `source`) or a ``Reject`` explaining why the line could not be read. Reading a bad
/// line never throws; only failures of the file as a whole do (it cannot be opened, its gzip stream breaks,
/// its CSV header lacks a required column). After such a failure the items already returned remain valid.
///
/// Memory stays bounded by the line length limit and the chunk size, whatever the file size.
///
/// ```swift
/// let reader = try WitnessReader(path: "witnesses.ndjson.gz")
/// while let chunk = try reader.nextChunk() {
///     for item in chunk.items { ... }
/// }
/// print(reader.counters)   // records read = decoded + rejected
/// ```
public final class RecordReader<Record: Sendable> {
    // Closures over the concrete stream rather than an existential: the stream's loop is then specialised for
    // its decoder (an existential call went through an unspecialised witness: 2x slower, measured).
    let producer: () throws(InputError) -> RecordChunk<Record>?
    let currentCounters: () -> FileCounters

    /// The display name used in sources and errors.
    public let sourceName: String
    /// The format being read.
    public let format: InputFormat

    /// Wraps a producer of chunks (the line-based stream, or another engine such as the protobuf reader).
    init(
        producer: @escaping () throws(InputError) -> RecordChunk<Record>?,
        counters: @escaping () -> FileCounters,
        sourceName: String,
        format: InputFormat
    ) {
        self.producer = producer
        currentCounters = counters
        self.sourceName = sourceName
        self.format = format
    }

    /// The next chunk of items, or `nil` at the end of the file. Throws a file-level failure once, after
    /// returning everything that was read before it.
    public func nextChunk() throws(InputError) -> RecordChunk<Record>? {
        try producer()
    }

    /// Counts so far: lines, records read, decoded, rejected.
    public var counters: FileCounters { currentCounters() }

    /// Reads everything that is left. Convenient for small files and tests; memory grows with the file.
    public func readAll() throws(InputError) -> [ReadResult<Record>] {
        var items: [ReadResult<Record>] = []
        while let chunk = try nextChunk() { items.append(contentsOf: chunk.items) }
        return items
    }

    // MARK: Construction

    static func open<Decoder: RecordDecoder>(
        _ decoder: Decoder.Type,
        path: String,
        options: ReaderOptions
    ) throws(InputError) -> RecordReader<Record> where Decoder.Record == Record {
        let name = options.sourceName ?? path
        let format = try resolveFormat(options.format, name: path, display: name)
        let raw = try FileByteSource(path: path, name: name)
        let (source, isGzip) = try ByteSourceOpener.open(raw: raw, name: name)
        return try make(decoder, source: source, isGzip: isGzip, name: name, format: format, options: options)
    }

    static func open<Decoder: RecordDecoder>(
        _ decoder: Decoder.Type,
        bytes: [UInt8],
        name: String,
        options: ReaderOptions
    ) throws(InputError) -> RecordReader<Record> where Decoder.Record == Record {
        let format = try resolveFormat(options.format, name: name, display: name)
        let (source, isGzip) = try ByteSourceOpener.open(raw: MemoryByteSource(bytes: bytes), name: name)
        return try make(decoder, source: source, isGzip: isGzip, name: name, format: format, options: options)
    }

    /// A reader of text lines (NDJSON or CSV) over already opened content.
    static func make<Decoder: RecordDecoder>(
        _ decoder: Decoder.Type,
        source: any ByteSource,
        isGzip: Bool,
        name: String,
        format: InputFormat,
        options: ReaderOptions
    ) throws(InputError) -> RecordReader<Record> where Decoder.Record == Record {
        let stream = try RecordStream<Decoder>(
            source: source,
            name: name,
            isGzip: isGzip,
            format: format,
            options: options
        )
        return RecordReader(
            producer: { () throws(InputError) -> RecordChunk<Record>? in try stream.nextChunk() },
            counters: { stream.counters },
            sourceName: name,
            format: format
        )
    }

    static func resolveFormat(_ explicit: InputFormat?, name: String, display: String) throws(InputError)
        -> InputFormat
    {
        if let explicit { return explicit }
        guard let inferred = InputFormat.inferred(fromFileName: name) else { throw unknownFormat(display) }
        return inferred
    }

    static func unknownFormat(_ display: String) -> InputError {
        InputError(
            code: .unknownFormat,
            file: display,
            message:
                "cannot tell the format from the file name; use .ndjson, .jsonl or .csv (optionally .gz) or give the format"
        )
    }
}

/// Reads hotspot registry rows (`FORMATS.md` §1.1).
public typealias HotspotReader = RecordReader<Hotspot>
/// Reads beacon reports (`FORMATS.md` §1.2).
public typealias BeaconReader = RecordReader<BeaconReport>
/// Reads witness reports (`FORMATS.md` §1.3).
public typealias WitnessReader = RecordReader<WitnessReport>

extension RecordReader where Record == Hotspot {
    /// Opens a hotspot registry file. The format comes from the name unless `options.format` is set.
    public convenience init(path: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.open(HotspotDecoder.self, path: path, options: options)
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }

    /// Reads a hotspot registry held in memory; `name` stands for the file name (format and sources).
    public convenience init(bytes: [UInt8], name: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.open(HotspotDecoder.self, bytes: bytes, name: name, options: options)
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }
}

extension RecordReader where Record == BeaconReport {
    /// Opens a beacon report file: NDJSON, CSV or Helium's native `iot_beacon_ingest_report.*.gz` protobuf stream.
    /// The format comes from `options.format`, else the name, else (for protobuf) the content.
    public convenience init(path: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.openReports(BeaconDecoder.self, BeaconIngestDecoder.self, path: path, options: options)
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }

    /// Reads beacon reports held in memory; `name` stands for the file name (format and sources).
    public convenience init(bytes: [UInt8], name: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.openReports(BeaconDecoder.self, BeaconIngestDecoder.self, bytes: bytes, name: name, options: options)
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }
}

extension RecordReader where Record == WitnessReport {
    /// Opens a witness report file: NDJSON, CSV or Helium's native `iot_witness_ingest_report.*.gz` protobuf stream.
    /// The format comes from `options.format`, else the name, else (for protobuf) the content.
    public convenience init(path: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.openReports(WitnessDecoder.self, WitnessIngestDecoder.self, path: path, options: options)
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }

    /// Reads witness reports held in memory; `name` stands for the file name (format and sources).
    public convenience init(bytes: [UInt8], name: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.openReports(WitnessDecoder.self, WitnessIngestDecoder.self, bytes: bytes, name: name, options: options)
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }
}
