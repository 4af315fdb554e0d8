public import PocMapCore

/// The text format of an input file.
public enum InputFormat: String, Hashable, Sendable, CaseIterable {
    /// One JSON object per line (`.ndjson`, `.jsonl`).
    case ndjson
    /// Comma-separated values with a header row (`.csv`).
    case csv
    /// Helium's native ingest files (`FORMATS.md` §1.4): a stream of `[uint32 big-endian length][protobuf
    /// message]`, usually gzipped; beacon and witness reports only.
    case protobuf

    /// The format implied by a file name: `.ndjson`/`.jsonl` or `.csv`, optionally followed by `.gz`
    /// (any case), or ``protobuf`` for Helium's `iot_beacon_ingest_report.*` and `iot_witness_ingest_report.*`
    /// files. `nil` for other names. Whether content is gzip is decided by its magic bytes, not its name.
    public static func inferred(fromFileName name: String) -> InputFormat? {
        if IngestFileKind(fileName: name) != nil { return .protobuf }
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        if lower.hasSuffix(".csv") { return .csv }
        return nil
    }
}

/// Options shared by all record readers.
public struct ReaderOptions: Sendable {
    /// The format; `nil` chooses it from the file name (``InputFormat/inferred(fromFileName:)``).
    public var format: InputFormat?
    /// Items per chunk returned by `nextChunk()`.
    public var chunkSize: Int = 10_000
    /// Lines longer than this (bytes, terminator excluded) are rejected; default 1 MiB.
    public var maxLineBytes: Int = 1 << 20
    /// Extra input names for fields: input name → canonical field name, for example
    /// `["name": "key", "h3_res12_from_latlng": "location"]`. Canonical names stay accepted unless mapped
    /// themselves; mapping a name to `""` ignores it (`["location": ""]` computes the cell from `lat`/`lng`).
    public var fieldAliases: [String: String] = [:]
    /// The file name written in `FILE:LINE` sources; `nil` uses the path as given.
    public var sourceName: String?
    /// Hotspot registries only: treat `lat = 0, lng = 0` as "no location" (unasserted). Default `true`.
    public var zeroCoordinatesMeanUnasserted = true
    /// Witness reports only: a report read through the fast path for the canonical line layout comes without its
    /// key string (``WitnessReport/pubKey`` is empty) — the key stays in the chunk's ``RecordChunk/hotspotKeys``.
    /// For a consumer that looks every key up in a ``HotspotDirectory`` and takes known hotspots' keys from it
    /// (`pocmap verify`): it then gives the unknown keys back with ``RecordChunk/restoreKeys(unresolved:)``.
    /// Saves allocating and freeing a string per report. Default `false`.
    public var defersKeys = false

    /// Default options: format from the file name, 10 000 items per chunk, 1 MiB lines, no aliases.
    public init(
        format: InputFormat? = nil,
        chunkSize: Int = 10_000,
        maxLineBytes: Int = 1 << 20,
        fieldAliases: [String: String] = [:],
        sourceName: String? = nil,
        zeroCoordinatesMeanUnasserted: Bool = true
    ) {
        self.format = format
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
        self.fieldAliases = fieldAliases
        self.sourceName = sourceName
        self.zeroCoordinatesMeanUnasserted = zeroCoordinatesMeanUnasserted
    }
}

/// An input line that could not be read as a record: one line of `rejects.ndjson` (`FORMATS.md` §2.2).
public struct Reject: Hashable, Sendable, CustomStringConvertible {
    /// How many bytes of the line ``text`` keeps.
    public static let maxTextBytes = 200

    /// The file and line.
    public var source: SourceLocation
    /// A precise, human-readable reason, e.g. `field 'frequency': expected an integer, got a string`.
    public var error: String
    /// The first 200 bytes of the line, decoded as UTF-8 with invalid bytes replaced by U+FFFD.
    public var text: String

    /// Creates a reject.
    public init(source: SourceLocation, error: String, text: String) {
        self.source = source
        self.error = error
        self.text = text
    }

    /// `FILE:LINE: error`.
    public var description: String { "\(source): \(error)" }

    /// The display text of a line: its first ``maxTextBytes`` bytes, cut back to a character boundary,
    /// lossily decoded.
    static func displayText(_ line: UnsafeBufferPointer<UInt8>) -> String {
        var length = min(line.count, maxTextBytes)
        if length < line.count && line[length] & 0xC0 == 0x80 {
            // The cut falls inside a multi-byte character: cut before its lead byte instead.
            var lead = length
            while lead > 0 && length - lead < 3 && line[lead] & 0xC0 == 0x80 { lead -= 1 }
            if line[lead] & 0xC0 == 0xC0 { length = lead }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: line[0..<length]), as: UTF8.self)
    }
}

/// One item read from an input: a decoded record (which carries its `source`) or a reject.
public enum ReadResult<Record: Sendable>: Sendable {
    /// A line decoded into a record.
    case record(Record)
    /// A line that could not be read.
    case reject(Reject)

    /// The record, if this item is one.
    public var record: Record? {
        if case .record(let record) = self { return record }
        return nil
    }

    /// The reject, if this item is one.
    public var reject: Reject? {
        if case .reject(let reject) = self { return reject }
        return nil
    }
}

/// A run of consecutive items of one file, in input order.
public struct RecordChunk<Record: Sendable>: Sendable {
    /// The chunk's 0-based position in its file.
    public var index: Int
    /// The items, in line order.
    public var items: [ReadResult<Record>]
    /// Beacon and witness reports read from NDJSON or CSV: the hotspot key of each item (missing for a reject),
    /// gathered while decoding, for ``HotspotDirectory/ids(for:)``. `nil` for other records and other formats.
    public var hotspotKeys: HotspotKeyBatch?
    /// Witness reports read from NDJSON or CSV: each item's received time and payload, gathered while decoding,
    /// for the join. `nil` for other records and other formats.
    public var joinKeys: PayloadJoinKeys?

    /// Creates a chunk.
    public init(
        index: Int,
        items: [ReadResult<Record>],
        hotspotKeys: HotspotKeyBatch? = nil,
        joinKeys: PayloadJoinKeys? = nil
    ) {
        self.index = index
        self.items = items
        self.hotspotKeys = hotspotKeys
        self.joinKeys = joinKeys
    }

    /// The decoded records, in order.
    public var records: [Record] { items.compactMap(\.record) }
    /// The rejects, in order.
    public var rejects: [Reject] { items.compactMap(\.reject) }
}

extension RecordChunk where Record == WitnessReport {
    /// Gives its key string back to every report read without one (``ReaderOptions/defersKeys``) whose hotspot
    /// is not known: `hotspots[i]` is the hotspot of item `i`, nil when the directory lacks its key. Reports of
    /// known hotspots keep an empty key; their key is the directory's.
    public mutating func restoreKeys(unresolved hotspots: [HotspotID?]) {
        guard let keys = hotspotKeys, keys.count == items.count, hotspots.count == items.count else { return }
        for index in items.indices where hotspots[index] == nil {
            guard case .record(var report) = items[index], report.pubKey.isEmpty, let key = keys.key(at: index)
            else { continue }
            report.pubKey = key
            items[index] = .record(report)
        }
    }
}

/// What happened to the lines of one input file.
///
/// ``recordsRead`` counts the lines offered as records (not blank, not the CSV header); each one is either
/// decoded or rejected, so ``recordsRead`` = ``decoded`` + ``rejected`` always (``accountingHolds``).
public struct FileCounters: Hashable, Sendable {
    /// The file's display name.
    public var file: String
    /// Whether the content was gzip-compressed.
    public var isGzip = false
    /// Physical lines seen, blank lines and the header included.
    public var lines = 0
    /// Blank lines skipped.
    public var blankLines = 0
    /// Header lines (1 for CSV with a header, else 0).
    public var headerLines = 0
    /// Lines offered as records.
    public var recordsRead = 0
    /// Lines decoded into records.
    public var decoded = 0
    /// Lines rejected.
    public var rejected = 0
    /// Content bytes read (after decompression).
    public var bytes = 0

    /// Creates zeroed counters for a file.
    public init(file: String) {
        self.file = file
    }

    /// `recordsRead == decoded + rejected`.
    public var accountingHolds: Bool { recordsRead == decoded + rejected }
}
