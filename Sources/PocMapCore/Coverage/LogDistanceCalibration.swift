import Glibc

/// The settings of log-distance calibration from witness RSSI (`RADIO.md` §12).
public struct CalibrationOptions: Hashable, Sendable {
    /// The model used where the data say nothing (default ``LogDistance/oulu``).
    public var preset: LogDistance
    /// The fit guards: at least `minimumSamples` links (default **30**) spanning at least half a decade of
    /// distance (a 3.16× ratio), n clamped to 2...5, the worst 5 % of residuals trimmed (``LogDistanceFit/Options``).
    /// The same guards apply to a hotspot's own fit and to a regional fit. After trimming, σ is divided by the
    /// consistency factor of the trimmed normal (0.871 for 5 %), so that it estimates the shadowing σ again.
    public var fit: LogDistanceFit.Options
    /// Links shorter than this are dropped (default 0.1 km: locations are res-12 cell centres and antennas sit on
    /// roofs).
    public var minimumDistanceKm: Double
    /// Links longer than this are dropped (default 100 km, beyond any terrain-free horizon of ground antennas).
    public var maximumDistanceKm: Double
    /// The H3 resolution of a "region": the receiver's parent hex at this resolution (default 3, about
    /// 12 000 km², wide enough to hold whole metropolitan networks).
    public var regionalResolution: Int
    /// The shrinkage strength k of `n = (N·n_h + k·n_r)/(N + k)` (default 30).
    public var shrinkageStrength: Double
    /// The fewest own links for a hotspot to keep its own intercept under the regional exponent (default 3).
    public var minimumInterceptSamples: Int
    /// The transmitter EIRP assumed for a reception that does not state one, dBm (default 16.15 = 14 dBm ERP, the
    /// EU868 limit).
    public var defaultTransmitterEIRPDBm: Double
    /// The receiver antenna gain assumed for a hotspot whose gain is not given, dBi (default 1.2, Helium's default).
    public var defaultReceiverGainDBi: Double

    /// Creates options; every default is described on its property.
    public init(
        preset: LogDistance = .oulu,
        fit: LogDistanceFit.Options = LogDistanceFit.Options(),
        minimumDistanceKm: Double = 0.1,
        maximumDistanceKm: Double = 100,
        regionalResolution: Int = 3,
        shrinkageStrength: Double = 30,
        minimumInterceptSamples: Int = 3,
        defaultTransmitterEIRPDBm: Double = LinkBudget.eirpDBm(erpDBm: 14),
        defaultReceiverGainDBi: Double = Double(Hotspot.defaultGainTenthsDBi) / 10
    ) {
        self.preset = preset
        self.fit = fit
        self.minimumDistanceKm = minimumDistanceKm
        self.maximumDistanceKm = maximumDistanceKm
        self.regionalResolution = regionalResolution
        self.shrinkageStrength = shrinkageStrength
        self.minimumInterceptSamples = minimumInterceptSamples
        self.defaultTransmitterEIRPDBm = defaultTransmitterEIRPDBm
        self.defaultReceiverGainDBi = defaultReceiverGainDBi
    }
}

/// Where a hotspot's log-distance parameters came from (`RADIO.md` §12 steps 5 and 7).
public enum CalibrationLevel: String, Hashable, Sendable, CaseIterable {
    /// Its own fit: enough own links, and no regional fit to shrink toward.
    case own
    /// Its own fit with n shrunk toward the regional exponent, `(N·n_h + k·n_r)/(N + k)`; intercept and σ refitted
    /// to its own links under that exponent.
    case shrunk
    /// The regional n and σ with its own intercept `ȳ − 10·n_r·x̄` (a few own links, or too little spread).
    case ownIntercept = "own_intercept"
    /// The regional fit unchanged (no usable own links).
    case regional
    /// The preset (neither own nor regional data suffice).
    case preset
}

/// The log-distance model one hotspot uses, and its provenance.
public struct HotspotCalibration: Hashable, Sendable {
    /// Which level supplied the parameters.
    public var level: CalibrationLevel
    /// The model: `PL(d0)` (d0 = 1 km except for a preset with another d0), n and σ.
    public var model: LogDistance
    /// The number of own links the hotspot contributed (after the distance filter).
    public var sampleCount: Int
    /// The distances of its own links, km, `nil` without any.
    public var distanceRangeKm: ClosedRange<Double>?

    /// Creates a calibration record.
    public init(level: CalibrationLevel, model: LogDistance, sampleCount: Int, distanceRangeKm: ClosedRange<Double>?) {
        self.level = level
        self.model = model
        self.sampleCount = sampleCount
        self.distanceRangeKm = distanceRangeKm
    }
}

/// A log-distance model calibrated from observed witness RSSI (`RADIO.md` §12), per receiving hotspot with a
/// regional and a preset fallback.
///
/// Each valid reception becomes an observed path loss `L_obs = EIRP_tx + G_rx − RSSI` at its distance (links
/// outside ``CalibrationOptions/minimumDistanceKm``…``CalibrationOptions/maximumDistanceKm`` are dropped). Links are
/// grouped by the **receiving** hotspot (the witness), since predicted coverage models the hotspot as the receiver of
/// an uplink, and by the receiver's region (its parent hex at ``CalibrationOptions/regionalResolution``). Then:
///
/// | own links N | regional fit | level |
/// |---|---|---|
/// | ≥ 30 and ≥ ½ decade of spread | none | ``CalibrationLevel/own`` |
/// | ≥ 30 and ≥ ½ decade of spread | yes | ``CalibrationLevel/shrunk`` |
/// | ≥ 3 (or ≥ 30 without spread) | yes | ``CalibrationLevel/ownIntercept`` |
/// | fewer | yes | ``CalibrationLevel/regional`` |
/// | any | none | ``CalibrationLevel/preset`` (or ``CalibrationLevel/own`` when the own fit succeeded) |
///
/// The known bias of decoded-only samples (far samples are the lucky strong ones, flattening n; `RADIO.md` §12
/// step 6) is not corrected here.
public struct LogDistanceCalibration: Sendable {
    /// The settings used.
    public let options: CalibrationOptions
    /// The calibration of every hotspot that received at least one usable link, by key.
    public let hotspots: [String: HotspotCalibration]
    /// The regional fits (in path loss), by region hex; regions whose data failed the guards are absent.
    public let regions: [H3Cell: LogDistanceFit]
    /// The number of valid receptions used (after the distance filter).
    public let sampleCount: Int

    /// The model of hotspot `key` located at `location`: its own calibration when it has one, otherwise the fit of
    /// its region, otherwise the preset.
    public func calibration(forHotspot key: String, location: H3Cell?) -> HotspotCalibration {
        if let own = hotspots[key] { return own }
        if let location, let region = regionCell(of: location), let fit = regions[region] {
            return HotspotCalibration(level: .regional, model: fit.model, sampleCount: 0, distanceRangeKm: nil)
        }
        return HotspotCalibration(level: .preset, model: options.preset, sampleCount: 0, distanceRangeKm: nil)
    }

    private func regionCell(of location: H3Cell) -> H3Cell? {
        guard location.resolution >= options.regionalResolution else { return nil }
        return try? H3.cellToParent(location, resolution: options.regionalResolution)
    }

    /// Calibrates from `receptions` (only ``WitnessReception/Status/valid`` ones count).
    ///
    /// - Parameters:
    ///   - receptions: the witness receptions.
    ///   - receiverGainsDBi: antenna gains of receiving hotspots by key; missing keys get
    ///     ``CalibrationOptions/defaultReceiverGainDBi``.
    ///   - options: the guards and defaults.
    /// - Throws: ``CoverageError/invalidParameter(_:)`` for unusable options.
    public static func calibrate(
        _ receptions: some Sequence<WitnessReception>,
        receiverGainsDBi: [String: Double] = [:],
        options: CalibrationOptions = CalibrationOptions()
    ) throws(CoverageError) -> LogDistanceCalibration {
        guard (0...15).contains(options.regionalResolution) else {
            throw .invalidParameter("regional resolution \(options.regionalResolution) must be 0...15")
        }
        guard options.minimumDistanceKm > 0, options.maximumDistanceKm > options.minimumDistanceKm else {
            throw .invalidParameter("calibration distance range must satisfy 0 < minimum < maximum")
        }
        // Receivers are numbered on first sight, so each reception costs one lookup of its (long) key.
        var receiverOfKey: [String: Int] = [:]
        var receivers: [_Receiver] = []
        var byRegion: [H3Cell: _Samples] = [:]
        var used = 0
        for reception in receptions where reception.status == .valid {
            let receiver: Int
            if let known = receiverOfKey[reception.witnessKey] {
                receiver = known
            } else {
                receiver = receivers.count
                receiverOfKey[reception.witnessKey] = receiver
                receivers.append(
                    _Receiver(
                        key: reception.witnessKey,
                        gainDBi: receiverGainsDBi[reception.witnessKey] ?? options.defaultReceiverGainDBi
                    )
                )
            }
            // The receiver's region: that of the first valid reception that places it.
            let region = reception.witnessLocation.flatMap { location -> H3Cell? in
                guard location.resolution >= options.regionalResolution else { return nil }
                return try? H3.cellToParent(location, resolution: options.regionalResolution)
            }
            if receivers[receiver].region == nil { receivers[receiver].region = region }
            guard let d = reception.distanceKm, d >= options.minimumDistanceKm, d <= options.maximumDistanceKm
            else { continue }
            let eirp = reception.transmitterEIRPDBm ?? options.defaultTransmitterEIRPDBm
            let loss = eirp + receivers[receiver].gainDBi - reception.rssiDBm
            guard loss.isFinite else { continue }
            used += 1
            receivers[receiver].samples.append(d, loss)
            if let region { byRegion[region, default: _Samples()].append(d, loss) }
        }
        var regions: [H3Cell: LogDistanceFit] = [:]
        for (region, samples) in byRegion {
            if let fit = try? samples.fit(options.fit) { regions[region] = fit }
        }
        var hotspots: [String: HotspotCalibration] = [:]
        hotspots.reserveCapacity(receivers.count)
        for receiver in receivers where !receiver.samples.distances.isEmpty {
            let regional = receiver.region.flatMap { regions[$0] }
            hotspots[receiver.key] = calibrateOne(receiver.samples, regional: regional, options: options)
        }
        return LogDistanceCalibration(options: options, hotspots: hotspots, regions: regions, sampleCount: used)
    }

    private static func calibrateOne(_ samples: _Samples, regional: LogDistanceFit?, options: CalibrationOptions)
        -> HotspotCalibration
    {
        let count = samples.distances.count
        let range = samples.distanceRange
        let own = try? samples.fit(options.fit)
        switch (own, regional) {
        case (let own?, nil):
            return HotspotCalibration(level: .own, model: own.model, sampleCount: count, distanceRangeKm: range)
        case (let own?, let regional?):
            let n = LogDistanceFit.shrunkExponent(
                own: own.exponent,
                ownSamples: count,
                regional: regional.exponent,
                strength: options.shrinkageStrength
            )
            let line = samples.interceptFit(exponent: n, trimFraction: options.fit.trimFraction, slopeFitted: true)
            let model = LogDistance(
                referenceDistanceKm: 1,
                referenceLossDB: line.intercept,
                exponent: n,
                shadowingSigmaDB: line.sigma
            )
            return HotspotCalibration(level: .shrunk, model: model, sampleCount: count, distanceRangeKm: range)
        case (nil, let regional?):
            guard count >= max(options.minimumInterceptSamples, 1) else {
                return HotspotCalibration(
                    level: .regional,
                    model: regional.model,
                    sampleCount: count,
                    distanceRangeKm: range
                )
            }
            let line = samples.interceptFit(exponent: regional.exponent, trimFraction: 0, slopeFitted: false)
            let model = LogDistance(
                referenceDistanceKm: 1,
                referenceLossDB: line.intercept,
                exponent: regional.exponent,
                shadowingSigmaDB: regional.sigmaDB
            )
            return HotspotCalibration(level: .ownIntercept, model: model, sampleCount: count, distanceRangeKm: range)
        case (nil, nil):
            return HotspotCalibration(
                level: .preset,
                model: options.preset,
                sampleCount: count,
                distanceRangeKm: range
            )
        }
    }
}

/// One receiving hotspot while calibrating: its gain, region and samples.
private struct _Receiver {
    var key: String
    var gainDBi: Double
    var region: H3Cell?
    var samples = _Samples()
}

/// Observed (distance, loss) pairs of one group.
private struct _Samples {
    var distances: [Double] = []
    var losses: [Double] = []

    mutating func append(_ distanceKm: Double, _ lossDB: Double) {
        distances.append(distanceKm)
        losses.append(lossDB)
    }

    var distanceRange: ClosedRange<Double>? {
        guard let low = distances.min(), let high = distances.max() else { return nil }
        return low...high
    }

    /// The trimmed least-squares fit, its σ corrected for the trimming (see ``trimmedSigmaConsistency(_:)``).
    func fit(_ options: LogDistanceFit.Options) throws(LogDistanceFit.Failure) -> LogDistanceFit {
        var fit = try LogDistanceFit.fit(distancesKm: distances, values: losses, quantity: .pathLoss, options: options)
        if fit.trimmedCount > 0 {
            let kept = Double(fit.sampleCount) / Double(fit.sampleCount + fit.trimmedCount)
            fit.sigmaDB /= trimmedSigmaConsistency(1 - kept)
        }
        return fit
    }

    /// The intercept `PL(1 km)` and σ of the loss under a fixed exponent: the mean of `L − 10·n·log10 d`, then,
    /// with trimming, the same over the samples whose residuals are not among the worst `trimFraction`. σ uses
    /// N − 2 degrees of freedom when the exponent itself came from these data (`slopeFitted`), N − 1 otherwise.
    func interceptFit(exponent: Double, trimFraction: Double, slopeFitted: Bool) -> (intercept: Double, sigma: Double) {
        let slope = 10 * exponent
        var offsets = distances.indices.map { losses[$0] - slope * log10(distances[$0]) }
        var intercept = offsets.reduce(0, +) / Double(max(offsets.count, 1))
        let trim = Int((Double(offsets.count) * trimFraction).rounded(.down))
        if trim > 0 {
            let centre = intercept
            offsets.sort { abs($0 - centre) < abs($1 - centre) }
            offsets.removeLast(trim)
            intercept = offsets.reduce(0, +) / Double(offsets.count)
        }
        let dof = offsets.count - (slopeFitted ? 2 : 1)
        guard dof > 0 else { return (intercept, .nan) }
        let squares = offsets.reduce(0) { $0 + ($1 - intercept) * ($1 - intercept) }
        let correction = trim > 0 ? trimmedSigmaConsistency(Double(trim) / Double(distances.count)) : 1
        return (intercept, (squares / Double(dof)).squareRoot() / correction)
    }
}

/// The standard deviation of a standard normal variable kept only where `|Z| ≤ q`, `q = Φ⁻¹(1 − α/2)`:
/// `√(1 − 2·q·φ(q) / (2·Φ(q) − 1))` (0.871 for α = 0.05). Dividing the residual σ of a fit that trimmed the
/// fraction α of largest absolute residuals by it makes σ estimate the shadowing σ again (for Gaussian shadowing);
/// without it a 5 % trim reports about 13 % too little.
func trimmedSigmaConsistency(_ trimmedFraction: Double) -> Double {
    guard trimmedFraction > 0, trimmedFraction < 1 else { return 1 }
    let q = StandardNormal.quantile(1 - trimmedFraction / 2)
    let density = exp(-q * q / 2) / (2 * Double.pi).squareRoot()
    let variance = 1 - 2 * q * density / (2 * StandardNormal.cdf(q) - 1)
    return variance > 0 ? variance.squareRoot() : 1
}
