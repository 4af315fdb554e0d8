public import PocMapCore

/// A hotspot key defined more than once. The later definition replaces the earlier one.
public struct DuplicateHotspotKey: Hashable, Sendable, CustomStringConvertible {
    /// The repeated key.
    public var key: String
    /// Where the replaced definition was read.
    public var previous: SourceLocation?
    /// Where the winning (later) definition was read.
    public var replacement: SourceLocation?

    /// Creates a duplicate-key warning.
    public init(key: String, previous: SourceLocation?, replacement: SourceLocation?) {
        self.key = key
        self.previous = previous
        self.replacement = replacement
    }

    /// "hotspot 'K' at A is defined again at B; the later definition is used".
    public var description: String {
        "hotspot '\(key)' at \(previous?.description ?? "?") is defined again at \(replacement?.description ?? "?"); the later definition is used"
    }
}

/// The gateway registry: every hotspot by key, in order of first appearance.
///
/// Loading keeps everything visible: unreadable rows are in ``rejects``, repeated keys in ``duplicateKeys``
/// (both `FILE:LINE`s; the last definition wins and takes the first one's place in ``hotspots``), and the
/// per-file counts in ``files``.
public struct HotspotRegistry: Sendable {
    /// The hotspots, in order of the first appearance of each key.
    public private(set) var hotspots: [Hotspot] = []
    private var indexByKey: [String: Int] = [:]
    /// Keys defined more than once, in the order the repeats were met.
    public private(set) var duplicateKeys: [DuplicateHotspotKey] = []
    /// Rows that could not be read, in input order.
    public private(set) var rejects: [Reject] = []
    /// Counts per file read.
    public private(set) var files: [FileCounters] = []

    /// An empty registry.
    public init() {}

    /// The number of distinct hotspots.
    public var count: Int { hotspots.count }

    /// The hotspot with this key, if registered.
    public subscript(key: String) -> Hotspot? {
        indexByKey[key].map { hotspots[$0] }
    }

    /// The position of the hotspot with this key in ``hotspots``, if registered.
    public func index(of key: String) -> Int? {
        indexByKey[key]
    }

    /// Adds or replaces a hotspot. Returns the duplicate-key warning when the key was already registered
    /// (the warning is also appended to ``duplicateKeys``).
    @discardableResult
    public mutating func insert(_ hotspot: Hotspot) -> DuplicateHotspotKey? {
        // One lookup for the usual new key (the key is hashed once, not once to look and once to store).
        guard let index = indexByKey.updateValue(hotspots.count, forKey: hotspot.key) else {
            hotspots.append(hotspot)
            return nil
        }
        indexByKey[hotspot.key] = index
        let duplicate = DuplicateHotspotKey(
            key: hotspot.key,
            previous: hotspots[index].source,
            replacement: hotspot.source
        )
        hotspots[index] = hotspot
        duplicateKeys.append(duplicate)
        return duplicate
    }

    /// Reads every item of `reader` into the registry: records are inserted, rejects kept, counts recorded.
    /// A file-level failure is thrown after the rows read before it were added.
    public mutating func read(from reader: HotspotReader) throws(InputError) {
        defer { files.append(reader.counters) }
        while let chunk = try reader.nextChunk() {
            // Room grown by doubling ahead of the chunk: the key table grew step by step, rehashing every key.
            let needed = indexByKey.count + chunk.items.count
            if needed > indexByKey.capacity { indexByKey.reserveCapacity(max(needed, 2 * indexByKey.capacity)) }
            if hotspots.count + chunk.items.count > hotspots.capacity {
                hotspots.reserveCapacity(max(hotspots.count + chunk.items.count, 2 * hotspots.capacity))
            }
            for item in chunk.items {
                switch item {
                case .record(let hotspot): insert(hotspot)
                case .reject(let reject): rejects.append(reject)
                }
            }
        }
    }

    /// Loads registry files in order (later files override earlier keys).
    public static func load(paths: [String], options: ReaderOptions = ReaderOptions()) throws(InputError)
        -> HotspotRegistry
    {
        var registry = HotspotRegistry()
        for path in paths {
            let reader = try HotspotReader(path: path, options: options)
            try registry.read(from: reader)
        }
        return registry
    }
}
