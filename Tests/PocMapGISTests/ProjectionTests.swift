import Foundation
import PocMapGIS
import Testing

@Suite("Spatial references and PROJ transforms")
struct ProjectionTests {
    /// San Francisco; reference values from GIS.md pitfall 9 (PROJ 9.1.1, `cs2cs EPSG:4326 EPSG:3857` with
    /// lon/lat order), which also follow from the spherical Mercator formulas x = Rλ, y = R ln tan(π/4 + φ/2).
    static let sanFrancisco = Point2D(x: -122.4194, y: 37.7749)
    static let mercatorX = -13627665.271
    static let mercatorY = 4547675.354

    @Test("EPSG:4326 → EPSG:3857 forward within 1 cm, inverse within 1e-6°")
    func forwardAndInverse() throws {
        let transform = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
        let projected = try transform.transform(Self.sanFrancisco)
        #expect(close(projected.x, Self.mercatorX, 0.01))
        #expect(close(projected.y, Self.mercatorY, 0.01))
        let back = try transform.transform(projected, direction: .inverse)
        #expect(close(back.x, Self.sanFrancisco.x, 1e-6))
        #expect(close(back.y, Self.sanFrancisco.y, 1e-6))
    }

    @Test("The PROJ result agrees with the spherical Mercator formula")
    func mercatorFormula() throws {
        let transform = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
        let radius = 6378137.0
        for (lon, lat) in [(0.0, 0.0), (151.2093, -33.8688), (-0.1276, 51.5072), (179.9, 84.0)] {
            let p = try transform.transform(Point2D(x: lon, y: lat))
            let x = radius * lon * .pi / 180
            let y = radius * log(tan(.pi / 4 + lat * .pi / 360))
            #expect(close(p.x, x, 1e-6 * max(1, abs(x))))
            #expect(close(p.y, y, 1e-6 * max(1, abs(y))))
        }
    }

    @Test("Buffers: struct-of-arrays and [Point2D] give the single-point results; bad points are counted")
    func buffers() throws {
        let transform = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
        let inputs = [Self.sanFrancisco, Point2D(x: 2.3522, y: 48.8566), Point2D(x: -58.3816, y: -34.6037)]
        let expected = try inputs.map { try transform.transform($0) }

        var xs = inputs.map(\.x)
        var ys = inputs.map(\.y)
        #expect(transform.transform(xs: &xs, ys: &ys) == 0)
        #expect(xs == expected.map(\.x))
        #expect(ys == expected.map(\.y))

        var points = inputs
        #expect(transform.transform(&points) == 0)
        #expect(points == expected)
        #expect(transform.transform(&points, direction: .inverse) == 0)
        for (a, b) in zip(points, inputs) {
            #expect(close(a.x, b.x, 1e-9) && close(a.y, b.y, 1e-9))
        }

        // Latitude 95° is not a position: the single call throws, the buffer call marks and counts it.
        let bad = Point2D(x: 10, y: 95)
        #expect(throws: GDALError.self) { try transform.transform(bad) }
        var mixed = [Self.sanFrancisco, bad]
        #expect(transform.transform(&mixed) == 1)
        #expect(mixed[0] == expected[0])
        #expect(mixed[1].x.isInfinite)
    }

    @Test("SpatialReference: EPSG import, traditional axis order, WKT export, authority code")
    func spatialReference() throws {
        let wgs84 = try SpatialReference(epsg: 4326)
        #expect(wgs84.name == "WGS 84")
        #expect(wgs84.authorityName == "EPSG")
        #expect(wgs84.authorityCode == "4326")
        #expect(wgs84.epsgCode == 4326)
        #expect(wgs84.isGeographic && !wgs84.isProjected)
        #expect(wgs84.dataAxisToSRSAxisMapping == [2, 1])  // what ogrinfo prints for lon/lat data

        let wkt1 = try wgs84.wkt()
        #expect(wkt1.hasPrefix("GEOGCS[\"WGS 84\""))
        let wkt2 = try wgs84.wkt(format: "WKT2_2019")
        #expect(wkt2.hasPrefix("GEOGCRS[\"WGS 84\""))
        let reparsed = try SpatialReference(definition: wkt2)
        #expect(reparsed.isSame(as: wgs84))
        #expect(reparsed.epsgCode == 4326)
        #expect(reparsed.dataAxisToSRSAxisMapping == [2, 1])

        let mercator = try SpatialReference(definition: "EPSG:3857")
        #expect(mercator.isProjected)
        #expect(mercator.epsgCode == 3857)
        #expect(!mercator.isSame(as: wgs84))
        #expect(try mercator.proj4().contains("+proj=merc"))
    }

    @Test("Invalid EPSG codes and CRS definitions give typed errors")
    func invalidCodes() throws {
        let error = #expect(throws: GDALError.self) { try SpatialReference(epsg: 999_999) }
        // GDAL 3.6 answers OGRERR_FAILURE; older releases OGRERR_UNSUPPORTED_SRS.
        #expect(error.map { [.ogrFailure, .ogrUnsupportedSRS].contains($0.code) } == true)
        #expect(error?.operation == "OSRImportFromEPSG")
        #expect(error?.message.contains("999999") == true)

        let projError = #expect(throws: GDALError.self) {
            try CoordinateTransform(from: "EPSG:4326", to: "EPSG:999999")
        }
        #expect(projError?.code.domain == .proj)
        #expect(projError?.message.contains("EPSG:999999") == true)

        #expect(throws: GDALError.self) { try SpatialReference(definition: "not a CRS") }
    }

    @Test("Library versions are the ones the spec was checked with")
    func versions() {
        #expect(GDALLibrary.version.hasPrefix("3."))
        #expect(GDALLibrary.projVersion.split(separator: ".").first.flatMap { Int($0) } ?? 0 >= 6)
        #expect(GDALLibrary.hasDriver("COG"))
        #expect(GDALLibrary.hasDriver("GPKG"))
        #expect(!GDALLibrary.hasDriver("NoSuchDriver"))
    }

    @Test("Separate transforms run concurrently, one PJ_CONTEXT each")
    func concurrentTransforms() async throws {
        let results = try await withThrowingTaskGroup(of: (Int, Point2D).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let transform = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
                    var point = Point2D(x: 0, y: 0)
                    for _ in 0..<200 { point = try transform.transform(Self.sanFrancisco) }
                    return (index, point)
                }
            }
            var collected: [Int: Point2D] = [:]
            for try await (index, point) in group { collected[index] = point }
            return collected
        }
        #expect(results.count == 8)
        for point in results.values {
            #expect(close(point.x, Self.mercatorX, 0.01) && close(point.y, Self.mercatorY, 0.01))
        }
    }
}
