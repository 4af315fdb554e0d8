// Seeded property tests of the H3 engine (H3.md section 8). gridDisk/gridDistance properties live with
// the traversal tests. Random inputs come from SplitMix64 so every run checks the same cells.

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("H3 properties (seeded)")
struct H3PropertiesTests {
    static let seed: UInt64 = 0x9E37_4A55_0000_0450

    /// A point uniform on the sphere (radians).
    static func randomPoint(_ rng: inout SplitMix64) -> LatLng {
        LatLng(lat: asin(2 * rng.nextDouble() - 1), lng: 2 * Double.pi * rng.nextDouble() - Double.pi)
    }

    /// `count` random cells at `res` plus the 12 pentagons of that resolution.
    static func sampleCells(res: Int, count: Int, salt: UInt64) throws -> [H3Cell] {
        var rng = SplitMix64(seed: seed ^ (UInt64(res) << 32) ^ salt)
        var cells: [H3Cell] = []
        for _ in 0..<count {
            cells.append(try H3.latLngToCell(randomPoint(&rng), resolution: res))
        }
        return cells + (try H3.pentagons(resolution: res))
    }

    @Test("cell -> centre -> cell round trip", arguments: 0...15)
    func centreRoundTrip(res: Int) throws {
        var failures: [String] = []
        let cells = try Self.sampleCells(res: res, count: 600, salt: 1)
        for cell in cells {
            let centre = try H3.cellToLatLng(cell)
            let back = try H3.latLngToCell(centre, resolution: res)
            if back != cell { failures.append("\(cell) -> \(hexText(centre)) -> \(back)") }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cells.count) cells at res \(res) do not round-trip: \(failures.prefix(5))")
    }

    @Test("produced indexes are valid and carry the requested resolution", arguments: 0...15)
    func producedIndexesValid(res: Int) throws {
        var rng = SplitMix64(seed: Self.seed ^ 0xA11 ^ UInt64(res))
        let pentagons = Set(try H3.pentagons(resolution: res))
        #expect(pentagons.count == 12)
        var bad: [String] = []
        for _ in 0..<1_000 {
            let point = Self.randomPoint(&rng)
            let cell = try H3.latLngToCell(point, resolution: res)
            if !cell.isValid || cell.resolution != res || cell.baseCellNumber >= 122
                || cell.isPentagon != pentagons.contains(cell) || cell.isResClassIII != (res % 2 == 1) {
                bad.append("\(hexText(point)) -> \(String(cell.rawValue, radix: 16))")
            }
        }
        for pentagon in pentagons where !(pentagon.isValid && pentagon.isPentagon && pentagon.resolution == res) {
            bad.append("pentagon \(pentagon)")
        }
        #expect(bad.isEmpty, "\(bad.prefix(5))")
    }

    @Test("children: counts 7^d (pentagons 1 + 5(7^d - 1)/6), all valid, distinct, with the cell as parent",
          arguments: 0...14)
    func children(res: Int) throws {
        let cells = try Self.sampleCells(res: res, count: 12, salt: 2)
        for cell in cells {
            let maxDelta = min(15 - res, 3)
            for delta in 1...maxDelta {
                let childRes = res + delta
                let children = try H3.cellToChildren(cell, resolution: childRes)
                var sevenPow = 1
                for _ in 0..<delta { sevenPow *= 7 }
                let expectedCount = cell.isPentagon ? 1 + 5 * (sevenPow - 1) / 6 : sevenPow
                #expect(children.count == expectedCount, "\(cell) -> res \(childRes)")
                #expect(try H3.cellToChildrenSize(cell, resolution: childRes) == expectedCount)
                #expect(Set(children).count == children.count, "\(cell): duplicate children")
                let centre = try H3.cellToCenterChild(cell, resolution: childRes)
                #expect(children.contains(centre), "\(cell): centre child \(centre) missing")
                #expect(centre.isPentagon == cell.isPentagon)
                var wrong: [String] = []
                for child in children {
                    let parent = try H3.cellToParent(child, resolution: res)
                    if !child.isValid || child.resolution != childRes || parent != cell
                        || child.baseCellNumber != cell.baseCellNumber {
                        wrong.append("\(String(child.rawValue, radix: 16)) (parent \(parent))")
                    }
                }
                #expect(wrong.isEmpty, "\(cell) -> res \(childRes): \(wrong.prefix(5))")
                let pentagonChildren = children.filter(\.isPentagon)
                #expect(pentagonChildren == (cell.isPentagon ? [centre] : []))
                // each intermediate parent is the parent of the child's parent one level up
                if let child = children.last, delta >= 2 {
                    let mid = try H3.cellToParent(child, resolution: childRes - 1)
                    #expect(try H3.cellToParent(mid, resolution: res) == cell)
                    #expect(try H3.cellToChildren(mid, resolution: childRes).contains(child))
                }
            }
        }
    }

    @Test("±0.0 coordinates keep their sign and give the oracle's cells at every resolution")
    func signedZeros() throws {
        let rows = try VectorFile.h3("latlng_to_cell.tsv").rows(kind: "odd").filter { row in
            (try? row.double(5)) == 0 && (try? row.double(6)) == 0
        }
        #expect(rows.count == 64)  // 4 sign combinations x 16 resolutions
        var signs = Set<String>()
        for row in rows {
            let latDeg = try row.double(5), lngDeg = try row.double(6)
            let point = LatLng(latitudeDegrees: latDeg, longitudeDegrees: lngDeg)
            #expect(point.lat.sign == latDeg.sign && point.lng.sign == lngDeg.sign && point.lat == 0 && point.lng == 0)
            signs.insert("\(latDeg.sign)\(lngDeg.sign)")
            let cell = try H3.latLngToCell(point, resolution: try row.int(3))
            #expect(String(cell.rawValue, radix: 16) == row[4], "\(row.excerpt())")
        }
        #expect(signs.count == 4)
    }

    @Test("lng, lng + 360° and lng - 360° each give the oracle's cell (no input normalisation)")
    func longitudeWrap() throws {
        let rows = try VectorFile.h3("latlng_to_cell.tsv").rows(kind: "odd_wrap")
        #expect(rows.count >= 3 * 16 && rows.count % 3 == 0)
        var sameCell = 0
        for start in stride(from: 0, to: rows.count, by: 3) {
            let base = rows[start]
            let latDeg = try base.double(5), lngDeg = try base.double(6)
            var cells: [String] = []
            for (offset, shift) in [(0, 0.0), (1, 360.0), (2, -360.0)] {
                let row = rows[start + offset]
                let shifted = lngDeg + shift
                let rowLat = try row.double(5), rowLng = try row.double(6), rowLngRad = try row.double(2)
                #expect(bitwiseEqual(shifted, rowLng) && bitwiseEqual(latDeg, rowLat), "\(row.excerpt()): triple out of order")
                let point = LatLng(latitudeDegrees: latDeg, longitudeDegrees: shifted)
                #expect(bitwiseEqual(point.lng, rowLngRad), "\(row.excerpt())")
                let cell = try H3.latLngToCell(point, resolution: try row.int(3))
                let text = String(cell.rawValue, radix: 16)
                #expect(text == row[4], "\(row.excerpt()) -> got \(text)")
                cells.append(text)
            }
            if Set(cells).count == 1 { sameCell += 1 }
        }
        print("[h3-properties] lng ± 360°: \(sameCell) of \(rows.count / 3) triples land in one cell")
    }
}
