import PocMapCore

/// Every directory hotspot's key as the JSON string a verdict line carries (quoted, escaped where needed), made
/// once for the run.
///
/// A line of a known hotspot copies its key from here: the report need not carry its own copy (`pocmap verify`
/// reads witness reports without one, ``ReaderOptions/defersKeys``), and nothing is scanned for characters
/// to escape line after line.
struct HotspotKeyText: Sendable {
    /// The JSON strings one after another.
    private let bytes: [UInt8]
    /// Where each hotspot's string starts in `bytes`; one more entry for the end of the last.
    private let starts: [Int]

    /// The keys of `directory`'s hotspots, by ``HotspotID``.
    init(_ directory: HotspotDirectory) {
        self.init(keys: directory.hotspots.map(\.key))
    }

    /// The keys given, by position.
    init(keys: [String]) {
        var buffer = LineBuffer(capacity: max(1 << 16, keys.count * 56))
        var starts: [Int] = []
        starts.reserveCapacity(keys.count + 1)
        for key in keys {
            starts.append(buffer.count)
            buffer.reserve(2 + 6 * key.utf8.count)
            buffer.put(jsonString: key)
        }
        starts.append(buffer.count)
        bytes = (try? buffer.withBytes { (text) throws(OutputError) in Array(text) }) ?? []
        self.starts = starts
    }

    /// How many keys there are.
    var count: Int { starts.count - 1 }

    /// `id` when this table has its key (nil for nil, or for a table made without the directory).
    @inline(__always)
    func known(_ id: HotspotID?) -> HotspotID? {
        guard let id, id.index < count else { return nil }
        return id
    }

    /// The JSON string of hotspot `id`.
    @inline(__always)
    func withText<Result>(_ id: HotspotID, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let start = starts[id.index]
        let end = starts[id.index + 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}
