// Per-cell properties against H3 4.5.0, Tests/Fixtures/h3/cells.tsv. Columns:
//  0 kind  1 cell  2 res  3 base_cell  4 is_pentagon  5 is_class_iii  6 center_lat_rad  7 center_lng_rad
//  8 num_verts  9 verts (lat,lng,lat,lng,... radians)  10 parent at res-1  11 parent at res 0
// 12 centre child at res+1  13 faces  14 children count res+1  15 children count res+2
// 16 area km2  17 area m2  18 area rads2     ('-' where a column does not apply)

import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("H3 4.5 oracle: cell properties")
struct H3OracleCellTests {
    static func rows() throws -> [VectorRow] {
        try VectorFile.h3("cells.tsv").rows
    }

    @Test("the fixture covers pentagons at every resolution, all base cells and 5/6/7/8/10-vertex boundaries")
    func composition() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 2_000)
        var pentagonsPerRes = [Int](repeating: 0, count: 16)
        var baseCells = Set<Int>()
        var vertexCounts = Set<Int>()
        for row in rows {
            let res = try row.int(2)
            if try row.bool(4) { pentagonsPerRes[res] += 1 }
            if res == 0 { baseCells.insert(try row.int(3)) }
            vertexCounts.insert(try row.int(8))
        }
        #expect(pentagonsPerRes == [Int](repeating: 12, count: 16))
        #expect(baseCells == Set(0..<122))
        #expect(vertexCounts.isSuperset(of: [5, 6, 7, 8, 10]))
    }

    @Test("resolution, base cell, pentagon and class III flags, validity")
    func bitFields() throws {
        var log = MismatchLog("cellBitFields")
        for row in try Self.rows() {
            let cell = H3Cell(rawValue: try row.hex(1))
            let res = try row.int(2), base = try row.int(3)
            let pentagon = try row.bool(4), classIII = try row.bool(5)
            let ok = cell.resolution == res && H3.getResolution(cell) == res
                && cell.baseCellNumber == base && H3.getBaseCellNumber(cell) == base
                && cell.isPentagon == pentagon && H3.isPentagon(cell) == pentagon
                && cell.isResClassIII == classIII && H3.isResClassIII(cell) == classIII
                && cell.isValid && H3.isValidCell(cell)
            log.check(ok, "\(row.excerpt(limit: 60)) -> got res \(cell.resolution) base \(cell.baseCellNumber) "
                + "pentagon \(cell.isPentagon) classIII \(cell.isResClassIII) valid \(cell.isValid)")
        }
        log.finish()
    }

    @Test("cellToLatLng: within 1e-9 degrees of the oracle (bitwise count reported)")
    func centres() throws {
        var log = MismatchLog("cellToLatLng")
        var bitwise = 0
        var total = 0
        for row in try Self.rows() {
            let expected = LatLng(lat: try row.double(6), lng: try row.double(7))
            let cellText = row[1]
            let cell = H3Cell(rawValue: try row.hex(1))
            switch attempt({ () throws(H3Error) in try H3.cellToLatLng(cell) }) {
            case .success(let got):
                total += 1
                if bitwiseEqual(got.lat, expected.lat) && bitwiseEqual(got.lng, expected.lng) { bitwise += 1 }
                log.check(withinDegrees(got, expected),
                          "\(cellText): expected \(hexText(expected)) got \(hexText(got))")
            case .failure(let error):
                log.check(false, "\(cellText): expected \(hexText(expected)) got error \(error)")
            }
        }
        print("[h3-oracle] cellToLatLng: \(bitwise) of \(total) centres bitwise equal")
        log.finish()
    }

    @Test("cellToBoundary: same vertex count, every vertex within 1e-9 degrees (bitwise count reported)")
    func boundaries() throws {
        var log = MismatchLog("cellToBoundary")
        var bitwiseCells = 0, bitwiseVertices = 0, totalVertices = 0
        for row in try Self.rows() {
            let count = try row.int(8)
            let flat = try row.doubles(9)
            #expect(flat.count == 2 * count, "\(row.excerpt(limit: 60))")
            let expected = (0..<count).map { LatLng(lat: flat[2 * $0], lng: flat[2 * $0 + 1]) }
            let cell = H3Cell(rawValue: try row.hex(1))
            switch attempt({ () throws(H3Error) in try H3.cellToBoundary(cell) }) {
            case .success(let boundary):
                let got = Array(boundary)
                guard got.count == count else {
                    log.check(false, "\(row[1]): expected \(count) vertices, got \(got.count): \(got.map(hexText))")
                    continue
                }
                var close = true, exact = true
                for (g, e) in zip(got, expected) {
                    totalVertices += 1
                    if bitwiseEqual(g.lat, e.lat) && bitwiseEqual(g.lng, e.lng) { bitwiseVertices += 1 } else { exact = false }
                    if !withinDegrees(g, e) { close = false }
                }
                if exact { bitwiseCells += 1 }
                log.check(close, "\(row[1]): expected \(expected.map(hexText)) got \(got.map(hexText))")
            case .failure(let error):
                log.check(false, "\(row[1]): got error \(error)")
            }
        }
        print("[h3-oracle] cellToBoundary: \(bitwiseCells) of \(log.total) boundaries and "
            + "\(bitwiseVertices) of \(totalVertices) vertices bitwise equal")
        log.finish()
    }

    @Test("cellToParent, cellToCenterChild, cellToChildrenSize")
    func hierarchy() throws {
        var log = MismatchLog("hierarchy")
        for row in try Self.rows() {
            let cell = H3Cell(rawValue: try row.hex(1))
            let res = try row.int(2)
            var checks: [(String, String, String)] = []  // (what, expected, got)
            if res > 0 {
                checks.append(("parent(\(res - 1))", row[10], oracleText(attempt { () throws(H3Error) in
                    try H3.cellToParent(cell, resolution: res - 1) })))
                checks.append(("parent(0)", row[11], oracleText(attempt { () throws(H3Error) in
                    try H3.cellToParent(cell, resolution: 0) })))
            }
            if res < 15 {
                checks.append(("centerChild(\(res + 1))", row[12], oracleText(attempt { () throws(H3Error) in
                    try H3.cellToCenterChild(cell, resolution: res + 1) })))
                checks.append(("childrenSize(\(res + 1))", row[14], oracleText(attempt { () throws(H3Error) in
                    try H3.cellToChildrenSize(cell, resolution: res + 1) })))
            }
            if res < 14 {
                checks.append(("childrenSize(\(res + 2))", row[15], oracleText(attempt { () throws(H3Error) in
                    try H3.cellToChildrenSize(cell, resolution: res + 2) })))
            }
            for (what, expected, got) in checks {
                log.check(expected == got, "\(row[1]) \(what): expected \(expected) got \(got)")
            }
        }
        log.finish()
    }

    @Test("getIcosahedronFaces (sorted)")
    func faces() throws {
        var log = MismatchLog("getIcosahedronFaces")
        for row in try Self.rows() {
            let expected = try row.intList(13)
            let cell = H3Cell(rawValue: try row.hex(1))
            let got = attempt { () throws(H3Error) in try H3.getIcosahedronFaces(cell) }
            switch got {
            case .success(let faces): log.check(faces == expected, "\(row[1]): expected \(expected) got \(faces)")
            case .failure(let error): log.check(false, "\(row[1]): expected \(expected) got error \(error)")
            }
        }
        log.finish()
    }

    @Test("cellArea in km², m² and rad²: within 1e-12 relative (bitwise count reported)")
    func areas() throws {
        var log = MismatchLog("cellArea")
        var bitwise = 0, total = 0
        let units: [(AreaUnit, Int, String)] = [(.squareKilometers, 16, "km2"), (.squareMeters, 17, "m2"),
                                                (.squareRadians, 18, "rads2")]
        for row in try Self.rows() {
            let cell = H3Cell(rawValue: try row.hex(1))
            for (unit, column, name) in units {
                let expected = try row.double(column)
                switch attempt({ () throws(H3Error) in try H3.cellArea(cell, unit: unit) }) {
                case .success(let got):
                    total += 1
                    if bitwiseEqual(got, expected) { bitwise += 1 }
                    log.check(relativelyClose(got, expected),
                              "\(row[1]) \(name): expected \(HexFloat.format(expected)) got \(HexFloat.format(got))")
                case .failure(let error):
                    log.check(false, "\(row[1]) \(name): got error \(error)")
                }
            }
        }
        print("[h3-oracle] cellArea: \(bitwise) of \(total) areas bitwise equal")
        log.finish()
    }

    @Test("reference platform (x86-64 Linux, glibc): centres, vertices and areas are bitwise equal",
          .enabled(if: OracleEnvironment.isReferencePlatform))
    func bitExact() throws {
        var log = MismatchLog("bitExactCellGeometry")
        for row in try Self.rows() {
            let cell = H3Cell(rawValue: try row.hex(1))
            let flat = try row.doubles(9)
            var expected = [try row.double(6), try row.double(7)] + flat
            expected += [try row.double(16), try row.double(17), try row.double(18)]
            let outcome = attempt { () throws(H3Error) -> [Double] in
                let centre = try H3.cellToLatLng(cell)
                let boundary = try H3.cellToBoundary(cell)
                return [centre.lat, centre.lng] + boundary.flatMap { [$0.lat, $0.lng] }
                    + [try H3.cellArea(cell, unit: .squareKilometers), try H3.cellArea(cell, unit: .squareMeters),
                       try H3.cellArea(cell, unit: .squareRadians)]
            }
            switch outcome {
            case .success(let got):
                let differing: [Int] = zip(got, expected).enumerated().compactMap { index, pair in
                    bitwiseEqual(pair.0, pair.1) ? nil : index
                }
                let same = got.count == expected.count && differing.isEmpty
                log.check(same, "\(row[1]): values differing at positions \(differing) (0-1 centre, then "
                    + "vertices, last 3 areas); counts \(got.count)/\(expected.count)")
            case .failure(let error):
                log.check(false, "\(row[1]): got error \(error)")
            }
        }
        log.finish()
    }
}
