// Differential test of latLngToCell against H3 4.5.0 (h3-py 4.5.0), Tests/Fixtures/h3/latlng_to_cell.tsv.
// Columns: stratum, lat_rad, lng_rad, res, cell_or_error, lat_deg, lng_deg ('-' for radian-only rows).

import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("H3 4.5 oracle: latLngToCell")
struct H3OracleLatLngToCellTests {
    static let strata = ["uniform", "poles", "antimeridian", "pentagon", "icosa_edge", "vertex", "vertex_ulp", "odd", "odd_wrap"]

    @Test("the fixture holds every stress stratum of H3.md section 7 at every resolution")
    func composition() throws {
        let file = try VectorFile.h3("latlng_to_cell.tsv")
        #expect(file.rows.count >= 20_000)
        #expect(file.header.first?.contains("h3-py 4.5.0 (C 4.5.0)") == true)
        var resolutions: [String: Set<Int>] = [:]
        for row in file.rows {
            resolutions[row[0], default: []].insert(try row.int(3))
        }
        for stratum in Self.strata {
            #expect(resolutions[stratum] == Set(0...15), "stratum \(stratum)")
        }
        #expect(resolutions["invalid"]?.contains(16) == true)
        let uniform = file.rows(kind: "uniform").count
        #expect(Double(uniform) / Double(file.rows.count) > 0.45)
    }

    @Test("every row gives the oracle's cell or error: zero mismatches")
    func cells() throws {
        let file = try VectorFile.h3("latlng_to_cell.tsv")
        var log = MismatchLog("latLngToCell")
        var perStratum: [String: (rows: Int, differ: Int)] = [:]
        for row in file.rows {
            let point = LatLng(lat: try row.double(1), lng: try row.double(2))
            let res = try row.int(3)
            let expected = row[4]
            let result = attempt { () throws(H3Error) in try H3.latLngToCell(point, resolution: res) }
            var got = oracleText(result)
            if case .failure(.invalidResolution(let reported)) = result, reported != res {
                got += "(\(reported), expected payload \(res))"
            }
            let ok = got == expected
            log.check(ok, "\(row.excerpt()) -> got \(got)")
            perStratum[row[0], default: (0, 0)].rows += 1
            if !ok { perStratum[row[0], default: (0, 0)].differ += 1 }
        }
        for (stratum, counts) in perStratum.sorted(by: { $0.key < $1.key }) {
            print("[h3-oracle] latLngToCell \(stratum): \(counts.differ) of \(counts.rows) differ")
        }
        log.finish()
    }

    @Test("LatLng(latitudeDegrees:longitudeDegrees:) gives exactly the radians h3-py feeds to C")
    func degreeConversion() throws {
        let file = try VectorFile.h3("latlng_to_cell.tsv")
        var log = MismatchLog("LatLng.init(latitudeDegrees:longitudeDegrees:)")
        for row in file.rows where row[5] != "-" {
            let point = LatLng(latitudeDegrees: try row.double(5), longitudeDegrees: try row.double(6))
            let expectedLat = try row.double(1), expectedLng = try row.double(2)
            let ok = bitwiseEqual(point.lat, expectedLat) && bitwiseEqual(point.lng, expectedLng)
            log.check(ok, "\(row.excerpt()) -> got \(hexText(point))")
        }
        #expect(log.total > 15_000)
        log.finish()
    }
}
