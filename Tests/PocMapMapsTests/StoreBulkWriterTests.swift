import Foundation
import PocMapCore
import PocMapGIS
import PocMapMaps
import Testing

/// The bulk path (rows through SQLite, geometry blobs encoded by hand) against GDAL's feature API on the same rows.
@Suite("coverage.gpkg bulk writer")
struct StoreBulkWriterTests {
    /// The sample rows of `StoreWriterTests` plus 2,000 synthetic hexes, written both ways into `directory`.
    static func writeBoth(_ directory: URL) throws -> (bulk: String, gdal: String) {
        let sample = try StoreTestSupport.withMemoryDirectory { memory in
            try StoreWriterTests.writeSample(memory + "/coverage.gpkg")
        }
        let synthetic = try SyntheticStore(count: 2000)
        let hexes =
            try sample.hexes.map { row in
                // The sample is at resolution 5; bring it to the synthetic rows' resolution 8 (same values).
                var copy = row
                copy.cell = try H3.cellToCenterChild(row.cell, resolution: 8)
                return copy
            } + synthetic.hexes
        let paths = (directory.path + "/bulk.gpkg", directory.path + "/gdal.gpkg")
        for (path, method) in [(paths.0, CoverageStoreWriter.Method.bulk), (paths.1, .gdalFeatures)] {
            let writer = try CoverageStoreWriter(
                path: path,
                resolution: 8,
                metadata: ["model": "free-space"],
                method: method
            )
            #expect(writer.method == method)
            for row in hexes { try writer.add(row) }
            for row in sample.hotspots + synthetic.hotspots { try writer.add(row) }
            for row in sample.links + synthetic.links { try writer.add(row) }
            try writer.finish()
        }
        return paths
    }

    /// Every row of `table` as text (SQLite's `quote()` of each column: blobs as hex, text quoted, numbers exact).
    static func dump(_ dataset: VectorDataset, _ table: String, skipping skipped: Set<String> = []) throws -> [String] {
        let columns = try dataset.executeSQL("PRAGMA table_info(\"\(table)\")")
            .compactMap { $0.values[1].stringValue }
            .filter { !skipped.contains($0) }
        #expect(!columns.isEmpty, "\(table) has columns")
        let select = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
        return try dataset.executeSQL("SELECT \(select) FROM \"\(table)\" ORDER BY 1")
            .map { $0.values.first?.stringValue ?? "" }
    }

    @Test("bulk and GDAL-feature stores hold the same bytes in every table (geometry blobs included)")
    func sameTables() throws {
        try StoreTestSupport.withDiskDirectory { directory in
            let (bulkPath, gdalPath) = try Self.writeBoth(directory)
            let bulk = try VectorDataset.open(path: bulkPath)
            let gdal = try VectorDataset.open(path: gdalPath)
            let tables = [
                "hexes", "hotspots", "links", "store_info", "gpkg_spatial_ref_sys", "gpkg_geometry_columns",
                "gpkg_extensions", "gpkg_ogr_contents", "rtree_hexes_geom", "rtree_hotspots_geom", "rtree_links_geom",
                "rtree_hexes_geom_node", "rtree_hexes_geom_rowid", "rtree_hexes_geom_parent",
            ]
            for table in tables {
                let expected = try Self.dump(gdal, table)
                #expect(!expected.isEmpty, "\(table) has rows")
                #expect(try Self.dump(bulk, table) == expected, "\(table)")
            }
            // Timestamps aside, the contents list and the styles are the same too.
            #expect(
                try Self.dump(bulk, "gpkg_contents", skipping: ["last_change"])
                    == Self.dump(gdal, "gpkg_contents", skipping: ["last_change"])
            )
            #expect(
                try Self.dump(bulk, "layer_styles", skipping: ["update_time"])
                    == Self.dump(gdal, "layer_styles", skipping: ["update_time"])
            )
            // The same schema: tables, R-trees, GDAL's triggers, attribute indexes.
            let schema = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY 1"
            #expect(
                try bulk.executeSQL(schema).map(\.values) == gdal.executeSQL(schema).map(\.values)
            )
            // The hexes' extent is recorded (GDAL reads it as the layer extent).
            let extent = try bulk.executeSQL("SELECT min_x, max_y FROM gpkg_contents WHERE table_name = 'hexes'")
            #expect(extent.first?.values.count == 2 && extent.first?.values.first != .null)
        }
    }

    @Test("GDAL reads the bulk store's features like the GDAL-written ones; ogrinfo and SQLite find no error")
    func readsBack() throws {
        try StoreTestSupport.withDiskDirectory { directory in
            let (bulkPath, gdalPath) = try Self.writeBoth(directory)
            let bulk = try VectorDataset.open(path: bulkPath)
            let gdal = try VectorDataset.open(path: gdalPath)
            for name in ["hexes", "hotspots", "links"] {
                let written = try bulk.layer(named: name)
                let reference = try gdal.layer(named: name)
                #expect(try written.featureCount(force: false) == reference.featureCount(force: true), "\(name)")
                #expect(try written.geometryType == reference.geometryType)
                #expect(try written.extent(force: false) == reference.extent(force: true), "\(name) extent")
                let features = try written.features()
                #expect(features.count > 3)
                #expect(features == (try reference.features()), "\(name) features")
            }
            let hexes = try bulk.layer(named: "hexes").features()
            #expect(hexes.count == 2003)
            // Each hex is the cell's boundary, closed (6 vertices + the first again; no split in the sample).
            if case .multiPolygon(let parts) = hexes[0].geometry {
                #expect(parts.count == 1 && parts[0].count == 1 && parts[0][0].count == 7)
            } else {
                Issue.record("hexes[0] is not a MultiPolygon")
            }
            let integrity = try bulk.executeSQL("SELECT * FROM pragma_integrity_check()")
            #expect(integrity.map(\.values) == [[.string("ok")]])
            #expect(try bulk.executeSQL("SELECT * FROM pragma_foreign_key_check()").isEmpty)
            for name in ["hexes", "hotspots", "links"] {
                let check = try bulk.executeSQL("SELECT rtreecheck('rtree_\(name)_geom')")
                #expect(check.first?.values.first == .string("ok"), "\(name) R-tree")
            }
            let ogrinfo = try StoreTestSupport.run("/usr/bin/ogrinfo", ["-ro", "-al", "-so", bulkPath])
            #expect(ogrinfo.status == 0)
            #expect(!ogrinfo.output.contains("ERROR"), "\(ogrinfo.output)")
            #expect(!ogrinfo.output.contains("Warning"), "\(ogrinfo.output)")
            #expect(ogrinfo.output.contains("Feature Count: 2003"))
            // GDAL's own GeoPackage validation of the geometry blobs: ST_IsEmpty/ST_GeometryType parse each one.
            let types = try bulk.executeSQL("SELECT DISTINCT ST_GeometryType(geom) FROM hexes")
            #expect(types.map(\.values) == [[.string("MULTIPOLYGON")]])
        }
    }

    @Test("a 64 KiB page size gives the same table contents as SQLite's default; a size that is no power of two is refused")
    func pageSize() throws {
        try StoreTestSupport.withDiskDirectory { directory in
            let synthetic = try SyntheticStore(count: 500)
            var paths: [String] = []
            for size in [nil, 65_536] as [Int?] {
                let path = directory.path + "/pages-\(size ?? 0).gpkg"
                let writer = try CoverageStoreWriter(path: path, resolution: 8, pageSize: size)
                for row in synthetic.hexes { try writer.add(row) }
                for row in synthetic.hotspots { try writer.add(row) }
                for row in synthetic.links { try writer.add(row) }
                try writer.finish()
                paths.append(path)
            }
            let small = try VectorDataset.open(path: paths[0])
            let large = try VectorDataset.open(path: paths[1])
            #expect(try small.executeSQL("PRAGMA page_size").first?.values.first?.integerValue == 4096)
            #expect(try large.executeSQL("PRAGMA page_size").first?.values.first?.integerValue == 65_536)
            for table in ["hexes", "hotspots", "links", "rtree_hexes_geom_node", "rtree_links_geom_rowid"] {
                let rows = try Self.dump(small, table)
                #expect(!rows.isEmpty)
                #expect(rows == (try Self.dump(large, table)), "\(table)")
            }
            #expect(throws: StoreError.self) {
                _ = try CoverageStoreWriter(path: directory.path + "/bad.gpkg", resolution: 8, pageSize: 3000)
            }
        }
    }

    @Test("a blob has the GeoPackage 1.3 §2.1.3 layout: GP, version 0, flags, srs 4326, envelope, WKB")
    func blobLayout() throws {
        try StoreTestSupport.withDiskDirectory { directory in
            let (bulkPath, _) = try Self.writeBoth(directory)
            let bulk = try VectorDataset.open(path: bulkPath)
            // A point: flags 0x01 (little endian, no envelope), srs 4326 = 0x10E6, WKB point (type 1).
            let point = try bulk.executeSQL("SELECT hex(geom) FROM hotspots WHERE key = 'alpha'")
            let x = String(format: "%016llX", (-122.4194).bitPattern.littleEndian.byteSwapped)
            let y = String(format: "%016llX", (37.7749).bitPattern.littleEndian.byteSwapped)
            #expect(point.first?.values.first == .string("47500001E6100000" + "0101000000" + x + y))
            // A hexagon: flags 0x03 (little endian, envelope [minx, maxx, miny, maxy]), then a MultiPolygon of one
            // Polygon of one ring of 7 points: 8 + 32 + 9 + 9 + 4 + 7 × 16 = 174 bytes.
            let hex = try bulk.executeSQL(
                "SELECT hex(substr(geom, 1, 4)), length(geom), hex(substr(geom, 41, 9)) FROM hexes WHERE fid = 4"
            )
            #expect(hex.first?.values == [.string("47500003"), .integer(174), .string("010600000001000000")])
        }
    }
}
