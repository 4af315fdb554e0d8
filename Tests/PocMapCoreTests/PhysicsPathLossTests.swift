import Glibc
import Testing

@testable import PocMapCore

/// Reference values of RADIO.md (its "computed" figures, evaluated from the formulas it cites) and hand-computed
/// values with their formula source. Each table states its tolerance: half a unit in the last printed digit,
/// plus 1e-9 for binary rounding.
@Suite("Physics: path-loss models")
struct PhysicsPathLossTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance + 1e-9 }

    // MARK: Free space (RADIO.md §3)

    @Test("FSPL at 1 km: 91.2 dB at 868 MHz, 91.7 dB at 915 MHz (±0.05)", arguments: [(868.0, 91.2), (915.0, 91.7)])
    func freeSpaceAtOneKm(frequency: Double, expected: Double) {
        #expect(close(FreeSpace.lossDB(distanceKm: 1, frequencyMHz: frequency), expected, 0.05))
    }

    @Test("the exact FSPL constant is 20·log10(4π·10⁹/c) = 32.4478 dB (±0.00005)")
    func freeSpaceConstant() {
        #expect(close(RadioConstants.freeSpaceConstantKmMHz, 32.4478, 0.00005))
        // In metres and MHz it is −27.55; in metres and Hz −147.55 (RADIO.md §3).
        #expect(close(RadioConstants.freeSpaceConstantKmMHz - 60, -27.55, 0.005))
        #expect(close(RadioConstants.freeSpaceConstantKmMHz - 60 - 120, -147.55, 0.005))
    }

    @Test(
        "FSPL range at 140 / 150 dB at 868 MHz: 274.85 / 869.14 km exact (hand-computed, ±0.005); RADIO's 275 / 870 use 32.44 (±0.5)",
        arguments: [(140.0, 274.85, 275.0), (150.0, 869.14, 870.0)]
    )
    func freeSpaceRange(loss: Double, exact: Double, rounded: Double) {
        #expect(close(FreeSpace.distanceKm(lossDB: loss, frequencyMHz: 868), exact, 0.005))
        let withRoundedConstant = pow(
            10,
            (loss - 20 * log10(868.0) - RadioConstants.freeSpaceConstantKmMHzRounded) / 20
        )
        #expect(close(withRoundedConstant, rounded, 0.5))
    }

    @Test("free space inverts itself")
    func freeSpaceRoundTrip() {
        for d in [0.05, 1.0, 7.3, 42.0] {
            let l = FreeSpace.lossDB(distanceKm: d, frequencyMHz: 904.3)
            #expect(close(FreeSpace.distanceKm(lossDB: l, frequencyMHz: 904.3), d, 1e-9 * d))
        }
    }

    // MARK: Helium's RSSI bound (POC-RULES.md §3.4, RADIO.md §3), as the rules module evaluates it

    @Test(
        "verifier FSPL, 904.3 and 868.1 MHz (POC-RULES §3.4 table, ±0.0005)",
        arguments: [
            (904_300_000 as UInt64, [81.116, 91.574, 105.553, 111.574, 125.553, 131.574]),
            (868_100_000 as UInt64, [80.761, 91.219, 105.198, 111.219, 125.198, 131.219]),
        ]
    )
    func heliumFreeSpace(frequency: UInt64, expected: [Double]) {
        let distances: [UInt32] = [300, 1000, 5000, 10_000, 50_000, 100_000]
        for (d, value) in zip(distances, expected) {
            #expect(
                close(PoCPhysics.freeSpacePathLossDB(frequencyHz: Int(frequency), distanceMeters: d), value, 0.0005)
            )
        }
    }

    @Test("RSSI bound: tx 27, gains 12/12 → 29 − FSPL; truncated gains; helium/oracles unit test ≈ −62.6 dBm")
    func heliumBound() {
        // POC-RULES §3.4: max valid RSSI at 904.3 MHz (±0.0005).
        let maxima = [-52.116, -62.574, -76.553, -82.574, -96.553, -102.574]
        for (d, value) in zip([300, 1000, 5000, 10_000, 50_000, 100_000] as [UInt32], maxima) {
            let bound = PoCPhysics.expectedRSSIDBm(
                txPowerDBm: 27,
                frequencyHz: 904_300_000,
                distanceMeters: d,
                beaconerGainTenthsDBi: 12,
                witnessGainTenthsDBi: 12
            )
            #expect(close(bound, value, 0.0005))
        }
        // RADIO §3: 27 dBm, 8.0 dBi, 2011 m, 904.7 MHz → FSPL 97.65 dB, bound −62.6 dBm (±0.005 / ±0.05).
        #expect(close(PoCPhysics.freeSpacePathLossDB(frequencyHz: 904_700_000, distanceMeters: 2011), 97.65, 0.005))
        let oracle = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: 27,
            frequencyHz: 904_700_000,
            distanceMeters: 2011,
            beaconerGainTenthsDBi: 80,
            witnessGainTenthsDBi: 0
        )
        #expect(close(oracle, -62.6, 0.05))
        // Gains are truncated toward zero in tenths: 58 → 5, 99 → 9, −15 → −1 (POC-RULES §3.4).
        let base = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: 20,
            frequencyHz: 868_100_000,
            distanceMeters: 1000,
            beaconerGainTenthsDBi: 0,
            witnessGainTenthsDBi: 0
        )
        let gained = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: 20,
            frequencyHz: 868_100_000,
            distanceMeters: 1000,
            beaconerGainTenthsDBi: 58,
            witnessGainTenthsDBi: 99
        )
        #expect(gained - base == 14)
        let negative = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: 20,
            frequencyHz: 868_100_000,
            distanceMeters: 1000,
            beaconerGainTenthsDBi: -15,
            witnessGainTenthsDBi: 0
        )
        #expect(negative - base == -1)
    }

    // MARK: Two-ray (RADIO.md §4)

    @Test(
        "two-ray crossover d_c = 4π·h_t·h_r/λ (RADIO §4 table, ±0.005 km)",
        arguments: [(868.0, 10.0, 0.55), (868.0, 30.0, 1.64), (915.0, 10.0, 0.58), (915.0, 30.0, 1.73)]
    )
    func twoRayCrossover(frequency: Double, height: Double, expected: Double) {
        let dc = TwoRay.crossoverDistanceKm(
            transmitterHeightMeters: height,
            receiverHeightMeters: 1.5,
            frequencyMHz: frequency
        )
        #expect(close(dc, expected, 0.005))
    }

    @Test("two-ray pieces meet at the crossover with the exact constant (< 1e-9 dB), 0.008 dB apart with 32.44")
    func twoRayContinuity() {
        let dc = TwoRay.crossoverDistanceKm(transmitterHeightMeters: 10, receiverHeightMeters: 1.5, frequencyMHz: 868)
        let free = FreeSpace.lossDB(distanceKm: dc, frequencyMHz: 868)
        let fourth = 40 * log10(dc * 1000) - 20 * log10(10.0) - 20 * log10(1.5)
        #expect(abs(free - fourth) < 1e-9)
        let rounded = 20 * log10(dc) + 20 * log10(868.0) + RadioConstants.freeSpaceConstantKmMHzRounded
        #expect(close(abs(rounded - fourth), 0.008, 0.0005))
        // Just past the crossover the model follows the fourth-power law.
        let beyond = TwoRay.lossDB(
            distanceKm: 2 * dc,
            transmitterHeightMeters: 10,
            receiverHeightMeters: 1.5,
            frequencyMHz: 868
        )
        #expect(close(beyond - fourth, 40 * log10(2.0), 1e-9))
    }

    // MARK: Okumura-Hata (RADIO.md §5)

    @Test(
        "Hata at h_b 30 m, h_m 1.5 m, 1 km (RADIO §5, ±0.05 dB)",
        arguments: [(868.0, 126.0, 116.1, 97.6), (915.0, 126.6, 116.6, 98.0)]
    )
    func hataReference(frequency: Double, urban: Double, suburban: Double, open: Double) {
        func loss(_ environment: OkumuraHata.Environment) -> Double {
            OkumuraHata.lossDB(
                distanceKm: 1,
                environment: environment,
                frequencyMHz: frequency,
                baseHeightMeters: 30,
                mobileHeightMeters: 1.5
            )
        }
        #expect(close(loss(.urban(largeCity: false)), urban, 0.05))
        #expect(close(loss(.suburban), suburban, 0.05))
        #expect(close(loss(.open), open, 0.05))
    }

    @Test(
        "Hata points that catch a wrong or swapped a(h_m) (RADIO §5, ±0.005 dB)",
        arguments: [
            (868.0, 30.0, 3.0, 1.0, 122.19, 123.32, 112.35, 93.84),
            (868.0, 50.0, 1.5, 5.0, 146.53, 146.55, 136.68, 118.18),
            (915.0, 30.0, 3.0, 1.0, 122.75, 123.92, 112.77, 94.18),
            (915.0, 100.0, 1.5, 10.0, 151.16, 151.18, 141.18, 122.59),
        ]
    )
    func hataDiscriminating(
        f: Double,
        hb: Double,
        hm: Double,
        d: Double,
        small: Double,
        large: Double,
        suburban: Double,
        open: Double
    ) {
        func loss(_ environment: OkumuraHata.Environment) -> Double {
            OkumuraHata.lossDB(
                distanceKm: d,
                environment: environment,
                frequencyMHz: f,
                baseHeightMeters: hb,
                mobileHeightMeters: hm
            )
        }
        #expect(close(loss(.urban(largeCity: false)), small, 0.005))
        #expect(close(loss(.urban(largeCity: true)), large, 0.005))
        #expect(close(loss(.suburban), suburban, 0.005))
        #expect(close(loss(.open), open, 0.005))
    }

    @Test("a(h_m) at 1.5 m is ≈ 0 for both city sizes: 0.014 and −0.001 dB at 868 MHz (RADIO §5, ±0.0005)")
    func hataMobileCorrection() {
        let small = OkumuraHata.mobileAntennaCorrectionDB(frequencyMHz: 868, mobileHeightMeters: 1.5, largeCity: false)
        let large = OkumuraHata.mobileAntennaCorrectionDB(frequencyMHz: 868, mobileHeightMeters: 1.5, largeCity: true)
        #expect(close(small, 0.014, 0.0005))
        #expect(close(large, -0.001, 0.0005))
    }

    @Test("Hata slope: 35.2 / 33.8 / 31.8 dB per decade at h_b 30 / 50 / 100 m (RADIO §5, ±0.05)")
    func hataSlope() {
        #expect(close(OkumuraHata.slopeDBPerDecade(baseHeightMeters: 30), 35.2, 0.05))
        #expect(close(OkumuraHata.slopeDBPerDecade(baseHeightMeters: 50), 33.8, 0.05))
        #expect(close(OkumuraHata.slopeDBPerDecade(baseHeightMeters: 100), 31.8, 0.05))
    }

    @Test("Hata with ln instead of log10 would give ≈ 199.5 dB; ours gives 126.0 (RADIO §11 pitfall 1)")
    func hataNotNaturalLog() {
        let loss = OkumuraHata.lossDB(
            distanceKm: 1,
            environment: .urban(largeCity: false),
            frequencyMHz: 868,
            baseHeightMeters: 30,
            mobileHeightMeters: 1.5
        )
        #expect(loss < 130)
        // The ln variant (ln in the frequency and height terms, a(h_m) as before), for the record of what the
        // test guards against.
        let correction = OkumuraHata.mobileAntennaCorrectionDB(
            frequencyMHz: 868,
            mobileHeightMeters: 1.5,
            largeCity: false
        )
        let lnVariant: Double = 69.55 + 26.16 * log(868.0) - 13.82 * log(30.0) - correction
        #expect(close(lnVariant, 199.5, 0.05))
    }

    // MARK: Floor and horizon (RADIO.md §1, §7)

    @Test("Hata open at 0.1 km: 62.4 dB raw, floored to free space 71.2 dB with a warning (RADIO §1, ±0.05)")
    func freeSpaceFloor() throws {
        let link = LinkGeometry(frequencyMHz: 868, transmitterHeightMeters: 30, receiverHeightMeters: 1.5)
        let model = PathLossModel.hata(.open)
        #expect(close(model.rawLossDB(distanceKm: 0.1, link: link), 62.4, 0.05))
        let estimate = try model.loss(distanceKm: 0.1, link: link)
        #expect(close(estimate.lossDB, 71.2, 0.05))
        #expect(estimate.warnings.contains(.flooredAtFreeSpace))
        #expect(estimate.warnings.contains(.distanceOutOfRange))
        #expect(!estimate.warnings.contains(.frequencyOutOfRange))
    }

    @Test(
        "radio horizon 4.12·(√h_t + √h_r) (RADIO §7 table, ±0.05 km)",
        arguments: [
            (10.0, 1.5, 18.1), (15.0, 1.5, 21.0), (30.0, 1.5, 27.6), (50.0, 1.5, 34.2), (100.0, 1.5, 46.2),
            (30.0, 10.0, 35.6),
        ]
    )
    func horizon(ht: Double, hr: Double, expected: Double) {
        #expect(close(RadioHorizon.distanceKm(transmitterHeightMeters: ht, receiverHeightMeters: hr), expected, 0.05))
    }

    @Test("beyond the horizon there is no coverage, not an extrapolated loss")
    func beyondHorizon() throws {
        let link = LinkGeometry(frequencyMHz: 868, transmitterHeightMeters: 30, receiverHeightMeters: 1.5)
        let inside = try PathLossModel.logDistance(.oulu).loss(distanceKm: 27, link: link)
        #expect(inside.hasCoverage)
        let outside = try PathLossModel.logDistance(.oulu).loss(distanceKm: 28, link: link)
        #expect(!outside.hasCoverage)
        #expect(outside.lossDB == .infinity)
        #expect(outside.warnings.contains(.beyondHorizon))
    }

    // MARK: Ranges (RADIO.md §10: 868 MHz, h_t 30 m, h_r 1.5 m, no fade margin)

    @Test(
        "ranges at 140 and 150 dB for every model (RADIO §10, ±0.05 km; bold values are the 27.6 km horizon)",
        arguments: [
            ("two-ray", 21.2, 27.6), ("hata-urban", 2.5, 4.8), ("hata-suburban", 4.8, 9.1), ("hata-open", 15.9, 27.6),
            ("oulu", 3.0, 8.1), ("lorasim", 0.16, 0.49), ("flora-urban", 2.3, 4.4),
        ]
    )
    func ranges(identifier: String, at140: Double, at150: Double) throws {
        let model = try #require(PathLossModel(identifier: identifier))
        let link = LinkGeometry(frequencyMHz: 868, transmitterHeightMeters: 30, receiverHeightMeters: 1.5)
        let r140 = try model.range(lossDB: 140, link: link)
        let r150 = try model.range(lossDB: 150, link: link)
        // RADIO prints 21 km for two-ray at 140 dB; the formula gives 21.21.
        #expect(close(r140.distanceKm, at140, identifier == "lorasim" ? 0.005 : 0.05))
        #expect(close(r150.distanceKm, at150, identifier == "lorasim" ? 0.005 : 0.05))
        #expect(r150.isHorizonLimited == (at150 == 27.6))
        #expect(!r140.isHorizonLimited)
    }

    @Test("range is the inverse of loss for every model, across the floor and the crossover")
    func rangeInvertsLoss() throws {
        let link = LinkGeometry(frequencyMHz: 915, transmitterHeightMeters: 25, receiverHeightMeters: 4)
        for identifier in PathLossModel.identifiers {
            let model = try #require(PathLossModel(identifier: identifier))
            for d in [0.03, 0.2, 0.9, 1.9, 4.0, 11.0, 25.0] {
                let loss = try model.loss(distanceKm: d, link: link)
                guard loss.hasCoverage else { continue }
                let back = try model.range(lossDB: loss.lossDB, link: link)
                #expect(close(back.distanceKm, d, 1e-9 * d), "\(identifier) at \(d) km")
            }
        }
    }

    @Test("fade margin: 90 % coverage with oulu adds 1.2816·7.8 dB; range shrinks accordingly")
    func fadeMargin() throws {
        let z = StandardNormal.quantile(0.9)
        #expect(close(z, 1.2816, 0.00005))
        #expect(close(StandardNormal.quantile(0.8), 0.8416, 0.00005))
        #expect(close(StandardNormal.quantile(0.95), 1.6449, 0.00005))
        #expect(close(StandardNormal.cdf(1.6449), 0.95, 0.00005))
        let link = LinkGeometry(frequencyMHz: 868, transmitterHeightMeters: 30)
        let model = PathLossModel.logDistance(.oulu)
        let median = try model.loss(distanceKm: 2, link: link)
        let p90 = try model.loss(distanceKm: 2, link: link, fadeMarginZ: z)
        #expect(close(p90.lossDB - median.lossDB, z * 7.8, 1e-9))
        // oulu at 2 km: 128.95 + 23.2·log10 2 = 135.934 dB (hand-computed from RADIO §6, ±0.0005).
        #expect(close(median.lossDB, 135.934, 0.0005))
        let range = try model.range(lossDB: 145, link: link, fadeMarginZ: 1.28)
        // 10^((145 − 9.984 − 128.95)/23.2) km = 1.8259 km (±0.0005).
        #expect(close(range.distanceKm, 1.8259, 0.0005))
    }

    @Test("validity warnings for Hata: frequency, heights, distance")
    func hataWarnings() throws {
        let link = LinkGeometry(frequencyMHz: 2400, transmitterHeightMeters: 10, receiverHeightMeters: 12)
        let estimate = try PathLossModel.hata(.urban(largeCity: false)).loss(distanceKm: 0.5, link: link)
        #expect(
            estimate.warnings.isSuperset(of: [
                .frequencyOutOfRange, .transmitterHeightOutOfRange, .receiverHeightOutOfRange, .distanceOutOfRange,
            ])
        )
        let good = LinkGeometry(frequencyMHz: 915, transmitterHeightMeters: 50, receiverHeightMeters: 1.5)
        #expect(try PathLossModel.hata(.suburban).loss(distanceKm: 5, link: good).warnings.isEmpty)
        #expect(estimate.warnings.description.contains("frequency_out_of_range"))
    }

    @Test("unusable inputs are typed errors, never crashes")
    func invalidInputs() {
        let link = LinkGeometry(frequencyMHz: 868, transmitterHeightMeters: 10)
        #expect(throws: PathLossError.invalidDistance(0)) {
            try PathLossModel.freeSpace.loss(distanceKm: 0, link: link)
        }
        #expect(throws: PathLossError.invalidDistance(-1)) { try PathLossModel.twoRay.loss(distanceKm: -1, link: link) }
        #expect(throws: PathLossError.invalidLoss(.infinity)) {
            try PathLossModel.twoRay.range(lossDB: .infinity, link: link)
        }
        let noFrequency = LinkGeometry(frequencyMHz: 0, transmitterHeightMeters: 10)
        #expect(throws: PathLossError.invalidFrequency(0)) {
            try PathLossModel.freeSpace.loss(distanceKm: 1, link: noFrequency)
        }
        let ground = LinkGeometry(frequencyMHz: 868, transmitterHeightMeters: 0)
        #expect(throws: PathLossError.invalidHeight(0)) {
            try PathLossModel.hata(.open).loss(distanceKm: 1, link: ground)
        }
        let flat = LogDistance(referenceDistanceKm: 1, referenceLossDB: 120, exponent: 0, shadowingSigmaDB: 5)
        #expect(throws: PathLossError.self) { try PathLossModel.logDistance(flat).loss(distanceKm: 1, link: link) }
    }

    @Test("identifiers round-trip to the documented presets")
    func identifiers() {
        #expect(PathLossModel(identifier: "oulu") == .logDistance(.oulu))
        #expect(PathLossModel(identifier: "logdist-lorasim") == .logDistance(.lorasim))
        #expect(PathLossModel(identifier: "FSPL") == .freeSpace)
        #expect(PathLossModel(identifier: "flora-urban")?.shadowingSigmaDB == 7)
        #expect(PathLossModel(identifier: "itm") == nil)
        #expect(PathLossModel.hata(.open).shadowingSigmaDB == 0)
    }
}
