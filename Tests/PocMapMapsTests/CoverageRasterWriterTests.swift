import Foundation
import FoundationXML
import PocMapCore
import PocMapGIS
import PocMapMaps
import Testing

@Suite("Coverage raster products")
struct CoverageRasterWriterTests {
    static let validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py"

    /// Cells around San Francisco with varied values; every seventh cell has no prediction, every fifth no
    /// observation.
    static func sampleCells(resolution: Int = 8, k: Int = 25) throws -> CoverageCells {
        var cells = CoverageCells(resolution: resolution)
        for (index, cell) in try diskCells(latitude: 37.77, longitude: -122.42, resolution: resolution, k: k)
            .enumerated()
        {
            cells.append(
                CoverageCellValues(
                    cell: cell,
                    observedRSSIDBm: index % 5 == 0 ? nil : Float(-125 + index % 40),
                    observedWitnesses: index % 5 == 0 ? nil : Float(1 + index % 9),
                    predictedRSSIDBm: index % 7 == 0 ? nil : Float(-135 + (index * 13) % 50),
                    servingHotspots: Float(index % 4),
                    densityScale: Float(index % 10) / 10
                )
            )
        }
        return cells
    }

    static func options() -> CoverageRasterOptions {
        CoverageRasterOptions(
            sensitivityDBm: -130,
            pixelSize: 1.0 / 2048,
            metadata: [
                "PROPAGATION_MODEL": "log-distance", "RULE_PROFILE": "hip15", "TIME_RANGE": "2024-01-01/2024-01-02",
            ],
            blockSize: 256
        )
    }

    @Test("coverage.tif: COG in EPSG:4326 with the five named bands, units, nodata, statistics and metadata")
    func coverageGeoTIFF() throws {
        let cells = try Self.sampleCells()
        try withRasterScratch { directory in
            let report = try CoverageRasterWriter.write(cells, options: Self.options(), to: directory)
            #expect(report.pixelRule == "polygon")
            let path = directory + "/coverage.tif"
            let dataset = try Dataset.open(path: path)
            #expect(try dataset.spatialReference()?.epsgCode == 4326)
            #expect(try dataset.geoTransform().elements == report.grid.geoTransform)
            #expect(report.grid.pixelWidth == 1.0 / 2048 && report.grid.pixelHeight == 1.0 / 2048)
            #expect(try dataset.width == report.grid.width && dataset.height == report.grid.height)
            #expect(try dataset.bandCount == 5)
            #expect(try dataset.metadataItem("LAYOUT", domain: "IMAGE_STRUCTURE") == "COG")
            #expect(try dataset.metadataItem("COMPRESSION", domain: "IMAGE_STRUCTURE") == "DEFLATE")
            #expect(try dataset.metadataItem("PREDICTOR", domain: "IMAGE_STRUCTURE") == "3")
            #expect(try dataset.metadataItem("TIFFTAG_SOFTWARE") == "pocmap \(PocMapVersion.string)")
            #expect(try dataset.metadataItem("H3_RESOLUTION") == "8")
            #expect(try dataset.metadataItem("PROPAGATION_MODEL") == "log-distance")
            #expect(try dataset.metadataItem("RULE_PROFILE") == "hip15")
            #expect(try dataset.metadataItem("TIME_RANGE") == "2024-01-01/2024-01-02")

            // The burn itself: band 3 equals an independent direct burn of the predicted values.
            var expected = [Float](repeating: -9999, count: report.grid.pixelCount)
            try H3CellRasterizer(grid: report.grid).burn(
                cells.cells,
                values: cells.column(.predictedRSSI),
                into: &expected
            )

            let names = [
                "observed_rssi_dbm", "observed_witnesses", "predicted_rssi_dbm", "serving_hotspots", "density_scale",
            ]
            let units = ["dBm", "count", "dBm", "count", "scale"]
            for number in 1...5 {
                let band = try dataset.band(number)
                #expect(try band.bandDescription == names[number - 1])
                #expect(try band.unitType == units[number - 1])
                #expect(try band.noDataValue == -9999)
                #expect(try band.dataType == .float32)
                #expect(try band.overviewCount >= 1, "internal overviews")
                let stored = try #require(try band.storedStatistics())
                let values = try band.readAll(as: Float.self).filter { $0 != -9999 }.map(Double.init)
                let mean = values.reduce(0, +) / Double(values.count)
                let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count))
                    .squareRoot()
                // GDAL keeps statistics as text with 14 significant digits.
                #expect(abs(stored.minimum - (values.min() ?? .nan)) < 1e-9)
                #expect(abs(stored.maximum - (values.max() ?? .nan)) < 1e-9)
                #expect(abs(stored.mean - mean) < 1e-6 && abs(stored.standardDeviation - deviation) < 1e-6)
                #expect(try band.metadataItem("STATISTICS_VALID_PERCENT") != nil)
                if number == 3 { #expect(try band.readAll(as: Float.self) == expected) }
            }
            #expect(
                report.statistics[.predictedRSSI]?.minimum == expected.filter { $0 != -9999 }.min().map(Double.init)
            )

            let validation = try runProgram("/usr/bin/python3", [Self.validator, path])
            #expect(validation.status == 0, "\(validation.output)")
            #expect(validation.output.contains("is a valid cloud optimized GeoTIFF"))
        }
    }

    @Test("coverage_class.tif is paletted with category names; both .qml files parse and list what is present")
    func classesAndStyles() throws {
        let cells = try Self.sampleCells()
        try withRasterScratch { directory in
            let report = try CoverageRasterWriter.write(cells, options: Self.options(), to: directory)
            let dataset = try Dataset.open(path: directory + "/coverage_class.tif")
            let band = try dataset.band(1)
            #expect(try band.dataType == .byte)
            #expect(try band.noDataValue == 0)
            #expect(try band.colorInterpretation == .paletteIndex)
            let table = try #require(try band.colorTable())
            #expect(table[0].alpha == 0)
            #expect(table[1] == ColorEntry(red: 0xd7, green: 0x19, blue: 0x1c))
            #expect(table[4] == ColorEntry(red: 0x1a, green: 0x96, blue: 0x41))
            #expect(try band.categoryNames().prefix(5) == ["none", "weak", "fair", "good", "excellent"])
            #expect(try dataset.metadataItem("LAYOUT", domain: "IMAGE_STRUCTURE") == "COG")

            // Class pixels agree with an independent classification of the burned predicted band.
            let classes = try band.readAll(as: UInt8.self)
            let predicted = try Dataset.open(path: directory + "/coverage.tif").band(3).readAll(as: Float.self)
            var counts = [Int](repeating: 0, count: 5)
            for (value, rssi) in zip(classes, predicted) {
                counts[Int(value)] += 1
                let margin = Double(rssi) + 130
                let expected: UInt8 =
                    rssi == -9999 || margin < 0 ? 0 : margin < 6 ? 1 : margin < 12 ? 2 : margin < 20 ? 3 : 4
                #expect(value == expected)
            }
            #expect(counts == report.classPixelCounts)
            let present = (1...4).filter { counts[$0] > 0 }
            #expect(present.count >= 3)

            let classStyle = try XMLDocument(contentsOf: URL(fileURLWithPath: directory + "/coverage_class.qml"))
            let entries = try classStyle.nodes(forXPath: "//colorPalette/paletteEntry").compactMap { $0 as? XMLElement }
            #expect(entries.compactMap { $0.attribute(forName: "value")?.stringValue }.compactMap(Int.init) == present)
            let renderer = try classStyle.nodes(forXPath: "//rasterrenderer").first as? XMLElement
            #expect(renderer?.attribute(forName: "type")?.stringValue == "paletted")

            let style = try XMLDocument(contentsOf: URL(fileURLWithPath: directory + "/coverage.qml"))
            let pseudo = try #require(try style.nodes(forXPath: "//rasterrenderer").first as? XMLElement)
            #expect(pseudo.attribute(forName: "type")?.stringValue == "singlebandpseudocolor")
            #expect(pseudo.attribute(forName: "band")?.stringValue == "3")
            #expect(try style.nodes(forXPath: "//colorrampshader/item").count == 5)
            let low = Double(pseudo.attribute(forName: "classificationMin")?.stringValue ?? "") ?? 0
            #expect(low <= report.statistics[.predictedRSSI]?.minimum ?? -1000)

            // The quick-look: RGBA, at most 1024 px, transparent outside the cells, coloured inside.
            let png = try Dataset.open(path: directory + "/coverage.png")
            #expect(try png.driverName == "PNG" && png.bandCount == 4)
            #expect(try max(png.width, png.height) <= 1024)
            let alpha = try png.band(4).readAll(as: UInt8.self)
            #expect(alpha.contains(0) && alpha.contains(255))
            #expect(report.files.map { ($0 as NSString).lastPathComponent }.contains("coverage.png"))
        }
    }

    /// Pixel centres of a projected raster, transformed back to lat/lng by PROJ one at a time, must fall in the
    /// cell whose value the pixel holds.
    @Test(
        "--crs EPSG:3857 and a UTM zone: each pixel holds the value of the cell containing its centre",
        arguments: [3857, 32610]
    )
    func projected(epsg: Int) throws {
        let cells = try Self.sampleCells(resolution: 8, k: 12)
        var options = Self.options()
        options.crs = "EPSG:\(epsg)"
        options.pixelSize = 100
        var byCell: [H3Cell: Float] = [:]
        for index in 0..<cells.count { byCell[cells[index].cell] = cells[index].predictedRSSIDBm ?? -9999 }
        try withRasterScratch { directory in
            let report = try CoverageRasterWriter.write(cells, options: options, to: directory)
            #expect(report.pixelRule == "latLngToCell")
            let dataset = try Dataset.open(path: directory + "/coverage.tif")
            #expect(try dataset.spatialReference()?.epsgCode == epsg)
            let transform = try dataset.geoTransform()
            #expect(transform.pixelWidth == 100 && transform.pixelHeight == -100)
            let values = try dataset.band(3).readAll(as: Float.self)
            let toDegrees = try CoordinateTransform(from: "EPSG:\(epsg)", to: "EPSG:4326")
            let width = try dataset.width
            var mismatches = 0
            var covered = 0
            for (pixel, value) in values.enumerated() {
                let centre = transform.apply(column: Double(pixel % width) + 0.5, row: Double(pixel / width) + 0.5)
                let point = try toDegrees.transform(Point2D(x: centre.x, y: centre.y))
                let cell = try H3.latLngToCell(
                    LatLng(latitudeDegrees: point.y, longitudeDegrees: point.x),
                    resolution: 8
                )
                let expected = byCell[cell] ?? -9999
                if expected != -9999 { covered += 1 }
                if value != expected { mismatches += 1 }
            }
            #expect(covered > values.count / 3)
            #expect(mismatches == 0)
        }
    }

    @Test("Cells across the antimeridian: the default extent runs past 180° and matches true H3 membership")
    func antimeridianExtent() throws {
        var cells = CoverageCells(resolution: 7)
        for cell in try diskCells(latitude: -16.8, longitude: 179.95, resolution: 7, k: 8) {
            cells.append(CoverageCellValues(cell: cell, predictedRSSIDBm: -100))
        }
        let grid = try CoverageRasterWriter.grid(for: cells, options: CoverageRasterOptions(sensitivityDBm: -130))
        #expect(grid.west < 180 && grid.east > 180 && grid.east - grid.west < 2)
        try withRasterScratch { directory in
            let report = try CoverageRasterWriter.write(
                cells,
                options: CoverageRasterOptions(sensitivityDBm: -130),
                to: directory
            )
            let values = try Dataset.open(path: directory + "/coverage.tif").band(3).readAll(as: Float.self)
            let oracle = try latLngToCellOracle(cells.cells, grid: report.grid, resolution: 7)
            let differing = zip(values, oracle).filter { ($0 == -100) != ($1 >= 0) }.count
            #expect(Double(differing) <= 2e-3 * Double(values.count), "\(differing) of \(values.count)")
        }
    }

    @Test(
        "The default extent equals the bounds of every cell's boundary (only cells near the edges are traced)",
        arguments: [
            (0.0, 0.02, 8, 6, 1e-4),  // across the prime meridian
            (-16.8, 179.97, 7, 9, 1e-4),  // across the antimeridian
            (89.7, 40.0, 5, 3, 0.01),  // around the north pole
            (-84.0, -120.0, 6, 5, 1e-3),  // far south
            (48.85, 2.35, 9, 12, 1e-5),  // Paris
            (34.05, -118.25, 5, 14, 1e-3),  // a wide area
        ] as [(Double, Double, Int, Int, Double)]
    )
    func extentMatchesEveryBoundary(latitude: Double, longitude: Double, resolution: Int, k: Int, pixel: Double)
        throws
    {
        var cells = CoverageCells(resolution: resolution)
        // A disk plus scattered cells of a second disk, so that extremes are not only the disk's rim.
        var members = try diskCells(latitude: latitude, longitude: longitude, resolution: resolution, k: k)
        let far = try diskCells(latitude: latitude * 0.999, longitude: longitude, resolution: resolution, k: k + 3)
        members += far.enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
        for cell in Set(members).sorted(by: { $0.rawValue < $1.rawValue }) {
            cells.append(CoverageCellValues(cell: cell, predictedRSSIDBm: -100))
        }
        // Brute force: the bounds of every boundary, in both framings.
        var frameA = (west: Double.infinity, east: -Double.infinity)
        var frameB = (west: Double.infinity, east: -Double.infinity)
        var south = 90.0
        var north = -90.0
        for cell in cells.cells {
            let bounds = H3CellRasterizer.bounds(of: try H3.cellToBoundary(cell))
            south = min(south, bounds.south)
            north = max(north, bounds.north)
            if bounds.east - bounds.west >= 359.999 {
                frameA = (-180, 180)
                frameB = (0, 360)
                continue
            }
            if bounds.west < -180 || bounds.east > 180 {
                frameA = (-180, 180)
            } else {
                frameA = (min(frameA.west, bounds.west), max(frameA.east, bounds.east))
            }
            let shift = bounds.west < 0 ? 360.0 : 0
            frameB = (min(frameB.west, bounds.west + shift), max(frameB.east, bounds.east + shift))
        }
        // 0…360 only when it is really narrower (not by rounding, for cells all west of 0°).
        let frame = frameB.east - frameB.west < frameA.east - frameA.west - 1e-9 ? frameB : frameA
        let grid = try CoverageRasterWriter.grid(
            for: cells,
            options: CoverageRasterOptions(sensitivityDBm: -130, pixelSize: pixel)
        )
        let tolerance = pixel * 1e-6
        #expect(abs(grid.west - (frame.west / pixel).rounded(.down) * pixel) < tolerance)
        #expect(abs(grid.east - (frame.east / pixel).rounded(.up) * pixel) < tolerance)
        #expect(abs(grid.south - (south / pixel).rounded(.down) * pixel) < tolerance)
        #expect(abs(grid.north - (north / pixel).rounded(.up) * pixel) < tolerance)
        if longitude < 0 && abs(longitude) < 170 { #expect(grid.east < 0) }
    }

    /// The error `body` throws, or nil.
    static func error(_ body: () throws(CoverageRasterError) -> Void) -> CoverageRasterError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test("A raster over the size limit is refused with the numbers and a pixel size that fits")
    func tooLarge() throws {
        let cells = try Self.sampleCells(resolution: 8, k: 2)
        var huge = CoverageRasterOptions(
            sensitivityDBm: -130,
            bbox: GeographicBox(west: -180, south: -80, east: 180, north: 80),
            pixelSize: 0.0001
        )
        let failure = Self.error { () throws(CoverageRasterError) in
            _ = try CoverageRasterWriter.grid(for: cells, options: huge)
        }
        guard case .rasterTooLarge(let width, let height, _, _, _, let suggested)? = failure else {
            Issue.record("expected rasterTooLarge, got \(String(describing: failure))")
            return
        }
        #expect(width == 3_600_000 && height == 1_600_000)
        let text = failure?.description ?? ""
        #expect(text.contains("--pixel") && text.contains("3600000 × 1600000"))
        huge.pixelSize = suggested
        let fitted = try CoverageRasterWriter.grid(for: cells, options: huge)
        #expect(fitted.pixelCount <= Int(Int32.max))
        #expect(CoverageRasterWriter.estimatedBytes(width: fitted.width, height: fitted.height) <= RasterLimits().maxMemoryBytes)
    }

    @Test("A bbox across the antimeridian is refused with the east + 360 form to use")
    func bboxAcrossAntimeridian() throws {
        let cells = try Self.sampleCells(resolution: 8, k: 2)
        let crossing = CoverageRasterOptions(
            sensitivityDBm: -130,
            bbox: GeographicBox(west: 170, south: -20, east: -170, north: -10)
        )
        let failure = Self.error { () throws(CoverageRasterError) in
            _ = try CoverageRasterWriter.grid(for: cells, options: crossing)
        }
        guard case .bboxCrossesAntimeridian? = failure else {
            Issue.record("expected bboxCrossesAntimeridian, got \(String(describing: failure))")
            return
        }
        #expect(failure?.description.contains("170.0,-20.0,190.0,-10.0") == true)
        // The documented form works.
        let extended = CoverageRasterOptions(
            sensitivityDBm: -130,
            bbox: GeographicBox(west: 170, south: -20, east: 190, north: -10),
            pixelSize: 0.05
        )
        let grid = try CoverageRasterWriter.grid(for: cells, options: extended)
        #expect(grid.width == 400 && grid.height == 200)
    }

    @Test("Unwritable output, mixed resolutions and an empty input are refused")
    func otherBadInput() throws {
        let cells = try Self.sampleCells(resolution: 8, k: 2)
        try withRasterScratch { directory in
            let file = directory + "/not-a-directory"
            _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
            let notDirectory = Self.error { () throws(CoverageRasterError) in
                _ = try CoverageRasterWriter.write(cells, options: Self.options(), to: file)
            }
            guard case .unwritableDirectory? = notDirectory else {
                Issue.record("expected unwritableDirectory, got \(String(describing: notDirectory))")
                return
            }
            let locked = directory + "/locked"
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked) }
            if getuid() != 0 {
                let denied = Self.error { () throws(CoverageRasterError) in
                    _ = try CoverageRasterWriter.write(cells, options: Self.options(), to: locked)
                }
                #expect(denied?.description.contains("cannot write to the output directory") == true)
            }
        }

        var mixed = cells
        mixed.append(CoverageCellValues(cell: try H3.cellToParent(cells.cells[0], resolution: 7)))
        let mismatch = Self.error { () throws(CoverageRasterError) in
            _ = try CoverageRasterWriter.write(mixed, options: Self.options(), to: "/tmp/pocmap-unused")
        }
        guard case .resolutionMismatch? = mismatch else {
            Issue.record("expected resolutionMismatch, got \(String(describing: mismatch))")
            return
        }
        let empty = Self.error { () throws(CoverageRasterError) in
            _ = try CoverageRasterWriter.grid(for: CoverageCells(resolution: 8), options: Self.options())
        }
        guard case .noCells? = empty else {
            Issue.record("expected noCells, got \(String(describing: empty))")
            return
        }
    }

    @Test("No cells but a bbox: all-nodata rasters, a class style with no classes, a transparent quick-look")
    func emptyWithBBox() throws {
        let options = CoverageRasterOptions(
            sensitivityDBm: -130,
            bbox: GeographicBox(west: 10, south: 50, east: 10.5, north: 50.25)
        )
        try withRasterScratch { directory in
            let report = try CoverageRasterWriter.write(CoverageCells(resolution: 8), options: options, to: directory)
            #expect(report.grid.width == 256 && report.grid.height == 128)  // 2⁻⁹° pixels at resolution 8
            #expect(report.coveredPixels == 0 && report.statistics.isEmpty)
            let band = try Dataset.open(path: directory + "/coverage.tif").band(3)
            #expect(try band.readAll(as: Float.self).allSatisfy { $0 == -9999 })
            let style = try XMLDocument(contentsOf: URL(fileURLWithPath: directory + "/coverage_class.qml"))
            #expect(try style.nodes(forXPath: "//colorPalette/paletteEntry").isEmpty)
            let alpha = try Dataset.open(path: directory + "/coverage.png").band(4).readAll(as: UInt8.self)
            #expect(alpha.allSatisfy { $0 == 0 })
        }
    }

    @Test("Default pixel sizes follow the H3 resolution")
    func defaultPixelSizes() {
        #expect(CoverageRasterWriter.defaultPixelSize(resolution: 8, geographic: true) == 1.0 / 512)
        #expect(CoverageRasterWriter.defaultPixelSize(resolution: 9, geographic: true) == 1.0 / 1024)
        #expect(CoverageRasterWriter.defaultPixelSize(resolution: 7, geographic: true) == 1.0 / 128)
        #expect(CoverageRasterWriter.defaultPixelSize(resolution: 8, geographic: false) == 200)
        #expect(CoverageRasterWriter.defaultPixelSize(resolution: 9, geographic: false) == 100)
        #expect(CoverageRasterWriter.defaultPixelSize(resolution: 7, geographic: false) == 500)
    }
}
