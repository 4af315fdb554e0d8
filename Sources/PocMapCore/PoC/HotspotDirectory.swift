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
    private let idsByKey: [String: Int]

    /// Prepares a registry.
    ///
    /// - Parameters:
    ///   - hotspots: the registry; when a key repeats, the first record is used and the key is listed in
    ///     ``duplicateKeys``.
    ///   - regionLookup: the region index (for example Helium's `.h3idx` files) used for hotspots whose record
    ///     names no region; it returns nil when the location is in no plan, which makes the hotspot
    ///     ``RegionResolution/unresolved``. Without a lookup such hotspots are ``RegionResolution/unknown``.
    public init(_ hotspots: [Hotspot], regionLookup: ((H3Cell) -> RegionName?)? = nil) {
        var idsByKey: [String: Int] = [:]
        idsByKey.reserveCapacity(hotspots.count)
        var duplicates: [String] = []
        var regionCodes: [RegionName: Int32] = [:]
        var regionNames: [RegionName] = []
        var regions: [RegionResolution] = []
        var entries: [Entry] = []
        regions.reserveCapacity(hotspots.count)
        entries.reserveCapacity(hotspots.count)
        for (index, hotspot) in hotspots.enumerated() {
            if idsByKey[hotspot.key] == nil {
                idsByKey[hotspot.key] = index
            } else {
                duplicates.append(hotspot.key)
            }
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
                location: 0, parent11: 0, centre: LatLng(lat: 0, lng: 0), cosLatitude: 1,
                gainTenthsDBi: hotspot.gainTenthsDBi, regionCode: code, isFullHotspot: hotspot.isFullHotspot,
                hasCentre: false)
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
                }
            }
            entries.append(entry)
        }
        self.hotspots = hotspots
        self.regions = regions
        self.duplicateKeys = duplicates
        self.entries = entries
        self.regionNames = regionNames
        self.idsByKey = idsByKey
    }

    /// The number of hotspots (duplicates included).
    public var count: Int { hotspots.count }

    /// The id of the hotspot with this key, or nil when the key is not registered.
    @inline(__always)
    public func id(forKey key: String) -> HotspotID? {
        idsByKey[key].map(HotspotID.init)
    }

    /// The hotspot record.
    public subscript(id: HotspotID) -> Hotspot { hotspots[id.index] }

    /// The cell centre of the hotspot's asserted location, or nil when unasserted.
    public func centre(of id: HotspotID) -> LatLng? {
        let entry = entries[id.index]
        return entry.hasCentre ? entry.centre : nil
    }

    /// The resolution-11 parent of the asserted location, or nil when unasserted or coarser than resolution 11.
    public func parent11(of id: HotspotID) -> H3Cell? {
        let raw = entries[id.index].parent11
        return raw == 0 ? nil : H3Cell(rawValue: raw)
    }
}
