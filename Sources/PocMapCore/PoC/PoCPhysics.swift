import Glibc

/// The numeric formulas of the `helium-2024` witness checks (POC-RULES §3.3–§3.4; helium/oracles
/// `iot_verifier/src/poc.rs` calc_distance, calc_fpsl, calc_expected_rssi), evaluated in the order written there.
public enum PoCPhysics {
    /// C in poc.rs: the speed of light in air, m/s (not 299 792 458).
    public static let speedOfLight = 2.998e8
    /// h3o's `EARTH_RADIUS_KM` (H3's authalic radius), used by the distance.
    public static let earthRadiusKilometers = 6371.007180918475

    /// The haversine distance in metres between two points, as h3o `LatLng::distance_m` computes it:
    /// a = fma(s, s, cos φ₁·cos φ₂·t·t) with s = sin(Δφ/2), t = sin(Δλ/2); d = 2·atan2(√a, √(1−a)) × R_km × 1000.
    public static func distanceMeters(_ a: LatLng, _ b: LatLng) -> Double {
        distanceMeters(from: a, cosLatitude: cos(a.lat), to: b, cosLatitude: cos(b.lat))
    }

    /// ``distanceMeters(_:_:)`` with the two cos φ precomputed (the same doubles libm returns).
    @inline(__always)
    static func distanceMeters(from a: LatLng, cosLatitude cosA: Double, to b: LatLng, cosLatitude cosB: Double)
        -> Double
    {
        let s = sin((b.lat - a.lat) / 2.0)
        let t = sin((b.lng - a.lng) / 2.0)
        let h = (cosA * cosB * t * t).addingProduct(s, s)
        return 2.0 * atan2(h.squareRoot(), (1.0 - h).squareRoot()) * earthRadiusKilometers * 1000.0
    }

    /// The distance rounded to whole metres, ties away from zero, as the u32 the ORACLE stores; nil when the
    /// distance is not a finite number.
    public static func roundedDistanceMeters(_ meters: Double) -> UInt32? {
        guard meters.isFinite, meters >= 0, meters < 4_294_967_295.5 else { return nil }
        return UInt32(meters.rounded())
    }

    /// Free-space path loss in dB: 20·log10(((4·π)·d)·f / C) with d the integer metres and f the **witness**
    /// frequency in Hz (calc_fpsl). d = 0 gives −∞.
    public static func freeSpacePathLossDB(frequencyHz: Int, distanceMeters: UInt32) -> Double {
        20.0 * log10(4.0 * Double.pi * Double(distanceMeters) * Double(frequencyHz) / speedOfLight)
    }

    /// The RSSI upper bound in dBm (calc_expected_rssi): tx_power + G_b − FSPL + G_w, where the gains are the
    /// asserted dBi×10 values **integer-divided by 10, truncating toward zero** (12 → 1, 58 → 5, −15 → −1).
    /// A witness is `bad_rssi` when signal/10.0 is strictly greater than this.
    public static func expectedRSSIDBm(
        txPowerDBm: Int,
        frequencyHz: Int,
        distanceMeters: UInt32,
        beaconerGainTenthsDBi: Int,
        witnessGainTenthsDBi: Int
    ) -> Double {
        let beaconerGain = beaconerGainTenthsDBi / 10
        let witnessGain = witnessGainTenthsDBi / 10
        let pathLoss = freeSpacePathLossDB(frequencyHz: frequencyHz, distanceMeters: distanceMeters)
        return Double(txPowerDBm) + Double(beaconerGain) - pathLoss + Double(witnessGain)
    }
}
