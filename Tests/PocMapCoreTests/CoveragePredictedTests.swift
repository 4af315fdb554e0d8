import Dispatch
import Foundation
import Testing

@testable import PocMapCore

@Suite("Coverage: predicted best server")
struct CoveragePredictedTests {
    private let origin = LatLng(latitudeDegrees: 45.19, longitudeDegrees: 5.72)

    private func site(_ point: LatLng, model: PathLossModel = .logDistance(.oulu), height: Double = 10) -> CoverageSite
    {
        CoverageSite(
            location: point,
            antennaHeightMeters: height,
            antennaGainDBi: 1.2,
            frequencyMHz: 868,
            model: model
        )
    }

    /// The predicted RSSI at `cell` from `site`, evaluated by hand from RADIO §6 and §3 (not through the model
    /// enum): `16.15 + 1.2 − max(128.95 + 23.2·log10 d, 20·log10 d + 20·log10 868 + 32.4478)`.
    private func ouluByHand(at cell: H3Cell, from point: LatLng) throws -> (rssi: Double, km: Double) {
        let centre = try H3.cellToLatLng(cell)
        let d = H3.greatCircleDistance(point, centre, unit: .kilometers)
        let oulu = 128.95 + 10 * 2.32 * log10(d)
        let free = 20 * log10(d) + 20 * log10(868.0) + 32.4478
        return (16.15 + 1.2 - max(oulu, free), d)
    }

    @Test("one hotspot: cell values equal the model evaluated by hand at the cell centre; the edge is the range")
    func singleHotspot() throws {
        let predicted = try PredictedCoverage.compute(sites: [site(origin)], resolution: 8)
        // SF10BW125 sensitivity −174 + 10·log10(125 000) + 6 − 15 = −132.031 dBm; MAPL = 16.15 + 1.2 + 132.031
        // = 149.381 dB; Oulu range 10^((149.381 − 128.95)/23.2) = 7.597 km.
        let sensitivity = -174 + 10 * log10(125_000.0) + 6 - 15
        #expect(abs(predicted.sensitivityDBm - sensitivity) < 1e-9)
        #expect(abs(sensitivity - -132.031) < 0.0005)
        let range = pow(10, (16.15 + 1.2 - sensitivity - 128.95) / 23.2)
        #expect(abs(predicted.reaches[0].rangeKm - range) < 1e-9)
        #expect(abs(range - 7.597) < 0.001)
        #expect(!predicted.reaches[0].isHorizonLimited)  // horizon 4.12·(√10 + √1.5) = 18.07 km
        // Cell 2 km east of the hotspot.
        let east = LatLng(latitudeDegrees: 45.19, longitudeDegrees: 5.72 + 2 / (111.32 * cos(45.19 * .pi / 180)))
        let probe = try H3.latLngToCell(east, resolution: 8)
        let value = try #require(predicted.cell(probe))
        let byHand = try ouluByHand(at: probe, from: origin)
        #expect(abs(Double(value.bestRSSIDBm) - byHand.rssi) < 1e-4)
        #expect(value.servingHotspots == 1)
        #expect(value.bestServer == 0)
        // Every cell whose centre lies within the range is present, and no other (brute force over a wide disk).
        let home = try H3.latLngToCell(origin, resolution: 8)
        var inside = 0
        for cell in try H3.gridDisk(home, k: 14) {
            let (rssi, d) = try ouluByHand(at: cell, from: origin)
            if d <= range {
                inside += 1
                let got = try #require(predicted.cell(cell), "cell \(cell) at \(d) km")
                #expect(abs(Double(got.bestRSSIDBm) - rssi) < 1e-3)
                #expect(Double(got.bestRSSIDBm) >= -132 - 1e-3)
            } else {
                #expect(predicted.cell(cell) == nil)
            }
        }
        #expect(inside == predicted.cells.count)
        #expect(inside > 200)
    }

    @Test("two hotspots: best server is the maximum, server count the number in range; ties go to the lower index")
    func twoHotspots() throws {
        let second = LatLng(latitudeDegrees: 45.19 + 4 / 111.2, longitudeDegrees: 5.72)
        let sites = [site(origin), site(second)]
        let both = try PredictedCoverage.compute(sites: sites, resolution: 8)
        let first = try PredictedCoverage.compute(sites: [sites[0]], resolution: 8)
        let other = try PredictedCoverage.compute(sites: [sites[1]], resolution: 8)
        var overlap = 0
        let union = Set(first.cells.map(\.cell)).union(other.cells.map(\.cell))
        #expect(union.count == both.cells.count)
        for cell in both.cells {
            let a = first.cell(cell.cell), b = other.cell(cell.cell)
            let expectedCount = (a == nil ? 0 : 1) + (b == nil ? 0 : 1)
            #expect(Int(cell.servingHotspots) == expectedCount)
            let best = max(a?.bestRSSIDBm ?? -.infinity, b?.bestRSSIDBm ?? -.infinity)
            #expect(cell.bestRSSIDBm == best)
            if let a, let b {
                overlap += 1
                #expect(cell.bestServer == (b.bestRSSIDBm > a.bestRSSIDBm ? 1 : 0))
            }
        }
        #expect(overlap > 50)
        // Two hotspots at the same place: every cell has two servers and the tie goes to site 0.
        let twins = try PredictedCoverage.compute(sites: [site(second), site(second)], resolution: 8)
        #expect(twins.cells.allSatisfy { $0.servingHotspots == 2 && $0.bestServer == 0 })
    }

    @Test("parallel workers give exactly the sequential result", .timeLimit(.minutes(2)))
    func parallelIsDeterministic() throws {
        var random = SimulationRandom(seed: 11, stream: 3)
        var sites: [CoverageSite] = []
        for i in 0..<400 {
            let p = LatLng(
                latitudeDegrees: 45 + random.nextDouble(in: 0...0.6),
                longitudeDegrees: 5.5 + random.nextDouble(in: 0...0.8)
            )
            let model: PathLossModel = i % 3 == 0 ? .hata(.suburban) : .logDistance(.oulu)
            sites.append(site(p, model: model, height: random.nextDouble(in: 3...40)))
        }
        let sequential = try PredictedCoverage.compute(sites: sites, resolution: 7)
        for workers in [2, 3] {
            let parallel = try PredictedCoverage.compute(sites: sites, resolution: 7, workers: workers) { n, body in
                DispatchQueue.concurrentPerform(iterations: n, execute: body)
            }
            #expect(sequential.cells == parallel.cells)
            #expect(sequential.reaches == parallel.reaches)
        }
        // A perform that skips a worker is reported, not ignored.
        #expect(throws: CoverageError.self) {
            _ = try PredictedCoverage.compute(sites: sites, resolution: 7, workers: 2) { n, body in body(0) }
        }
        #expect(sequential.cells.count > 1_000)
    }

    @Test("range limits: free space stops at the radio horizon; Hata at 10 m warns; bad input is refused")
    func rangesAndWarnings() throws {
        let free = try PredictedCoverage.compute(sites: [site(origin, model: .freeSpace)], resolution: 7)
        #expect(free.reaches[0].isHorizonLimited)
        #expect(abs(free.reaches[0].rangeKm - 4.12 * (10.0.squareRoot() + 1.5.squareRoot())) < 1e-9)
        #expect(free.horizonLimitedCount == 1)
        let hata = try PredictedCoverage.compute(
            sites: [site(origin, model: .hata(.urban(largeCity: false)))],
            resolution: 8
        )
        #expect(hata.reaches[0].warnings.contains(.transmitterHeightOutOfRange))
        #expect(hata.reaches[0].warnings.contains(.distanceOutOfRange))  // cells nearer than 1 km
        #expect(hata.warningCounts["transmitter_height_out_of_range"] == 1)
        #expect(throws: CoverageError.invalidResolution(13)) {
            _ = try PredictedCoverage.compute(sites: [site(origin)], resolution: 13)
        }
        var fsk = PredictionParameters()
        fsk.dataRate = .fsk50
        #expect(throws: CoverageError.self) {
            _ = try PredictedCoverage.compute(sites: [site(origin)], resolution: 8, parameters: fsk)
        }
        // Resolution 12 with a free-space horizon of 18 km needs more than the allowed search: a clear error.
        #expect(throws: CoverageError.self) {
            _ = try PredictedCoverage.compute(sites: [site(origin, model: .freeSpace)], resolution: 12)
        }
        // A stricter data rate shrinks the range (SF7: −124.531 dBm).
        var sf7 = PredictionParameters()
        sf7.dataRate = .sf7bw125
        let short = try PredictedCoverage.compute(sites: [site(origin)], resolution: 8, parameters: sf7)
        let sf7Sensitivity = -174 + 10 * log10(125_000.0) + 6 - 7.5
        #expect(abs(short.reaches[0].rangeKm - pow(10, (16.15 + 1.2 - sf7Sensitivity - 128.95) / 23.2)) < 1e-9)
    }

    @Test("model names of the map command")
    func modelNames() {
        for name in [
            "free-space", "two-ray", "hata-urban", "hata-suburban", "hata-open", "log-distance", "oulu", "lorasim",
            "flora-urban", "hata-urban-large",
        ] {
            let model = CoverageModel(identifier: name)
            #expect(model?.identifier == name)
        }
        #expect(CoverageModel(identifier: "log-distance") == .calibratedLogDistance(CalibrationOptions()))
        #expect(CoverageModel(identifier: "oulu") == .fixed(.logDistance(.oulu)))
        #expect(CoverageModel(identifier: "itm") == nil)
        let hotspot = Hotspot(
            key: "k",
            location: try! H3.latLngToCell(origin, resolution: 12),
            gainTenthsDBi: 30,
            elevationMeters: 0,
            region: RegionName("EU868")
        )
        let s = CoverageSite(hotspot: hotspot, model: .freeSpace)
        #expect(s?.antennaHeightMeters == CoverageSite.defaultAntennaHeightMeters)
        #expect(s?.antennaGainDBi == 3)
        #expect(abs((s?.frequencyMHz ?? 0) - 867.8) < 1e-9)  // mean of 867.1 … 868.5 MHz
        #expect(CoverageSite(hotspot: Hotspot(key: "u", location: nil), model: .freeSpace) == nil)
    }
}
