import ArgumentParser
import Foundation
import PocMapCore
import PocMapGIS
import PocMapMaps
import PocMapVerifyCLI

/// `pocmap raster-bench` (hidden): the developer harness behind `Benchmarks/Scripts/raster-vs-gdal.sh`. It makes a
/// disk of H3 cells, optionally writes them as polygons for `gdal_rasterize`, and times pocmap's own rasterizer on
/// the same grid. No domain logic: everything measured is a library call.
struct RasterBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raster-bench",
        abstract: "Developer benchmark: time pocmap's H3 rasterizer (compare with gdal_rasterize).",
        discussion: """
            Builds N cells (a near-disk of resolution-R cells around LAT,LNG, in H3 gridDisk order), each with a
            value, and a grid over their extent of WIDTH x HEIGHT pixels (EPSG:4326). Prints the grid as
            gdal_rasterize arguments (-te W S E N -ts WIDTH HEIGHT), then the seconds pocmap needs to burn the
            cells into a Float32 band in memory (cellToBoundary + scan conversion, on all processors unless
            --serial), and optionally to write that
            band as a GeoTIFF with the same creation options the script gives gdal_rasterize.

            EXAMPLE
              pocmap raster-bench --cells 1000000 --gpkg /tmp/hexes.gpkg --tif /tmp/ours.tif
            """,
        shouldDisplay: false
    )

    @Option(help: "Number of cells.") var cells = 1_000_000
    @Option(help: "H3 resolution of the cells.") var resolution = 8
    @Option(help: "Latitude of the disk centre, degrees.") var lat = 47.0
    @Option(help: "Longitude of the disk centre, degrees.") var lng = 8.0
    @Option(help: "Raster width in pixels.") var width = 16_384
    @Option(help: "Raster height in pixels.") var height = 8_192
    @Option(help: "Write the cells as polygons (layer hexes, field v) to this GeoPackage.") var gpkg: String?
    @Option(help: "Also write our band to this GeoTIFF (TILED, DEFLATE, PREDICTOR=3).") var tif: String?
    @Option(help: "Also time the full coverage products (COGs, styles, PNG) into this directory.") var products: String?
    @Option(help: "Timed repetitions of the in-memory burn (the best is printed).") var repeats = 1
    @Flag(help: "Collect pixel runs on one thread instead of all processors.") var serial = false
    @Option(help: "Count the pixels where this raster (e.g. gdal_rasterize's, same grid) differs from ours.")
    var compare: String?

    func run() throws {
        let origin = try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: resolution)
        var k = 0
        while 3 * k * (k + 1) + 1 < cells { k += 1 }
        let disk = Array(try H3.gridDisk(origin, k: k).prefix(cells))
        let values = disk.indices.map { Float(-140 + ($0 * 37) % 80) }
        var box = (west: Double.infinity, south: Double.infinity, east: -Double.infinity, north: -Double.infinity)
        for cell in disk {
            let bounds = H3CellRasterizer.bounds(of: try H3.cellToBoundary(cell))
            box = (
                min(box.west, bounds.west), min(box.south, bounds.south), max(box.east, bounds.east),
                max(box.north, bounds.north)
            )
        }
        let grid = try RasterGrid(
            west: box.west,
            south: box.south,
            east: box.east,
            north: box.north,
            width: width,
            height: height
        )
        print("cells \(disk.count) resolution \(resolution)")
        print("grid -te \(grid.west) \(grid.south) \(grid.east) \(grid.north) -ts \(grid.width) \(grid.height)")

        if let gpkg {
            let start = ContinuousClock.now
            let dataset = try VectorDataset.create(path: gpkg, driver: "GPKG")
            let layer = try dataset.createLayer(
                name: "hexes",
                spatialReference: SpatialReference(epsg: 4326),
                geometryType: .polygon,
                options: ["SPATIAL_INDEX": "NO"]
            )
            try layer.createField(FieldDefinition(name: "v", type: .real))
            try dataset.withTransaction { () throws(GDALError) in
                for (cell, value) in zip(disk, values) {
                    guard let boundary = try? H3.cellToBoundary(cell) else { continue }
                    var ring = boundary.map { Point2D(x: $0.longitudeDegrees, y: $0.latitudeDegrees) }
                    ring.append(ring[0])
                    _ = try layer.createFeature(geometry: .polygon([ring]), values: [.real(Double(value))])
                }
            }
            try dataset.close()
            print("gpkg_seconds \(seconds(since: start))")
        }

        let rasterizer = H3CellRasterizer(grid: grid)
        var band: [Float] = []
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = ContinuousClock.now
            band = [Float](repeating: -9999, count: grid.pixelCount)
            if serial {
                try rasterizer.burn(disk, values: values, into: &band)
            } else {
                rasterizer.burn(spans: try rasterizer.spansInParallel(of: disk), values: values, into: &band)
            }
            best = min(best, seconds(since: start))
        }
        print("burn_seconds \(best)")
        print("burned_pixels \(band.reduce(0) { $0 + ($1 != -9999 ? 1 : 0) })")

        if let compare {
            let other = try Dataset.open(path: compare)
            guard try other.geoTransform().elements == grid.geoTransform, try other.width == grid.width,
                try other.height == grid.height
            else {
                throw CommandFailure.failed("\(compare) is not on the same grid")
            }
            let theirs = try other.band(1)
            var differing = 0
            var theirCovered = 0
            for row in 0..<grid.height {
                let values = try theirs.readRow(row, as: Float.self)
                let offset = row * grid.width
                for column in 0..<grid.width {
                    if values[column] != band[offset + column] { differing += 1 }
                    if values[column] != -9999 { theirCovered += 1 }
                }
            }
            print("compare_differing \(differing) of \(grid.pixelCount) their_covered \(theirCovered)")
        }

        if let tif {
            let start = ContinuousClock.now
            let dataset = try Dataset.create(
                path: tif,
                driver: "GTiff",
                width: grid.width,
                height: grid.height,
                bandCount: 1,
                dataType: .float32,
                options: ["TILED": "YES", "COMPRESS": "DEFLATE", "PREDICTOR": "3"]
            )
            try dataset.setGeoTransform(GeoTransform(elements: grid.geoTransform))
            try dataset.setSpatialReference(epsg: 4326)
            try dataset.band(1).setNoDataValue(-9999)
            try dataset.band(1).writeAll(band)
            try dataset.close()
            print("tif_write_seconds \(seconds(since: start))")
        }
        band = []

        if let products {
            var coverage = CoverageCells(resolution: resolution)
            coverage.reserveCapacity(disk.count)
            for (cell, value) in zip(disk, values) {
                coverage.append(CoverageCellValues(cell: cell, predictedRSSIDBm: value, servingHotspots: 1))
            }
            let start = ContinuousClock.now
            let report = try CoverageRasterWriter.write(
                coverage,
                options: CoverageRasterOptions(sensitivityDBm: -130, grid: grid),
                to: products
            )
            print("products_seconds \(seconds(since: start)) files \(report.files.count)")
        }
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
