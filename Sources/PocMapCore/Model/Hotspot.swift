/// One registered hotspot (gateway) of the registry (`FORMATS.md` §1.1).
///
/// A hotspot without a ``location`` is registered but *unasserted*: reports involving it are `not_asserted`.
public struct Hotspot: Hashable, Sendable {
    /// The default antenna gain, 1.2 dBi, in tenths of dBi (helium/oracles `iot_config` DEFAULT_GAIN).
    public static let defaultGainTenthsDBi = 12

    /// The unique hotspot id (usually a Helium base58 address).
    public var key: String
    /// The asserted H3 cell (resolution 12 or finer), or `nil` when the hotspot is unasserted.
    public var location: H3Cell?
    /// Antenna gain in tenths of dBi (12 = 1.2 dBi).
    public var gainTenthsDBi: Int
    /// Antenna height above ground in metres (kept, never used by the rules).
    public var elevationMeters: Int
    /// The region plan given in the registry, or `nil` to look it up from the location.
    public var region: RegionName?
    /// `true` for a full (proof-of-coverage capable) hotspot, `false` for data-only.
    public var isFullHotspot: Bool
    /// Where the record was read, when it came from a file.
    public var source: SourceLocation?

    /// Creates a hotspot; the defaults are those of `FORMATS.md` §1.1.
    public init(
        key: String,
        location: H3Cell?,
        gainTenthsDBi: Int = Hotspot.defaultGainTenthsDBi,
        elevationMeters: Int = 0,
        region: RegionName? = nil,
        isFullHotspot: Bool = true,
        source: SourceLocation? = nil
    ) {
        self.key = key
        self.location = location
        self.gainTenthsDBi = gainTenthsDBi
        self.elevationMeters = elevationMeters
        self.region = region
        self.isFullHotspot = isFullHotspot
        self.source = source
    }

    /// Whether the hotspot has an asserted location.
    public var isAsserted: Bool { location != nil }

    /// Antenna gain in dBi (`gainTenthsDBi / 10`).
    public var gainDBi: Double { Double(gainTenthsDBi) / 10 }
}
