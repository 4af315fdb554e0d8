/// The HIP-17 density scale of the hotspots in one cell.
public struct DensityCell: Hashable, Sendable {
    /// The cell, at the map resolution.
    public var cell: H3Cell
    /// The arithmetic mean of the hotspots' scales (0–1).
    public var meanScale: Double
    /// How many hotspots are located in the cell.
    public var hotspotCount: Int

    /// Creates a density cell.
    public init(cell: H3Cell, meanScale: Double, hotspotCount: Int) {
        self.cell = cell
        self.meanScale = meanScale
        self.hotspotCount = hotspotCount
    }
}

/// The density band of a coverage map (`FORMATS.md` §2.5 band 5): the mean HIP-17 scale of the hotspots in each
/// hex, from ``HexDensity``.
public enum CoverageDensity {
    /// Runs HIP-17 over `activeLocations` (one entry per active hotspot) and averages each hotspot's transmit scale
    /// per cell at `resolution`. A location the engine could not seed (coarser than resolution 11) counts with
    /// ``HexDensity/defaultTransmitScale``, as it would in rewards. Sorted by cell.
    public static func compute(
        activeLocations: [H3Cell],
        parameters: DensityParameterSet = .hip104,
        resolution: Int
    ) throws(CoverageError) -> [DensityCell] {
        try compute(
            activeLocations: activeLocations,
            density: HexDensity.compute(locations: activeLocations, parameters: parameters),
            resolution: resolution
        )
    }

    /// The same from a HIP-17 result already computed over `activeLocations` (the map job also needs it for its
    /// hotspots layer, so the engine runs once).
    public static func compute(
        activeLocations: [H3Cell],
        density: DensityResult,
        resolution: Int
    ) throws(CoverageError) -> [DensityCell] {
        guard CoverageError.resolutions.contains(resolution) else { throw .invalidResolution(resolution) }
        var pairs: [(cell: UInt64, scale: Double)] = []
        pairs.reserveCapacity(activeLocations.count)
        for location in activeLocations where location.isValid {
            let cell: H3Cell
            do { cell = try location.coverageCell(resolution: resolution) } catch { throw .h3(error) }
            pairs.append((cell.rawValue, density.transmitScale(forBeaconerAt: location).doubleValue))
        }
        pairs.sort { $0.cell != $1.cell ? $0.cell < $1.cell : $0.scale < $1.scale }
        var cells: [DensityCell] = []
        var start = 0
        while start < pairs.count {
            var end = start
            var sum = 0.0
            while end < pairs.count && pairs[end].cell == pairs[start].cell {
                sum += pairs[end].scale
                end += 1
            }
            cells.append(
                DensityCell(
                    cell: H3Cell(rawValue: pairs[start].cell),
                    meanScale: sum / Double(end - start),
                    hotspotCount: end - start
                )
            )
            start = end
        }
        return cells
    }
}
