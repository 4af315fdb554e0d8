/// The propagation model of a coverage map (`--model`): one of the fixed models of `RADIO.md` §2, or the
/// log-distance model calibrated from the observed witnesses (the default).
public enum CoverageModel: Hashable, Sendable, CustomStringConvertible {
    /// The same model for every hotspot.
    case fixed(PathLossModel)
    /// Log-distance, calibrated per hotspot from witness RSSI with a regional and a preset fallback
    /// (``LogDistanceCalibration``).
    case calibratedLogDistance(CalibrationOptions)

    /// The names ``init(identifier:)`` accepts: the menu of the map command, then the fixed log-distance presets.
    public static let identifiers = [
        "free-space", "two-ray", "hata-urban", "hata-suburban", "hata-open", "log-distance", "hata-urban-large",
        "oulu", "lorasim", "flora-urban",
    ]

    /// Parses a model name: `free-space` (or `fspl`), `two-ray`, `hata-urban`, `hata-urban-large`, `hata-suburban`,
    /// `hata-open`, `log-distance` (calibrated, falling back to the `oulu` preset), or a fixed, uncalibrated preset
    /// (`oulu`, `lorasim`, `flora-urban`). `nil` for anything else.
    public init?(identifier: String) {
        let name = identifier.lowercased()
        if name == "log-distance" || name == "logdist" {
            self = .calibratedLogDistance(CalibrationOptions())
            return
        }
        guard let model = PathLossModel(identifier: name) else { return nil }
        self = .fixed(model)
    }

    /// The model's name as ``init(identifier:)`` reads it (`log-distance-fixed` for a log-distance model with
    /// parameters of its own, which only the API can build).
    public var identifier: String {
        switch self {
        case .calibratedLogDistance: return "log-distance"
        case .fixed(let model):
            switch model {
            case .freeSpace: return "free-space"
            case .twoRay: return "two-ray"
            case .hata(.urban(let large)): return large ? "hata-urban-large" : "hata-urban"
            case .hata(.suburban): return "hata-suburban"
            case .hata(.open): return "hata-open"
            case .logDistance(let m):
                if m == .oulu { return "oulu" }
                if m == .lorasim { return "lorasim" }
                if m == .floraUrban(shadowingSigmaDB: LogDistance.floraUrbanDefaultSigmaDB) { return "flora-urban" }
                return "log-distance-fixed"
            }
        }
    }

    /// The model and its parameters in one line, for output metadata.
    public var description: String {
        switch self {
        case .calibratedLogDistance(let options):
            let p = options.preset
            return "log-distance calibrated from witness RSSI (own fit from \(options.fit.minimumSamples) links, "
                + "regional res \(options.regionalResolution), preset PL(\(p.referenceDistanceKm) km)=\(p.referenceLossDB) dB "
                + "n=\(p.exponent) sigma=\(p.shadowingSigmaDB) dB)"
        case .fixed(.logDistance(let m)):
            return "\(identifier): PL(\(m.referenceDistanceKm) km)=\(m.referenceLossDB) dB n=\(m.exponent) "
                + "sigma=\(m.shadowingSigmaDB) dB"
        case .fixed(.hata):
            return "\(identifier): Okumura-Hata, valid 150-1500 MHz, h_b 30-200 m, h_m 1-10 m, d 1-20 km"
        case .fixed(.twoRay):
            return "two-ray ground reflection, crossover 4*pi*h_t*h_r/lambda"
        case .fixed(.freeSpace):
            return "free-space (Friis), an optimistic bound"
        }
    }
}

extension CoverageSite {
    /// The receiving site of an asserted hotspot: the centre of its cell, its elevation as antenna height
    /// (``defaultAntennaHeightMeters`` when the registry gives 0 or less), its gain, the mean channel frequency of its
    /// region plan (``defaultFrequencyMHz`` when unknown) and `model`. `nil` for an unasserted hotspot.
    public init?(hotspot: Hotspot, model: PathLossModel) {
        guard let location = hotspot.location, let centre = try? H3.cellToLatLng(location) else { return nil }
        self.init(
            location: centre,
            antennaHeightMeters: hotspot.elevationMeters > 0
                ? Double(hotspot.elevationMeters) : CoverageSite.defaultAntennaHeightMeters,
            antennaGainDBi: hotspot.gainDBi,
            frequencyMHz: CoverageSite.frequencyMHz(region: hotspot.region) ?? CoverageSite.defaultFrequencyMHz,
            model: model
        )
    }
}
