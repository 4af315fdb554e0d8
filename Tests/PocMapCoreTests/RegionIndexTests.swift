// The region index lookup core on synthetic sets (the real Helium files are tested in PocMapIOTests).

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("Region index lookup")
struct RegionIndexTests {
    static let paris = LatLng(latitudeDegrees: 48.8566, longitudeDegrees: 2.3522)
    static let denver = LatLng(latitudeDegrees: 39.7392, longitudeDegrees: -104.9903)

    @Test("membership by the res-7 cell or any parent, at every resolution of the set")
    func membership() throws {
        let point = try H3.latLngToCell(Self.paris, resolution: 12)
        for setResolution in 0...7 {
            let member = try H3.cellToParent(point, resolution: setResolution)
            let index = try RegionIndex(regions: [("EU868", [member])])
            #expect(index.finestResolution == setResolution)
            #expect(index.regionName(of: point) == "EU868", "set at res \(setResolution)")
            #expect(try index.regionName(at: Self.paris) == "EU868")
            // a sibling of the member is not inside it
            let siblings = try H3.gridDisk(member, k: 1).filter { $0 != member }
            for sibling in siblings {
                let inside = try H3.cellToCenterChild(sibling, resolution: 12)
                #expect(index.regionName(of: inside) == nil)
            }
        }
    }

    @Test(
        "a finer set cell does not claim its ancestors; a location coarser than the set is looked up upwards"
    )
    func coarseLocations() throws {
        let res7 = try H3.latLngToCell(Self.denver, resolution: 7)
        let index = try RegionIndex(regions: [("US915", [res7])])
        #expect(index.regionName(of: try H3.cellToParent(res7, resolution: 5)) == nil)
        #expect(index.regionName(of: res7) == "US915")
        #expect(index.regionName(of: try H3.cellToCenterChild(res7, resolution: 15)) == "US915")
        let coarse = try RegionIndex(regions: [("US915", [try H3.cellToParent(res7, resolution: 3)])])
        #expect(coarse.regionName(of: try H3.cellToParent(res7, resolution: 5)) == "US915")
        #expect(coarse.regionName(of: H3Cell(rawValue: 0)) == nil)
        #expect(coarse.regionName(of: H3Cell(rawValue: 0xFFFF_FFFF_FFFF_FFFF)) == nil)
    }

    @Test("the bit-op parent walk agrees with cellToParent on a seeded sample of sets")
    func randomSets() throws {
        var rng = SplitMix64(seed: 0x5EED_0007)
        var regions: [(name: String, cells: [H3Cell])] = []
        for regionNumber in 0..<6 {
            var cells: [H3Cell] = []
            for _ in 0..<300 {
                let point = LatLng(
                    lat: asin(2 * rng.nextDouble() - 1),
                    lng: 2 * Double.pi * rng.nextDouble() - Double.pi
                )
                let cell = try H3.latLngToCell(point, resolution: 1 + rng.nextInt(below: 7))
                cells.append(cell)
            }
            regions.append((name: "R\(regionNumber)", cells: cells))
        }
        // Resolve the expected owner by brute force: the finest ancestor held by any region, and among regions
        // holding that same ancestor the first one given.
        let index = try RegionIndex(regions: regions)
        let sets = regions.map { (name: $0.name, cells: Set($0.cells)) }
        var checked = 0
        var hits = 0
        for _ in 0..<20_000 {
            let point = LatLng(lat: asin(2 * rng.nextDouble() - 1), lng: 2 * Double.pi * rng.nextDouble() - Double.pi)
            let cell = try H3.latLngToCell(point, resolution: 12)
            var expected: String? = nil
            search: for resolution in stride(from: 7, through: 0, by: -1) {
                let ancestor = try H3.cellToParent(cell, resolution: resolution)
                for region in sets where region.cells.contains(ancestor) {
                    expected = region.name
                    break search
                }
            }
            #expect(index.regionName(of: cell) == expected)
            checked += 1
            if expected != nil { hits += 1 }
        }
        #expect(checked == 20_000 && hits > 100, "the sample must exercise hits (\(hits)) and misses")
    }

    @Test("overlapping sets: the first region keeps the cell and the overlap is reported")
    func overlaps() throws {
        let cell = try H3.latLngToCell(Self.denver, resolution: 5)
        let other = try H3.latLngToCell(Self.paris, resolution: 5)
        let index = try RegionIndex(regions: [("US915", [cell, cell]), ("Unknown", [cell, other])])
        #expect(index.regionName(of: cell) == "US915")
        #expect(index.regionName(of: other) == "Unknown")
        #expect(index.overlaps == [RegionOverlap(cell: cell, keptBy: "US915", alsoListedBy: "Unknown")])
        #expect(index.cellCount == 2)
        #expect(index.cellCounts == [2, 2])
        #expect(index.regionNames == ["US915", "Unknown"])
    }

    @Test("bad sets are rejected with the region and entry position")
    func errors() throws {
        let good = try H3.latLngToCell(Self.paris, resolution: 7)
        #expect(throws: RegionIndexError.invalidCell(region: "EU868", position: 1, rawValue: 42)) {
            _ = try RegionIndex(regions: [("EU868", [good, H3Cell(rawValue: 42)])])
        }
        let error = RegionIndexError.invalidCell(region: "EU868", position: 1, rawValue: 42)
        #expect(error.description == "region EU868: entry 1 (byte offset 8) is not a valid H3 cell (0x2a)")
        #expect(throws: RegionIndexError.duplicateName("EU868")) {
            _ = try RegionIndex(regions: [("EU868", [good]), ("EU868", [])])
        }
        #expect(throws: RegionIndexError.emptyName) { _ = try RegionIndex(regions: [("", [good])]) }
        let empty = try RegionIndex(regions: [])
        #expect(empty.regionName(of: good) == nil)
        #expect(throws: H3Error.self) { _ = try empty.region(at: LatLng(lat: .nan, lng: 0)) }
    }
}
