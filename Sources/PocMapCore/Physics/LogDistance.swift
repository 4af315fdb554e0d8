import Glibc

/// The log-distance path-loss model with log-normal shadowing (`RADIO.md` §6; Rappaport, *Wireless
/// Communications*, 2nd ed., §4.9):
///
/// `L(d) = PL(d0) + 10·n·log10(d/d0) + X_σ`, `X_σ ~ N(0, σ²)`.
///
/// ``lossDB(distanceKm:)`` is the median (`X_σ = 0`); add ``fadeMarginDB(z:)`` for a coverage probability, or a
/// drawn `X_σ` for a simulated link.
public struct LogDistance: Hashable, Sendable {
    /// The reference distance `d0`, km.
    public var referenceDistanceKm: Double
    /// The loss at the reference distance, `PL(d0)`, dB.
    public var referenceLossDB: Double
    /// The path-loss exponent `n` (2 in free space, 3–3.5 in cities).
    public var exponent: Double
    /// The standard deviation `σ` of the log-normal shadowing, dB.
    public var shadowingSigmaDB: Double

    /// Creates a model from its four parameters (see the properties for units).
    public init(referenceDistanceKm: Double, referenceLossDB: Double, exponent: Double, shadowingSigmaDB: Double) {
        self.referenceDistanceKm = referenceDistanceKm
        self.referenceLossDB = referenceLossDB
        self.exponent = exponent
        self.shadowingSigmaDB = shadowingSigmaDB
    }

    /// `oulu`: Petäjäjärvi et al. 2015, 868 MHz, Oulu (as in FLoRa's `LoRaPathLossOulu`): d0 = 1 km,
    /// PL(d0) = 128.95 dB, n = 2.32, σ = 7.8 dB. A sensible suburban/open default.
    public static let oulu = LogDistance(
        referenceDistanceKm: 1,
        referenceLossDB: 128.95,
        exponent: 2.32,
        shadowingSigmaDB: 7.8
    )

    /// `lorasim`: Bor et al. 2016 (LoRaSim), a built-up campaign: d0 = 40 m, PL(d0) = 127.41 dB, n = 2.08,
    /// σ = 3.57 dB. For very short ranges and comparisons with LoRaSim only.
    public static let lorasim = LogDistance(
        referenceDistanceKm: 0.04,
        referenceLossDB: 127.41,
        exponent: 2.08,
        shadowingSigmaDB: 3.57
    )

    /// `flora-urban`: FLoRa's simplified urban Hata, `127.5 + 35.2·log10(d)` (d0 = 1 km, n = 3.52). The source
    /// gives no σ; supply one (6–8 dB is typical in cities, `RADIO.md` §6).
    public static func floraUrban(shadowingSigmaDB: Double) -> LogDistance {
        LogDistance(referenceDistanceKm: 1, referenceLossDB: 127.5, exponent: 3.52, shadowingSigmaDB: shadowingSigmaDB)
    }

    /// The σ pocmap uses for `flora-urban` when none is given: 7 dB, the middle of the 6–8 dB city range.
    public static let floraUrbanDefaultSigmaDB = 7.0

    /// The median loss in dB at `distanceKm` (no floor, no horizon; see ``PathLossModel``).
    @inline(__always)
    public func lossDB(distanceKm: Double) -> Double {
        referenceLossDB + 10 * exponent * log10(distanceKm / referenceDistanceKm)
    }

    /// The distance in km at which the median loss reaches `lossDB`.
    @inline(__always)
    public func distanceKm(lossDB: Double) -> Double {
        referenceDistanceKm * pow(10, (lossDB - referenceLossDB) / (10 * exponent))
    }

    /// The fade margin `z·σ` in dB for a standard-normal quantile `z` (0.84 for 80 %, 1.28 for 90 %,
    /// 1.645 for 95 % coverage at a point; see ``StandardNormal/quantile(_:)``).
    @inline(__always)
    public func fadeMarginDB(z: Double) -> Double { z * shadowingSigmaDB }
}

/// The standard normal distribution, for fade margins and shadowing.
public enum StandardNormal {
    /// The quantile (inverse CDF) `z` with `P(Z ≤ z) = probability`, for `0 < probability < 1`
    /// (Acklam's rational approximation, relative error below 1.15·10⁻⁹; P. J. Acklam, "An algorithm for computing
    /// the inverse normal cumulative distribution function", 2003). Returns NaN outside (0, 1).
    public static func quantile(_ probability: Double) -> Double {
        guard probability > 0, probability < 1 else { return .nan }
        let a = (
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
        )
        let b = (
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01
        )
        let c = (
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
        )
        let d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
        let low = 0.02425
        if probability < low {
            let q = sqrt(-2 * log(probability))
            return (((((c.0 * q + c.1) * q + c.2) * q + c.3) * q + c.4) * q + c.5)
                / ((((d.0 * q + d.1) * q + d.2) * q + d.3) * q + 1)
        }
        if probability > 1 - low {
            let q = sqrt(-2 * log(1 - probability))
            return -(((((c.0 * q + c.1) * q + c.2) * q + c.3) * q + c.4) * q + c.5)
                / ((((d.0 * q + d.1) * q + d.2) * q + d.3) * q + 1)
        }
        let q = probability - 0.5
        let r = q * q
        return (((((a.0 * r + a.1) * r + a.2) * r + a.3) * r + a.4) * r + a.5) * q
            / (((((b.0 * r + b.1) * r + b.2) * r + b.3) * r + b.4) * r + 1)
    }

    /// The cumulative distribution function `P(Z ≤ z)`.
    public static func cdf(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }
}
