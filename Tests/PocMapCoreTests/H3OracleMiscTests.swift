// Distances, unit conversions, averages, pentagon/base-cell lists, hierarchy edge cases and text form
// against H3 4.5.0, Tests/Fixtures/h3/misc.tsv (first column names the kind of row).

import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("H3 4.5 oracle: misc")
struct H3OracleMiscTests {
    static func rows(_ kind: String) throws -> [VectorRow] {
        let rows = try VectorFile.h3("misc.tsv").rows(kind: kind)
        #expect(!rows.isEmpty, "misc.tsv has no \(kind) rows")
        return rows
    }

    @Test("greatCircleDistance in km, m and radians: within 1e-12 relative (bitwise on the reference platform)")
    func greatCircle() throws {
        var log = MismatchLog("greatCircleDistance")
        var bitwise = 0, total = 0
        let rows = try Self.rows("gcd")
        #expect(rows.count >= 500)
        for row in rows {
            let a = LatLng(lat: try row.double(1), lng: try row.double(2))
            let b = LatLng(lat: try row.double(3), lng: try row.double(4))
            for (unit, column) in [(LengthUnit.kilometers, 5), (.meters, 6), (.radians, 7)] {
                let expected = try row.double(column)
                let got = H3.greatCircleDistance(a, b, unit: unit)
                total += 1
                let exact = bitwiseEqual(got, expected)
                if exact { bitwise += 1 }
                let ok = OracleEnvironment.isReferencePlatform ? exact : relativelyClose(got, expected)
                log.check(ok, "\(row.excerpt()) \(unit): got \(HexFloat.format(got))")
            }
        }
        print("[h3-oracle] greatCircleDistance: \(bitwise) of \(total) bitwise equal")
        log.finish()
    }

    @Test("degree/radian conversion multiplies by M_PI_180 and M_180_PI exactly")
    func conversions() throws {
        var log = MismatchLog("degreeRadianConversion")
        for row in try Self.rows("degs_to_rads") {
            let degrees = try row.double(1), expected = try row.double(2)
            let point = LatLng(latitudeDegrees: degrees, longitudeDegrees: degrees)
            log.check(bitwiseEqual(point.lat, expected) && bitwiseEqual(point.lng, expected),
                      "\(row.excerpt()) -> got \(HexFloat.format(point.lat)), \(HexFloat.format(point.lng))")
        }
        for row in try Self.rows("rads_to_degs") {
            let radians = try row.double(1), expected = try row.double(2)
            let point = LatLng(lat: radians, lng: radians)
            log.check(bitwiseEqual(point.latitudeDegrees, expected) && bitwiseEqual(point.longitudeDegrees, expected),
                      "\(row.excerpt()) -> got \(HexFloat.format(point.latitudeDegrees))")
        }
        log.finish()
    }

    @Test("averageHexagonArea and averageHexagonEdgeLength: C's tables, errors outside 0...15")
    func averages() throws {
        var log = MismatchLog("averageHexagonAreaAndEdgeLength")
        func text(_ result: Result<Double, H3Error>, _ res: Int) -> String {
            switch result {
            case .success(let value): HexFloat.format(value)
            case .failure(.invalidResolution(let reported)) where reported == res: "H3ResDomainError"
            case .failure(let error): "\(error.oracleName) (\(error))"
            }
        }
        for row in try Self.rows("avg_area") {
            let res = try row.int(1)
            let km2 = text(attempt { () throws(H3Error) in try H3.averageHexagonArea(resolution: res, unit: .squareKilometers) }, res)
            let m2 = text(attempt { () throws(H3Error) in try H3.averageHexagonArea(resolution: res, unit: .squareMeters) }, res)
            log.check(km2 == row[2] && m2 == row[3], "\(row.excerpt()) -> got \(km2) \(m2)")
        }
        for row in try Self.rows("avg_edge") {
            let res = try row.int(1)
            let km = text(attempt { () throws(H3Error) in try H3.averageHexagonEdgeLength(resolution: res, unit: .kilometers) }, res)
            let m = text(attempt { () throws(H3Error) in try H3.averageHexagonEdgeLength(resolution: res, unit: .meters) }, res)
            log.check(km == row[2] && m == row[3], "\(row.excerpt()) -> got \(km) \(m)")
        }
        log.finish()
    }

    @Test("pentagons(resolution:) and res0Cells()")
    func pentagonsAndBaseCells() throws {
        var log = MismatchLog("pentagonsAndRes0Cells")
        for row in try Self.rows("pentagons") {
            let res = try row.int(1)
            switch attempt({ () throws(H3Error) in try H3.pentagons(resolution: res) }) {
            case .success(let cells):
                let got = cells.map(\.rawValue).sorted()
                let expected = row[2].hasPrefix("H3") ? [] : try row.hexList(2).sorted()
                log.check(got == expected && got.count == 12, "\(row.excerpt()) -> got \(cells)")
            case .failure(let error):
                var ok = error.oracleName == row[2]
                if case .invalidResolution(let reported) = error { ok = ok && reported == res }
                log.check(ok, "\(row.excerpt()) -> got error \(error)")
            }
        }
        for row in try Self.rows("res0") {
            let got = H3.res0Cells().map(\.rawValue)
            log.check(got.sorted() == (try row.hexList(2)).sorted() && got.count == 122,
                      "res0Cells: got \(got.count) cells: \(got.prefix(5))...")
        }
        log.finish()
    }

    @Test("cellToParent, cellToCenterChild, cellToChildrenSize at out-of-range and same resolutions")
    func hierarchyEdges() throws {
        var log = MismatchLog("hierarchyEdgeCases")
        for kind in ["parent", "center_child", "children_size"] {
            for row in try Self.rows(kind) {
                let cell = H3Cell(rawValue: try row.hex(1))
                let res = try row.int(2)
                let got: String
                var payload: Int? = nil
                switch kind {
                case "parent":
                    let r = attempt { () throws(H3Error) in try H3.cellToParent(cell, resolution: res) }
                    got = oracleText(r)
                    if case .failure(.invalidResolution(let p)) = r { payload = p }
                case "center_child":
                    let r = attempt { () throws(H3Error) in try H3.cellToCenterChild(cell, resolution: res) }
                    got = oracleText(r)
                    if case .failure(.invalidResolution(let p)) = r { payload = p }
                default:
                    let r = attempt { () throws(H3Error) in try H3.cellToChildrenSize(cell, resolution: res) }
                    got = oracleText(r)
                    if case .failure(.invalidResolution(let p)) = r { payload = p }
                }
                log.check(got == row[3] && (payload == nil || payload == res),
                          "\(row.excerpt()) -> got \(got)\(payload.map { " (payload \($0))" } ?? "")")
            }
        }
        log.finish()
    }

    @Test("cellToChildren gives the oracle's set of children")
    func children() throws {
        var log = MismatchLog("cellToChildren")
        for row in try Self.rows("children") {
            let cell = H3Cell(rawValue: try row.hex(1))
            let res = try row.int(2)
            let expected = try row.hexList(3)
            switch attempt({ () throws(H3Error) in try H3.cellToChildren(cell, resolution: res) }) {
            case .success(let children):
                let got = children.map(\.rawValue)
                log.check(got.count == expected.count && Set(got) == Set(expected),
                          "\(row[1]) -> res \(res): expected \(expected.count) children, got \(got.count) "
                          + "(\(Set(expected).subtracting(got).count) missing, \(Set(got).subtracting(expected).count) extra)")
            case .failure(let error):
                log.check(false, "\(row[1]) -> res \(res): got error \(error)")
            }
        }
        log.finish()
    }

    @Test("text form: h3ToString, description, stringToH3 in both cases, non-hex text refused")
    func strings() throws {
        var log = MismatchLog("h3ToStringAndStringToH3")
        for row in try Self.rows("h3_to_string") {
            let cell = H3Cell(rawValue: try row.hex(1))
            let text = H3.h3ToString(cell)
            log.check(text == row[2], "\(row.excerpt()) -> h3ToString gave \(text)")
            if cell.isValid {
                log.check(cell.description == row[2], "\(row.excerpt()) -> description gave \(cell.description)")
            }
        }
        for row in try Self.rows("string_to_h3") {
            let text = row[1]
            let result = attempt { () throws(H3Error) in try H3.stringToH3(text) }
            if row[2] == "H3FailedError" {
                // C's stringToH3 reports text without hex digits as E_FAILED; our API names that case.
                var ok = false
                if case .failure(.invalidString) = result { ok = true }
                log.check(ok, "\(row.excerpt()) -> expected H3Error.invalidString, got \(result)")
            } else {
                log.check(oracleText(result) == row[2], "\(row.excerpt()) -> got \(oracleText(result))")
            }
        }
        log.finish()
    }
}
