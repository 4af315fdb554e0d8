import Foundation
import PocMapGIS
import Testing

@Suite("Raster datasets")
struct RasterTests {
    /// A 5×4 Float32 grid with two nodata pixels; values are chosen so the statistics are easy to check by hand.
    static let width = 5
    static let height = 4
    static let noData: Float = -9999
    static let pixels: [Float] = (0..<20).map { index in
        index == 3 || index == 17 ? noData : Float(index) * 0.5 - 100
    }
    static let transform = GeoTransform(west: -122.5, south: 37.7, east: -122.4, north: 37.78, width: 5, height: 4)

    @Test("Float32 GeoTIFF round trip through /vsimem/: pixels, georeferencing, band and dataset metadata")
    func float32RoundTrip() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/coverage.tif"
            do {
                let dataset = try Dataset.create(
                    path: path,
                    driver: "GTiff",
                    width: Self.width,
                    height: Self.height,
                    bandCount: 1,
                    dataType: .float32,
                    options: ["COMPRESS": "DEFLATE", "PREDICTOR": "3"]
                )
                try dataset.setGeoTransform(Self.transform)
                try dataset.setSpatialReference(epsg: 4326)
                try dataset.setMetadataItem("TIFFTAG_SOFTWARE", "pocmap tests")
                try dataset.setMetadataItem("H3_RESOLUTION", "8")
                try dataset.setMetadataItem("MODEL", "free_space", domain: "POCMAP")
                let band = try dataset.band(1)
                try band.setBandDescription("observed_rssi_dbm")
                try band.setUnitType("dBm")
                try band.setNoDataValue(Double(Self.noData))
                try band.setMetadataItem("SOURCE", "witness receipts")
                // Write row by row to exercise the row path; read back as a whole below.
                for row in 0..<Self.height {
                    try band.writeRow(row, Array(Self.pixels[(row * Self.width)..<((row + 1) * Self.width)]))
                }
                try dataset.close()
            }

            let dataset = try Dataset.open(path: path)
            #expect(try dataset.driverName == "GTiff")
            #expect(try dataset.width == Self.width)
            #expect(try dataset.height == Self.height)
            #expect(try dataset.bandCount == 1)
            #expect(try dataset.geoTransform() == Self.transform)
            let srs = try #require(try dataset.spatialReference())
            #expect(srs.epsgCode == 4326)
            #expect(srs.isGeographic)
            #expect(try dataset.projectionWKT.contains("WGS 84"))
            #expect(try dataset.metadataItem("TIFFTAG_SOFTWARE") == "pocmap tests")
            #expect(try dataset.metadata()["H3_RESOLUTION"] == "8")
            #expect(try dataset.metadataItem("MODEL", domain: "POCMAP") == "free_space")
            #expect(try dataset.metadataDomains().contains("POCMAP"))
            #expect(try dataset.metadataItem("COMPRESSION", domain: "IMAGE_STRUCTURE") == "DEFLATE")

            let band = try dataset.band(1)
            #expect(try band.dataType == .float32)
            #expect(try band.bandDescription == "observed_rssi_dbm")
            #expect(try band.unitType == "dBm")
            #expect(try band.noDataValue == -9999)
            #expect(try band.metadataItem("SOURCE") == "witness receipts")
            #expect(try band.readAll(as: Float.self) == Self.pixels)
            #expect(try band.readRow(2, as: Float.self) == Array(Self.pixels[10..<15]))
            // GDAL converts on the fly when the buffer type differs from the band type.
            let window = try band.read(x: 1, y: 1, width: 2, height: 2, as: Double.self)
            #expect(window == [6, 7, 11, 12].map { Double(Self.pixels[$0]) })
        }
    }

    @Test("Statistics skip nodata and are stored inside the GeoTIFF")
    func statistics() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/stats.tif"
            let valid = Self.pixels.filter { $0 != Self.noData }.map(Double.init)
            let mean = valid.reduce(0, +) / Double(valid.count)
            let deviation = (valid.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(valid.count)).squareRoot()
            do {
                let dataset = try Dataset.create(
                    path: path,
                    driver: "GTiff",
                    width: Self.width,
                    height: Self.height,
                    bandCount: 1,
                    dataType: .float32
                )
                let band = try dataset.band(1)
                try band.setNoDataValue(Double(Self.noData))
                try band.writeAll(Self.pixels)
                let stats = try band.computeStatistics()
                #expect(stats.minimum == valid.min())
                #expect(stats.maximum == valid.max())
                #expect(close(stats.mean, mean, 1e-9))
                #expect(close(stats.standardDeviation, deviation, 1e-9))
                try dataset.close()
            }
            // Pitfall 13: statistics computed while writing go into the file, not an .aux.xml sidecar.
            #expect(VSI.contentsOfDirectory(directory) == ["stats.tif"])
            let band = try Dataset.open(path: path).band(1)
            let stored = try #require(try band.storedStatistics())
            #expect(stored.minimum == valid.min())
            #expect(close(stored.mean, mean, 1e-6))
            #expect(try band.metadataItem("STATISTICS_MAXIMUM").flatMap(Double.init) == valid.max())
        }
    }

    @Test("Paletted Byte class raster: colour table, category names in the .aux.xml sidecar, tiles")
    func palettedClasses() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/coverage_class.tif"
            let palette = [
                ColorEntry(red: 0, green: 0, blue: 0, alpha: 0),
                ColorEntry(red: 215, green: 25, blue: 28),
                ColorEntry(red: 253, green: 174, blue: 97),
                ColorEntry(red: 166, green: 217, blue: 106),
                ColorEntry(red: 26, green: 150, blue: 65),
            ]
            let names = ["none", "weak", "fair", "good", "excellent"]
            let size = 32
            let classes: [UInt8] = (0..<(size * size)).map { UInt8(($0 / size + $0 % size) % 5) }
            do {
                let dataset = try Dataset.create(
                    path: path,
                    driver: "GTiff",
                    width: size,
                    height: size,
                    bandCount: 1,
                    dataType: .byte,
                    options: ["TILED": "YES", "BLOCKXSIZE": "16", "BLOCKYSIZE": "16"]
                )
                try dataset.setSpatialReference(epsg: 4326)
                let band = try dataset.band(1)
                try band.setNoDataValue(0)
                try band.setColorTable(palette)
                try band.setColorInterpretation(.paletteIndex)
                try band.setCategoryNames(names)
                #expect(try band.blockSize == (16, 16))
                // Write tile by tile: block (bx, by) holds rows by*16..<by*16+16, columns bx*16..<bx*16+16.
                for blockRow in 0..<2 {
                    for blockColumn in 0..<2 {
                        var tile: [UInt8] = []
                        for y in 0..<16 {
                            let start = (blockRow * 16 + y) * size + blockColumn * 16
                            tile += classes[start..<(start + 16)]
                        }
                        try band.writeBlock(tile, column: blockColumn, row: blockRow)
                    }
                }
                try dataset.close()
            }
            #expect(Set(VSI.contentsOfDirectory(directory)) == ["coverage_class.tif", "coverage_class.tif.aux.xml"])

            let dataset = try Dataset.open(path: path)
            let band = try dataset.band(1)
            #expect(try band.colorInterpretation == .paletteIndex)
            let table = try #require(try band.colorTable())
            #expect(table.count == 256)  // a TIFF palette has 2^bits entries (GIS.md §2)
            #expect(Array(table.prefix(5)) == palette)
            #expect(try band.categoryNames() == names)
            #expect(try band.readAll(as: UInt8.self) == classes)
            let tile = try band.readBlock(column: 1, row: 0, as: UInt8.self)
            #expect(tile.count == 256)
            #expect(Array(tile[0..<16]) == Array(classes[16..<32]))
            #expect(try dataset.fileList().contains { $0.hasSuffix(".aux.xml") })
        }
    }

    @Test("A band keeps its dataset alive; explicit close makes children throw instead of crashing")
    func handleLifetimes() throws {
        func makeBand() throws -> RasterBand {
            let dataset = try Dataset.create(
                path: "",
                driver: "MEM",
                width: 3,
                height: 2,
                bandCount: 2,
                dataType: .float32
            )
            let band = try dataset.band(2)
            try band.fill(42)
            return band  // `dataset` goes out of scope here
        }
        let band = try makeBand()
        #expect(try band.readAll(as: Float.self) == [Float](repeating: 42, count: 6))
        #expect(try band.checksum() >= 0)

        let dataset = try Dataset.create(path: "", driver: "MEM", width: 2, height: 2, bandCount: 1, dataType: .byte)
        let child = try dataset.band(1)
        try dataset.close()
        #expect(dataset.isClosed)
        let error = #expect(throws: GDALError.self) { try child.readAll(as: UInt8.self) }
        #expect(error?.code == .objectNull)
        try dataset.close()  // closing twice is harmless
    }

    @Test("Overviews built on a GeoTIFF average 2×2 blocks")
    func overviews() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/ovr.tif"
            let dataset = try Dataset.create(
                path: path,
                driver: "GTiff",
                width: 4,
                height: 4,
                bandCount: 1,
                dataType: .float32
            )
            let values: [Float] = (0..<16).map(Float.init)
            try dataset.band(1).writeAll(values)
            try dataset.buildOverviews(resampling: "AVERAGE", factors: [2])
            let band = try dataset.band(1)
            #expect(try band.overviewCount == 1)
            let overview = try band.overview(0)
            #expect(try overview.width == 2)
            // Mean of each 2×2 block of 0…15 laid out row-major.
            #expect(try overview.readAll(as: Float.self) == [2.5, 4.5, 10.5, 12.5])
            try dataset.close()
        }
    }

    @Test("gdal_translate in process: a window keeps values and shifts the origin")
    func translateWindow() throws {
        let source = try Dataset.create(path: "", driver: "MEM", width: 4, height: 3, bandCount: 1, dataType: .int16)
        try source.setGeoTransform(GeoTransform(originX: 10, pixelWidth: 1, originY: 20, pixelHeight: -1))
        try source.band(1).writeAll((0..<12).map { Int16($0 * 3) })
        let copy = try source.translate(to: "", arguments: ["-of", "MEM", "-srcwin", "1", "1", "2", "2"])
        #expect(try copy.width == 2)
        #expect(try copy.geoTransform() == GeoTransform(originX: 11, pixelWidth: 1, originY: 19, pixelHeight: -1))
        #expect(try copy.band(1).readAll(as: Int16.self) == [15, 18, 27, 30])
    }

    @Test("Update mode writes into an existing file; read-only mode refuses to")
    func updateAndReadOnly() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/update.tif"
            try Dataset.create(path: path, driver: "GTiff", width: 3, height: 3, bandCount: 1, dataType: .byte).close()
            do {
                let dataset = try Dataset.open(path: path, access: .update)
                try dataset.band(1).write([UInt8]([7, 8]), x: 1, y: 2, width: 2, height: 1)
                try dataset.close()
            }
            let readOnly = try Dataset.open(path: path)
            #expect(try readOnly.band(1).readAll(as: UInt8.self) == [0, 0, 0, 0, 0, 0, 0, 7, 8])
            let error = #expect(throws: GDALError.self) {
                try readOnly.band(1).write([UInt8]([1]), x: 0, y: 0, width: 1, height: 1)
                try readOnly.flushCache()
                try readOnly.close()
            }
            #expect(error?.message.isEmpty == false)
        }
    }
}
