import PocMapGIS
import Testing

@Suite("Geometry values through OGR")
struct GeometryTests {
    static let square = [Point2D(x: 0, y: 0), Point2D(x: 1, y: 0), Point2D(x: 1, y: 1), Point2D(x: 0, y: 1)]
    static func closed(_ ring: [Point2D]) -> [Point2D] { ring + [ring[0]] }

    @Test("Every Geometry case survives a GeoPackage round trip; rings come back closed")
    func allCases() throws {
        // A cell split at the antimeridian, as a two-part multipolygon (GIS.md §3).
        let east = [
            Point2D(x: 179.9, y: 10), Point2D(x: 180, y: 10), Point2D(x: 180, y: 10.1), Point2D(x: 179.9, y: 10.1),
        ]
        let west = [
            Point2D(x: -180, y: 10), Point2D(x: -179.9, y: 10), Point2D(x: -179.9, y: 10.1), Point2D(x: -180, y: 10.1),
        ]
        let hole = [Point2D(x: 0.25, y: 0.25), Point2D(x: 0.75, y: 0.25), Point2D(x: 0.5, y: 0.75)]
        let line = [Point2D(x: -1, y: -1), Point2D(x: 2, y: 3), Point2D(x: 5, y: -2)]
        let cases: [(written: Geometry, read: Geometry)] = [
            (.point(Point2D(x: -122.4194, y: 37.7749)), .point(Point2D(x: -122.4194, y: 37.7749))),
            (.lineString(line), .lineString(line)),
            (.polygon([Self.square, hole]), .polygon([Self.closed(Self.square), Self.closed(hole)])),
            (.polygon([Self.closed(Self.square)]), .polygon([Self.closed(Self.square)])),  // already closed: kept
            (.multiPoint(line), .multiPoint(line)),
            (.multiLineString([line, Array(line.reversed())]), .multiLineString([line, Array(line.reversed())])),
            (.multiPolygon([[east], [west]]), .multiPolygon([[Self.closed(east)], [Self.closed(west)]])),
            (
                .collection([.point(Point2D(x: 1, y: 2)), .lineString(line)]),
                .collection([.point(Point2D(x: 1, y: 2)), .lineString(line)])
            ),
        ]
        try withMemoryScratch { directory in
            let path = "\(directory)/geometries.gpkg"
            do {
                let dataset = try VectorDataset.create(path: path, driver: "GPKG")
                let layer = try dataset.createLayer(
                    name: "any",
                    spatialReference: try SpatialReference(epsg: 4326),
                    geometryType: .unknown
                )
                try layer.createField(FieldDefinition(name: "kind", type: .string))
                for item in cases {
                    try layer.createFeature(geometry: item.written, values: [.string("\(item.written.geometryType)")])
                }
                try layer.createFeature(geometry: nil, values: [.null])
                try dataset.close()
            }
            let features = try VectorDataset.open(path: path).layer(named: "any").features()
            #expect(features.count == cases.count + 1)
            for (feature, item) in zip(features, cases) {
                #expect(feature.geometry == item.read)
                #expect(feature["kind"] == .string("\(item.written.geometryType)"))
            }
            #expect(features.last?.geometry == nil)
            #expect(features.last?["kind"] == .null)
        }
    }

    @Test("Layer geometry types map to OGR and back")
    func layerTypes() throws {
        let dataset = try VectorDataset.create(path: "", driver: "Memory")
        for type in GeometryType.allCases {
            let layer = try dataset.createLayer(name: "\(type)", spatialReference: nil, geometryType: type)
            #expect(try layer.geometryType == type)
        }
        #expect(try dataset.layerCount == GeometryType.allCases.count)
        #expect(try dataset.layer(at: 2).name == "lineString")
    }

    @Test("All field value kinds survive a Memory layer round trip")
    func fieldValues() throws {
        let dataset = try VectorDataset.create(path: "", driver: "Memory")
        let layer = try dataset.createLayer(name: "values", spatialReference: nil, geometryType: .none)
        let definitions: [FieldDefinition] = [
            FieldDefinition(name: "i", type: .integer),
            FieldDefinition(name: "flag", type: .integer, subtype: .boolean),
            FieldDefinition(name: "i64", type: .integer64),
            FieldDefinition(name: "r", type: .real),
            FieldDefinition(name: "s", type: .string),
            FieldDefinition(name: "d", type: .date),
            FieldDefinition(name: "dt", type: .dateTime),
            FieldDefinition(name: "b", type: .binary),
            FieldDefinition(name: "il", type: .integerList),
            FieldDefinition(name: "i64l", type: .integer64List),
            FieldDefinition(name: "rl", type: .realList),
            FieldDefinition(name: "sl", type: .stringList),
        ]
        for definition in definitions { try layer.createField(definition) }
        #expect(try layer.fieldDefinitions() == definitions)
        let values: [FieldValue] = [
            .integer(-7), .integer(1), .integer64(0x0882_8308_2fff_ffff), .real(-101.25), .string("päß ✓"),
            .dateTime(FieldDateTime(year: 2024, month: 2, day: 29, timeZoneFlag: 0)),
            .dateTime(FieldDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58.5)),
            .binary([0, 1, 254, 255]), .integerList([1, -2, 3]), .integer64List([Int64.max, Int64.min]),
            .realList([0.5, -1e300]), .stringList(["a", "b c"]),
        ]
        let fid = try layer.createFeature(geometry: nil, values: values)
        let feature = try #require(try layer.feature(fid: fid))
        #expect(feature.values == values)
        #expect(feature.fieldNames == definitions.map(\.name))
        #expect(try layer.fieldIndex(named: "r") == 3)
        #expect(try layer.fieldIndex(named: "nope") == nil)
        #expect(throws: GDALError.self) { try layer.createFeature(geometry: nil, fields: ["nope": .integer(1)]) }
    }
}
