import Glibc

/// Two-ray ground reflection with a crossover distance (`RADIO.md` §4; Rappaport, *Wireless Communications*,
/// 2nd ed., §4.6).
///
/// Up to the crossover `d_c = 4π·h_t·h_r / λ` the loss is free space; beyond it
/// `L = 40·log10(d_m) − 20·log10(h_t) − 20·log10(h_r)` (metres, no frequency term). With this `d_c` and the
/// exact free-space constant the two pieces meet without a step.
public enum TwoRay {
    /// The crossover distance in km for antenna heights in metres (> 0) at `frequencyMHz`.
    @inline(__always)
    public static func crossoverDistanceKm(
        transmitterHeightMeters: Double,
        receiverHeightMeters: Double,
        frequencyMHz: Double
    ) -> Double {
        let wavelengthMeters = RadioConstants.speedOfLightMetersPerSecond / (frequencyMHz * 1e6)
        return 4 * Double.pi * transmitterHeightMeters * receiverHeightMeters / wavelengthMeters / 1000
    }

    /// The loss in dB at `distanceKm`: free space up to the crossover, the fourth-power law beyond it.
    @inline(__always)
    public static func lossDB(
        distanceKm: Double,
        transmitterHeightMeters: Double,
        receiverHeightMeters: Double,
        frequencyMHz: Double
    ) -> Double {
        let crossover = crossoverDistanceKm(
            transmitterHeightMeters: transmitterHeightMeters,
            receiverHeightMeters: receiverHeightMeters,
            frequencyMHz: frequencyMHz
        )
        if distanceKm <= crossover {
            return FreeSpace.lossDB(distanceKm: distanceKm, frequencyMHz: frequencyMHz)
        }
        return 40 * log10(distanceKm * 1000) - 20 * log10(transmitterHeightMeters)
            - 20 * log10(receiverHeightMeters)
    }

    /// The distance in km at which the loss reaches `lossDB` (the inverse of the piecewise function).
    public static func distanceKm(
        lossDB: Double,
        transmitterHeightMeters: Double,
        receiverHeightMeters: Double,
        frequencyMHz: Double
    ) -> Double {
        let crossover = crossoverDistanceKm(
            transmitterHeightMeters: transmitterHeightMeters,
            receiverHeightMeters: receiverHeightMeters,
            frequencyMHz: frequencyMHz
        )
        let lossAtCrossover = FreeSpace.lossDB(distanceKm: crossover, frequencyMHz: frequencyMHz)
        if lossDB <= lossAtCrossover {
            return FreeSpace.distanceKm(lossDB: lossDB, frequencyMHz: frequencyMHz)
        }
        let exponent = (lossDB + 20 * log10(transmitterHeightMeters) + 20 * log10(receiverHeightMeters)) / 40
        return pow(10, exponent) / 1000
    }
}
