import Testing

@testable import PocMapCore

@Suite("Coverage: observed aggregation")
struct CoverageObservedTests {
    /// Two res-8 cells for the witnesses, one for the beaconers (Grenoble area).
    private let cellA = try! H3.latLngToCell(LatLng(latitudeDegrees: 45.19, longitudeDegrees: 5.72), resolution: 8)
    private let cellB = try! H3.latLngToCell(LatLng(latitudeDegrees: 45.25, longitudeDegrees: 5.80), resolution: 8)
    private let cellC = try! H3.latLngToCell(LatLng(latitudeDegrees: 45.10, longitudeDegrees: 5.60), resolution: 8)

    private func child(_ cell: H3Cell, _ n: Int) -> H3Cell { try! H3.cellToChildren(cell, resolution: 12)[n] }

    private func reception(
        _ beaconer: String,
        at beaconerCell: H3Cell?,
        _ witness: String,
        at witnessCell: H3Cell?,
        rssi: Double,
        t: Int64,
        km: Double?,
        valid: Bool = true
    ) -> WitnessReception {
        WitnessReception(
            beaconerKey: beaconer,
            beaconerLocation: beaconerCell,
            witnessKey: witness,
            witnessLocation: witnessCell,
            rssiDBm: rssi,
            status: valid ? .valid : .invalid,
            timestampMs: t,
            distanceMeters: km.map { $0 * 1000 }
        )
    }

    private var receptions: [WitnessReception] {
        let b1 = child(cellC, 0), b2 = child(cellC, 7), b3 = child(cellB, 3)
        let w1 = child(cellA, 1), w2 = child(cellA, 100), w3 = child(cellB, 5)
        return [
            reception("b1", at: b1, "w1", at: w1, rssi: -100, t: 1_000, km: 5),
            reception("b2", at: b2, "w1", at: w1, rssi: -90, t: 3_000, km: 7),
            reception("b1", at: b1, "w2", at: w2, rssi: -110, t: 2_000, km: 6),
            reception("b1", at: b1, "w3", at: w3, rssi: -120, t: 500, km: 12),
            reception("b2", at: b2, "w3", at: w3, rssi: -80, t: 4_000, km: 9),
            // Left out: an invalid reception and one whose witness has no location.
            reception("b3", at: b3, "w1", at: w1, rssi: -50, t: 9_000, km: 1, valid: false),
            reception("b3", at: b3, "wx", at: nil, rssi: -60, t: 9_500, km: 2),
        ]
    }

    @Test("per witness cell: count, best, median, distinct beaconers, last seen (hand-computed)")
    func witnessSide() throws {
        let observed = try ObservedCoverage.aggregate(receptions, resolution: 8)
        #expect(observed.cells.count == 2)
        #expect(observed.validReceptionCount == 5)
        #expect(observed.invalidReceptionCount == 1)
        #expect(observed.unlocatedReceptionCount == 1)
        #expect(observed.timeRangeMs == 500...4_000)
        let a = try #require(observed.cell(cellA))
        #expect(a.receptionCount == 3)
        #expect(a.bestRSSIDBm == -90)
        #expect(a.medianRSSIDBm == -100)
        #expect(a.distinctBeaconers == 2)
        #expect(a.lastSeenMs == 3_000)
        let b = try #require(observed.cell(cellB))
        #expect(b.receptionCount == 2)
        #expect(b.bestRSSIDBm == -80)
        #expect(b.medianRSSIDBm == -100)  // even count: mean of −120 and −80
        #expect(b.distinctBeaconers == 2)
        #expect(b.lastSeenMs == 4_000)
        #expect(observed.cell(cellC) == nil)
        #expect(observed.cells.map(\.cell.rawValue) == observed.cells.map(\.cell.rawValue).sorted())
    }

    @Test("per beaconer cell: how far and how well its beacons were heard (hand-computed)")
    func beaconerSide() throws {
        let observed = try ObservedCoverage.aggregate(receptions.reversed(), resolution: 8)
        #expect(observed.beaconerHexes.count == 1)  // b3's receptions are invalid or unlocated
        let c = try #require(observed.beaconerHex(cellC))
        #expect(c.receptionCount == 5)
        #expect(c.distinctWitnesses == 3)
        #expect(c.maxDistanceKm == 12)
        #expect(c.bestRSSIDBm == -80)
        #expect(c.medianRSSIDBm == -100)
        #expect(c.lastSeenMs == 4_000)
    }

    @Test("coarser resolution merges cells; distance falls back to the locations; bad resolutions are refused")
    func resolutions() throws {
        let coarse = try ObservedCoverage.aggregate(receptions, resolution: 5)
        let parentA = try H3.cellToParent(cellA, resolution: 5), parentB = try H3.cellToParent(cellB, resolution: 5)
        let total = coarse.cells.reduce(0) { $0 + $1.receptionCount }
        #expect(total == 5)
        #expect(coarse.cells.allSatisfy { $0.cell == parentA || $0.cell == parentB })
        for bad in [4, 13] {
            #expect(throws: CoverageError.invalidResolution(bad)) {
                _ = try ObservedCoverage.aggregate(receptions, resolution: bad)
            }
        }
        var r = reception("b", at: child(cellC, 0), "w", at: child(cellA, 0), rssi: -100, t: 0, km: nil)
        let expected = H3.greatCircleDistance(
            try H3.cellToLatLng(child(cellC, 0)),
            try H3.cellToLatLng(child(cellA, 0)),
            unit: .kilometers
        )
        #expect(abs(try #require(r.distanceKm) - expected) < 1e-12)
        r.beaconerLocation = nil
        #expect(r.distanceKm == nil)
        let empty = try ObservedCoverage.aggregate([WitnessReception](), resolution: 8)
        #expect(empty.cells.isEmpty && empty.timeRangeMs == nil)
    }

    @Test("density band: mean HIP-17 scale of the hotspots per hex")
    func density() throws {
        // Three hotspots in one res-8 cell (close together: HIP-17 clips them), one alone elsewhere, and a res-10
        // location (coarser than the seed resolution 11) that counts with the default 0.2.
        let locations = [child(cellA, 0), child(cellA, 1), child(cellA, 2), child(cellB, 0)]
        let coarse = try H3.cellToParent(child(cellC, 0), resolution: 10)
        let cells = try CoverageDensity.compute(activeLocations: locations + [coarse], resolution: 8)
        #expect(cells.count == 3)
        let engine = HexDensity.compute(locations: locations + [coarse])
        let scales = locations.map { engine.transmitScale(forBeaconerAt: $0).doubleValue }
        let a = try #require(cells.first { $0.cell == cellA })
        #expect(a.hotspotCount == 3)
        #expect(abs(a.meanScale - (scales[0] + scales[1] + scales[2]) / 3) < 1e-12)
        #expect(a.meanScale < 1)  // three hotspots in one res-11 hex are clipped
        let b = try #require(cells.first { $0.cell == cellB })
        #expect(b.meanScale == scales[3])
        #expect(b.meanScale == 1)
        let c = try #require(cells.first { $0.cell == cellC })
        #expect(abs(c.meanScale - 0.2) < 1e-12)
        #expect(throws: CoverageError.invalidResolution(4)) {
            _ = try CoverageDensity.compute(activeLocations: locations, resolution: 4)
        }
    }
}
