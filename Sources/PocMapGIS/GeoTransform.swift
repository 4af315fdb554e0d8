/// The affine map from pixel/line positions to georeferenced coordinates (GDAL's six-element geotransform).
///
/// For a north-up raster: `x = originX + column * pixelWidth`, `y = originY + row * pixelHeight`, with
/// `pixelHeight` negative. Positions are pixel corners: (0, 0) is the top-left corner of the top-left pixel.
public struct GeoTransform: Hashable, Sendable {
    /// X of the top-left corner (element 0).
    public var originX: Double
    /// Pixel width: change of x per column (element 1).
    public var pixelWidth: Double
    /// Change of x per row, 0 for north-up rasters (element 2).
    public var rowRotation: Double
    /// Y of the top-left corner (element 3).
    public var originY: Double
    /// Change of y per column, 0 for north-up rasters (element 4).
    public var columnRotation: Double
    /// Pixel height: change of y per row, negative for north-up rasters (element 5).
    public var pixelHeight: Double

    /// A geotransform from its six named elements.
    public init(
        originX: Double,
        pixelWidth: Double,
        rowRotation: Double = 0,
        originY: Double,
        columnRotation: Double = 0,
        pixelHeight: Double
    ) {
        self.originX = originX
        self.pixelWidth = pixelWidth
        self.rowRotation = rowRotation
        self.originY = originY
        self.columnRotation = columnRotation
        self.pixelHeight = pixelHeight
    }

    /// A north-up geotransform covering `west…east` × `south…north` with `width` × `height` pixels.
    public init(west: Double, south: Double, east: Double, north: Double, width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a raster needs at least one pixel")
        self.init(
            originX: west,
            pixelWidth: (east - west) / Double(width),
            originY: north,
            pixelHeight: -(north - south) / Double(height)
        )
    }

    /// A geotransform from GDAL's element order.
    public init(elements: [Double]) {
        precondition(elements.count == 6, "a geotransform has six elements")
        self.init(
            originX: elements[0],
            pixelWidth: elements[1],
            rowRotation: elements[2],
            originY: elements[3],
            columnRotation: elements[4],
            pixelHeight: elements[5]
        )
    }

    /// The six elements in GDAL's order.
    public var elements: [Double] { [originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight] }

    /// The georeferenced position of a fractional pixel/line position (use `+ 0.5` for a pixel centre).
    public func apply(column: Double, row: Double) -> (x: Double, y: Double) {
        (
            x: originX + column * pixelWidth + row * rowRotation,
            y: originY + column * columnRotation + row * pixelHeight
        )
    }
}
