import Glibc

/// The radio horizon under 4/3-earth refraction (`RADIO.md` §7): `d_h ≈ 4.12·(√h_t + √h_r)` km with antenna
/// heights in metres above ground. Beyond it a terrain-free model has nothing to say: "no coverage".
public enum RadioHorizon {
    /// The 4/3-earth coefficient, km per √m.
    public static let coefficientKmPerRootMeter = 4.12

    /// The horizon distance in km. Negative heights count as 0 m (an antenna at ground level has no horizon of
    /// its own).
    @inline(__always)
    public static func distanceKm(transmitterHeightMeters: Double, receiverHeightMeters: Double) -> Double {
        coefficientKmPerRootMeter
            * (max(transmitterHeightMeters, 0).squareRoot() + max(receiverHeightMeters, 0).squareRoot())
    }
}

/// A LoRa modulation: spreading factor and channel bandwidth, with the SX127x-class receiver figures of
/// `RADIO.md` §8.
public struct LoRaModulation: Hashable, Sendable {
    /// The spreading factor, 7...12.
    public let spreadingFactor: Int
    /// The channel bandwidth in Hz (125 000 for every Helium beacon).
    public let bandwidthHz: Int

    /// Creates a modulation; `nil` unless `spreadingFactor` is 7...12 and `bandwidthHz` is positive.
    public init?(spreadingFactor: Int, bandwidthHz: Int = 125_000) {
        guard (7...12).contains(spreadingFactor), bandwidthHz > 0 else { return nil }
        self.spreadingFactor = spreadingFactor
        self.bandwidthHz = bandwidthHz
    }

    /// The SNR the demodulator needs, dB: −7.5 at SF7 down to −20 at SF12, 2.5 dB per step.
    public var requiredSNRDB: Double { -7.5 - 2.5 * Double(spreadingFactor - 7) }

    /// The noise floor `−174 + 10·log10(BW) + NF` in dBm.
    public func noiseFloorDBm(noiseFigureDB: Double = LinkBudget.defaultNoiseFigureDB) -> Double {
        RadioConstants.thermalNoiseDensityDBmPerHz + 10 * log10(Double(bandwidthHz)) + noiseFigureDB
    }

    /// The receiver sensitivity `S = −174 + 10·log10(BW) + NF + SNR_req` in dBm (−137 dBm at SF12/125 kHz with
    /// NF = 6 dB). Datasheets quote figures about a dB away; keep it a parameter where it matters.
    public func sensitivityDBm(noiseFigureDB: Double = LinkBudget.defaultNoiseFigureDB) -> Double {
        noiseFloorDBm(noiseFigureDB: noiseFigureDB) + requiredSNRDB
    }
}

/// Link-budget arithmetic (`RADIO.md` §1 and §8), all in dB and dBm.
public enum LinkBudget {
    /// The receiver noise figure of SX127x-class radios assumed by `RADIO.md` §8, dB.
    public static let defaultNoiseFigureDB = 6.0

    /// EIRP = conducted power + antenna gain − cable loss.
    @inline(__always)
    public static func eirpDBm(conductedPowerDBm: Double, antennaGainDBi: Double, cableLossDB: Double = 0) -> Double {
        conductedPowerDBm + antennaGainDBi - cableLossDB
    }

    /// ERP = EIRP − 2.15 dB (EU limits are quoted in ERP, `RADIO.md` §11 pitfall 4).
    @inline(__always)
    public static func erpDBm(eirpDBm: Double) -> Double { eirpDBm - RadioConstants.dipoleGainDBi }

    /// EIRP = ERP + 2.15 dB.
    @inline(__always)
    public static func eirpDBm(erpDBm: Double) -> Double { erpDBm + RadioConstants.dipoleGainDBi }

    /// The received power (predicted RSSI) `EIRP_tx + G_rx − L_cable,rx − L` in dBm.
    @inline(__always)
    public static func receivedPowerDBm(
        eirpDBm: Double,
        receiverGainDBi: Double,
        receiverCableLossDB: Double = 0,
        pathLossDB: Double
    ) -> Double {
        eirpDBm + receiverGainDBi - receiverCableLossDB - pathLossDB
    }

    /// The signal-to-noise ratio of a received power over the noise floor of `bandwidthHz`, dB.
    @inline(__always)
    public static func snrDB(
        rssiDBm: Double,
        bandwidthHz: Int,
        noiseFigureDB: Double = defaultNoiseFigureDB
    ) -> Double {
        rssiDBm - (RadioConstants.thermalNoiseDensityDBmPerHz + 10 * log10(Double(bandwidthHz)) + noiseFigureDB)
    }

    /// The maximum allowable path loss `EIRP + G_rx − L_cable − S − fade margin` in dB. Example (`RADIO.md` §8):
    /// 16 dBm EIRP, 3 dBi, 1 dB cable, SF12 (−137 dBm) gives 155 dB; with σ = 7.8 dB at 90 % (z = 1.28), 145 dB.
    @inline(__always)
    public static func maximumAllowablePathLossDB(
        eirpDBm: Double,
        receiverGainDBi: Double,
        receiverCableLossDB: Double = 0,
        sensitivityDBm: Double,
        fadeMarginDB: Double = 0
    ) -> Double {
        eirpDBm + receiverGainDBi - receiverCableLossDB - sensitivityDBm - fadeMarginDB
    }

    /// Converts Helium's antenna gain in tenths of dBi (12 = 1.2 dBi) to dBi.
    @inline(__always)
    public static func dBi(tenths: Int) -> Double { Double(tenths) / 10 }

    /// Converts Helium's `signal` (RSSI in tenths of dBm) to dBm.
    @inline(__always)
    public static func dBm(tenths: Int) -> Double { Double(tenths) / 10 }
}
