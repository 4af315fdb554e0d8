internal import CGDAL

/// One RGBA entry of a colour table.
public struct ColorEntry: Hashable, Sendable {
    /// Red, 0–255.
    public var red: UInt8
    /// Green, 0–255.
    public var green: UInt8
    /// Blue, 0–255.
    public var blue: UInt8
    /// Alpha, 0 (transparent) – 255 (opaque).
    public var alpha: UInt8

    /// An entry from its four components.
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }
}

/// How a band's values are to be shown (GDAL's `GDALColorInterp`).
public enum ColorInterpretation: Hashable, Sendable, CaseIterable {
    /// `GCI_Undefined`.
    case undefined
    /// `GCI_GrayIndex`: a grey or single-band continuous raster.
    case gray
    /// `GCI_PaletteIndex`: values index the colour table (QGIS then picks its paletted renderer).
    case paletteIndex
    /// `GCI_RedBand`.
    case red
    /// `GCI_GreenBand`.
    case green
    /// `GCI_BlueBand`.
    case blue
    /// `GCI_AlphaBand`.
    case alpha

    var gdalValue: GDALColorInterp {
        switch self {
        case .undefined: GCI_Undefined
        case .gray: GCI_GrayIndex
        case .paletteIndex: GCI_PaletteIndex
        case .red: GCI_RedBand
        case .green: GCI_GreenBand
        case .blue: GCI_BlueBand
        case .alpha: GCI_AlphaBand
        }
    }

    /// The case for a GDAL value; interpretations without a case here (HLS, CMYK, YCbCr) become `undefined`.
    init(gdalValue: GDALColorInterp) {
        self = Self.allCases.first { $0.gdalValue == gdalValue } ?? .undefined
    }
}

extension RasterBand {
    /// How the band's values are to be shown. The corresponding GDAL function is
    /// `GDALGetRasterColorInterpretation`.
    public var colorInterpretation: ColorInterpretation {
        get throws(GDALError) {
            ColorInterpretation(
                gdalValue: GDALGetRasterColorInterpretation(try rawHandle("GDALGetRasterColorInterpretation"))
            )
        }
    }

    /// Sets how the band's values are to be shown. The corresponding GDAL function is
    /// `GDALSetRasterColorInterpretation`.
    public func setColorInterpretation(_ interpretation: ColorInterpretation) throws(GDALError) {
        let raw = try rawHandle("GDALSetRasterColorInterpretation")
        try checkCPL("GDALSetRasterColorInterpretation") {
            GDALSetRasterColorInterpretation(raw, interpretation.gdalValue)
        }
    }

    /// Attaches an RGB palette; entry `i` colours value `i`. A GeoTIFF stores 2^bits entries (256 for Byte), so
    /// readers see the table padded (GIS.md §2).
    ///
    /// The corresponding GDAL functions are `GDALCreateColorTable`, `GDALSetColorEntry`,
    /// `GDALSetRasterColorTable` and `GDALDestroyColorTable` (the band keeps its own copy).
    public func setColorTable(_ entries: [ColorEntry]) throws(GDALError) {
        let operation = "GDALSetRasterColorTable"
        let raw = try rawHandle(operation)
        guard let table = GDALCreateColorTable(GPI_RGB) else {
            throw GDALError(
                code: .outOfMemory,
                message: "cannot create a colour table",
                operation: "GDALCreateColorTable"
            )
        }
        defer { GDALDestroyColorTable(table) }
        for (index, entry) in entries.enumerated() {
            var color = GDALColorEntry(
                c1: Int16(entry.red),
                c2: Int16(entry.green),
                c3: Int16(entry.blue),
                c4: Int16(entry.alpha)
            )
            GDALSetColorEntry(table, try cInt(index, "colour index", operation: operation), &color)
        }
        try checkCPL(operation) { GDALSetRasterColorTable(raw, table) }
    }

    /// The band's palette, or `nil` when it has none. The corresponding GDAL functions are
    /// `GDALGetRasterColorTable`, `GDALGetColorEntryCount` and `GDALGetColorEntry`.
    public func colorTable() throws(GDALError) -> [ColorEntry]? {
        let raw = try rawHandle("GDALGetRasterColorTable")
        guard let table = GDALGetRasterColorTable(raw) else { return nil }
        let count = GDALGetColorEntryCount(table)
        var entries: [ColorEntry] = []
        entries.reserveCapacity(Int(count))
        for index in 0..<count {
            guard let entry = GDALGetColorEntry(table, index)?.pointee else { continue }
            entries.append(
                ColorEntry(
                    red: UInt8(clamping: entry.c1),
                    green: UInt8(clamping: entry.c2),
                    blue: UInt8(clamping: entry.c3),
                    alpha: UInt8(clamping: entry.c4)
                )
            )
        }
        return entries
    }

    /// Sets category names; name `i` labels value `i` (QGIS shows them as legend labels). GeoTIFF keeps them in
    /// the `.aux.xml` sidecar (GIS.md pitfall 13).
    ///
    /// The corresponding GDAL function is `GDALSetRasterCategoryNames`.
    public func setCategoryNames(_ names: [String]) throws(GDALError) {
        let raw = try rawHandle("GDALSetRasterCategoryNames")
        let list = CStringList(strings: names)
        try list.withPointer { (pointer) throws(GDALError) in
            try checkCPL("GDALSetRasterCategoryNames") { GDALSetRasterCategoryNames(raw, pointer) }
        }
    }

    /// The category names, empty when there are none. The corresponding GDAL function is
    /// `GDALGetRasterCategoryNames`.
    public func categoryNames() throws(GDALError) -> [String] {
        CStringList(copying: GDALGetRasterCategoryNames(try rawHandle("GDALGetRasterCategoryNames"))).strings
    }
}
