/// The per-pixel path for rasters in any CRS: a pixel centre, already converted to latitude/longitude (by PROJ in
/// PocMapMaps), goes through ``H3/latLngToCell(_:resolution:)`` at the map resolution and is looked up in a hash
/// map of the mapped cells. Hexagons therefore stay exact in any projection (membership is H3's own, not a
/// straight-edged polygon), at the price of one `latLngToCell` per pixel.
public struct H3CellLookup: Sendable {
    /// The resolution every pixel centre is indexed at.
    public let resolution: Int
    private let positions: [H3Cell: Int32]

    /// A lookup of `cells` (all at `resolution`); a cell listed twice maps to its later position, as the later
    /// cell wins in ``H3CellRasterizer/cellIndexRaster(_:)``.
    ///
    /// Throws ``H3Error/invalidResolution(_:)`` for a resolution outside 0…15, ``H3Error/invalidCell(_:)`` for an
    /// invalid cell and ``H3Error/resolutionMismatch`` for a cell at another resolution.
    public init(cells: [H3Cell], resolution: Int) throws(H3Error) {
        guard (0...15).contains(resolution) else { throw .invalidResolution(resolution) }
        precondition(cells.count < Int(Int32.max), "too many cells for Int32 positions")
        var positions: [H3Cell: Int32] = [:]
        positions.reserveCapacity(cells.count)
        for (position, cell) in cells.enumerated() {
            guard cell.isValid else { throw .invalidCell(cell.rawValue) }
            guard cell.resolution == resolution else { throw .resolutionMismatch }
            positions[cell] = Int32(truncatingIfNeeded: position)
        }
        self.resolution = resolution
        self.positions = positions
    }

    /// Number of distinct cells.
    public var count: Int { positions.count }

    /// The position (in the `cells` given at creation) of the cell containing the point, or −1 when that cell is not
    /// mapped or the point is not a finite coordinate.
    public func index(latitudeDegrees: Double, longitudeDegrees: Double) -> Int32 {
        guard latitudeDegrees.isFinite, longitudeDegrees.isFinite else { return -1 }
        let point = LatLng(latitudeDegrees: latitudeDegrees, longitudeDegrees: longitudeDegrees)
        guard let cell = try? H3.latLngToCell(point, resolution: resolution) else { return -1 }
        return positions[cell] ?? -1
    }

    /// Looks up a run of points (for example one raster row converted by PROJ), writing one position or −1 per point
    /// into `indices`, which must be at least as long as the inputs.
    public func indices(
        latitudesDegrees: UnsafeBufferPointer<Double>,
        longitudesDegrees: UnsafeBufferPointer<Double>,
        into indices: UnsafeMutableBufferPointer<Int32>
    ) {
        precondition(latitudesDegrees.count == longitudesDegrees.count, "one latitude per longitude")
        precondition(indices.count >= latitudesDegrees.count, "the output is too short")
        for point in 0..<latitudesDegrees.count {
            indices[point] = index(latitudeDegrees: latitudesDegrees[point], longitudeDegrees: longitudesDegrees[point])
        }
    }
}
