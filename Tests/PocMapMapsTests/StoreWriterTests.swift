import Foundation
import PocMapCore
import PocMapGIS
import PocMapMaps
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("coverage.gpkg writer")
struct StoreWriterTests {
    static let sanFrancisco = (37.7749, -122.4194)

    /// Three hexes (one full, one sparse, one on the antimeridian), three hotspots (one unasserted) and three
    /// links (one crossing the antimeridian, one without a position).
    static func writeSample(_ path: String) throws -> (hexes: [HexRow], hotspots: [HotspotRow], links: [LinkRow]) {
        let center = try StoreTestSupport.cell(sanFrancisco.0, sanFrancisco.1, 5)
        let neighbour = try #require(try H3.gridRing(center, k: 1).first)
        let crossing = try #require(try StoreTestSupport.antimeridianCell(latitude: -16.5, resolution: 5))
        let hexes = [
            HexRow(
                cell: center,
                observedRSSIdBm: -101.5,
                observedWitnesses: 12,
                predictedRSSIdBm: -95.25,
                servingHotspots: 3,
                densityScale: 0.5,
                observedMedianRSSIdBm: -108,
                observedBeaconers: 4,
                lastSeenMilliseconds: 1_709_296_215_250,
                bestServer: "alpha"
            ),
            HexRow(cell: neighbour, predictedRSSIdBm: -131),
            HexRow(cell: crossing, predictedRSSIdBm: -112, servingHotspots: 1, bestServer: "fiji"),
        ]
        let hotspots = [
            HotspotRow(
                key: "alpha",
                location: try StoreTestSupport.cell(37.7749, -122.4194, 12),
                latitudeDegrees: 37.7749,
                longitudeDegrees: -122.4194,
                region: "US915",
                gainTenthsDBi: 23,
                elevationMeters: 15,
                active: true,
                densityScale: 0.5,
                beacons: 10,
                beaconsValid: 9,
                witnesses: 40,
                witnessesValid: 30,
                witnessesSelected: 14,
                beaconShares: 1.25,
                witnessShares: 3.5,
                topInvalidReason: "too_late"
            ),
            HotspotRow(key: "fiji", location: try StoreTestSupport.cell(-16.5, 179.99, 12), region: "AS923_1"),
            HotspotRow(key: "unasserted o'neil", location: nil),
        ]
        let links = [
            LinkRow(
                pocID: "ab12",
                beaconer: "alpha",
                witness: "beta",
                beaconerLocation: LatLng(latitudeDegrees: 37.7749, longitudeDegrees: -122.4194),
                witnessLocation: LatLng(latitudeDegrees: 37.80, longitudeDegrees: -122.40),
                status: "valid",
                rssidBm: -101.5,
                snrdB: 6.25,
                maxRSSIdBm: -60.5,
                distanceMeters: 3289,
                selected: true,
                receivedTimestamp: 1_709_296_215_250
            ),
            LinkRow(
                pocID: "cd34",
                beaconer: "fiji",
                witness: "samoa",
                beaconerLocation: LatLng(latitudeDegrees: 10, longitudeDegrees: 179.5),
                witnessLocation: LatLng(latitudeDegrees: 12, longitudeDegrees: -179.5),
                status: "invalid",
                invalidReason: "max_distance_exceeded"
            ),
            LinkRow(
                pocID: "ef56",
                beaconer: "alpha",
                witness: "unasserted o'neil",
                beaconerLocation: LatLng(latitudeDegrees: 37.7749, longitudeDegrees: -122.4194),
                witnessLocation: nil,
                status: "invalid",
                invalidReason: "not_asserted"
            ),
        ]
        try CoverageStoreWriter.write(
            to: path,
            resolution: 5,
            hexes: hexes,
            hotspots: hotspots,
            links: links,
            metadata: ["model": "free-space"]
        )
        return (hexes, hotspots, links)
    }

    @Test("layers, geometry types, CRS and feature counts read back with GDAL")
    func layers() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            _ = try Self.writeSample(path)
            let dataset = try VectorDataset.open(path: path, drivers: ["GPKG"])
            let names = try dataset.layerNames()
            for name in ["hexes", "hotspots", "links", "store_info"] { #expect(names.contains(name)) }
            let expected: [(String, GeometryType, Int)] = [
                ("hexes", .multiPolygon, 3), ("hotspots", .point, 3), ("links", .multiLineString, 3),
            ]
            for (name, type, count) in expected {
                let layer = try dataset.layer(named: name)
                #expect(try layer.geometryType == type, "\(name)")
                #expect(try layer.featureCount() == count, "\(name)")
                #expect(try layer.geometryColumn == "geom")
                #expect(try layer.fidColumn == "fid")
                let srs = try #require(try layer.spatialReference())
                #expect(srs.isSame(as: try SpatialReference(epsg: 4326)), "\(name)")
            }
            // No partial file is left behind.
            #expect(!VSI.exists(path + ".partial"))
        }
    }

    @Test("field names and types are those of the schema (FORMATS.md §2.3, §2.5-2.6)")
    func fieldTypes() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            _ = try Self.writeSample(path)
            let dataset = try VectorDataset.open(path: path)
            let hexFields = try dataset.layer(named: "hexes").fieldDefinitions()
            #expect(
                hexFields.map(\.name) == [
                    "h3_index", "resolution", "observed_rssi_dbm", "observed_witnesses", "predicted_rssi_dbm",
                    "serving_hotspots", "density_scale", "observed_median_rssi_dbm", "observed_beaconers", "last_seen",
                    "best_server",
                ]
            )
            let types = Dictionary(uniqueKeysWithValues: hexFields.map { ($0.name, $0.type) })
            #expect(types["h3_index"] == .string)
            #expect(types["resolution"] == .integer)
            #expect(types["observed_rssi_dbm"] == .real)
            #expect(types["observed_witnesses"] == .integer)
            #expect(types["last_seen"] == .dateTime)
            let hotspotFields = try dataset.layer(named: "hotspots").fieldDefinitions()
            // hotspots.csv header, FORMATS.md §2.3.
            let csvHeader =
                "key,location,lat,lng,region,gain,elevation,active,density_scale,beacons,beacons_valid,witnesses,"
                + "witnesses_valid,witnesses_selected,beacon_shares,witness_shares,top_invalid_reason"
            #expect(hotspotFields.map(\.name).joined(separator: ",") == csvHeader)
            let active = try #require(hotspotFields.first { $0.name == "active" })
            #expect(active.type == .integer && active.subtype == .boolean)
            let linkFields = try dataset.layer(named: "links").fieldDefinitions().map(\.name)
            for name in ["status", "invalid_reason", "rssi_dbm", "max_rssi_dbm", "distance_m", "beaconer", "witness"] {
                #expect(linkFields.contains(name), "\(name)")
            }
        }
    }

    @Test("values round-trip: numbers, NULLs, UTC date-time, booleans, quotes in keys")
    func values() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            let sample = try Self.writeSample(path)
            let dataset = try VectorDataset.open(path: path)
            let full = try #require(
                try dataset.executeSQL("SELECT * FROM hexes WHERE h3_index = '\(sample.hexes[0].cell)'").first
            )
            #expect(full["resolution"] == .integer(5))
            #expect(full["observed_rssi_dbm"]?.doubleValue == -101.5)
            #expect(full["observed_witnesses"]?.integerValue == 12)
            #expect(full["predicted_rssi_dbm"]?.doubleValue == -95.25)
            #expect(full["serving_hotspots"]?.integerValue == 3)
            #expect(full["density_scale"]?.doubleValue == 0.5)
            #expect(full["observed_median_rssi_dbm"]?.doubleValue == -108)
            #expect(full["observed_beaconers"]?.integerValue == 4)
            #expect(full["best_server"] == .string("alpha"))
            // 1,709,296,215,250 ms = 2024-03-01T12:30:15.250Z (Python's datetime.fromtimestamp, UTC).
            guard case .dateTime(let seen) = try #require(full["last_seen"]) else {
                Issue.record("last_seen is not a date-time: \(String(describing: full["last_seen"]))")
                return
            }
            #expect(seen.year == 2024 && seen.month == 3 && seen.day == 1)
            #expect(seen.hour == 12 && seen.minute == 30)
            #expect(abs(seen.second - 15.25) < 0.001)
            #expect(seen.timeZoneFlag == FieldDateTime.utc)

            let sparse = try #require(
                try dataset.executeSQL("SELECT * FROM hexes WHERE h3_index = '\(sample.hexes[1].cell)'").first
            )
            for column in ["observed_rssi_dbm", "serving_hotspots", "density_scale", "last_seen", "best_server"] {
                #expect(sparse[column] == .null, "\(column)")
            }
            #expect(sparse["observed_witnesses"]?.integerValue == 0)

            let hotspots = try dataset.layer(named: "hotspots").features()
            let alpha = try #require(hotspots.first { $0["key"] == .string("alpha") })
            #expect(alpha["active"]?.integerValue == 1)
            #expect(alpha["gain"]?.integerValue == 23)
            #expect(alpha["witness_shares"]?.doubleValue == 3.5)
            #expect(alpha.geometry == .point(Point2D(x: -122.4194, y: 37.7749)))
            // lat/lng default to the location cell's centre.
            let fiji = try #require(hotspots.first { $0["key"] == .string("fiji") })
            let centre = try H3.cellToLatLng(try StoreTestSupport.cell(-16.5, 179.99, 12))
            #expect(fiji["lat"]?.doubleValue == centre.latitudeDegrees)
            #expect(fiji["lng"]?.doubleValue == centre.longitudeDegrees)
            let unasserted = try #require(hotspots.first { $0["key"] == .string("unasserted o'neil") })
            #expect(unasserted.geometry == nil)
            #expect(unasserted["location"] == .null)
            #expect(unasserted["active"]?.integerValue == 0)

            let noPosition = try #require(
                try dataset.layer(named: "links").features().first { $0["poc_id"] == .string("ef56") }
            )
            #expect(noPosition.geometry == nil)
            #expect(noPosition["invalid_reason"] == .string("not_asserted"))
            #expect(noPosition["rssi_dbm"] == .null)
        }
    }

    @Test("a cell crossing the antimeridian becomes two parts at ±180 with the cell's area")
    func antimeridianCell() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            let sample = try Self.writeSample(path)
            let crossing = sample.hexes[2].cell
            let dataset = try VectorDataset.open(path: path)
            let feature = try #require(
                try dataset.executeSQL("SELECT h3_index, geom FROM hexes WHERE h3_index = '\(crossing)'").first
            )
            guard case .multiPolygon(let parts) = try #require(feature.geometry) else {
                Issue.record("not a multipolygon: \(String(describing: feature.geometry))")
                return
            }
            #expect(parts.count == 2)
            let east = try #require(parts.first { part in part[0].contains { $0.x == 180 } })
            let west = try #require(parts.first { part in part[0].contains { $0.x == -180 } })
            #expect(east[0].allSatisfy { $0.x > 0 && $0.x <= 180 })
            #expect(west[0].allSatisfy { $0.x < 0 && $0.x >= -180 })
            // Unwrap the original boundary independently (negative longitudes + 360) and compare areas.
            let unwrapped = try H3.cellToBoundary(crossing).map {
                Point2D(
                    x: $0.longitudeDegrees < 0 ? $0.longitudeDegrees + 360 : $0.longitudeDegrees,
                    y: $0.latitudeDegrees
                )
            }
            let total = StoreTestSupport.area(east[0]) + StoreTestSupport.area(west[0])
            #expect(abs(total - StoreTestSupport.area(unwrapped)) < 1e-9)
            // Both parts meet the antimeridian at the same latitudes.
            let eastLatitudes = east[0].filter { $0.x == 180 }.map(\.y).sorted()
            let westLatitudes = west[0].filter { $0.x == -180 }.map(\.y).sorted()
            #expect(eastLatitudes.count >= 2)
            #expect(zip(Set(eastLatitudes).sorted(), Set(westLatitudes).sorted()).allSatisfy { abs($0 - $1) < 1e-12 })

            // The other hexes are single parts.
            let normal = try #require(
                try dataset.executeSQL("SELECT geom FROM hexes WHERE h3_index = '\(sample.hexes[0].cell)'").first
            )
            guard case .multiPolygon(let single) = try #require(normal.geometry) else {
                Issue.record("not a multipolygon")
                return
            }
            #expect(single.count == 1)
            #expect(single[0][0].count == 7)  // 6 vertices, closed
        }
    }

    @Test("a link crossing the antimeridian is split at ±180 at the interpolated latitude")
    func antimeridianLink() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            _ = try Self.writeSample(path)
            let dataset = try VectorDataset.open(path: path)
            let feature = try #require(
                try dataset.layer(named: "links").features().first { $0["poc_id"] == .string("cd34") }
            )
            // (10, 179.5) → (12, -179.5): the crossing is half way, at latitude 11.
            // (Positions pass through radians, so compare to 1e-9 degrees.)
            #expect(
                Self.nearlyEqual(
                    feature.geometry,
                    [
                        [Point2D(x: 179.5, y: 10), Point2D(x: 180, y: 11)],
                        [Point2D(x: -180, y: 11), Point2D(x: -179.5, y: 12)],
                    ]
                )
            )
            let plain = try #require(
                try dataset.layer(named: "links").features().first { $0["poc_id"] == .string("ab12") }
            )
            #expect(
                Self.nearlyEqual(plain.geometry, [[Point2D(x: -122.4194, y: 37.7749), Point2D(x: -122.40, y: 37.80)]])
            )
        }
    }

    static func nearlyEqual(_ geometry: Geometry?, _ lines: [[Point2D]]) -> Bool {
        guard case .multiLineString(let parts) = geometry, parts.count == lines.count else { return false }
        return zip(parts, lines).allSatisfy { part, line in
            part.count == line.count
                && zip(part, line).allSatisfy { abs($0.x - $1.x) < 1e-9 && abs($0.y - $1.y) < 1e-9 }
        }
    }

    @Test("a polar cell stays inside ±180/±90 and reaches the pole")
    func polarCell() throws {
        let pole = try StoreTestSupport.cell(90, 0, 2)
        guard case .multiPolygon(let parts) = try StoreGeometry.cellGeometry(pole) else {
            Issue.record("not a multipolygon")
            return
        }
        let points = parts.flatMap { $0.flatMap { $0 } }
        #expect(points.allSatisfy { (-180...180).contains($0.x) && (-90...90).contains($0.y) })
        #expect(points.contains { $0.y == 90 })
        #expect(points.contains { $0.x == 180 } && points.contains { $0.x == -180 })
        // Every boundary vertex lies on some part.
        let vertices = try H3.cellToBoundary(pole)
        for vertex in vertices {
            #expect(
                points.contains {
                    abs($0.x - vertex.longitudeDegrees) < 1e-9 && abs($0.y - vertex.latitudeDegrees) < 1e-9
                }
            )
        }
    }

    @Test("spatial indexes, attribute indexes and store_info are present")
    func indexes() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            _ = try Self.writeSample(path)
            let dataset = try VectorDataset.open(path: path)
            for layer in ["hexes", "hotspots", "links"] {
                let rows = try dataset.executeSQL(
                    "SELECT COUNT(*) FROM gpkg_extensions WHERE table_name = '\(layer)' AND "
                        + "extension_name = 'gpkg_rtree_index'"
                )
                #expect(rows.first?.values.first?.integerValue == 1, "\(layer) R-tree registered")
                let check = try dataset.executeSQL("SELECT rtreecheck('rtree_\(layer)_geom')")
                #expect(check.first?.values.first == .string("ok"), "\(layer) R-tree consistent")
                let tree = try dataset.executeSQL("SELECT COUNT(*) FROM rtree_\(layer)_geom")
                let count = try dataset.layer(named: layer).featureCount()
                let withGeometry = layer == "hexes" ? count : count - 1
                #expect(tree.first?.values.first?.integerValue == Int64(withGeometry), "\(layer) R-tree filled")
            }
            let indexes = try dataset.executeSQL("SELECT name FROM sqlite_master WHERE type = 'index'")
                .compactMap { $0.values.first?.stringValue }
            for name in ["idx_hexes_h3_index", "idx_hotspots_key", "idx_links_beaconer", "idx_links_witness"] {
                #expect(indexes.contains(name), "\(name)")
            }
            // The lookup really uses the index (SQLite's plan says so).
            let plan = try dataset.executeSQL("EXPLAIN QUERY PLAN SELECT * FROM hexes WHERE h3_index = 'x'")
            #expect(plan.contains { $0.values.contains { $0.stringValue?.contains("idx_hexes_h3_index") == true } })
            let info = try dataset.executeSQL("SELECT key, value FROM store_info")
            let pairs = Dictionary(
                uniqueKeysWithValues: info.map { ($0.values[0].stringValue ?? "", $0.values[1].stringValue ?? "") }
            )
            #expect(pairs["resolution"] == "5")
            #expect(pairs["hexes"] == "3")
            #expect(pairs["model"] == "free-space")
            #expect(pairs["software"]?.hasPrefix("pocmap ") == true)
        }
    }

    @Test("the packed hexes R-tree is consistent (SQLite's rtreecheck) and answers windows like a full scan")
    func packedSpatialIndex() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            let synthetic = try SyntheticStore(count: 3000)
            let writer = try CoverageStoreWriter(path: path, resolution: 8)
            #expect(writer.packsSpatialIndexes)
            for row in synthetic.hexes { try writer.add(row) }
            try writer.finish()
            let dataset = try VectorDataset.open(path: path)
            let check = try dataset.executeSQL("SELECT rtreecheck('rtree_hexes_geom')")
            #expect(check.first?.values.first == .string("ok"))
            let depth = try dataset.executeSQL("SELECT count(*) FROM rtree_hexes_geom_rowid")
            #expect(depth.first?.values.first?.integerValue == 3000)
            // Windows: the index (R-tree) against a full scan of the geometries' own envelopes.
            let windows: [(Double, Double, Double, Double)] = [
                (-122.5, 37.7, -122.4, 37.8), (-122.45, 37.76, -122.44, 37.77), (-123, 37, -122, 38), (0, 0, 1, 1),
            ]
            for (west, south, east, north) in windows {
                let indexed = try dataset.executeSQL(
                    "SELECT count(*) FROM rtree_hexes_geom WHERE maxx >= \(west) AND minx <= \(east) AND "
                        + "maxy >= \(south) AND miny <= \(north)"
                )
                let scanned = try dataset.executeSQL(
                    "SELECT count(*) FROM hexes WHERE ST_MaxX(geom) >= \(west) AND ST_MinX(geom) <= \(east) AND "
                        + "ST_MaxY(geom) >= \(south) AND ST_MinY(geom) <= \(north)"
                )
                #expect(indexed.first?.values.first == scanned.first?.values.first, "\(west),\(south),\(east),\(north)")
            }
            // GDAL's own spatial filter path (used by QGIS) finds a cell by its centre.
            let probe = try StoreTestSupport.cell(37.7749, -122.4194)
            let found = try dataset.executeSQL(
                "SELECT h.h3_index FROM hexes h JOIN rtree_hexes_geom r ON h.fid = r.id WHERE r.minx <= -122.4194 "
                    + "AND r.maxx >= -122.4194 AND r.miny <= 37.7749 AND r.maxy >= 37.7749"
            ).compactMap { $0.values.first?.stringValue }
            #expect(found.contains(probe.description))
        }
    }

    @Test("layer_styles holds one default QML + SLD style per layer with QGIS's columns")
    func styles() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            _ = try Self.writeSample(path)
            let dataset = try VectorDataset.open(path: path)
            let columns = try dataset.layer(named: "layer_styles").fieldDefinitions().map(\.name)
            for name in [
                "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
                "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time",
            ] {
                #expect(columns.contains(name), "\(name)")
            }
            let rows = try dataset.layer(named: "layer_styles").features()
            #expect(rows.count == 3)
            for table in ["hexes", "hotspots", "links"] {
                let row = try #require(rows.first { $0["f_table_name"] == .string(table) })
                #expect(row["useAsDefault"]?.integerValue == 1)
                #expect(row["f_geometry_column"] == .string("geom"))
                #expect(row["styleQML"]?.stringValue?.hasPrefix("<!DOCTYPE qgis") == true)
                #expect(row["styleSLD"]?.stringValue?.contains("<StyledLayerDescriptor") == true)
            }
            let hexes = try #require(rows.first { $0["f_table_name"] == .string("hexes") })
            let qml = try #require(hexes["styleQML"]?.stringValue)
            #expect(qml.contains("type=\"graduatedSymbol\"") && qml.contains("attr=\"predicted_rssi_dbm\""))
            #expect(qml.components(separatedBy: "<range ").count - 1 == StoreStyles.predictedRSSIClasses.count)
            let links = try #require(rows.first { $0["f_table_name"] == .string("links") })
            let linkQML = try #require(links["styleQML"]?.stringValue)
            #expect(linkQML.contains("type=\"categorizedSymbol\"") && linkQML.contains("attr=\"status\""))
            // Both QML and SLD are well-formed XML.
            for row in rows {
                for column in ["styleQML", "styleSLD"] {
                    let text = try #require(row[column]?.stringValue)
                    let parser = XMLParser(data: Data(text.utf8))
                    #expect(parser.parse(), "\(column) of \(String(describing: row["f_table_name"]))")
                }
            }
        }
    }

    @Test("bad rows are typed errors; an abandoned or failed writer leaves no file")
    func badInput() throws {
        try StoreTestSupport.withMemoryDirectory { directory in
            let path = directory + "/coverage.gpkg"
            let writer = try CoverageStoreWriter(path: path, resolution: 8)
            let coarse = try StoreTestSupport.cell(10, 10, 7)
            #expect(throws: StoreError.self) { try writer.add(HexRow(cell: coarse)) }
            #expect(throws: StoreError.self) { try writer.add(HexRow(cell: H3Cell(rawValue: 0x1234))) }
            #expect(throws: StoreError.self) {
                try writer.add(HotspotRow(key: "x", location: nil, latitudeDegrees: 95, longitudeDegrees: 0))
            }
            try writer.add(HexRow(cell: try StoreTestSupport.cell(10, 10)))
            #expect(VSI.exists(path + ".partial"))
            writer.abandon()
            #expect(!VSI.exists(path + ".partial"))
            #expect(!VSI.exists(path))
            #expect(throws: StoreError.self) { try writer.add(HexRow(cell: try StoreTestSupport.cell(10, 10))) }
            #expect(throws: StoreError.self) { try CoverageStoreWriter(path: path, resolution: 16) }
        }
    }

    @Test("a finished store replaces an older one at the same path")
    func replaces() throws {
        try StoreTestSupport.withDiskDirectory { directory in
            let path = directory.appendingPathComponent("coverage.gpkg").path
            try SyntheticStore(count: 50).write(to: path)
            try SyntheticStore(count: 20).write(to: path)
            let dataset = try VectorDataset.open(path: path)
            #expect(try dataset.layer(named: "hexes").featureCount() == 20)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["coverage.gpkg"])
        }
    }
}
