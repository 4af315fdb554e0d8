public import PocMapCore

/// A failure writing or querying `coverage.gpkg`, with a message that says what to do.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No store at the path (neither a GeoPackage file nor a directory holding `coverage.gpkg`).
    case storeNotFound(path: String)
    /// The file exists but is not a pocmap store (a layer or the resolution is missing).
    case notAStore(path: String, reason: String)
    /// The cell has no row in the store; `nearest` is the closest cell that has one, when any.
    case unknownCell(cell: String, resolution: Int, nearest: NearestHex?)
    /// No hotspot with this key; `suggestions` are the closest keys by prefix or edit distance.
    case unknownHotspot(key: String, suggestions: [String])
    /// An argument is out of range or malformed (a bad cell, a latitude outside −90…90, a bad resolution).
    case invalidInput(String)
    /// GDAL failed while writing the store (its message).
    case gdal(String)
    /// SQLite failed while reading the store (its message).
    case sqlite(String)
    /// A file system operation failed.
    case fileSystem(String)

    /// Whether the failure is bad input (CLI exit status 2) rather than a failure of the work (1).
    public var isBadInput: Bool {
        switch self {
        case .storeNotFound, .notAStore, .unknownCell, .unknownHotspot, .invalidInput: true
        case .gdal, .sqlite, .fileSystem: false
        }
    }

    /// A one-line message that says what went wrong and what to do.
    public var description: String {
        switch self {
        case .storeNotFound(let path):
            return "no coverage store at '\(path)': give the output directory of `pocmap run`/`pocmap map` "
                + "or the \(StoreSchema.fileName) inside it (--store DIR|FILE)"
        case .notAStore(let path, let reason):
            return "'\(path)' is not a pocmap coverage store: \(reason)"
        case .unknownCell(let cell, let resolution, let nearest):
            var text = "no coverage data for cell \(cell) (store resolution \(resolution))"
            if let nearest {
                text +=
                    "; the nearest hex with data is \(nearest.cell) "
                    + "(\(formatKilometres(nearest.distanceKilometers)) away, "
                    + "centre \(formatDegrees(nearest.latitudeDegrees)),\(formatDegrees(nearest.longitudeDegrees)))"
            } else {
                text += "; the store has no hexes"
            }
            return text
        case .unknownHotspot(let key, let suggestions):
            var text = "no hotspot with key '\(key)' in the store"
            if suggestions.isEmpty {
                text += "; the store has no hotspots"
            } else if suggestions.count == 1 {
                text += "; did you mean '\(suggestions[0])'?"
            } else {
                text += "; did you mean one of: " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
            }
            return text
        case .invalidInput(let message):
            return message
        case .gdal(let message):
            return "GDAL: \(message)"
        case .sqlite(let message):
            return "SQLite: \(message)"
        case .fileSystem(let message):
            return message
        }
    }
}

/// The closest hex with data to a queried cell.
public struct NearestHex: Hashable, Sendable {
    /// The cell with data.
    public var cell: H3Cell
    /// Great-circle distance between the two cell centres, km.
    public var distanceKilometers: Double
    /// The cell centre's latitude, degrees.
    public var latitudeDegrees: Double
    /// The cell centre's longitude, degrees.
    public var longitudeDegrees: Double

    /// A nearest-hex answer.
    public init(cell: H3Cell, distanceKilometers: Double, latitudeDegrees: Double, longitudeDegrees: Double) {
        self.cell = cell
        self.distanceKilometers = distanceKilometers
        self.latitudeDegrees = latitudeDegrees
        self.longitudeDegrees = longitudeDegrees
    }
}

package func formatKilometres(_ value: Double) -> String {
    value < 10 ? "\(formatFixed(value, decimals: 2)) km" : "\(formatFixed(value, decimals: 1)) km"
}

package func formatDegrees(_ value: Double) -> String { formatFixed(value, decimals: 6) }

/// `value` with exactly `decimals` digits after the point, without Foundation.
package func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled != 0
    guard scaled < 9e15 else { return "\(value)" }
    let integer = Int64(scaled)
    var digits = String(integer)
    if decimals > 0 {
        while digits.count <= decimals { digits = "0" + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
    }
    return negative ? "-" + digits : digits
}
