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

    /// The distance in km at which free space loses `lossDB` at `frequencyMHz` (the inverse of ``lossDB(distanceKm:frequencyMHz:)``).
    @inline(__always)
    public static func distanceKm(lossDB: Double, frequencyMHz: Double) -> Double {
        pow(10, (lossDB - 20 * log10(frequencyMHz) - RadioConstants.freeSpaceConstantKmMHz) / 20)
    }
}

/// The witness RSSI plausibility bound of Helium's off-chain verifier (`POC-RULES.md` §3.4, helium/oracles
/// `iot_verifier/src/poc.rs` `calc_expected_rssi` and `calc_fspl`), reproduced operation for operation.
///
/// A witness is `bad_rssi` when `signal / 10.0` is strictly greater than the value returned here.
public enum HeliumRSSIBound {
    /// The speed of light exactly as the verifier writes it (`C = 2.998e8` m/s, not the SI value).
    public static let speedOfLight = 2.998e8

    /// Free-space loss as the verifier computes it: `20·log10(((4·π)·d)·f / C)` with `d` in whole metres
    /// and `f` in Hz.
    @inline(__always)
    public static func freeSpaceLossDB(distanceMeters: UInt32, frequencyHz: UInt64) -> Double {
        20 * log10(((4 * Double.pi) * Double(distanceMeters)) * Double(frequencyHz) / speedOfLight)
    }

    /// The largest valid witness RSSI in dBm: `tx_power + G_b − FSPL + G_w`, evaluated in that order, where the
    /// gains are the antenna gains in tenths of dBi divided by 10 with integer division truncating toward zero
    /// (12 → 1 dB, 58 → 5 dB, −15 → −1 dB).
    ///
    /// - Parameters:
    ///   - txPowerDBm: the beacon's conducted power, integer dBm.
    ///   - beaconerGainTenthsDBi: the beaconer's asserted gain (dBi × 10).
    ///   - witnessGainTenthsDBi: the witness's asserted gain (dBi × 10).
    ///   - distanceMeters: the rounded haversine distance between the two asserted cell centres.
    ///   - witnessFrequencyHz: the frequency the witness reported.
    @inline(__always)
    public static func maximumRSSIDBm(
        txPowerDBm: Int,
        beaconerGainTenthsDBi: Int,
        witnessGainTenthsDBi: Int,
        distanceMeters: UInt32,
        witnessFrequencyHz: UInt64
    ) -> Double {
        let beaconerGain = Double(beaconerGainTenthsDBi / 10)
        let witnessGain = Double(witnessGainTenthsDBi / 10)
        let loss = freeSpaceLossDB(distanceMeters: distanceMeters, frequencyHz: witnessFrequencyHz)
        return Double(txPowerDBm) + beaconerGain - loss + witnessGain
    }
}
