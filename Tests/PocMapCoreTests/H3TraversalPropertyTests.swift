// Property tests of the H3 4.5 traversal functions on seeded random cells: disk sizes away from pentagons,
// validity of every produced index, gridDistance against ring numbers and its symmetry, local IJ round trips,
// neighbour relations, ring/disk consistency.

import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@Suite("H3 4.5 traversal properties (seeded)")
struct H3TraversalPropertyTests {
    /// A random cell at `res` from a point uniform on the sphere.
    static func randomCell(_ rng: inout SplitMix64, res: Int) throws -> H3Cell {
        let lat = asin(2 * rng.nextDouble() - 1) * (180 / Double.pi)
        let lng = 360 * rng.nextDouble() - 180
        return try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: res)
    }

    /// Whether every pentagon at the cell's resolution is farther than `k + 2` cells (by great-circle distance
    /// against twice the average edge length per step), so the disk of radius k is free of pentagon distortion.
    static func farFromPentagons(_ cell: H3Cell, k: Int) throws -> Bool {
        let res = cell.resolution
        let centre = try H3.cellToLatLng(cell)
        let edge = try H3.averageHexagonEdgeLength(resolution: res, unit: .kilometers)
        for p in try H3.pentagons(resolution: res) {
            let d = H3.greatCircleDistance(centre, try H3.cellToLatLng(p), unit: .kilometers)
            if d < Double(k + 3) * 2.2 * edge { return false }
        }
        return true
    }

    @Test("gridDisk(k).count == 3k(k+1)+1 away from pentagons; gridDiskDistances gives the ring numbers")
    func diskSizes() throws {
        var rng = SplitMix64(seed: 0x5eed_0001)
        var tested = 0
        while tested < 400 {
            let res = 1 + rng.nextInt(below: 15)
            let cell = try Self.randomCell(&rng, res: res)
            let k = rng.nextInt(below: 8)
            guard try Self.farFromPentagons(cell, k: k) else { continue }
            tested += 1
            let disk = try H3.gridDisk(cell, k: k)
            #expect(disk.count == 3 * k * (k + 1) + 1, "\(cell) k=\(k)")
            #expect(Set(disk).count == disk.count, "duplicates in \(cell) k=\(k)")
            #expect(disk.first == cell, "spiral order starts at the origin")
            let distances = try H3.gridDiskDistances(cell, k: k)
            #expect(distances.map(\.cell) == disk)
            for ring in 0...k {
                #expect(distances.filter { $0.distance == ring }.count == (ring == 0 ? 1 : 6 * ring))
            }
        }
    }

    @Test("every index produced by gridDisk, gridRing and localIjToCell is a valid cell of the origin's resolution")
    func producedIndexesAreValid() throws {
        var rng = SplitMix64(seed: 0x5eed_0002)
        var cells: [H3Cell] = []
        for res in 0...15 {
            cells.append(contentsOf: try H3.pentagons(resolution: res))
            for _ in 0..<20 { cells.append(try Self.randomCell(&rng, res: res)) }
        }
        var produced = 0
        for origin in cells {
            let k = 1 + rng.nextInt(below: 4)
            for c in try H3.gridDisk(origin, k: k) {
                #expect(c.isValid && c.resolution == origin.resolution, "\(origin) -> \(c)")
                produced += 1
            }
            for c in try H3.gridRing(origin, k: k) {
                #expect(c.isValid && c.resolution == origin.resolution, "\(origin) ring -> \(c)")
                produced += 1
            }
            for _ in 0..<10 {
                let ij = CoordIJ(i: Int32(rng.nextInt(below: 13)) - 6, j: Int32(rng.nextInt(below: 13)) - 6)
                if let c = try? H3.localIjToCell(origin: origin, ij: ij) {
                    #expect(c.isValid && c.resolution == origin.resolution, "\(origin) \(ij) -> \(c)")
                    produced += 1
                }
            }
        }
        #expect(produced > 10_000)
    }

    @Test("gridDistance equals the ring number inside a disk and is symmetric where defined; local IJ round trips")
    func gridDistanceMatchesRings() throws {
        var rng = SplitMix64(seed: 0x5eed_0003)
        var pairs = 0
        var symmetricPairs = 0
        for n in 0..<300 {
            let res = n % 16
            let origin = try Self.randomCell(&rng, res: res)
            let k = 1 + rng.nextInt(below: 5)
            let clean = try Self.farFromPentagons(origin, k: k)
            for (cell, ring) in try H3.gridDiskDistances(origin, k: k) {
                let forward = try? H3.gridDistance(origin, cell)
                let backward = try? H3.gridDistance(cell, origin)
                if clean {
                    #expect(forward == ring, "\(origin) -> \(cell)")
                    let ij = try H3.cellToLocalIj(origin: origin, cell: cell)
                    #expect(try H3.localIjToCell(origin: origin, ij: ij) == cell, "\(origin) \(ij)")
                    pairs += 1
                }
                if let forward, let backward {
                    #expect(forward == backward, "asymmetric \(origin) \(cell)")
                    #expect((forward == 0) == (cell == origin))
                    symmetricPairs += 1
                }
            }
        }
        #expect(pairs > 2_000)
        #expect(symmetricPairs > 3_000)
    }

    @Test("neighbours: ring-1 cells are neighbours both ways, ring-2 cells and the cell itself are not")
    func neighbourRelations() throws {
        var rng = SplitMix64(seed: 0x5eed_0004)
        var origins: [H3Cell] = []
        for res in 0...15 {
            origins.append(contentsOf: try H3.pentagons(resolution: res).prefix(3))
            for _ in 0..<15 { origins.append(try Self.randomCell(&rng, res: res)) }
        }
        for origin in origins {
            let ring1 = try H3.gridRing(origin, k: 1)
            #expect(ring1.count == (origin.isPentagon ? 5 : 6), "\(origin)")
            for c in ring1 {
                #expect(try H3.areNeighborCells(origin, c), "\(origin) \(c)")
                #expect(try H3.areNeighborCells(c, origin), "\(c) \(origin)")
            }
            #expect(try H3.areNeighborCells(origin, origin) == false)
            for c in try H3.gridDiskDistances(origin, k: 2) where c.distance == 2 {
                #expect(try H3.areNeighborCells(origin, c.cell) == false, "\(origin) \(c.cell)")
            }
            if origin.resolution > 0 {
                let parent = try H3.cellToParent(origin, resolution: origin.resolution - 1)
                #expect(throws: H3Error.resolutionMismatch) { try H3.areNeighborCells(origin, parent) }
                #expect(throws: H3Error.resolutionMismatch) { try H3.gridDistance(origin, parent) }
            }
        }
    }

    @Test("gridRing(k) is the distance-k part of gridDiskDistances away from pentagons")
    func ringsMatchDisks() throws {
        var rng = SplitMix64(seed: 0x5eed_0005)
        var tested = 0
        while tested < 200 {
            let res = rng.nextInt(below: 16)
            let origin = try Self.randomCell(&rng, res: res)
            let k = rng.nextInt(below: 6)
            guard try Self.farFromPentagons(origin, k: k) else { continue }
            tested += 1
            let ring = try H3.gridRing(origin, k: k)
            let fromDisk = try H3.gridDiskDistances(origin, k: k).filter { $0.distance == k }.map(\.cell)
            #expect(Set(ring) == Set(fromDisk) && ring.count == (k == 0 ? 1 : 6 * k), "\(origin) k=\(k)")
        }
    }

    @Test("bad input: negative k, invalid cells, huge k at a coarse resolution")
    func badInput() throws {
        let cell = try H3.latLngToCell(LatLng(latitudeDegrees: 48.85, longitudeDegrees: 2.35), resolution: 9)
        #expect(throws: H3Error.domain) { try H3.gridDisk(cell, k: -1) }
        #expect(throws: H3Error.domain) { try H3.gridRing(cell, k: -3) }
        #expect(throws: H3Error.domain) { try H3.gridDiskDistances(cell, k: -1) }
        let invalid = H3Cell(rawValue: cell.rawValue | 1 << 63)
        #expect(throws: H3Error.invalidCell(invalid.rawValue)) { try H3.gridDisk(invalid, k: 1) }
        #expect(throws: H3Error.invalidCell(invalid.rawValue)) { try H3.gridDistance(cell, invalid) }
        // the whole globe at resolution 0, whatever k (the disk cannot hold more than the 122 base cells)
        for k in [10, 1_000, 100_000_000] {
            #expect(Set(try H3.gridDisk(H3.res0Cells()[7], k: k)).count == 122)
        }
        // no cell of resolution 0 is 1,000 steps away (flood fill over the whole globe, then filtered)
        #expect(try H3.gridRing(H3.res0Cells()[7], k: 1_000).isEmpty)
        // a disk or ring that could not be held in memory is refused instead of crashing
        #expect(throws: H3Error.domain) { try H3.gridDisk(cell, k: 1 << 40) }
        #expect(throws: H3Error.domain) { try H3.gridDiskDistances(cell, k: 1 << 40) }
        #expect(throws: H3Error.domain) { try H3.gridRing(cell, k: 1 << 40) }
    }
}
