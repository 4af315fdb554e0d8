/// The name of a LoRaWAN region plan, such as `US915`, `EU868` or `AS923_1`.
///
/// Helium spells the same plan `AS923_1` (protobuf enum) or `AS923-1` (region index file names), so `-` and `_`
/// are equivalent here and letters are case-insensitive: the stored ``rawValue`` is the canonical protobuf
/// spelling, upper case with `_`. Names outside Helium's list are allowed (a `--regions` directory may bring
/// new plans); ``isKnownHeliumRegion`` tells them apart.
public struct RegionName: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The canonical spelling: ASCII upper case, `_` as separator (`AS923_1B`).
    public let rawValue: String

    /// Normalises and validates a region name: 1 to 32 ASCII letters, digits, `-` or `_`, starting with a letter.
    /// Returns `nil` for anything else (empty text, spaces, other punctuation).
    public init?(rawValue: String) {
        var canonical: [UInt8] = []
        canonical.reserveCapacity(rawValue.utf8.count)
        for byte in rawValue.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): canonical.append(byte - 0x20)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): canonical.append(byte)
            case UInt8(ascii: "-"), UInt8(ascii: "_"): canonical.append(UInt8(ascii: "_"))
            default: return nil
            }
        }
        guard let first = canonical.first, canonical.count <= 32,
            first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")
        else { return nil }
        self.rawValue = String(decoding: canonical, as: UTF8.self)
    }

    /// Same as ``init(rawValue:)``.
    public init?(_ name: String) {
        self.init(rawValue: name)
    }

    /// The canonical name (`AS923_1`).
    public var description: String { rawValue }

    /// The spelling of Helium's region index files (`AS923-1`): `_` replaced by `-`.
    public var hyphenated: String {
        String(decoding: rawValue.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }

    /// Whether Helium's `region` protobuf enum has this name (`POC-RULES.md` §8).
    public var isKnownHeliumRegion: Bool { RegionName.heliumRegionNames.contains(rawValue) }

    /// Helium's `region` enum names (helium/proto `src/region.proto`), in enum order, `UNKNOWN` excluded.
    public static let heliumRegionNames: [String] = [
        "US915", "EU868", "EU433", "CN470", "CN779", "AU915", "AS923_1", "KR920", "IN865", "AS923_2", "AS923_3",
        "AS923_4", "AS923_1B", "CD900_1A", "RU864", "EU868_A", "EU868_B", "EU868_C", "EU868_D", "EU868_E", "EU868_F",
        "AU915_SB1", "AU915_SB2", "AS923_1A", "AS923_1C", "AS923_1D", "AS923_1E", "AS923_1F",
    ]

    /// Orders by canonical name.
    public static func < (lhs: RegionName, rhs: RegionName) -> Bool { lhs.rawValue < rhs.rawValue }
}
