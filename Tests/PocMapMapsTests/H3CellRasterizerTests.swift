import Foundation
import PocMapCore
import PocMapGIS
import PocMapMaps
import Testing

@Suite("H3 cell scan conversion")
struct H3CellRasterizerTests {
    @Test("RasterGrid has gdal_rasterize's geotransform and pixel centres")
    func gridGeometry() throws {
        let grid = try RasterGrid(west: -123, south: 37, east: -122, north: 37.5, width: 200, height: 100)
        #expect(grid.geoTransform == [-123, 0.005, 0, 37.5, 0, -0.005])
        #expect(grid.pixelCenter(column: 0, row: 0) == (x: -122.9975, y: 37.4975))
        let snapped = try RasterGrid(west: 10, south: 0, east: 10.3, north: 1, pixelSize: 0.25)
        #expect(snapped.width == 2 && snapped.height == 4)
        #expect(snapped.east == 10.5 && snapped.south == 0)
        #expect(throws: RasterGridError.self) {
            try RasterGrid(west: 1, south: 0, east: 0, north: 1, width: 1, height: 1)
        }
        #expect(throws: RasterGridError.tooManyPixels(width: 100_000, height: 100_000, limit: 1 << 31 - 1)) {
            try RasterGrid(west: 0, south: 0, east: 100_000, north: 100_000, pixelSize: 1)
        }
    }

    /// Writes the cells as polygons to a GeoPackage, runs the real `gdal_rasterize` on the same grid and counts the
    /// pixels that differ from our burn.
    @Test(
        "Agrees with gdal_rasterize on the same cells and grid",
        arguments: [
            (37.77, -122.42, 8, 40, 1200, 900),  // San Francisco, hexagons
            (64.7, 10.54, 5, 12, 800, 800),  // around a resolution-5 pentagon (base cell 38), Class III distortion
            (-33.9, 151.2, 9, 30, 700, 500),  // Sydney
        ]
    )
    func agreesWithGDALRasterize(
        latitude: Double,
        longitude: Double,
        resolution: Int,
        k: Int,
        width: Int,
        height: Int
    ) throws {
        let cells = try diskCells(latitude: latitude, longitude: longitude, resolution: resolution, k: k)
        let values = cells.indices.map { Float(-140 + ($0 * 37) % 80) }
        let grid = try gridAround(cells, width: width, height: height)

        var ours = [Float](repeating: -9999, count: grid.pixelCount)
        try H3CellRasterizer(grid: grid).burn(cells, values: values, into: &ours)

        try withRasterScratch { directory in
            let gpkg = directory + "/hexes.gpkg"
            let dataset = try VectorDataset.create(path: gpkg, driver: "GPKG")
            let layer = try dataset.createLayer(
                name: "hexes",
                spatialReference: SpatialReference(epsg: 4326),
                geometryType: .polygon
            )
            try layer.createField(FieldDefinition(name: "v", type: .real))
            try dataset.withTransaction { () throws(GDALError) in
                for (cell, value) in zip(cells, values) {
                    let polygon = Geometry.polygon([try! ring(cell)])
                    _ = try layer.createFeature(geometry: polygon, values: [.real(Double(value))])
                }
            }
            try dataset.close()

            let output = directory + "/gdal.tif"
            let result = try runProgram(
                "/usr/bin/gdal_rasterize",
                [
                    "-q", "-l", "hexes", "-a", "v", "-te", "\(grid.west)", "\(grid.south)", "\(grid.east)",
                    "\(grid.north)", "-ts", "\(grid.width)", "\(grid.height)", "-ot", "Float32", "-a_nodata", "-9999",
                    "-init", "-9999", "-optim", "RASTER", gpkg, output,
                ]
            )
            #expect(result.status == 0, "\(result.output)")
            let reference = try Dataset.open(path: output)
            #expect(try reference.geoTransform().elements == grid.geoTransform)
            let theirs = try reference.band(1).readAll(as: Float.self)
            var differing = 0
            for index in ours.indices where ours[index] != theirs[index] { differing += 1 }
            let covered = ours.filter { $0 != -9999 }.count
            #expect(covered > grid.pixelCount / 4, "the cells cover a good part of the grid")
            #expect(Double(differing) <= 1e-4 * Double(grid.pixelCount), "\(differing) of \(grid.pixelCount) differ")
        }
    }

    @Test("Close to true H3 membership (latLngToCell of every pixel centre)")
    func agreesWithLatLngToCell() throws {
        let cells = try diskCells(latitude: 48.85, longitude: 2.35, resolution: 8, k: 20)
        let grid = try gridAround(cells, width: 600, height: 500)
        let ours = try H3CellRasterizer(grid: grid).cellIndexRaster(cells)
        let oracle = try latLngToCellOracle(cells, grid: grid, resolution: 8)
        let differing = zip(ours, oracle).filter { $0 != $1 }.count
        #expect(ours.filter { $0 >= 0 }.count > grid.pixelCount / 3)
        // Straight lon/lat edges versus H3's own edges: a handful of pixels per hundred thousand.
        #expect(Double(differing) <= 1e-3 * Double(grid.pixelCount), "\(differing) differ")
    }

    @Test("Cells across the antimeridian burn on both sides, and whole on a grid that runs past 180°")
    func antimeridian() throws {
        let cells = try diskCells(latitude: -16.8, longitude: 179.95, resolution: 7, k: 16)
        let crossing = try cells.filter {
            let bounds = H3CellRasterizer.bounds(of: try H3.cellToBoundary($0))
            return bounds.west < -180 || bounds.east > 180
        }
        #expect(!crossing.isEmpty, "the disk has cells across ±180°")
        let grids = [
            try RasterGrid(west: 179.75, south: -17.05, east: 180, north: -16.55, width: 250, height: 500),
            try RasterGrid(west: -180, south: -17.05, east: -179.75, north: -16.55, width: 250, height: 500),
            try RasterGrid(west: 179.75, south: -17.05, east: 180.25, north: -16.55, width: 500, height: 500),
        ]
        for grid in grids {
            let ours = try H3CellRasterizer(grid: grid).cellIndexRaster(cells)
            let oracle = try latLngToCellOracle(cells, grid: grid, resolution: 7)
            let differing = zip(ours, oracle).filter { $0 != $1 }.count
            let covered = ours.filter { $0 >= 0 }.count
            #expect(covered > grid.pixelCount / 4, "grid \(grid.west)…\(grid.east) is covered")
            #expect(
                Double(differing) <= 1e-3 * Double(grid.pixelCount),
                "\(differing) differ on \(grid.west)…\(grid.east)"
            )
            // Crossing cells do burn here.
            let burned = Set(ours.filter { $0 >= 0 }.map { cells[Int($0)] })
            #expect(!burned.isDisjoint(with: crossing))
        }
    }

    @Test("A pole cell covers everything between its boundary and the pole")
    func poleCell() throws {
        let pole = try H3.latLngToCell(LatLng(latitudeDegrees: 90, longitudeDegrees: 0), resolution: 3)
        let cells = try H3.gridDisk(pole, k: 2)
        let bounds = H3CellRasterizer.bounds(of: try H3.cellToBoundary(pole))
        #expect(bounds.north == 90 && bounds.east - bounds.west == 360)
        let grid = try RasterGrid(west: -180, south: 87, east: 180, north: 90, width: 720, height: 60)
        let ours = try H3CellRasterizer(grid: grid).cellIndexRaster(cells)
        #expect(ours[0] == 0 && ours[grid.width - 1] == 0, "the top row belongs to the pole cell")
        // Independent expectation of the rule: at each column's longitude, the pole cell's straight lon/lat edge
        // has some latitude; pixel centres north of it belong to the pole cell.
        let vertices = try H3.cellToBoundary(pole).map { (lng: $0.longitudeDegrees, lat: $0.latitudeDegrees) }
            .sorted { $0.lng < $1.lng }
        var mismatches = 0
        for column in 0..<grid.width {
            let x = grid.pixelCenter(column: column, row: 0).x
            // The edge spanning x, wrapping from the last vertex to the first plus 360°.
            var edgeLatitude = 0.0
            for index in vertices.indices {
                let a = vertices[index]
                var b = vertices[(index + 1) % vertices.count]
                if index == vertices.count - 1 { b.lng += 360 }
                var px = x
                if px < a.lng { px += 360 }
                if px >= a.lng && px <= b.lng {
                    edgeLatitude = a.lat + (b.lat - a.lat) * (px - a.lng) / (b.lng - a.lng)
                    break
                }
            }
            for row in 0..<grid.height {
                let inPole = grid.pixelCenter(column: column, row: row).y > edgeLatitude
                if inPole != (ours[row * grid.width + column] == 0) { mismatches += 1 }
            }
        }
        #expect(mismatches <= grid.pixelCount / 1000, "\(mismatches) pixels disagree with the straight-edge rule")
        // And against true H3 membership the pole cell's area is close (its real edges bulge towards the pole).
        let oracle = try latLngToCellOracle(cells, grid: grid, resolution: 3)
        let poleOurs = ours.filter { $0 == 0 }.count
        let poleOracle = oracle.filter { $0 == 0 }.count
        #expect(abs(poleOurs - poleOracle) <= poleOracle / 4, "pole cell: \(poleOurs) vs \(poleOracle) pixels")
    }

    @Test("Burning skips NaN values and the later cell wins")
    func burnRules() throws {
        let cells = try diskCells(latitude: 10, longitude: 10, resolution: 6, k: 1)
        let grid = try gridAround(cells, width: 100, height: 100)
        var band = [Float](repeating: -9999, count: grid.pixelCount)
        var values = [Float](repeating: 1, count: cells.count)
        values[0] = .nan
        try H3CellRasterizer(grid: grid).burn(cells, values: values, into: &band)
        let centre = try H3.cellToLatLng(cells[0])
        let column = Int((centre.longitudeDegrees - grid.west) / grid.pixelWidth)
        let row = Int((grid.north - centre.latitudeDegrees) / grid.pixelHeight)
        #expect(band[row * grid.width + column] == -9999)
        let indices = try H3CellRasterizer(grid: grid).cellIndexRaster(cells + [cells[0]])
        #expect(indices[row * grid.width + column] == Int32(cells.count))
        var filled: [Float] = []
        H3CellRasterizer.fillBand(indices: indices, values: values + [.nan], noData: -9999, into: &filled)
        #expect(filled.count == grid.pixelCount && filled[row * grid.width + column] == -9999)
    }

    @Test("Runs collected in parallel and applied row by row equal a naive cell-by-cell burn")
    func parallelEqualsNaive() throws {
        // Duplicates at the end check that the later cell still wins after the row sort.
        let disk = try diskCells(latitude: 40.4, longitude: -3.7, resolution: 9, k: 60)
        let cells = disk + disk.prefix(500)
        let grid = try gridAround(disk, width: 900, height: 700)
        let rasterizer = H3CellRasterizer(grid: grid)
        var naive = [Int32](repeating: -1, count: grid.pixelCount)
        for (position, cell) in cells.enumerated() {
            try rasterizer.forEachSpan(of: cell) { row, columns in
                for column in columns { naive[row * grid.width + column] = Int32(position) }
            }
        }
        let parallel = try rasterizer.spansInParallel(of: cells)
        #expect(parallel.count > 1)
        #expect(rasterizer.cellIndexRaster(spans: parallel) == naive)
        #expect(try rasterizer.cellIndexRaster(cells) == naive)
        #expect(naive.contains(Int32(disk.count)))
    }
}
