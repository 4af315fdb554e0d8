public import PocMapCore

/// Reads `verdicts.ndjson` (`FORMATS.md` §2.1), plain or gzip-compressed, as ``VerdictRecord`` values.
///
/// It is a ``RecordReader`` like ``WitnessReader``: chunks of items in file order, each a record (with its
/// `verdicts.ndjson:LINE` in ``VerdictRecord/verdictSource``) or a ``Reject`` saying precisely why the line
/// could not be read; bad lines never stop the reading. Witness records carry the key of the beacon line that
/// precedes them (``VerdictRecord/beaconer``).
///
/// ```swift
/// let reader = try VerdictReader(path: "out/verdicts.ndjson")
/// while let chunk = try reader.nextChunk() {
///     for item in chunk.items {
///         switch item {
///         case .record(let verdict): if verdict.earnsShare { ... }
///         case .reject(let reject): print(reject)          // FILE:LINE: reason
///         }
///     }
/// }
/// ```
public typealias VerdictReader = RecordReader<VerdictRecord>

extension RecordReader where Record == VerdictRecord {
    /// Opens a verdict file. Any name is accepted: the format is NDJSON unless `options.format` says otherwise
    /// (a `.csv` name selects CSV with the same column names).
    public convenience init(path: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.open(
            VerdictDecoder.self,
            path: path,
            options: VerdictReaderDefaults.options(options, name: path)
        )
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }

    /// Reads verdict lines held in memory; `name` stands for the file name in sources.
    public convenience init(bytes: [UInt8], name: String, options: ReaderOptions = ReaderOptions()) throws(InputError) {
        let reader = try RecordReader.open(
            VerdictDecoder.self,
            bytes: bytes,
            name: name,
            options: VerdictReaderDefaults.options(options, name: name)
        )
        self.init(
            producer: reader.producer,
            counters: reader.currentCounters,
            sourceName: reader.sourceName,
            format: reader.format
        )
    }
}

private enum VerdictReaderDefaults {
    /// Verdict files are NDJSON whatever they are called, unless the name or the options say CSV.
    static func options(_ options: ReaderOptions, name: String) -> ReaderOptions {
        var copy = options
        if copy.format == nil { copy.format = InputFormat.inferred(fromFileName: name) ?? .ndjson }
        return copy
    }
}
