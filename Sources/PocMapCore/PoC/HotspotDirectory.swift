import Glibc

/// The position of a hotspot in a ``HotspotDirectory``.
public struct HotspotID: Hashable, Comparable, Sendable {
    /// The 0-based index into the directory.
    public let index: Int

    init(_ index: Int) { self.index = index }

    /// Orders by index.
    public static func < (lhs: HotspotID, rhs: HotspotID) -> Bool { lhs.index < rhs.index }
}

/// How a hotspot's region plan was determined (FORMATS §1.1, POC-RULES §2 P2).
public enum RegionResolution: Hashable, Sendable {
    /// The plan is known: given in the registry or found in the region index.
    case plan(RegionName)
    /// Nothing says which plan: no `region` field and no region index. The region check is skipped for any
    /// pair involving this hotspot.
    case unknown
    /// A region index was searched and holds no plan for the location: Helium counted such a hotspot as not
    /// asserted.
    case unresolved
}

/// The gateway registry prepared for verification: every hotspot's key, asserted cell, cell centre, resolution-11
/// parent, gain, region and capability, precomputed once so that checking a witness needs no H3 call except the
/// grid distance.
public struct HotspotDirectory: Sendable {
    /// What the verifier needs of one hotspot, precomputed.
    struct Entry: Sendable {
        /// The asserted cell's raw value, 0 when unasserted.
        var location: UInt64
        /// The resolution-11 parent's raw value, 0 when unasserted or asserted coarser than resolution 11.
        var parent11: UInt64
        /// The parent's IJK+ coordinates in its own base cell's coordinate space (H3 4.5 `cellToLocalIjk` of the
        /// parent anchored on itself), valid when `fastGrid` is true.
        var parent11IJK: CoordIJK
        /// Whether the parent lies in a non-pentagon base cell, so that grid distances to parents in the same base
        /// cell are plain IJK distances.
        var fastGrid: Bool
        /// The parent's base cell number.
        var baseCell: Int32
        /// The cell centre (radians); meaningless when `hasCentre` is false.
        var centre: LatLng
        /// cos of the centre latitude.
        var cosLatitude: Double
        /// Antenna gain, dBi × 10.
        var gainTenthsDBi: Int
        /// ≥ 0: index into `regionNames`; `unknownRegion` or `unresolvedRegion` otherwise.
        var regionCode: Int32
        var isFullHotspot: Bool
        var hasCentre: Bool
        var isAsserted: Bool { location != 0 }
    }

    static let unknownRegion: Int32 = -1
    static let unresolvedRegion: Int32 = -2

    /// The hotspots in input order (a later duplicate of a key is kept here but not indexed by key).
    public let hotspots: [Hotspot]
    /// The region resolution of each hotspot, by index.
    public let regions: [RegionResolution]
    /// Keys that appeared more than once; the first occurrence wins.
    public let duplicateKeys: [String]

    let entries: [Entry]
    let regionNames: [RegionName]
    private let keyIndex: _KeyIndex
    private let shadowed: Set<Int>

    /// Prepares a registry.
    ///
    /// - Parameters:
    ///   - hotspots: the registry; when a key repeats, the first record is used and the key is listed in
    ///     ``duplicateKeys``.
    ///   - regionLookup: the region index (for example Helium's `.h3idx` files) used for hotspots whose record
    ///     names no region; it returns nil when the location is in no plan, which makes the hotspot
    ///     ``RegionResolution/unresolved``. Without a lookup such hotspots are ``RegionResolution/unknown``.
    public init(_ hotspots: [Hotspot], regionLookup: ((H3Cell) -> RegionName?)? = nil) {
        var duplicates: [String] = []
        let keyIndex = _KeyIndex(keys: hotspots.map(\.key), duplicates: &duplicates)
        var regionCodes: [RegionName: Int32] = [:]
        var regionNames: [RegionName] = []
        var regions: [RegionResolution] = []
        var entries: [Entry] = []
        regions.reserveCapacity(hotspots.count)
        entries.reserveCapacity(hotspots.count)
        for hotspot in hotspots {
            let resolution: RegionResolution
            if let named = hotspot.region {
                resolution = .plan(named)
            } else if let lookup = regionLookup, let location = hotspot.location {
                resolution = lookup(location).map { .plan($0) } ?? .unresolved
            } else {
                resolution = .unknown
            }
            regions.append(resolution)
            let code: Int32
            switch resolution {
            case .plan(let name):
                if let existing = regionCodes[name] {
                    code = existing
                } else {
                    code = Int32(regionNames.count)
                    regionCodes[name] = code
                    regionNames.append(name)
                }
            case .unknown: code = HotspotDirectory.unknownRegion
            case .unresolved: code = HotspotDirectory.unresolvedRegion
            }
            var entry = Entry(
                location: 0,
                parent11: 0,
                parent11IJK: CoordIJK.zero,
                fastGrid: false,
                baseCell: -1,
                centre: LatLng(lat: 0, lng: 0),
                cosLatitude: 1,
                gainTenthsDBi: hotspot.gainTenthsDBi,
                regionCode: code,
                isFullHotspot: hotspot.isFullHotspot,
                hasCentre: false
            )
            if let location = hotspot.location, location.isValid {
                entry.location = location.rawValue
                if let centre = try? H3.cellToLatLng(location) {
                    entry.centre = centre
                    entry.cosLatitude = cos(centre.lat)
                    entry.hasCentre = true
                }
                if location.resolution >= PoCRules.cellParentResolution,
                    let parent = try? H3.cellToParent(location, resolution: PoCRules.cellParentResolution)
                {
                    entry.parent11 = parent.rawValue
                    entry.baseCell = Int32(parent.baseCellNumber)
                    if !isBaseCellPentagon(parent.baseCellNumber),
                        let ijk = try? cellToLocalIjk(origin: parent, cell: parent)
                    {
                        entry.parent11IJK = ijk
                        entry.fastGrid = true
                    }
                }
            }
            entries.append(entry)
        }
        self.hotspots = hotspots
        self.regions = regions
        self.duplicateKeys = duplicates
        self.entries = entries
        self.regionNames = regionNames
        self.keyIndex = keyIndex
        // The later records of a repeated key (rare): the key resolves to its first record, never to these.
        var shadowed = Set<Int>()
        if !duplicates.isEmpty {
            let repeated = Set(duplicates)
            for (index, hotspot) in hotspots.enumerated() where repeated.contains(hotspot.key) {
                if keyIndex.index(of: hotspot.key) != index { shadowed.insert(index) }
            }
        }
        self.shadowed = shadowed
    }

    /// The number of hotspots (duplicates included).
    public var count: Int { hotspots.count }

    /// The id of the hotspot with this key, or nil when the key is not registered.
    @inline(__always)
    public func id(forKey key: String) -> HotspotID? {
        keyIndex.index(of: key).map(HotspotID.init)
    }

    /// The id of the hotspot at `index` when its key resolves to it (`id(forKey: hotspots[index].key)`), nil for a
    /// later record of a repeated key. Needs no key lookup.
    public func id(ofRecordAt index: Int) -> HotspotID? {
        shadowed.isEmpty || !shadowed.contains(index) ? HotspotID(index) : nil
    }

    /// The ids of many keys at once, equal to ``id(forKey:)`` of each (nil keys give nil). Faster per key than
    /// single lookups on a large registry: the lookups' cache misses overlap.
    public func ids(forKeys keys: [String?]) -> [HotspotID?] {
        keyIndex.indices(of: keys).map { $0.map(HotspotID.init) }
    }

    /// The ids of a batch of keys, in order (nil for a missing key or one the directory lacks); equal to
    /// ``id(forKey:)`` of each. The fastest lookup: the keys were hashed as they were added, and their bytes lie
    /// side by side.
    public func ids(for keys: HotspotKeyBatch) -> [HotspotID?] {
        keyIndex.indices(of: keys).map { $0.map(HotspotID.init) }
    }

    /// The hotspot record.
    public subscript(id: HotspotID) -> Hotspot { hotspots[id.index] }

    /// The cell centre of the hotspot's asserted location, or nil when unasserted.
    public func centre(of id: HotspotID) -> LatLng? {
        let entry = entries[id.index]
        return entry.hasCentre ? entry.centre : nil
    }

    /// The grid distance between the resolution-11 parents of two hotspots' locations (§3.2), exactly as
    /// `H3.gridDistance` gives it; nil when a location is missing or coarser than resolution 11, or when H3 4.5
    /// cannot compute the distance.
    ///
    /// Parents in the same non-pentagon base cell — nearly every pair within 100 km — take a fast path: H3 4.5's
    /// `cellToLocalIjk` then involves no rotation, so the distance is the IJK distance of coordinates precomputed
    /// per hotspot (about 20 instructions instead of about 1 500; the tests check it against `H3.gridDistance`).
    @inline(__always)
    public func gridDistanceRes11(_ a: HotspotID, _ b: HotspotID) -> Int? {
        Self.gridDistance(entries[a.index], entries[b.index])
    }

    @inline(__always)
    static func gridDistance(_ a: Entry, _ b: Entry) -> Int? {
        guard a.parent11 != 0 && b.parent11 != 0 else { return nil }
        if a.fastGrid && b.fastGrid && a.baseCell == b.baseCell {
            return Int(a.parent11IJK.distance(to: b.parent11IJK))
        }
        return try? H3.gridDistance(H3Cell(rawValue: a.parent11), H3Cell(rawValue: b.parent11))
    }

    /// The resolution-11 parent of the asserted location, or nil when unasserted or coarser than resolution 11.
    public func parent11(of id: HotspotID) -> H3Cell? {
        let raw = entries[id.index].parent11
        return raw == 0 ? nil : H3Cell(rawValue: raw)
    }
}

/// Hotspot keys gathered for one batch lookup (``HotspotDirectory/ids(for:)``), each hashed as it is added.
///
/// A reader fills a batch while it decodes a chunk, when each key's bytes are still in cache; the lookup then
/// never touches the key strings, which by then have left the cache. (Copying each report out of the chunk to
/// get at its key and reading the key back made the lookup cost 16 % of the witness reader thread; from a
/// batch it costs 10 %, the batch's filling included: 3.27 M witness reports, measured.) Missing keys (lines
/// that were rejected) keep their place, so the batch lines up with the chunk's items.
public struct HotspotKeyBatch: Sendable {
    /// Where one key lies in ``bytes``, and its hash.
    struct Entry {
        var offset: Int
        /// The byte count, -1 for a missing key.
        var count: Int
        var hash: UInt64
    }

    /// Every key's UTF-8 bytes, back to back.
    private(set) var bytes: [UInt8] = []
    private(set) var entries: [Entry] = []

    /// An empty batch with room for `capacity` keys of 56 bytes.
    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity * 56)
        entries.reserveCapacity(capacity)
    }

    /// The number of keys, missing ones included.
    public var count: Int { entries.count }

    /// Adds a key given by its UTF-8 bytes.
    public mutating func append(utf8 key: UnsafeRawBufferPointer) {
        entries.append(Entry(offset: bytes.count, count: key.count, hash: _KeyIndex.hash(bytes: key)))
        bytes.append(contentsOf: key)
    }

    /// Adds a key.
    public mutating func append(_ key: String) {
        let added: Void? = key.utf8.withContiguousStorageIfAvailable { append(utf8: UnsafeRawBufferPointer($0)) }
        if added == nil { Array(key.utf8).withUnsafeBytes { append(utf8: $0) } }
    }

    /// Adds a missing key, whose id is nil.
    public mutating func appendMissing() {
        entries.append(Entry(offset: bytes.count, count: -1, hash: 0))
    }

    /// The key at `index` as a string; nil for a missing one.
    public func key(at index: Int) -> String? {
        let entry = entries[index]
        guard entry.count >= 0 else { return nil }
        return String(decoding: bytes[entry.offset..<entry.offset + entry.count], as: UTF8.self)
    }
}
