import Foundation
public import PocMapCore
public import PocMapGIS

/// What ``CoverageRasterWriter/write(_:options:to:)`` produced.
public struct CoverageRasterReport: Sendable {
    /// The grid of every raster, in ``crs``.
    public let grid: RasterGrid
    /// The CRS definition written.
    public let crs: String
    /// How pixels were assigned to cells: `polygon` (EPSG:4326 scan conversion, pixel centre in the cell's boundary
    /// polygon) or `latLngToCell` (any other CRS: PROJ to lat/lng, then the cell containing the pixel centre).
    public let pixelRule: String
    /// Paths of the files written, in order: `coverage.tif`, `coverage.qml`, `coverage_class.tif`,
    /// `coverage_class.tif.aux.xml` (when GDAL wrote one), `coverage_class.qml`, `coverage.png`.
    public let files: [String]
    /// Statistics of each band's valid pixels, `nil` for a band without any.
    public let statistics: [CoverageBand: BandStatistics]
    /// Pixels per coverage class 0…4 in `coverage_class.tif`.
    public let classPixelCounts: [Int]
    /// Pixels covered by some cell.
    public let coveredPixels: Int
}

/// Writes the raster products of a coverage map (FORMATS.md §2.5) into one directory.
///
/// * `coverage.tif`: Cloud Optimized GeoTIFF, Float32, the five ``CoverageBand``s with names and units, nodata
///   −9999, DEFLATE with the floating-point predictor, internal overviews (AVERAGE), statistics, metadata.
/// * `coverage.qml`: QGIS style (band 3 `predicted_rssi_dbm` with a red–yellow–green ramp; band 1 when nothing is
///   predicted); nodata stays transparent.
/// * `coverage_class.tif`: paletted Byte COG of ``CoverageClassThresholds`` classes (0 = none = nodata), with a
///   colour table and category names (kept in `coverage_class.tif.aux.xml`, GIS.md pitfall 13), and
///   `coverage_class.qml` listing only the classes present.
/// * `coverage.png`: an RGBA quick-look (class colours; the band-1 ramp when nothing is predicted), transparent
///   where there is no coverage, at most `quickLookMaxSize` pixels on its longer side.
///
/// Every cell is burned once into an Int32 cell-index raster (4 bytes per pixel), from which all bands are
/// gathered strip by strip, so memory stays near 4 bytes per pixel whatever the band count.
public enum CoverageRasterWriter {
    /// The nodata value of every Float32 band.
    public static let noData: Float = -9999

    /// File names inside the output directory.
    public static let coverageFile = "coverage.tif"
    /// The coverage style sidecar.
    public static let coverageStyleFile = "coverage.qml"
    /// The class raster.
    public static let classFile = "coverage_class.tif"
    /// The class style sidecar.
    public static let classStyleFile = "coverage_class.qml"
    /// The quick-look.
    public static let quickLookFile = "coverage.png"

    /// Writes all raster products for `cells` into `directory` (created when missing) and reports what it wrote.
    ///
    /// Checks, before any large allocation: every cell valid and at `cells.resolution`; the bbox (west < east,
    /// see ``CoverageRasterError/bboxCrossesAntimeridian(_:)``); the CRS; the size limits; that the directory can
    /// be written.
    public static func write(
        _ cells: CoverageCells,
        options: CoverageRasterOptions,
        to directory: String
    ) throws(CoverageRasterError) -> CoverageRasterReport {
        guard (0...15).contains(cells.resolution) else { throw .invalidResolution(cells.resolution) }
        for cell in cells.cells {
            guard cell.isValid else { throw .invalidCell(cell) }
            guard cell.resolution == cells.resolution else {
                throw .resolutionMismatch(cell: cell, expected: cells.resolution)
            }
        }
        let crs = try CRSInfo(options.crs)
        let grid = try grid(for: cells, options: options)
        try prepareDirectory(directory)

        let indices: [Int32]
        let rule: String
        if crs.isWGS84 {
            do {
                let rasterizer = H3CellRasterizer(grid: grid)
                indices = rasterizer.cellIndexRaster(spans: try rasterizer.spansInParallel(of: cells.cells))
            } catch {
                // The cells were validated above, so only a failing boundary can land here.
                if case .invalidCell(let raw) = error { throw .invalidCell(H3Cell(rawValue: raw)) }
                throw .invalidResolution(cells.resolution)
            }
            rule = "polygon"
        } else {
            indices = try projectedIndexRaster(cells: cells, grid: grid, crs: options.crs)
            rule = "latLngToCell"
        }

        let predicted = cells.column(.predictedRSSI)
        let classes = predicted.map {
            options.classThresholds.coverageClass(predictedRSSIDBm: $0, sensitivityDBm: options.sensitivityDBm)
        }
        var baseMetadata = options.metadata
        baseMetadata["TIFFTAG_SOFTWARE"] = baseMetadata["TIFFTAG_SOFTWARE"] ?? "pocmap \(PocMapVersion.string)"
        baseMetadata["POCMAP_VERSION"] = PocMapVersion.string
        baseMetadata["H3_VERSION"] = PocMapVersion.h3Reference
        baseMetadata["H3_RESOLUTION"] = "\(cells.resolution)"
        baseMetadata["PIXEL_RULE"] =
            rule == "polygon"
            ? "pixel centre inside the H3 cell boundary polygon (straight edges in lon/lat), as gdal_rasterize"
            : "H3 cell containing the pixel centre (latLngToCell after PROJ to EPSG:4326)"
        baseMetadata["NOMINAL_PIXEL_SIZE_M"] = String(format: "%.1f", nominalPixelMeters(grid: grid, crs: crs))
        baseMetadata["SENSITIVITY_DBM"] = "\(options.sensitivityDBm)"
        baseMetadata["CELL_COUNT"] = "\(cells.count)"

        var files: [String] = []
        let coveragePath = path(directory, coverageFile)
        let statistics = try writeCoverage(
            cells: cells,
            indices: indices,
            grid: grid,
            crs: options.crs,
            metadata: baseMetadata,
            blockSize: options.blockSize,
            directory: directory,
            to: coveragePath
        )
        files.append(coveragePath)

        let styleBand: CoverageBand =
            statistics[.predictedRSSI] != nil
            ? .predictedRSSI : (CoverageBand.allCases.first { statistics[$0] != nil } ?? .predictedRSSI)
        let stylePath = path(directory, coverageStyleFile)
        try writeText(CoverageStyles.coverageQML(band: styleBand, statistics: statistics[styleBand]), to: stylePath)
        files.append(stylePath)

        var classMetadata = baseMetadata
        let thresholds = options.classThresholds
        classMetadata["COVERAGE_CLASSES"] =
            "0 none (no prediction or margin < 0 dB), 1 weak (0 ≤ m < \(thresholds.fair) dB), "
            + "2 fair (\(thresholds.fair) ≤ m < \(thresholds.good) dB), 3 good (\(thresholds.good) ≤ m < "
            + "\(thresholds.excellent) dB), 4 excellent (m ≥ \(thresholds.excellent) dB); "
            + "m = predicted_rssi_dbm − \(options.sensitivityDBm) dBm"
        let classPath = path(directory, classFile)
        let classCounts = try writeClasses(
            classes: classes,
            indices: indices,
            grid: grid,
            crs: options.crs,
            metadata: classMetadata,
            blockSize: options.blockSize,
            directory: directory,
            to: classPath
        )
        files.append(classPath)
        if FileManager.default.fileExists(atPath: classPath + ".aux.xml") { files.append(classPath + ".aux.xml") }
        let present = (1...4).filter { classCounts[$0] > 0 }
        let classStylePath = path(directory, classStyleFile)
        try writeText(CoverageStyles.classQML(present: present, thresholds: thresholds), to: classStylePath)
        files.append(classStylePath)

        // Quick-look colours per cell: the class colour, or the band ramp when nothing is predicted.
        let colours: [UInt32]
        if present.isEmpty, styleBand != .predictedRSSI, let stats = statistics[styleBand] {
            let ramp = CoverageStyles.Ramp(minimum: stats.minimum, maximum: stats.maximum)
            colours = cells.column(styleBand).map { $0.isNaN ? 0 : ramp.rgba(Double($0)) }
        } else {
            colours = classes.map { CoverageStyles.classRGBA($0) }
        }
        let pngPath = path(directory, quickLookFile)
        try writeQuickLook(
            colours: colours,
            indices: indices,
            grid: grid,
            maxSize: options.quickLookMaxSize,
            to: pngPath
        )
        files.append(pngPath)

        return CoverageRasterReport(
            grid: grid,
            crs: options.crs,
            pixelRule: rule,
            files: files,
            statistics: statistics,
            classPixelCounts: classCounts,
            coveredPixels: indices.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        )
    }

    // MARK: Per-pixel path for other CRSs

    /// Cell positions for a grid in any CRS: each row of pixel centres goes through PROJ to lon/lat in one batch,
    /// then through ``H3CellLookup``. Rows are shared among the processors, one PROJ context per worker.
    static func projectedIndexRaster(cells: CoverageCells, grid: RasterGrid, crs: String) throws(CoverageRasterError)
        -> [Int32]
    {
        let lookup: H3CellLookup
        do { lookup = try H3CellLookup(cells: cells.cells, resolution: cells.resolution) } catch {
            throw .invalidResolution(cells.resolution)
        }
        // Fail early, with PROJ's message, if the transformation cannot be built at all.
        do { _ = try CoordinateTransform(from: crs, to: "EPSG:4326") } catch {
            throw .invalidCRS(crs, reason: error.message)
        }
        var indices = [Int32](repeating: -1, count: grid.pixelCount)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, grid.height))
        let failures = indices.withUnsafeMutableBufferPointer { buffer -> Int in
            let shared = SharedRaster(buffer: buffer)
            let failed = SharedCounter()
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                guard let transform = try? CoordinateTransform(from: crs, to: "EPSG:4326") else {
                    failed.increment()
                    return
                }
                var xs = [Double](repeating: 0, count: grid.width)
                var ys = [Double](repeating: 0, count: grid.width)
                var row = worker
                while row < grid.height {
                    for column in 0..<grid.width {
                        let centre = grid.pixelCenter(column: column, row: row)
                        xs[column] = centre.x
                        ys[column] = centre.y
                    }
                    transform.transform(xs: &xs, ys: &ys)
                    xs.withUnsafeBufferPointer { longitudes in
                        ys.withUnsafeBufferPointer { latitudes in
                            lookup.indices(
                                latitudesDegrees: latitudes,
                                longitudesDegrees: longitudes,
                                into: shared.row(row, width: grid.width)
                            )
                        }
                    }
                    row += workers
                }
            }
            return failed.value
        }
        if failures > 0 { throw .invalidCRS(crs, reason: "PROJ could not create a transformation to EPSG:4326") }
        return indices
    }

    // MARK: coverage.tif

    private static func writeCoverage(
        cells: CoverageCells,
        indices: [Int32],
        grid: RasterGrid,
        crs: String,
        metadata: [String: String],
        blockSize: Int,
        directory: String,
        to destination: String
    ) throws(CoverageRasterError) -> [CoverageBand: BandStatistics] {
        let bands = CoverageBand.allCases
        let temporary = path(directory, ".\(coverageFile).\(UUID().uuidString).tmp.tif")
        defer { try? VSI.unlink(temporary) }
        return try gdal { () throws(GDALError) -> [CoverageBand: BandStatistics] in
            let dataset = try Dataset.create(
                path: temporary,
                driver: "GTiff",
                width: grid.width,
                height: grid.height,
                bandCount: bands.count,
                dataType: .float32,
                options: scratchOptions(blockSize: blockSize)
            )
            try georeference(dataset, grid: grid, crs: crs, metadata: metadata)
            for band in bands {
                let raster = try dataset.band(band.rawValue)
                try raster.setBandDescription(band.name)
                try raster.setUnitType(band.unit)
                try raster.setNoDataValue(Double(noData))
            }
            var accumulators = [StatisticsAccumulator](repeating: StatisticsAccumulator(), count: bands.count)
            var strip: [Float] = []
            let stride = bands.count
            try cells.values.withUnsafeBufferPointer { (values) throws(GDALError) in
                for firstRow in Swift.stride(from: 0, to: grid.height, by: blockSize) {
                    let rows = min(blockSize, grid.height - firstRow)
                    let start = firstRow * grid.width
                    let end = start + rows * grid.width
                    for band in bands {
                        strip.removeAll(keepingCapacity: true)
                        var accumulator = accumulators[band.offset]
                        for pixel in start..<end {
                            let index = Int(indices[pixel])
                            let value = index < 0 ? Float.nan : values[index * stride + band.offset]
                            if value.isNaN {
                                strip.append(noData)
                            } else {
                                strip.append(value)
                                accumulator.add(Double(value))
                            }
                        }
                        accumulators[band.offset] = accumulator
                        try dataset.band(band.rawValue).write(
                            strip,
                            x: 0,
                            y: firstRow,
                            width: grid.width,
                            height: rows
                        )
                    }
                }
            }
            var statistics: [CoverageBand: BandStatistics] = [:]
            for band in bands {
                let accumulator = accumulators[band.offset]
                guard let stats = accumulator.statistics else { continue }
                statistics[band] = stats
                let raster = try dataset.band(band.rawValue)
                try raster.setStatistics(stats)
                try raster.setMetadataItem(
                    "STATISTICS_VALID_PERCENT",
                    String(format: "%.6g", 100 * Double(accumulator.count) / Double(grid.pixelCount))
                )
            }
            try publishCOG(dataset, to: destination, resampling: "AVERAGE", blockSize: blockSize)
            return statistics
        }
    }

    // MARK: coverage_class.tif

    private static func writeClasses(
        classes: [UInt8],
        indices: [Int32],
        grid: RasterGrid,
        crs: String,
        metadata: [String: String],
        blockSize: Int,
        directory: String,
        to destination: String
    ) throws(CoverageRasterError) -> [Int] {
        let temporary = path(directory, ".\(classFile).\(UUID().uuidString).tmp.tif")
        defer {
            try? VSI.unlink(temporary)
            try? VSI.unlink(temporary + ".aux.xml")
        }
        // A stale sidecar from an earlier run would otherwise describe the new file.
        if VSI.exists(destination + ".aux.xml") { try? VSI.unlink(destination + ".aux.xml") }
        return try gdal { () throws(GDALError) -> [Int] in
            let dataset = try Dataset.create(
                path: temporary,
                driver: "GTiff",
                width: grid.width,
                height: grid.height,
                bandCount: 1,
                dataType: .byte,
                options: scratchOptions(blockSize: blockSize)
            )
            try georeference(dataset, grid: grid, crs: crs, metadata: metadata)
            let band = try dataset.band(1)
            try band.setBandDescription("coverage_class")
            try band.setNoDataValue(0)
            try band.setColorInterpretation(.paletteIndex)
            try band.setColorTable((0...4).map { CoverageStyles.classColor(UInt8($0)) })
            try band.setCategoryNames(CoverageClassThresholds.names)
            var counts = [Int](repeating: 0, count: 5)
            var strip: [UInt8] = []
            for firstRow in stride(from: 0, to: grid.height, by: blockSize) {
                let rows = min(blockSize, grid.height - firstRow)
                let start = firstRow * grid.width
                strip.removeAll(keepingCapacity: true)
                for pixel in start..<(start + rows * grid.width) {
                    let index = Int(indices[pixel])
                    let value = index < 0 ? 0 : classes[index]
                    counts[Int(value)] += 1
                    strip.append(value)
                }
                try band.write(strip, x: 0, y: firstRow, width: grid.width, height: rows)
            }
            try publishCOG(dataset, to: destination, resampling: "NEAREST", blockSize: blockSize)
            return counts
        }
    }

    // MARK: coverage.png

    private static func writeQuickLook(
        colours: [UInt32],
        indices: [Int32],
        grid: RasterGrid,
        maxSize: Int,
        to destination: String
    ) throws(CoverageRasterError) {
        let scale = min(1, Double(max(maxSize, 1)) / Double(max(grid.width, grid.height)))
        let width = max(1, Int((Double(grid.width) * scale).rounded()))
        let height = max(1, Int((Double(grid.height) * scale).rounded()))
        var channels = [[UInt8]](repeating: [UInt8](repeating: 0, count: width * height), count: 4)
        for row in 0..<height {
            let sourceRow = min(grid.height - 1, Int((Double(row) + 0.5) * Double(grid.height) / Double(height)))
            for column in 0..<width {
                let sourceColumn = min(grid.width - 1, Int((Double(column) + 0.5) * Double(grid.width) / Double(width)))
                let index = Int(indices[sourceRow * grid.width + sourceColumn])
                guard index >= 0 else { continue }
                let rgba = colours[index]
                let pixel = row * width + column
                channels[0][pixel] = UInt8(truncatingIfNeeded: rgba >> 24)
                channels[1][pixel] = UInt8(truncatingIfNeeded: rgba >> 16)
                channels[2][pixel] = UInt8(truncatingIfNeeded: rgba >> 8)
                channels[3][pixel] = UInt8(truncatingIfNeeded: rgba)
            }
        }
        try gdal { () throws(GDALError) in
            let memory = try Dataset.create(
                path: "",
                driver: "MEM",
                width: width,
                height: height,
                bandCount: 4,
                dataType: .byte
            )
            let interpretations: [ColorInterpretation] = [.red, .green, .blue, .alpha]
            for channel in 0..<4 {
                let band = try memory.band(channel + 1)
                try band.setColorInterpretation(interpretations[channel])
                try band.writeAll(channels[channel])
            }
            try memory.createCopy(to: destination, driver: "PNG", options: ["WORLDFILE": "NO"]).close()
            try memory.close()
        }
    }

    // MARK: Shared helpers

    /// Creation options of the scratch GTiff that the COG is copied from: tiled like the COG, lightly compressed
    /// (the scratch file is read once).
    private static func scratchOptions(blockSize: Int) -> GDALOptions {
        [
            "TILED": "YES", "BLOCKXSIZE": "\(blockSize)", "BLOCKYSIZE": "\(blockSize)", "COMPRESS": "DEFLATE",
            "ZLEVEL": "1", "BIGTIFF": "IF_SAFER", "SPARSE_OK": "TRUE",
        ]
    }

    private static func georeference(_ dataset: Dataset, grid: RasterGrid, crs: String, metadata: [String: String])
        throws(GDALError)
    {
        try dataset.setGeoTransform(GeoTransform(elements: grid.geoTransform))
        try dataset.setSpatialReference(SpatialReference(definition: crs))
        for key in metadata.keys.sorted() { try dataset.setMetadataItem(key, metadata[key]) }
    }

    /// Copies the scratch dataset to a Cloud Optimized GeoTIFF (GIS.md §2: DEFLATE, predictor, internal overviews).
    private static func publishCOG(_ dataset: Dataset, to destination: String, resampling: String, blockSize: Int)
        throws(GDALError)
    {
        try dataset.flushCache()
        let options: GDALOptions = [
            "COMPRESS": "DEFLATE", "PREDICTOR": "YES", "BLOCKSIZE": "\(blockSize)", "OVERVIEW_RESAMPLING": resampling,
            "BIGTIFF": "IF_SAFER", "NUM_THREADS": "ALL_CPUS",
        ]
        let cog = try dataset.createCopy(to: destination, driver: "COG", options: options)
        try cog.close()
        try dataset.close()
    }

    private static func gdal<R>(_ body: () throws(GDALError) -> R) throws(CoverageRasterError) -> R {
        do { return try body() } catch { throw .gdal(error) }
    }

    private static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Creates the directory when missing and proves it writable with a probe file.
    static func prepareDirectory(_ directory: String) throws(CoverageRasterError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .unwritableDirectory(path: directory, reason: "it exists and is not a directory")
            }
        } else {
            do { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .unwritableDirectory(
                    path: directory,
                    reason: "it cannot be created (\(error.localizedDescription))"
                )
            }
        }
        let probe = path(directory, ".pocmap-write-probe-\(UUID().uuidString)")
        guard manager.createFile(atPath: probe, contents: Data()) else {
            throw .unwritableDirectory(path: directory, reason: "creating a file in it failed (permission denied?)")
        }
        try? manager.removeItem(atPath: probe)
    }

    private static func writeText(_ text: String, to destination: String) throws(CoverageRasterError) {
        do { try text.write(toFile: destination, atomically: true, encoding: .utf8) } catch {
            throw .unwritableDirectory(path: destination, reason: error.localizedDescription)
        }
    }

    /// The ground size of one pixel in metres (east–west at the grid's mid latitude for degrees).
    static func nominalPixelMeters(grid: RasterGrid, crs: CRSInfo) -> Double {
        guard crs.isGeographic else { return grid.pixelWidth }
        let midLatitude = (grid.north + grid.south) / 2 * Double.pi / 180
        return grid.pixelWidth * 111_320 * Foundation.cos(midLatitude)
    }
}

/// Running min/max/mean/population standard deviation of a band's valid values.
struct StatisticsAccumulator {
    var count = 0
    var sum = 0.0
    var sumOfSquares = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity

    mutating func add(_ value: Double) {
        count += 1
        sum += value
        sumOfSquares += value * value
        minimum = min(minimum, value)
        maximum = max(maximum, value)
    }

    var statistics: BandStatistics? {
        guard count > 0 else { return nil }
        let mean = sum / Double(count)
        let variance = max(0, sumOfSquares / Double(count) - mean * mean)
        return BandStatistics(minimum: minimum, maximum: maximum, mean: mean, standardDeviation: variance.squareRoot())
    }
}

/// The index raster shared by the per-pixel workers. Invariant: each worker writes only its own rows
/// (row ≡ worker mod workers), and the buffer outlives `concurrentPerform`, so unsynchronised access is safe.
private struct SharedRaster: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int32>

    func row(_ row: Int, width: Int) -> UnsafeMutableBufferPointer<Int32> {
        UnsafeMutableBufferPointer(rebasing: buffer[(row * width)..<((row + 1) * width)])
    }
}

/// A failure counter for the workers.
private final class SharedCounter: @unchecked Sendable {
    // Invariant: only touched under `lock`.
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
