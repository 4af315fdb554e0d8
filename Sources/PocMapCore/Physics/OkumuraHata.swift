import Glibc

/// The Okumura-Hata empirical model (`RADIO.md` §5; M. Hata, "Empirical formula for propagation loss in land
/// mobile radio services", IEEE Trans. Veh. Technol. 29(3), 1980).
///
/// Urban: `L_u = 69.55 + 26.16·log10 f − 13.82·log10 h_b − a(h_m) + (44.9 − 6.55·log10 h_b)·log10 d`,
/// with `f` in MHz, heights in metres and `d` in km. Suburban and open areas subtract a frequency-dependent correction from
/// the urban loss computed with the small/medium-city `a(h_m)`.
///
/// Valid for f 150–1500 MHz, h_b 30–200 m, h_m 1–10 m, d 1–20 km; outside that the formulas still evaluate and
/// ``PathLossModel`` attaches warnings.
public enum OkumuraHata {
    /// The kind of area the Hata correction describes.
    public enum Environment: Hashable, Sendable {
        /// Built-up city; `largeCity` selects the large-city mobile-antenna correction (valid for f ≥ 300 MHz).
        case urban(largeCity: Bool)
        /// Suburban area: `L_u − 2·(log10(f/28))² − 5.4`.
        case suburban
        /// Open or rural area: `L_u − 4.78·(log10 f)² + 18.33·log10 f − 40.94`.
        case open
    }

    /// The validity limits of the fit (`RADIO.md` §5).
    public static let frequencyRangeMHz: ClosedRange<Double> = 150...1500
    /// Base (transmitter) antenna heights the fit covers, metres.
    public static let baseHeightRangeMeters: ClosedRange<Double> = 30...200
    /// Mobile (receiver) antenna heights the fit covers, metres.
    public static let mobileHeightRangeMeters: ClosedRange<Double> = 1...10
    /// Distances the fit covers, km.
    public static let distanceRangeKm: ClosedRange<Double> = 1...20

    /// The mobile-antenna height correction `a(h_m)` in dB. It takes the **receiver** height (`RADIO.md` §11,
    /// pitfall 2).
    @inline(__always)
    public static func mobileAntennaCorrectionDB(
        frequencyMHz: Double,
        mobileHeightMeters: Double,
        largeCity: Bool
    ) -> Double {
        if largeCity {
            let term = log10(11.75 * mobileHeightMeters)
            return 3.2 * term * term - 4.97
        }
        let logF = log10(frequencyMHz)
        return (1.1 * logF - 0.7) * mobileHeightMeters - (1.56 * logF - 0.8)
    }

    /// The slope in dB per decade of distance, `44.9 − 6.55·log10 h_b`.
    @inline(__always)
    public static func slopeDBPerDecade(baseHeightMeters: Double) -> Double {
        44.9 - 6.55 * log10(baseHeightMeters)
    }

    /// The loss at 1 km (the intercept of the straight line in `log10 d`) for an environment.
    @inline(__always)
    public static func lossAtOneKmDB(
        environment: Environment,
        frequencyMHz: Double,
        baseHeightMeters: Double,
        mobileHeightMeters: Double
    ) -> Double {
        let logF = log10(frequencyMHz)
        let largeCity: Bool
        if case .urban(let large) = environment { largeCity = large } else { largeCity = false }
        let correction = mobileAntennaCorrectionDB(
            frequencyMHz: frequencyMHz,
            mobileHeightMeters: mobileHeightMeters,
            largeCity: largeCity
        )
        let urban = 69.55 + 26.16 * logF - 13.82 * log10(baseHeightMeters) - correction
        switch environment {
        case .urban:
            return urban
        case .suburban:
            let term = log10(frequencyMHz / 28)
            return urban - 2 * term * term - 5.4
        case .open:
            return urban - 4.78 * logF * logF + 18.33 * logF - 40.94
        }
    }

    /// The loss in dB at `distanceKm` (no free-space floor, no horizon; see ``PathLossModel`` for both).
    @inline(__always)
    public static func lossDB(
        distanceKm: Double,
        environment: Environment,
        frequencyMHz: Double,
        baseHeightMeters: Double,
        mobileHeightMeters: Double
    ) -> Double {
        lossAtOneKmDB(
            environment: environment,
            frequencyMHz: frequencyMHz,
            baseHeightMeters: baseHeightMeters,
            mobileHeightMeters: mobileHeightMeters
        )
            + slopeDBPerDecade(baseHeightMeters: baseHeightMeters) * log10(distanceKm)
    }

    /// The distance in km at which the Hata loss (without floor) reaches `lossDB`.
    @inline(__always)
    public static func distanceKm(
        lossDB: Double,
        environment: Environment,
        frequencyMHz: Double,
        baseHeightMeters: Double,
        mobileHeightMeters: Double
    ) -> Double {
        let intercept = lossAtOneKmDB(
            environment: environment,
            frequencyMHz: frequencyMHz,
            baseHeightMeters: baseHeightMeters,
            mobileHeightMeters: mobileHeightMeters
        )
        return pow(10, (lossDB - intercept) / slopeDBPerDecade(baseHeightMeters: baseHeightMeters))
    }
}
