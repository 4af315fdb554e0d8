import Foundation
import Testing

@testable import PocMapCore

@Suite("Coverage: log-distance calibration from witness RSSI")
struct CoverageCalibrationTests {
    private static let region = try! H3.latLngToCell(
        LatLng(latitudeDegrees: 45.19, longitudeDegrees: 5.72),
        resolution: 3
    )

    /// A res-12 location inside the test region, drawn near its centre.
    private func location(_ random: inout SimulationRandom) -> H3Cell {
        let centre = try! H3.cellToLatLng(Self.region)
        while true {
            let p = LatLng(
                lat: centre.lat + random.nextDouble(in: -0.1...0.1) * .pi / 180,
                lng: centre.lng + random.nextDouble(in: -0.1...0.1) * .pi / 180
            )
            let cell = try! H3.latLngToCell(p, resolution: 12)
            if try! H3.cellToParent(cell, resolution: 3) == Self.region { return cell }
        }
    }

    /// `count` links heard by `witness` from a log-distance truth (distances log-uniform in 0.3…20 km), with a
    /// 27 dBm beaconer EIRP; the witness gain is the calibration's default 1.2 dBi.
    private func links(
        witness: String,
        at location: H3Cell?,
        truth: LogDistance,
        count: Int,
        random: inout SimulationRandom
    ) -> [WitnessReception] {
        (0..<count).map { i in
            let d = pow(10, random.nextDouble(in: log10(0.3)...log10(20)))
            let loss = truth.lossDB(distanceKm: d) + truth.shadowingSigmaDB * random.nextStandardNormal()
            return WitnessReception(
                beaconerKey: "b\(i % 50)",
                beaconerLocation: nil,
                witnessKey: witness,
                witnessLocation: location,
                rssiDBm: 27 + 1.2 - loss,
                status: .valid,
                timestampMs: Int64(i),
                distanceMeters: d * 1000,
                transmitterEIRPDBm: 27
            )
        }
    }

    private func model(_ pl: Double, _ n: Double, _ sigma: Double) -> LogDistance {
        LogDistance(referenceDistanceKm: 1, referenceLossDB: pl, exponent: n, shadowingSigmaDB: sigma)
    }

    @Test(
        "regional fit recovers n within ±0.1 and σ within ±0.5 dB (trimmed, σ consistency-corrected)",
        arguments: [(2.8, 7.0, 127.0), (3.5, 8.0, 130.0), (2.2, 4.0, 120.0)]
    )
    func regionalRecovery(n: Double, sigma: Double, pl: Double) throws {
        var random = SimulationRandom(seed: UInt64(n * 10), stream: 77)
        var receptions: [WitnessReception] = []
        for h in 0..<40 {
            let cell = location(&random)
            receptions += links(witness: "h\(h)", at: cell, truth: model(pl, n, sigma), count: 100, random: &random)
        }
        let calibration = try LogDistanceCalibration.calibrate(receptions)
        let regional = try #require(calibration.regions[Self.region])
        #expect(abs(regional.exponent - n) <= 0.1)
        #expect(abs(regional.sigmaDB - sigma) <= 0.5)
        #expect(abs(regional.interceptAtOneKm - pl) <= 0.5)
        #expect(calibration.sampleCount == 4_000)
        // Every hotspot has 100 links: own fit shrunk toward the region.
        #expect(calibration.hotspots.values.allSatisfy { $0.level == .shrunk && $0.sampleCount == 100 })
        let mean = calibration.hotspots.values.map(\.model.exponent).reduce(0, +) / 40
        #expect(abs(mean - n) <= 0.1)
    }

    @Test("levels: shrunk own fits recover each hotspot's n and σ; own intercept, regional and preset fallbacks")
    func levels() throws {
        var random = SimulationRandom(seed: 5, stream: 78)
        let a = location(&random), b = location(&random), few = location(&random), none = location(&random)
        var receptions = links(witness: "a", at: a, truth: model(125, 2.5, 6), count: 3_000, random: &random)
        receptions += links(witness: "b", at: b, truth: model(130, 3.5, 8), count: 3_000, random: &random)
        let fewTruth = model(140, 3.0, 6)
        receptions += links(witness: "few", at: few, truth: fewTruth, count: 10, random: &random)
        // Invalid receptions and too-short links are ignored.
        var ignored = links(witness: "a", at: a, truth: model(60, 2, 1), count: 50, random: &random)
        for i in ignored.indices { ignored[i].status = .invalid }
        var short = links(witness: "a", at: a, truth: model(60, 2, 1), count: 20, random: &random)
        for i in short.indices { short[i].distanceMeters = 50 }
        let calibration = try LogDistanceCalibration.calibrate(receptions + ignored + short)
        #expect(calibration.sampleCount == 6_010)

        let ha = try #require(calibration.hotspots["a"])
        #expect(ha.level == .shrunk)
        #expect(abs(ha.model.exponent - 2.5) <= 0.1)
        #expect(abs(ha.model.shadowingSigmaDB - 6) <= 0.5)
        #expect(abs(ha.model.referenceLossDB - 125) <= 0.5)
        let hb = try #require(calibration.hotspots["b"])
        #expect(abs(hb.model.exponent - 3.5) <= 0.1)
        #expect(abs(hb.model.shadowingSigmaDB - 8) <= 0.5)
        #expect(abs(hb.model.referenceLossDB - 130) <= 0.5)

        let regional = try #require(calibration.regions[Self.region])
        let hf = try #require(calibration.hotspots["few"])
        #expect(hf.level == .ownIntercept)
        #expect(hf.model.exponent == regional.exponent)
        #expect(hf.model.shadowingSigmaDB == regional.sigmaDB)
        #expect(hf.sampleCount == 10)
        // Its intercept is its own mean offset under the regional slope, far from the region's (~127.5).
        #expect(abs(hf.model.referenceLossDB - 140) < 8)
        #expect(abs(hf.model.referenceLossDB - regional.interceptAtOneKm) > 5)

        let unseen = calibration.calibration(forHotspot: "none", location: none)
        #expect(unseen.level == .regional)
        #expect(unseen.model == regional.model)
        let elsewhere = try H3.latLngToCell(LatLng(latitudeDegrees: -33.9, longitudeDegrees: 151.2), resolution: 12)
        let far = calibration.calibration(forHotspot: "far", location: elsewhere)
        #expect(far.level == .preset)
        #expect(far.model == .oulu)
    }

    @Test("without any regional fit a hotspot with enough links keeps its own fit")
    func ownLevel() throws {
        var random = SimulationRandom(seed: 9, stream: 79)
        let receptions = links(witness: "solo", at: nil, truth: model(128, 3.1, 5), count: 2_000, random: &random)
        let calibration = try LogDistanceCalibration.calibrate(receptions)
        #expect(calibration.regions.isEmpty)
        let solo = try #require(calibration.hotspots["solo"])
        #expect(solo.level == .own)
        #expect(abs(solo.model.exponent - 3.1) <= 0.1)
        #expect(abs(solo.model.shadowingSigmaDB - 5) <= 0.5)
        // Too few links and no region: the preset.
        let thin = try LogDistanceCalibration.calibrate(Array(receptions.prefix(10)))
        #expect(thin.hotspots["solo"]?.level == .preset)
        #expect(throws: CoverageError.self) {
            _ = try LogDistanceCalibration.calibrate(receptions, options: CalibrationOptions(regionalResolution: 16))
        }
    }

    @Test("the trimmed-σ consistency factor is 0.8711 for a 5 % trim (truncated normal at ±1.96, hand-computed)")
    func consistency() {
        // q = 1.959964, φ(q) = 0.058445: √(1 − 2·q·φ / 0.95) = √0.758814 = 0.87110.
        #expect(abs(trimmedSigmaConsistency(0.05) - 0.87110) < 0.00005)
        #expect(trimmedSigmaConsistency(0) == 1)
    }
}
