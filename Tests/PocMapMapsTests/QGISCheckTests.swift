import Foundation
import PocMapCore
import PocMapGIS
import PocMapMaps
import Testing
import _PocMapTestSupport

/// The headless QGIS acceptance check (GIS.md §5, method A): our store and a five-band GeoTIFF load in PyQGIS with
/// the right CRS, band names, feature counts and stored styles, and render to a non-empty 800×800 PNG.
///
/// CI runs `Scripts/setup.sh` first, which installs QGIS, so a missing QGIS fails this suite loudly. For local runs
/// without QGIS set `POCMAP_SKIP_QGIS=1`.
@Suite(
    "QGIS acceptance check",
    .enabled(if: ProcessInfo.processInfo.environment["POCMAP_SKIP_QGIS"] != "1", "POCMAP_SKIP_QGIS=1")
)
struct QGISCheckTests {
    static let python = "/usr/bin/python3"
    static let script = TestPaths.repositoryRoot.appendingPathComponent("Scripts/qgis_check.py").path
    static let bands = [
        "observed_rssi_dbm", "observed_witnesses", "predicted_rssi_dbm", "serving_hotspots", "density_scale",
    ]
    static let units = ["dBm", "count", "dBm", "count", ""]

    /// Where the rendered PNG is kept (`$POCMAP_ARTIFACTS` or `.build/test-artifacts`).
    static let artifacts: URL = {
        if let directory = ProcessInfo.processInfo.environment["POCMAP_ARTIFACTS"], !directory.isEmpty {
            return URL(fileURLWithPath: directory, isDirectory: true)
        }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/test-artifacts", isDirectory: true)
    }()

    /// Fails loudly when PyQGIS is missing: the CI set-up installs it.
    static func requireQGIS() throws {
        let probe = try StoreTestSupport.run(
            python,
            ["-c", "import qgis.core"],
            environment: ["QT_QPA_PLATFORM": "offscreen"]
        )
        try #require(
            probe.status == 0,
            """
            PyQGIS is missing: run Scripts/setup.sh (installs qgis python3-qgis qgis-providers), or set \
            POCMAP_SKIP_QGIS=1 for a local run. \(probe.output)
            """
        )
    }

    /// A small five-band Float32 GeoTIFF over the store's cells: each pixel takes the row of the H3 cell holding its
    /// centre (the pixel-centre rule of GIS.md §4), nodata −9999 elsewhere.
    static func writeRaster(_ path: String, _ store: SyntheticStore) throws {
        var rows: [H3Cell: HexRow] = [:]
        for row in store.hexes { rows[row.cell] = row }
        var west = 180.0
        var east = -180.0
        var south = 90.0
        var north = -90.0
        for row in store.hexes {
            for vertex in try H3.cellToBoundary(row.cell) {
                west = min(west, vertex.longitudeDegrees)
                east = max(east, vertex.longitudeDegrees)
                south = min(south, vertex.latitudeDegrees)
                north = max(north, vertex.latitudeDegrees)
            }
        }
        let size = 200
        let dataset = try Dataset.create(
            path: path,
            driver: "GTiff",
            width: size,
            height: size,
            bandCount: 5,
            dataType: .float32,
            options: ["COMPRESS": "DEFLATE", "TILED": "YES", "BLOCKXSIZE": "128", "BLOCKYSIZE": "128"]
        )
        let transform = GeoTransform(west: west, south: south, east: east, north: north, width: size, height: size)
        try dataset.setGeoTransform(transform)
        try dataset.setSpatialReference(epsg: 4326)
        var planes = [[Float]](repeating: [Float](repeating: -9999, count: size * size), count: 5)
        for y in 0..<size {
            for x in 0..<size {
                let longitude = west + (Double(x) + 0.5) * (east - west) / Double(size)
                let latitude = north - (Double(y) + 0.5) * (north - south) / Double(size)
                let cell = try StoreTestSupport.cell(latitude, longitude, store.resolution)
                guard let row = rows[cell] else { continue }
                let values: [Double?] = [
                    row.observedRSSIdBm, Double(row.observedWitnesses), row.predictedRSSIdBm,
                    row.servingHotspots.map(Double.init), row.densityScale,
                ]
                for (band, value) in values.enumerated() { planes[band][y * size + x] = value.map(Float.init) ?? -9999 }
            }
        }
        for band in 1...5 {
            let handle = try dataset.band(band)
            try handle.setBandDescription(bands[band - 1])
            try handle.setUnitType(units[band - 1])
            try handle.setNoDataValue(-9999)
            try handle.writeAll(planes[band - 1])
        }
        try dataset.close()
    }

    static func arguments(raster: String, store: String, synthetic: SyntheticStore, png: String, hexes: Int? = nil)
        -> [String]
    {
        [
            script, "--raster", raster, "--bands", bands.joined(separator: ","), "--gpkg", store,
            "--count", "hexes=\(hexes ?? synthetic.hexes.count)", "--count", "hotspots=\(synthetic.hotspots.count)",
            "--count", "links=\(synthetic.links.count)", "--renderer", "hexes=graduatedSymbol",
            "--renderer", "links=categorizedSymbol", "--renderer", "hotspots=singleSymbol", "--png", png,
        ]
    }

    @Test("coverage.tif and coverage.gpkg load, check and render in headless QGIS")
    func acceptance() throws {
        try Self.requireQGIS()
        try StoreTestSupport.withDiskDirectory { directory in
            let synthetic = try SyntheticStore(count: 1200)
            let store = directory.appendingPathComponent("coverage.gpkg").path
            let raster = directory.appendingPathComponent("coverage.tif").path
            try synthetic.write(to: store)
            try Self.writeRaster(raster, synthetic)
            try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
            let png = Self.artifacts.appendingPathComponent("qgis-check.png").path
            try? FileManager.default.removeItem(atPath: png)

            let result = try StoreTestSupport.run(
                Self.python,
                Self.arguments(raster: raster, store: store, synthetic: synthetic, png: png),
                environment: ["QT_QPA_PLATFORM": "offscreen"]
            )
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("qgis_check: all checks passed"), "\(result.output)")
            #expect(!result.output.contains("FAIL"), "\(result.output)")
            for band in Self.bands { #expect(result.output.contains("contains '\(band)'"), "\(band)") }
            // The artefact is a real 800×800 image.
            let image = try Dataset.open(path: png)
            #expect(try image.width == 800 && image.height == 800)
        }
    }

    @Test("the check fails when an expectation is wrong (a wrong feature count)")
    func checkCanFail() throws {
        try Self.requireQGIS()
        try StoreTestSupport.withDiskDirectory { directory in
            let synthetic = try SyntheticStore(count: 100)
            let store = directory.appendingPathComponent("coverage.gpkg").path
            let raster = directory.appendingPathComponent("coverage.tif").path
            try synthetic.write(to: store)
            try Self.writeRaster(raster, synthetic)
            let png = directory.appendingPathComponent("check.png").path
            let result = try StoreTestSupport.run(
                Self.python,
                Self.arguments(raster: raster, store: store, synthetic: synthetic, png: png, hexes: 101),
                environment: ["QT_QPA_PLATFORM": "offscreen"]
            )
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("FAIL  hexes feature count 100 == 101"), "\(result.output)")
        }
    }

    @Test("a store across the antimeridian (split cells and links) loads and renders without errors")
    func antimeridian() throws {
        try Self.requireQGIS()
        try StoreTestSupport.withDiskDirectory { directory in
            // Coarse cells, so that they stay visible when the render extent spans the whole ±180° range.
            let synthetic = try SyntheticStore(count: 200, resolution: 2, centerLatitude: -17, centerLongitude: 179.95)
            let store = directory.appendingPathComponent("coverage.gpkg").path
            try synthetic.write(to: store)
            // The store really holds split cells (two parts) and split links.
            let dataset = try VectorDataset.open(path: store)
            let split = try dataset.layer(named: "hexes").features().filter {
                if case .multiPolygon(let parts) = $0.geometry { return parts.count == 2 }
                return false
            }
            #expect(!split.isEmpty)
            try dataset.close()
            let png = directory.appendingPathComponent("antimeridian.png").path
            let result = try StoreTestSupport.run(
                Self.python,
                [
                    Self.script, "--gpkg", store, "--count", "hexes=\(synthetic.hexes.count)",
                    "--count", "hotspots=\(synthetic.hotspots.count)", "--count", "links=\(synthetic.links.count)",
                    "--renderer", "hexes=graduatedSymbol", "--png", png,
                ],
                environment: ["QT_QPA_PLATFORM": "offscreen"]
            )
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("render without errors"), "\(result.output)")
        }
    }
}
