// `pocmap map` end to end: the built binary on the hand-made verdict fixture of Tests/Fixtures/map (generated once by
// its make_fixture.py from h3==4.5.0 cells; six active hotspots around Grenoble, three beacons, eleven witness
// lines), outputs read back with the GDAL command-line tools.

import Foundation
import Testing
import _PocMapTestSupport

@Suite("pocmap map")
struct MapCommandTests {
    static let fixture = TestPaths.fixtures.appendingPathComponent("map")
    static let hotspots = fixture.appendingPathComponent("hotspots.csv").path

    private func scratch(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-map-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        return dir
    }

    /// Runs a GDAL tool, `nil` when it is not installed.
    private func tool(_ name: String, _ arguments: [String]) throws -> String? {
        guard
            let path = ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("verdicts + registry -> rasters, GeoPackage and calibration, checked with GDAL")
    func endToEnd() throws {
        let out = try scratch("e2e")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run([
            "map", "--verdicts", Self.fixture.path, "--hotspots", Self.hotspots, "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        )
        #expect(summary["registered_hotspots"] as? Int == 8)
        #expect(summary["active_hotspots"] as? Int == 6)  // H7 unasserted, H8 without a valid verdict
        #expect(summary["verdict_lines"] as? Int == 14)
        #expect(summary["receptions"] as? Int == 10)  // the witness without a beacon has no beaconer
        #expect(summary["valid_receptions"] as? Int == 9)
        #expect(summary["observed_cells"] as? Int == 5)
        #expect(summary["calibration_levels"] as? [String: Int] == ["preset": 6])  // 9 links: no fit anywhere
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            names == [
                "calibration.csv", "coverage.gpkg", "coverage.png", "coverage.qml", "coverage.tif",
                "coverage_class.qml", "coverage_class.tif", "coverage_class.tif.aux.xml",
            ]
        )
        let calibration = try String(contentsOf: out.appendingPathComponent("calibration.csv"), encoding: .utf8)
        let rows = calibration.split(separator: "\n")
        #expect(rows.count == 7)
        #expect(rows.contains("H4,preset,128.950,1.000,2.3200,7.800,3,3.652,4.831"))

        let mapCells = try #require(summary["map_cells"] as? Int)
        guard let info = try tool("gdalinfo", ["-json", out.appendingPathComponent("coverage.tif").path]) else {
            print("skipped the GDAL checks: gdalinfo is not installed")
            return
        }
        let raster = try #require(try JSONSerialization.jsonObject(with: Data(info.utf8)) as? [String: Any])
        let bands = try #require(raster["bands"] as? [[String: Any]])
        #expect(
            bands.map { $0["description"] as? String } == [
                "observed_rssi_dbm", "observed_witnesses", "predicted_rssi_dbm", "serving_hotspots", "density_scale",
            ]
        )
        #expect(bands.allSatisfy { $0["noDataValue"] as? Double == -9999 })
        func statistic(_ band: Int, _ name: String) -> Double? {
            ((bands[band]["metadata"] as? [String: Any])?[""] as? [String: String])?[name].flatMap(Double.init)
        }
        // Hand-computed from the fixture: the res-8 cell of H4 heard 3 valid beacons, the loudest at −95 dBm;
        // every active hotspot is predicted to serve the cells around the cluster.
        #expect(statistic(0, "STATISTICS_MAXIMUM") == -95)
        #expect(statistic(1, "STATISTICS_MAXIMUM") == 3)
        #expect(statistic(3, "STATISTICS_MAXIMUM") == 6)
        #expect(statistic(4, "STATISTICS_MAXIMUM") == 1)
        let metadata = try #require((raster["metadata"] as? [String: Any])?[""] as? [String: String])
        #expect(metadata["PROPAGATION_MODEL"] == "log-distance")
        #expect(metadata["H3_RESOLUTION"] == "8")
        #expect(metadata["CALIBRATION_LEVELS"] == "preset=6")
        // Valid receptions from 1700000001100 to 1700000004000 ms (whole seconds, UTC).
        #expect(metadata["TIME_RANGE"] == "2023-11-14T22:13:21Z/2023-11-14T22:13:24Z")
        let wkt = ((raster["coordinateSystem"] as? [String: Any])?["wkt"] as? String) ?? ""
        #expect(wkt.hasSuffix("ID[\"EPSG\",4326]]"))

        let gpkg = out.appendingPathComponent("coverage.gpkg").path
        for (layer, count) in [("hexes", mapCells), ("hotspots", 8), ("links", 11)] {
            let text = try #require(try tool("ogrinfo", ["-ro", "-so", gpkg, layer]))
            #expect(text.contains("Feature Count: \(count)"), "\(layer)")
        }
        let h4 = try #require(
            try tool(
                "ogrinfo",
                [
                    "-ro", "-q", "-sql",
                    "SELECT observed_witnesses, observed_rssi_dbm, observed_median_rssi_dbm, observed_beaconers, "
                        + "best_server, serving_hotspots FROM hexes WHERE h3_index = '881f9ed917fffff'",
                    gpkg,
                ]
            )
        )
        for line in [
            "observed_witnesses (Integer) = 3", "observed_rssi_dbm (Real) = -95",
            "observed_median_rssi_dbm (Real) = -104",
            "observed_beaconers (Integer) = 3", "best_server (String) = H4",
        ] {
            #expect(h4.contains(line), "\(line) in \(h4)")
        }
        let h8 = try #require(
            try tool(
                "ogrinfo",
                [
                    "-ro", "-q", "-sql", "SELECT active, top_invalid_reason FROM hotspots WHERE key = 'H8'",
                    gpkg,
                ]
            )
        )
        #expect(h8.contains("active (Integer(Boolean)) = 0"), "\(h8)")
        #expect(h8.contains("top_invalid_reason (String) = bad_rssi"), "\(h8)")
    }

    @Test("another CRS and a fixed model: EPSG:3857 rasters, Hata warnings in the metadata")
    func webMercator() throws {
        let out = try scratch("3857")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run([
            "map", "--verdicts", Self.fixture.appendingPathComponent("verdicts.ndjson").path, "--hotspots",
            Self.hotspots, "--out", out.path, "--crs", "EPSG:3857", "--model", "hata-urban", "--res", "9", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("calibration.csv").path))
        guard let info = try tool("gdalinfo", ["-json", out.appendingPathComponent("coverage.tif").path]) else {
            return
        }
        let raster = try #require(try JSONSerialization.jsonObject(with: Data(info.utf8)) as? [String: Any])
        let wkt = ((raster["coordinateSystem"] as? [String: Any])?["wkt"] as? String) ?? ""
        #expect(wkt.hasSuffix("ID[\"EPSG\",3857]]"))
        let metadata = try #require((raster["metadata"] as? [String: Any])?[""] as? [String: String])
        #expect(metadata["PROPAGATION_MODEL"] == "hata-urban")
        #expect(metadata["H3_RESOLUTION"] == "9")
        // 10 m antennas are below Hata's 30–200 m base heights: every hotspot carries the warning.
        #expect(metadata["MODEL_WARNINGS"]?.contains("transmitter_height_out_of_range=6") == true)
    }

    @Test("bad input: empty verdicts, missing verdicts, unknown model, antimeridian bbox, unwritable output")
    func errors() throws {
        let dir = try scratch("errors")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("verdicts.ndjson")
        try Data().write(to: empty)
        let out = dir.appendingPathComponent("out").path
        let none = try BinaryRunner.run(["map", "--verdicts", empty.path, "--hotspots", Self.hotspots, "--out", out])
        #expect(none.status == 2)
        #expect(none.stderr.contains("holds no verdict"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/coverage.tif"))
        // No leftovers of the staging directory.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: out))?.isEmpty ?? true)

        let missing = try BinaryRunner.run([
            "map", "--verdicts", dir.appendingPathComponent("nothing").path, "--hotspots", Self.hotspots, "--out", out,
        ])
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"))
        let model = try BinaryRunner.run([
            "map", "--verdicts", Self.fixture.path, "--hotspots", Self.hotspots, "--out", out, "--model", "itm",
        ])
        #expect(model.status == 2 && model.stderr.contains("unknown --model 'itm'"))
        let bbox = try BinaryRunner.run([
            "map", "--verdicts", Self.fixture.path, "--hotspots", Self.hotspots, "--out", out, "--bbox",
            "170,-10,-170,10", "--quiet",
        ])
        #expect(bbox.status == 2 && bbox.stderr.contains("antimeridian"), "\(bbox.stderr)")
        let tiny = try BinaryRunner.run([
            "map", "--verdicts", Self.fixture.path, "--hotspots", Self.hotspots, "--out", out, "--pixel", "0.0000001",
            "--quiet",
        ])
        #expect(tiny.status == 2 && tiny.stderr.contains("coarser pixel"), "\(tiny.stderr)")

        // A regular file where the output directory should be.
        let blocker = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let unwritable = try BinaryRunner.run([
            "map", "--verdicts", Self.fixture.path, "--hotspots", Self.hotspots, "--out", blocker.path + "/sub",
            "--quiet",
        ])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot write to the output directory"), "\(unwritable.stderr)")
    }

    @Test(
        "QGIS acceptance on the map's own outputs: layers load, check and render headlessly (PNG kept)",
        .enabled(if: ProcessInfo.processInfo.environment["POCMAP_SKIP_QGIS"] != "1", "POCMAP_SKIP_QGIS=1")
    )
    func qgisAcceptance() throws {
        let out = try scratch("qgis")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run([
            "map", "--verdicts", Self.fixture.path, "--hotspots", Self.hotspots, "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        )
        let mapCells = try #require(summary["map_cells"] as? Int)
        // CI installs QGIS (Scripts/setup.sh); a missing PyQGIS fails loudly, as in PocMapMapsTests' QGIS suite.
        let probe = try tool("python3", ["-c", "import qgis.core; print('pyqgis')"]) ?? ""
        try #require(probe.contains("pyqgis"), "PyQGIS is missing: run Scripts/setup.sh or set POCMAP_SKIP_QGIS=1")
        let artifacts =
            ProcessInfo.processInfo.environment["POCMAP_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
            ?? TestPaths.repositoryRoot.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let png = artifacts.appendingPathComponent("qgis-map-check.png").path
        let check = try #require(
            try tool(
                "python3",
                [
                    TestPaths.repositoryRoot.appendingPathComponent("Scripts/qgis_check.py").path,
                    "--raster", out.appendingPathComponent("coverage.tif").path,
                    "--bands", "observed_rssi_dbm,observed_witnesses,predicted_rssi_dbm,serving_hotspots,density_scale",
                    "--gpkg", out.appendingPathComponent("coverage.gpkg").path,
                    "--count", "hexes=\(mapCells)", "--count", "hotspots=8", "--count", "links=11", "--png", png,
                ]
            )
        )
        #expect(check.contains("qgis_check: all checks passed"), "\(check)")
        #expect(FileManager.default.fileExists(atPath: png))
    }
}
