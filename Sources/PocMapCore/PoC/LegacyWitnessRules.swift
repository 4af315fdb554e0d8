import Glibc

/// The witness rules of the `legacy` profile: blockchain-core's on-chain PoC v10/v11 checks
/// (`blockchain_txn_poc_receipts_v2.erl` `tagged_witnesses`; POC-RULES §10), which replace `helium-2024`'s
/// witness steps 8–12. Beacon checks, reciprocity, selection and units are unchanged.
///
/// The defaults are pocmap's: `fspl_loss` 1.0, `poc_distance_limit` 100 km, 8 exclusion cells, PoC version 11
/// (no SNR check), `discard_zero_freq_witness` set. The legacy profile usually pairs with the `hip17-2020`
/// density set (chosen by the caller).
public struct LegacyWitnessRules: Hashable, Sendable {
    /// The chain's `poc_version`: 11 (default) or 10, which adds the SNR lower bound (§10 step 7).
    public var pocVersion: Int
    /// `fspl_loss`: MinRcvSig = (TxPower − FSPL) × loss; nil = unset (× 1).
    public var fsplLoss: Double?
    /// `poc_distance_limit` in km; nil = unset (no maximum distance).
    public var distanceLimitKilometers: Double?
    /// `poc_v4_exclusion_cells` (8; the chain allowed 8…12).
    public var exclusionCells: Int
    /// `discard_zero_freq_witness`: a witness reporting frequency 0 is `witness_zero_freq`.
    public var discardZeroFrequency: Bool

    /// pocmap's defaults (see the type).
    public init(
        pocVersion: Int = 11,
        fsplLoss: Double? = 1.0,
        distanceLimitKilometers: Double? = 100,
        exclusionCells: Int = 8,
        discardZeroFrequency: Bool = true
    ) {
        self.pocVersion = pocVersion
        self.fsplLoss = fsplLoss
        self.distanceLimitKilometers = distanceLimitKilometers
        self.exclusionCells = exclusionCells
        self.discardZeroFrequency = discardZeroFrequency
    }
}

/// The formulas of the legacy profile (POC-RULES §10), each evaluated in the order of its source.
public enum LegacyPhysics {
    /// The speed of light in `blockchain_utils:free_space_path_loss` (m/s).
    public static let speedOfLight = 299_792_458.0

    // helium/vincenty `native/vincenty.rs` constants.
    static let radiusAtEquator = 6_378_137.0
    static let flattening = 1.0 / 298.257223563
    static let radiusAtPoles = (1.0 - flattening) * radiusAtEquator

    /// Vincenty's inverse distance on WGS-84 in **kilometres**, rounded to 6 decimals, between two points given in
    /// degrees (latitude, longitude); nil when it fails to converge in 200 iterations (|Δλ| < 1e-12). Identical
    /// points give 0. Ported from helium/vincenty `native/vincenty.rs`.
    public static func vincentyKilometers(
        latitude1: Double,
        longitude1: Double,
        latitude2: Double,
        longitude2: Double
    ) -> Double? {
        let u1 = atan((1.0 - flattening) * tan(latitude1 * (Double.pi / 180)))
        let u2 = atan((1.0 - flattening) * tan(latitude2 * (Double.pi / 180)))
        let initialLambda = (longitude2 - longitude1) * (Double.pi / 180)
        var lambda = initialLambda
        let sinU1 = sin(u1)
        let cosU1 = cos(u1)
        let sinU2 = sin(u2)
        let cosU2 = cos(u2)
        for _ in 0..<200 {
            let sinLambda = sin(lambda)
            let cosLambda = cos(lambda)
            let p = cosU2 * sinLambda
            let q = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            let sinSigma = (p * p + q * q).squareRoot()
            if sinSigma == 0.0 { return 0.0 }
            let cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            let sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            let cosSqAlpha = 1.0 - sinAlpha * sinAlpha
            let cos2SigmaM = cosSqAlpha == 0.0 ? 0.0 : cosSigma - 2.0 * sinU1 * sinU2 / cosSqAlpha
            let c = (flattening / 16.0) * cosSqAlpha * (4.0 + flattening - 3.0 * cosSqAlpha)
            let newLambda =
                initialLambda + (1.0 - c) * flattening * sinAlpha
                * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1.0 + 2.0 * (cos2SigmaM * cos2SigmaM))))
            if abs(newLambda - lambda) < 0.000000000001 {
                let kilometers = evaluate(
                    cosSqAlpha: cosSqAlpha,
                    sinSigma: sinSigma,
                    cos2SigmaM: cos2SigmaM,
                    cosSigma: cosSigma,
                    sigma: sigma
                )
                return (kilometers * 1_000_000.0).rounded() / 1_000_000.0
            }
            lambda = newLambda
        }
        return nil
    }

    private static func evaluate(
        cosSqAlpha: Double,
        sinSigma: Double,
        cos2SigmaM: Double,
        cosSigma: Double,
        sigma: Double
    ) -> Double {
        let a2 = radiusAtEquator * radiusAtEquator
        let b2 = radiusAtPoles * radiusAtPoles
        let uSq = cosSqAlpha * (a2 - b2) / b2
        let a = 1.0 + uSq / 16384.0 * (4096.0 + uSq * (-768.0 + uSq * (320.0 - 175.0 * uSq)))
        let b = (uSq / 1024.0) * (256.0 + uSq * (-128.0 + uSq * (74.0 - 47.0 * uSq)))
        let deltaSigma =
            b * sinSigma
            * (cos2SigmaM
                + (b / 4.0)
                    * (cosSigma * (-1.0 + 2.0 * (cos2SigmaM * cos2SigmaM)) - (b / 6.0) * cos2SigmaM
                        * (-3.0 + 4.0 * (sinSigma * sinSigma)) * (-3.0 + 4.0 * (cos2SigmaM * cos2SigmaM))))
        return radiusAtPoles * a * (sigma - deltaSigma) / 1000.0
    }

    /// H3 **v3**'s mean hexagon edge length per resolution in km (`edgeLengthKm`, the table blockchain-core's
    /// `h3:edge_length_kilometers` read). H3 4.x publishes different values (res 12: 0.010830188 km), so the
    /// project's H3 4.5 `averageHexagonEdgeLength` must not be used here.
    static let v3EdgeLengthKilometers: [Double] = [
        1107.712591, 418.6760055, 158.2446558, 59.81085794, 22.6063794, 8.544408276, 3.229482772, 1.220629759,
        0.461354684, 0.174375668, 0.065907807, 0.024910561, 0.009415526, 0.003559893, 0.001348575, 0.000509713,
    ]

    /// The centre-to-edge allowance subtracted per end (`blockchain_utils:hex_adjustment`): the H3 v3 mean edge
    /// length of the cell's resolution in km × 1.732 / 2 (√3 rounded to 3 decimals). Nil outside 0…15.
    public static func hexAdjustmentKilometers(resolution: Int) -> Double? {
        guard resolution >= 0 && resolution < v3EdgeLengthKilometers.count else { return nil }
        return v3EdgeLengthKilometers[resolution] * 1.732 / 2
    }

    /// `blockchain_utils:distance` in km: 0.001 for the same cell; Vincenty between the two cell centres (degrees)
    /// minus the hex adjustment of each end; 1000 when Vincenty fails to converge. Nil for an invalid cell.
    public static func distanceKilometers(_ a: H3Cell, _ b: H3Cell) -> Double? {
        if a == b { return 0.001 }
        guard let centreA = try? H3.cellToLatLng(a), let centreB = try? H3.cellToLatLng(b),
            let adjustA = hexAdjustmentKilometers(resolution: a.resolution),
            let adjustB = hexAdjustmentKilometers(resolution: b.resolution)
        else { return nil }
        guard
            let vincenty = vincentyKilometers(
                latitude1: centreA.latitudeDegrees,
                longitude1: centreA.longitudeDegrees,
                latitude2: centreB.latitudeDegrees,
                longitude2: centreB.longitudeDegrees
            )
        else { return 1000 }
        return vincenty - adjustA - adjustB
    }

    /// FSPL = 10·log10(((4π·f)·d_m / 299 792 458)²) − G_t − G_r with G_t = 0 and G_r = witness gain / 10 as a
    /// float (`blockchain_utils:free_space_path_loss/5` as `calc_fspl` calls it), d in km.
    public static func freeSpacePathLossDB(frequencyHz: Double, distanceKilometers: Double, witnessGainTenthsDBi: Int)
        -> Double
    {
        let ratio = 4 * Double.pi * frequencyHz * (distanceKilometers * 1000) / speedOfLight
        return 10 * log10(ratio * ratio) - 0 - Double(witnessGainTenthsDBi) / 10
    }

    /// The TxPower estimate when a report has none (`estimated_tx_power`): max_eirp / 10 of the plan channel whose
    /// frequency is closest to `frequencyHz`, later channels winning ties (`eirp_from_closest_freq`).
    public static func estimatedTxPowerDBm(
        frequencyHz: Double,
        channels: [(frequencyHz: Double, maxEIRPTenthsDBm: Int)]
    )
        -> Double?
    {
        guard var best = channels.first else { return nil }
        for channel in channels.dropFirst()
        where abs(frequencyHz - channel.frequencyHz) <= abs(frequencyHz - best.frequencyHz) {
            best = channel
        }
        return Double(best.maxEIRPTenthsDBm) / 10
    }

    /// The PoC v10 SNR curve (`?SNR_CURVE`, blockchain-core `include/blockchain_utils.hrl`): ⌈SNR⌉ → (low, high)
    /// RSSI bounds in dBm, for ⌈SNR⌉ in −20 … 16.
    static let snrCurve: [Int: (low: Double, high: Double)] = {
        var curve: [Int: (low: Double, high: Double)] = [:]
        for snr in 11...16 { curve[snr] = (-90, -35) }
        curve[10] = (-90, -40)
        curve[9] = (-95, -45)
        curve[8] = (-105, -45)
        curve[7] = (-108, -45)
        curve[6] = (-113, -100)
        curve[5] = (-115, -100)
        curve[4] = (-115, -112)
        curve[3] = (-115, -112)
        curve[2] = (-117, -112)
        curve[1] = (-120, -117)
        for snr in -5...0 { curve[snr] = (-125, -125) }
        curve[-6] = (-124, -124)
        curve[-7] = (-123, -123)
        for snr in -14 ... -8 { curve[snr] = (-125, -125) }
        curve[-15] = (-124, -124)
        for snr in -20 ... -16 { curve[snr] = (-123, -123) }
        return curve
    }()

    /// The lowest valid RSSI for an SNR (`calculate_rssi_bounds_from_snr`): the curve at ⌈SNR⌉, or outside it
    /// the nearest key's bounds scaled by (1 + |Δ|) (`scale_unknown_snr`; on a tie the smaller key).
    public static func rssiLowerBoundDBm(snrDB: Double) -> Double {
        let key = Int(snrDB.rounded(.up))
        if let bounds = snrCurve[key] { return bounds.low }
        let nearest =
            snrCurve.keys.min { a, b in
                let da = abs(key - a)
                let db = abs(key - b)
                return da != db ? da < db : a < b
            } ?? 0
        let factor = Double(abs(key - nearest))
        let low = snrCurve[nearest]?.low ?? 0
        return low + low * factor
    }
}
