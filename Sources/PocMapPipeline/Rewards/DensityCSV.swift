public import PocMapCore

/// `density.csv` (`FORMATS.md` §2.4): the HIP-17 scale of every asserted hotspot of a registry, all treated as
/// active, with the clipped and unclipped counts of its resolution-4 … 10 parent hexes. `pocmap density` and
/// `pocmap run` write it with this type, so both give the same bytes for the same registry.
///
/// ```swift
/// let csv = DensityCSV(hotspots: registry.hotspots, parameters: .hip104)
/// print(csv.text, terminator: "")
/// ```
public struct DensityCSV: Sendable {
    /// The header row (no line end).
    public static let header: String =
        (["key", "location", "density_scale"]
        + (4...10).flatMap { ["clipped_r\($0)", "unclipped_r\($0)"] }).joined(separator: ",")

    /// The asserted hotspots, in input order: one row each.
    public let asserted: [Hotspot]
    /// Hotspots without a location (not listed).
    public let unassertedCount: Int
    /// Rows whose location has no scale (written with the default scale 0.2000 and empty counts), as
    /// (index into ``asserted``, reason).
    public let skipped: [(index: Int, reason: String)]
    private let locations: [H3Cell]
    private let table: DensityTable

    /// Computes the scales of `hotspots` (unasserted ones are counted and left out) with `parameters`.
    public init(hotspots: [Hotspot], parameters: DensityParameterSet) {
        var asserted: [Hotspot] = []
        var locations: [H3Cell] = []
        asserted.reserveCapacity(hotspots.count)
        locations.reserveCapacity(hotspots.count)
        for hotspot in hotspots {
            guard let location = hotspot.location else { continue }
            asserted.append(hotspot)
            locations.append(location)
        }
        let result = HexDensity.compute(locations: locations, parameters: parameters)
        self.asserted = asserted
        self.locations = locations
        unassertedCount = hotspots.count - asserted.count
        skipped = result.skipped.map { (index: $0.index, reason: "\($0.reason)") }
        table = result.table(for: locations)
    }

    /// The location of asserted row `row`.
    public func location(at row: Int) -> H3Cell { locations[row] }

    /// Row `row` (no line end): the scale and, for r = 4 … 10, K and U of the hotspot's resolution-r parent.
    public func row(_ row: Int) -> String {
        var line = asserted[row].key
        line.reserveCapacity(line.utf8.count + 80)
        line += ","
        line += locations[row].description
        line += ","
        guard let scale = table.scale(at: row) else {
            line += HexDensity.defaultTransmitScale.description
            line += String(repeating: ",", count: 14)
            return line
        }
        line += scale.description
        for resolution in 4...10 {
            if let counts = table.counts(at: row, resolution: resolution) {
                line += ","
                line += String(counts.clipped)
                line += ","
                line += String(counts.unclipped)
            } else {
                line += ",,"
            }
        }
        return line
    }

    /// The whole file: header and rows, each ending with a line feed.
    public var text: String {
        var text = DensityCSV.header + "\n"
        text.reserveCapacity(asserted.count * 120)
        for index in asserted.indices {
            text += row(index)
            text += "\n"
        }
        return text
    }
}
