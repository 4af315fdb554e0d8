public import PocMapCore

/// The five bands of `coverage.tif` (FORMATS.md §2.5), in band order.
public enum CoverageBand: Int, CaseIterable, Hashable, Sendable {
    /// Band 1: best valid witness RSSI received in the hex (dBm).
    case observedRSSI = 1
    /// Band 2: number of valid witness receptions in the hex.
    case observedWitnesses
    /// Band 3: best predicted signal from any active hotspot (dBm).
    case predictedRSSI
    /// Band 4: number of active hotspots predicted above the receiver sensitivity.
    case servingHotspots
    /// Band 5: HIP-17 scale of the hotspots in the hex (the mean, 0–1).
    case densityScale

    /// The band description written to the GeoTIFF (QGIS shows "Band 1: observed_rssi_dbm").
    public var name: String {
        switch self {
        case .observedRSSI: "observed_rssi_dbm"
        case .observedWitnesses: "observed_witnesses"
        case .predictedRSSI: "predicted_rssi_dbm"
        case .servingHotspots: "serving_hotspots"
        case .densityScale: "density_scale"
        }
    }

    /// The unit written with the band (`GDALSetRasterUnitType`).
    public var unit: String {
        switch self {
        case .observedRSSI, .predictedRSSI: "dBm"
        case .observedWitnesses, .servingHotspots: "count"
        case .densityScale: "scale"
        }
    }

    /// 0-based position in a cell's value row.
    var offset: Int { rawValue - 1 }
}

/// The values of one H3 cell for the five coverage bands; `nil` means "no value" (nodata, −9999, in the raster).
public struct CoverageCellValues: Hashable, Sendable {
    /// The cell (at the map resolution).
    public var cell: H3Cell
    /// Band 1, dBm.
    public var observedRSSIDBm: Float?
    /// Band 2, a count.
    public var observedWitnesses: Float?
    /// Band 3, dBm.
    public var predictedRSSIDBm: Float?
    /// Band 4, a count.
    public var servingHotspots: Float?
    /// Band 5, 0–1.
    public var densityScale: Float?

    /// Values for one cell; leave out what the cell does not have.
    public init(
        cell: H3Cell,
        observedRSSIDBm: Float? = nil,
        observedWitnesses: Float? = nil,
        predictedRSSIDBm: Float? = nil,
        servingHotspots: Float? = nil,
        densityScale: Float? = nil
    ) {
        self.cell = cell
        self.observedRSSIDBm = observedRSSIDBm
        self.observedWitnesses = observedWitnesses
        self.predictedRSSIDBm = predictedRSSIDBm
        self.servingHotspots = servingHotspots
        self.densityScale = densityScale
    }

    /// The value of one band.
    public subscript(band: CoverageBand) -> Float? {
        switch band {
        case .observedRSSI: observedRSSIDBm
        case .observedWitnesses: observedWitnesses
        case .predictedRSSI: predictedRSSIDBm
        case .servingHotspots: servingHotspots
        case .densityScale: densityScale
        }
    }
}

/// The cells of one map at one H3 resolution with their band values, stored flat (five `Float`s per cell, NaN
/// for "no value") so millions of cells cost 28 bytes each.
///
/// A cell appended twice keeps both rows; the later one wins in the raster, as the later feature does in
/// `gdal_rasterize`.
public struct CoverageCells: Sendable {
    /// The H3 resolution of every cell (5…12 in `pocmap map`; any 0…15 here).
    public let resolution: Int
    /// The cells in the order appended.
    public private(set) var cells: [H3Cell] = []
    /// Five values per cell in band order, NaN where a cell has no value.
    public private(set) var values: [Float] = []

    /// An empty set of cells at `resolution`.
    public init(resolution: Int) {
        self.resolution = resolution
    }

    /// Number of cells (rows).
    public var count: Int { cells.count }

    /// Whether there are no cells.
    public var isEmpty: Bool { cells.isEmpty }

    /// Reserves room for `count` cells.
    public mutating func reserveCapacity(_ count: Int) {
        cells.reserveCapacity(count)
        values.reserveCapacity(count * CoverageBand.allCases.count)
    }

    /// Appends one cell's values.
    public mutating func append(_ row: CoverageCellValues) {
        cells.append(row.cell)
        for band in CoverageBand.allCases { values.append(row[band] ?? .nan) }
    }

    /// The values of cell `index` (nil where absent).
    public subscript(index: Int) -> CoverageCellValues {
        let base = index * CoverageBand.allCases.count
        func value(_ band: CoverageBand) -> Float? {
            let value = values[base + band.offset]
            return value.isNaN ? nil : value
        }
        return CoverageCellValues(
            cell: cells[index],
            observedRSSIDBm: value(.observedRSSI),
            observedWitnesses: value(.observedWitnesses),
            predictedRSSIDBm: value(.predictedRSSI),
            servingHotspots: value(.servingHotspots),
            densityScale: value(.densityScale)
        )
    }

    /// One band as a column, one value per cell, NaN where absent.
    public func column(_ band: CoverageBand) -> [Float] {
        let stride = CoverageBand.allCases.count
        return (0..<cells.count).map { values[$0 * stride + band.offset] }
    }
}
