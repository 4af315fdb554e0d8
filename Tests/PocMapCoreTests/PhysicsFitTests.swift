import Foundation
import Testing
import _PocMapTestSupport

@testable import PocMapCore

@Suite("Physics: log-distance calibration fit (RADIO.md §12)")
struct PhysicsFitTests {
    /// Draws `count` links from a known log-distance model with log-normal shadowing.
    private func synthetic(
        model: LogDistance,
        count: Int,
        seed: UInt64,
        distanceRangeKm: ClosedRange<Double>,
        eirp: Double = 30
    ) -> (distances: [Double], rssi: [Double], loss: [Double]) {
        var random = SimulationRandom(seed: seed, stream: 42)
        var distances: [Double] = [], rssi: [Double] = [], loss: [Double] = []
        let logLow = log10(distanceRangeKm.lowerBound), logHigh = log10(distanceRangeKm.upperBound)
        for _ in 0..<count {
            let d = pow(10, random.nextDouble(in: logLow...logHigh))
            let l = model.lossDB(distanceKm: d) + model.shadowingSigmaDB * random.nextStandardNormal()
            distances.append(d)
            loss.append(l)
            rssi.append(eirp - l)
        }
        return (distances, rssi, loss)
    }

    @Test(
        "OLS recovers n within ±0.1 and σ within ±0.5 dB from simulated links",
        arguments: [(2.32, 7.8, 128.95), (3.52, 7.0, 127.5), (2.8, 4.0, 120.0), (4.2, 10.0, 131.0)]
    )
    func recoversParameters(n: Double, sigma: Double, intercept: Double) throws {
        let truth = LogDistance(
            referenceDistanceKm: 1,
            referenceLossDB: intercept,
            exponent: n,
            shadowingSigmaDB: sigma
        )
        let links = synthetic(model: truth, count: 4000, seed: UInt64(n * 100), distanceRangeKm: 0.2...30)
        let noTrim = LogDistanceFit.Options(trimFraction: 0)
        let byLoss = try LogDistanceFit.fit(
            distancesKm: links.distances,
            values: links.loss,
            quantity: .pathLoss,
            options: noTrim
        )
        #expect(abs(byLoss.exponent - n) <= 0.1)
        #expect(abs(byLoss.sigmaDB - sigma) <= 0.5)
        #expect(abs(byLoss.interceptAtOneKm - intercept) <= 0.5)
        #expect(byLoss.sampleCount == 4000)
        #expect(!byLoss.isExponentClamped)
        // Fitting RSSI gives the same exponent with the sign turned, and the RSSI at 1 km = EIRP − PL(1 km).
        let byRSSI = try LogDistanceFit.fit(
            distancesKm: links.distances,
            values: links.rssi,
            quantity: .rssi,
            options: noTrim
        )
        #expect(abs(byRSSI.exponent - byLoss.exponent) < 1e-9)
        #expect(abs(byRSSI.interceptAtOneKm - (30 - byLoss.interceptAtOneKm)) < 1e-9)
        #expect(abs(byRSSI.sigmaDB - byLoss.sigmaDB) < 1e-9)
        #expect(byLoss.model.exponent == byLoss.exponent)
    }

    @Test("trimming the worst 5 % (iterated) removes gross outliers (spoofed locations) and keeps n")
    func robustTrimming() throws {
        let truth = LogDistance.oulu
        var links = synthetic(model: truth, count: 2000, seed: 7, distanceRangeKm: 0.3...20)
        // 2 % of the links claim a far distance while being received loud (a spoofed location).
        for i in stride(from: 0, to: 2000, by: 50) { links.distances[i] *= 30 }
        let plain = try LogDistanceFit.fit(
            distancesKm: links.distances,
            values: links.loss,
            quantity: .pathLoss,
            options: .init(exponentRange: 0...10, trimFraction: 0)
        )
        let trimmed = try LogDistanceFit.fit(
            distancesKm: links.distances,
            values: links.loss,
            quantity: .pathLoss,
            options: .init(exponentRange: 0...10, trimFraction: 0.05)
        )
        #expect(abs(plain.exponent - truth.exponent) > 0.2)  // the outliers flatten the slope...
        #expect(abs(trimmed.exponent - truth.exponent) <= 0.06)  // ...and iterated trimming restores it
        let once = try LogDistanceFit.fit(
            distancesKm: links.distances,
            values: links.loss,
            quantity: .pathLoss,
            options: .init(exponentRange: 0...10, trimFraction: 0.05, trimIterations: 1)
        )
        #expect(abs(once.exponent - truth.exponent) > abs(trimmed.exponent - truth.exponent))
        #expect(trimmed.trimmedCount == 100)
        #expect(trimmed.sampleCount == 1900)
    }

    @Test("exponent outside 2...5 is clamped and the intercept refitted; guards refuse thin data")
    func guards() throws {
        // Free-space-like data with n = 1.5 gets clamped to 2.
        let shallow = LogDistance(referenceDistanceKm: 1, referenceLossDB: 100, exponent: 1.5, shadowingSigmaDB: 1)
        let links = synthetic(model: shallow, count: 500, seed: 3, distanceRangeKm: 0.5...50)
        let fit = try LogDistanceFit.fit(distancesKm: links.distances, values: links.loss, quantity: .pathLoss)
        #expect(fit.isExponentClamped)
        #expect(fit.exponent == 2)
        // Refitted intercept: mean(y) − 20·mean(x) over the kept samples, so residuals average to zero.
        #expect(fit.interceptAtOneKm < 100)

        #expect(throws: LogDistanceFit.Failure.tooFewSamples(count: 10, required: 30)) {
            try LogDistanceFit.fit(
                distancesKm: Array(links.distances.prefix(10)),
                values: Array(links.loss.prefix(10)),
                quantity: .pathLoss
            )
        }
        let narrow = synthetic(model: .oulu, count: 100, seed: 4, distanceRangeKm: 1...2)
        #expect(throws: LogDistanceFit.Failure.self) {
            try LogDistanceFit.fit(distancesKm: narrow.distances, values: narrow.loss, quantity: .pathLoss)
        }
        #expect(throws: LogDistanceFit.Failure.invalidSample(distanceKm: 0, valueDB: 1)) {
            try LogDistanceFit.fit(distancesKm: [0] + links.distances, values: [1] + links.loss, quantity: .pathLoss)
        }
    }

    @Test("streaming moments equal the stored fit")
    func streamingMoments() throws {
        let links = synthetic(model: .floraUrban(shadowingSigmaDB: 6), count: 3000, seed: 11, distanceRangeKm: 0.2...10)
        var moments = RegressionMoments()
        for (d, l) in zip(links.distances, links.loss) { moments.add(x: log10(d), y: l) }
        let fit = try LogDistanceFit.fit(
            distancesKm: links.distances,
            values: links.loss,
            quantity: .pathLoss,
            options: .init(trimFraction: 0)
        )
        #expect(abs(moments.slope / 10 - fit.exponent) < 1e-9)
        #expect(abs(moments.intercept - fit.interceptAtOneKm) < 1e-9)
        #expect(abs(moments.residualStandardDeviation - fit.sigmaDB) < 1e-9)
    }

    @Test("shrinkage toward the regional exponent with k = 30")
    func shrinkage() {
        #expect(LogDistanceFit.shrunkExponent(own: 3.0, ownSamples: 30, regional: 2.0) == 2.5)
        #expect(LogDistanceFit.shrunkExponent(own: 3.0, ownSamples: 0, regional: 2.4) == 2.4)
    }

    /// 359 real US915 receptions at four fixed distances (magonzalezudem/snr_tpc_ieee_access). Reference values
    /// computed independently with `numpy.polyfit(log10(d/1000), rssi, 1)` and `std(residuals, ddof=2)`:
    /// n = 2.971301860959211, RSSI(1 km) = −63.02770373146306 dBm, σ = 6.995314642085199 dB.
    @Test("fit on real US915 receptions matches numpy's least squares (±1e-9)")
    func realReceptions() throws {
        let url = TestPaths.realData("magonzalezudem__snr_tpc_ieee_access/subsampled_data.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            print("skipped: \(url.path) is absent")
            return
        }
        let lines = text.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let di = try #require(header.firstIndex(of: "distance")), ri = try #require(header.firstIndex(of: "rssi"))
        var distances: [Double] = [], rssi: [Double] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            distances.append(try #require(Double(fields[di])) / 1000)
            rssi.append(try #require(Double(fields[ri])))
        }
        #expect(distances.count == 359)
        let fit = try LogDistanceFit.fit(
            distancesKm: distances,
            values: rssi,
            quantity: .rssi,
            options: .init(trimFraction: 0)
        )
        #expect(abs(fit.exponent - 2.971301860959211) < 1e-9)
        #expect(abs(fit.interceptAtOneKm - -63.02770373146306) < 1e-9)
        #expect(abs(fit.sigmaDB - 6.995314642085199) < 1e-9)
    }
}
