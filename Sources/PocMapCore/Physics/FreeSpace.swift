import Glibc

/// Physical constants shared by the propagation models (`RADIO.md` §1, §3).
public enum RadioConstants {
    /// The speed of light in vacuum, m/s (exact by the SI definition of the metre).
    public static let speedOfLightMetersPerSecond = 299_792_458.0

    /// The free-space constant for distance in km and frequency in MHz:
    /// `20·log10(4π·10⁹ / c)` = 32.4478 dB. `RADIO.md` §3 rounds it to 32.44; the exact value is used
    /// everywhere so that the two-ray pieces meet without a step (`RADIO.md` §4).
    public static let freeSpaceConstantKmMHz: Double = 20 * log10(4 * Double.pi * 1e9 / speedOfLightMetersPerSecond)

    /// The rounded textbook constant (32.44 dB, km and MHz) quoted in `RADIO.md` §3, for comparison only.
    public static let freeSpaceConstantKmMHzRounded = 32.44

    /// Thermal noise power density at 290 K, dBm per Hz (`RADIO.md` §8).
    public static let thermalNoiseDensityDBmPerHz = -174.0

    /// ERP is EIRP minus the gain of a half-wave dipole over an isotropic antenna, 2.15 dB (`RADIO.md` §1).
    public static let dipoleGainDBi = 2.15
}

/// Free-space path loss (FSPL), the optimistic bound of every terrain-free model (`RADIO.md` §3).
///
/// `L = 20·log10(d) + 20·log10(f) + 32.4478` dB with `d` in km and `f` in MHz (Friis transmission equation,
/// `L = 20·log10(4π·d·f / c)`).
public enum FreeSpace {
    /// The free-space loss in dB at `distanceKm` (> 0) and `frequencyMHz` (> 0), with the exact constant.
    /// Non-positive inputs give `-infinity` or NaN as the logarithm does; validated callers go through
    /// ``PathLossModel``.
    @inline(__always)
    public static func lossDB(distanceKm: Double, frequencyMHz: Double) -> Double {
        20 * log10(distanceKm) + 20 * log10(frequencyMHz) + RadioConstants.freeSpaceConstantKmMHz
    }

    /// The distance in km at which free space loses `lossDB` at `frequencyMHz` (the inverse of
    /// ``lossDB(distanceKm:frequencyMHz:)``).
    ///
    /// Helium's witness RSSI bound uses its own form of this loss (whole metres, Hz, C = 2.998e8 m/s); it lives
    /// with the rules, in ``PoCPhysics``.
    @inline(__always)
    public static func distanceKm(lossDB: Double, frequencyMHz: Double) -> Double {
        pow(10, (lossDB - 20 * log10(frequencyMHz) - RadioConstants.freeSpaceConstantKmMHz) / 20)
    }
}
