// The error cases mirror the H3Error codes of uber/h3 4.5.0 `src/h3lib/include/h3api.h.in`
// (Copyright 2016-2021 Uber Technologies, Inc., Apache License 2.0), translated to a Swift enum.

/// Why an H3 operation failed. Each case corresponds to one C `H3Error` code of H3 4.5, so the library throws
/// the case the reference returns.
public enum H3Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// The operation failed and no more specific reason applies (`E_FAILED`), e.g. local IJ coordinates or a
    /// grid distance cannot be computed.
    case failed
    /// An argument was outside its acceptable range (`E_DOMAIN`).
    case domain
    /// A latitude or longitude was NaN or infinite (`E_LATLNG_DOMAIN`).
    case latLngDomain
    /// A resolution argument was outside 0...15 (`E_RES_DOMAIN`); carries the rejected value.
    case invalidResolution(Int)
    /// A cell argument was not a valid H3 cell index (`E_CELL_INVALID`); carries the rejected index.
    case invalidCell(UInt64)
    /// Pentagon distortion was encountered (`E_PENTAGON`).
    case pentagon
    /// The cells are not neighbours (`E_NOT_NEIGHBORS`).
    case notNeighbors
    /// The cells' resolutions are incompatible (`E_RES_MISMATCH`).
    case resolutionMismatch
    /// The text is not a hexadecimal H3 index; carries the rejected text.
    case invalidString(String)

    /// A one-line explanation that says what to do.
    public var description: String {
        switch self {
        case .failed:
            return "H3 operation failed (e.g. cells too far apart or separated by a pentagon); try another method"
        case .domain:
            return "argument outside the acceptable range; check the input values"
        case .latLngDomain:
            return "latitude or longitude is NaN or infinite; pass finite coordinates in radians"
        case .invalidResolution(let res):
            return "resolution \(res) is outside 0...15 or not compatible with the cell; pass a resolution in range"
        case .invalidCell(let raw):
            return "0x\(String(raw, radix: 16)) is not a valid H3 cell; check the index and its source"
        case .pentagon:
            return "pentagon distortion encountered; use an algorithm that tolerates pentagons"
        case .notNeighbors:
            return "the cells are not neighbours; pass adjacent cells"
        case .resolutionMismatch:
            return "the cells' resolutions are incompatible; bring them to a common resolution first"
        case .invalidString(let text):
            return "\"\(text)\" is not a hexadecimal H3 index; pass 1 to 16 hex digits such as 8c283082800b3ff"
        }
    }
}
