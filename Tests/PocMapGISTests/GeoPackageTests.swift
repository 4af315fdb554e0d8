import Foundation
import PocMapGIS
import Testing

@Suite("GeoPackage vector output")
struct GeoPackageTests {
    /// A flat-topped hexagon around (lon, lat) with `radius` degrees: 6 vertices, open ring.
    static func hexagon(lon: Double, lat: Double, radius: Double) -> [Point2D] {
        (0..<6).map { k in
            let angle = Double(k) * .pi / 3
            return Point2D(x: lon + radius * cos(angle), y: lat + radius * sin(angle))
        }
    }

    static let fields = [
        FieldDefinition(name: "h3_index", type: .string, width: 15),
        FieldDefinition(name: "resolution", type: .integer),
        FieldDefinition(name: "h3_int", type: .integer64),
        FieldDefinition(name: "rssi_dbm", type: .real),
        FieldDefinition(name: "last_seen", type: .dateTime),
    ]

    /// Ten cells in a row along latitude 37.7; every third has no RSSI.
    static func cellValues(_ index: Int) -> [FieldValue] {
        [
            .string(String(format: "88283082%07x", index)),
            .integer(8),
            .integer64(0x0882_8308_2000_0000 + Int64(index)),
            index % 3 == 0 ? .null : .real(-100 - Double(index)),
            .dateTime(FieldDateTime(year: 2024, month: 3, day: 1 + index, hour: 12, minute: 30, second: 15)),
        ]
    }

    static func cellGeometry(_ index: Int) -> Geometry {
        .polygon([hexagon(lon: -122.5 + Double(index) * 0.01, lat: 37.7, radius: 0.004)])
    }

    /// Writes `hexes` (10 polygons), `hotspots` (2 points), `links` (1 line) and a `layer_styles` table.
    static func writeGeoPackage(_ path: String) throws {
        let dataset = try VectorDataset.create(path: path, driver: "GPKG")
        let wgs84 = try SpatialReference(epsg: 4326)
        let hexes = try dataset.createLayer(
            name: "hexes",
            spatialReference: wgs84,
            geometryType: .polygon,
            options: ["GEOMETRY_NAME": "geom", "FID": "fid", "SPATIAL_INDEX": "YES", "DESCRIPTION": "H3 cells"]
        )
        for field in fields { try hexes.createField(field) }
        try dataset.withTransaction { () throws(GDALError) in
            for index in 0..<10 {
                try hexes.createFeature(geometry: cellGeometry(index), values: cellValues(index))
            }
        }

        let hotspots = try dataset.createLayer(
            name: "hotspots",
            spatialReference: wgs84,
            geometryType: .point,
            options: ["GEOMETRY_NAME": "geom"]
        )
        try hotspots.createField(FieldDefinition(name: "key", type: .string))
        try hotspots.createFeature(geometry: .point(Point2D(x: -122.45, y: 37.71)), fields: ["key": .string("112a")])
        try hotspots.createFeature(geometry: .point(Point2D(x: -122.41, y: 37.69)), fields: ["key": .string("112b")])

        let links = try dataset.createLayer(name: "links", spatialReference: wgs84, geometryType: .lineString)
        try links.createField(FieldDefinition(name: "distance_m", type: .real))
        try links.createFeature(
            geometry: .lineString([Point2D(x: -122.45, y: 37.71), Point2D(x: -122.41, y: 37.69)]),
            values: [.real(4033.5)]
        )

        try dataset.executeSQL(
            """
            CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256),
            f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30),
            styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT,
            update_time DATETIME DEFAULT CURRENT_TIMESTAMP)
            """
        )
        try dataset.executeSQL(
            """
            INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,
            styleQML, styleSLD, useAsDefault, description, owner)
            VALUES ('', '', 'hexes', 'geom', 'rssi', '<qgis/>', '', 1, 'RSSI classes', '')
            """
        )
        try dataset.close()
    }

    @Test("Round trip: layers, field types, counts, vertex counts, spatial index, layer_styles")
    func roundTrip() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/coverage.gpkg"
            try Self.writeGeoPackage(path)

            let dataset = try VectorDataset.open(path: path)
            // GDAL also lists tables created by plain SQL that gpkg_contents does not register.
            #expect(try dataset.layerNames() == ["hexes", "hotspots", "links", "layer_styles"])

            let hexes = try dataset.layer(named: "hexes")
            #expect(try hexes.geometryType == .polygon)
            #expect(try hexes.geometryColumn == "geom")
            #expect(try hexes.fidColumn == "fid")
            #expect(try hexes.spatialReference()?.epsgCode == 4326)
            #expect(try hexes.spatialReference()?.dataAxisToSRSAxisMapping == [2, 1])
            #expect(try hexes.featureCount() == 10)
            let definitions = try hexes.fieldDefinitions()
            #expect(definitions.map(\.name) == Self.fields.map(\.name))
            #expect(definitions.map(\.type) == [.string, .integer, .integer64, .real, .dateTime])
            #expect(definitions[0].width == 15)

            let features = try hexes.features()
            #expect(features.count == 10)
            for (index, feature) in features.enumerated() {
                #expect(feature.fid == Int64(index + 1))
                #expect(feature.values == Self.cellValues(index))
                guard case .polygon(let rings) = feature.geometry else {
                    Issue.record("feature \(index) is not a polygon")
                    continue
                }
                #expect(rings.count == 1)
                #expect(rings[0].count == 7)  // 6 vertices, closed on writing
                #expect(rings[0].first == rings[0].last)
                #expect(
                    Array(rings[0].prefix(6))
                        == Self.hexagon(lon: -122.5 + Double(index) * 0.01, lat: 37.7, radius: 0.004)
                )
            }
            #expect(features[4]["rssi_dbm"] == .real(-104))
            #expect(features[3]["rssi_dbm"] == .null)

            // R-tree present: the GeoPackage extension table and the fast spatial filter capability.
            let rtree = try dataset.executeSQL(
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'rtree_hexes_geom'"
            )
            #expect(rtree.first?["n"]?.integerValue == 1)
            #expect(try hexes.testCapability("FastSpatialFilter"))

            let contents = try dataset.executeSQL(
                "SELECT description FROM gpkg_contents WHERE table_name = 'hexes'"
            )
            #expect(contents.first?["description"] == .string("H3 cells"))

            let styles = try dataset.executeSQL(
                "SELECT f_table_name, styleName, useAsDefault FROM layer_styles"
            )
            #expect(styles.count == 1)
            #expect(styles.first?["f_table_name"] == .string("hexes"))
            #expect(styles.first?["useAsDefault"]?.integerValue == 1)

            let hotspots = try dataset.layer(named: "hotspots")
            #expect(try hotspots.featureCount() == 2)
            #expect(try hotspots.feature(fid: 2)?.geometry == .point(Point2D(x: -122.41, y: 37.69)))
            #expect(try hotspots.feature(fid: 2)?["key"] == .string("112b"))
            let link = try #require(try dataset.layer(named: "links").nextFeature())
            #expect(link.geometry == .lineString([Point2D(x: -122.45, y: 37.71), Point2D(x: -122.41, y: 37.69)]))
        }
    }

    @Test("Spatial and attribute filters, extent, iteration with nextFeature")
    func filters() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/coverage.gpkg"
            try Self.writeGeoPackage(path)
            let hexes = try VectorDataset.open(path: path).layer(named: "hexes")

            let extent = try hexes.extent()
            #expect(close(extent.minX, -122.504, 1e-12))
            #expect(close(extent.maxX, -122.5 + 0.09 + 0.004, 1e-12))
            #expect(close(extent.minY, 37.7 - 0.004 * sin(Double.pi / 3), 1e-12))

            // Cells 2, 3 and 4 have centres at −122.48, −122.47, −122.46; their hexagons reach ±0.004°.
            try hexes.setSpatialFilter(Envelope(minX: -122.481, minY: 37.69, maxX: -122.459, maxY: 37.71))
            #expect(try hexes.featureCount() == 3)
            #expect(try hexes.features().compactMap(\.fid) == [3, 4, 5])

            try hexes.setAttributeFilter("rssi_dbm IS NOT NULL")
            #expect(try hexes.features().compactMap(\.fid) == [3, 5])  // cell 3 (fid 4) has no RSSI

            try hexes.clearSpatialFilter()
            try hexes.setAttributeFilter(nil)
            try hexes.resetReading()
            var seen = 0
            while let feature = try hexes.nextFeature() {
                seen += 1
                #expect(feature.fieldNames.count == 5)
            }
            #expect(seen == 10)
        }
    }

    @Test("A failed transaction rolls back")
    func rollback() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/rollback.gpkg"
            let dataset = try VectorDataset.create(path: path, driver: "GPKG")
            let layer = try dataset.createLayer(name: "t", spatialReference: nil, geometryType: .point)
            try layer.createField(FieldDefinition(name: "v", type: .integer))
            // The first feature, outside any transaction, also creates the deferred table.
            try layer.createFeature(geometry: .point(Point2D(x: 1, y: 1)), values: [.integer(0)])
            #expect(throws: GDALError.self) {
                try dataset.withTransaction { () throws(GDALError) in
                    try layer.createFeature(geometry: .point(Point2D(x: 0, y: 0)), values: [.integer(1)])
                    try layer.createFeature(geometry: nil, values: [.integer(1), .integer(2)])  // wrong arity
                }
            }
            #expect(try layer.featureCount() == 1)
            #expect(try layer.features().map(\.values) == [[.integer(0)]])
            try dataset.close()
        }
    }

    @Test("gdal_rasterize in process burns the polygons like the command-line tool")
    func rasterize() throws {
        try withMemoryScratch { directory in
            let path = "\(directory)/coverage.gpkg"
            try Self.writeGeoPackage(path)
            let vector = try VectorDataset.open(path: path)
            // Grid over cells 0…4: 0.05° × 0.01° in 0.001° pixels (50 × 10), centre row at lat 37.7005.
            let raster = try Dataset.rasterize(
                vector,
                to: "\(directory)/hexes.tif",
                arguments: [
                    "-l", "hexes", "-a", "rssi_dbm", "-where", "rssi_dbm IS NOT NULL",
                    "-te", "-122.505", "37.695", "-122.455", "37.705", "-ts", "50", "10",
                    "-ot", "Float32", "-a_nodata", "-9999", "-init", "-9999", "-optim", "RASTER", "-of", "GTiff",
                ]
            )
            let values = try raster.band(1).readAll(as: Float.self)
            #expect(try raster.band(1).noDataValue == -9999)
            let transform = try raster.geoTransform()
            #expect(close(transform.originX, -122.505, 1e-12) && close(transform.originY, 37.705, 1e-12))
            #expect(close(transform.pixelWidth, 0.001, 1e-12) && close(transform.pixelHeight, -0.001, 1e-12))
            // Independent expectation: a pixel is burned with cell k's RSSI when its centre lies inside hexagon k.
            for row in 0..<10 {
                for column in 0..<50 {
                    let x = -122.505 + (Double(column) + 0.5) * 0.001
                    let y = 37.705 - (Double(row) + 0.5) * 0.001
                    var expected: Float = -9999
                    for cell in 0..<5 where cell % 3 != 0 {
                        if contains(Self.hexagon(lon: -122.5 + Double(cell) * 0.01, lat: 37.7, radius: 0.004), x, y) {
                            expected = Float(-100 - cell)
                        }
                    }
                    #expect(values[row * 50 + column] == expected, "pixel (\(column), \(row))")
                }
            }
            #expect(values.contains(-101))
            #expect(!values.contains(-100))  // cell 0 has no RSSI and is skipped, not burned as 0

            // Burning into an existing raster with the same grid gives the same pixels.
            let target = try Dataset.create(
                path: "",
                driver: "MEM",
                width: 50,
                height: 10,
                bandCount: 1,
                dataType: .float32
            )
            try target.setGeoTransform(transform)
            try target.setSpatialReference(epsg: 4326)
            try target.band(1).fill(-9999)
            try target.rasterize(
                from: vector,
                arguments: ["-l", "hexes", "-a", "rssi_dbm", "-where", "rssi_dbm IS NOT NULL"]
            )
            #expect(try target.band(1).readAll(as: Float.self) == values)
        }
    }

    /// Even–odd point-in-polygon test.
    func contains(_ ring: [Point2D], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i]
            let b = ring[j]
            if (a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}
