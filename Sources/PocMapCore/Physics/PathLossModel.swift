import Glibc

/// The geometry of one radio link apart from its length: frequency and the two antenna heights.
public struct LinkGeometry: Hashable, Sendable {
    /// The carrier frequency, MHz.
    public var frequencyMHz: Double
    /// The transmitter (gateway, Hata's base station) antenna height above ground, metres.
    public var transmitterHeightMeters: Double
    /// The receiver (Hata's mobile) antenna height above ground, metres.
    public var receiverHeightMeters: Double

    /// Creates a link geometry; the receiver height defaults to 1.5 m (a hand-held or window-sill device).
    public init(frequencyMHz: Double, transmitterHeightMeters: Double, receiverHeightMeters: Double = 1.5) {
        self.frequencyMHz = frequencyMHz
        self.transmitterHeightMeters = transmitterHeightMeters
        self.receiverHeightMeters = receiverHeightMeters
    }

    /// The radio horizon of this link in km (``RadioHorizon``).
    public var horizonKm: Double {
        RadioHorizon.distanceKm(
            transmitterHeightMeters: transmitterHeightMeters,
            receiverHeightMeters: receiverHeightMeters
        )
    }
}

/// Conditions outside a model's validated range. They are attached to results (and belong in output
/// metadata); they never turn a result into an error (`RADIO.md` §1).
public struct PathLossWarnings: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The raw bit set.
    public let rawValue: UInt16
    /// Creates a set from raw bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The frequency lies outside the model's fitted range (Hata: 150–1500 MHz).
    public static let frequencyOutOfRange = PathLossWarnings(rawValue: 1 << 0)
    /// The distance lies outside the model's fitted range (Hata: 1–20 km).
    public static let distanceOutOfRange = PathLossWarnings(rawValue: 1 << 1)
    /// The transmitter (base) height lies outside the fitted range (Hata: 30–200 m).
    public static let transmitterHeightOutOfRange = PathLossWarnings(rawValue: 1 << 2)
    /// The receiver (mobile) height lies outside the fitted range (Hata: 1–10 m).
    public static let receiverHeightOutOfRange = PathLossWarnings(rawValue: 1 << 3)
    /// The distance is shorter than a log-distance model's reference distance `d0` (extrapolation).
    public static let belowReferenceDistance = PathLossWarnings(rawValue: 1 << 4)
    /// The model predicted less loss than free space; free space was used instead.
    public static let flooredAtFreeSpace = PathLossWarnings(rawValue: 1 << 5)
    /// The distance (or range) lies beyond the radio horizon: no coverage.
    public static let beyondHorizon = PathLossWarnings(rawValue: 1 << 6)

    private static let names: [(PathLossWarnings, String)] = [
        (.frequencyOutOfRange, "frequency_out_of_range"), (.distanceOutOfRange, "distance_out_of_range"),
        (.transmitterHeightOutOfRange, "transmitter_height_out_of_range"),
        (.receiverHeightOutOfRange, "receiver_height_out_of_range"),
        (.belowReferenceDistance, "below_reference_distance"), (.flooredAtFreeSpace, "floored_at_free_space"),
        (.beyondHorizon, "beyond_horizon"),
    ]

    /// The snake_case names of the warnings present, in a fixed order (for metadata).
    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }

    /// The names joined by commas, or `none`.
    public var description: String { isEmpty ? "none" : names.joined(separator: ",") }
}

/// Inputs no propagation model can evaluate.
public enum PathLossError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The distance is not a finite number above zero (km).
    case invalidDistance(Double)
    /// The loss is not a finite number (dB).
    case invalidLoss(Double)
    /// The frequency is not a finite number above zero (MHz).
    case invalidFrequency(Double)
    /// An antenna height is not finite, or not above zero where the model takes its logarithm (metres).
    case invalidHeight(Double)
    /// The model's own parameters are unusable (for example a non-positive path-loss exponent).
    case invalidParameters(String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .invalidDistance(let d): "distance \(d) km is not a positive finite number; give the link length in km"
        case .invalidLoss(let l): "path loss \(l) dB is not a finite number"
        case .invalidFrequency(let f): "frequency \(f) MHz is not a positive finite number; give it in MHz"
        case .invalidHeight(let h): "antenna height \(h) m is not usable by this model; give a height above 0 m"
        case .invalidParameters(let why): "path-loss model parameters are unusable: \(why)"
        }
    }
}

/// A path loss at one distance, as the model menu of `RADIO.md` §2 defines it: floored at free space and
/// capped at the radio horizon.
public struct PathLossEstimate: Hashable, Sendable {
    /// The loss in dB; `+infinity` beyond the radio horizon ("no coverage").
    public var lossDB: Double
    /// Conditions outside the model's validity (``PathLossWarnings/beyondHorizon`` when `lossDB` is infinite).
    public var warnings: PathLossWarnings

    /// Creates an estimate.
    public init(lossDB: Double, warnings: PathLossWarnings) {
        self.lossDB = lossDB
        self.warnings = warnings
    }

    /// Whether the link is within the horizon (the loss is finite).
    public var hasCoverage: Bool { lossDB.isFinite }
}

/// The largest distance a model allows for a given loss: the inverse of
/// ``PathLossModel/loss(distanceKm:link:fadeMarginZ:)`` computed from the piecewise function actually used (floor, crossover, horizon; `RADIO.md` §11 pitfall 6).
public struct RangeEstimate: Hashable, Sendable {
    /// The range in km.
    public var distanceKm: Double
    /// Whether the radio horizon, not the loss, set the range.
    public var isHorizonLimited: Bool
    /// Conditions outside the model's validity at the returned distance.
    public var warnings: PathLossWarnings

    /// Creates a range estimate.
    public init(distanceKm: Double, isHorizonLimited: Bool, warnings: PathLossWarnings) {
        self.distanceKm = distanceKm
        self.isHorizonLimited = isHorizonLimited
        self.warnings = warnings
    }
}

/// A terrain-free propagation model from the menu of `RADIO.md` §2. A value type with static dispatch: switch
/// over the cases, no existentials, nanoseconds per evaluation.
///
/// Every model answers two questions the same way: the loss at a distance
/// (``loss(distanceKm:link:fadeMarginZ:)``) and the distance at a loss (``range(lossDB:link:fadeMarginZ:)``).
/// Both floor the loss at free space and stop at the radio horizon.
public enum PathLossModel: Hashable, Sendable {
    /// Free space (`fspl`): the optimistic bound, never the coverage default.
    case freeSpace
    /// Two-ray ground reflection with crossover (`two-ray`): open flat land, water.
    case twoRay
    /// Okumura-Hata (`hata-urban`, `hata-urban-large`, `hata-suburban`, `hata-open`).
    case hata(OkumuraHata.Environment)
    /// Log-distance with log-normal shadowing (`oulu`, `lorasim`, `flora-urban`, or own parameters); the main
    /// default.
    case logDistance(LogDistance)

    /// The model names accepted by ``init(identifier:)``.
    public static let identifiers = [
        "fspl", "two-ray", "hata-urban", "hata-urban-large", "hata-suburban", "hata-open", "oulu", "lorasim",
        "flora-urban",
    ]

    /// Parses a model name of `RADIO.md` §2 (`fspl`, `two-ray`, `hata-urban`, `hata-urban-large`, `hata-suburban`,
    /// `hata-open`, `oulu`, `lorasim`, `flora-urban`; the presets also as `logdist-oulu` etc.). `flora-urban` gets
    /// σ = ``LogDistance/floraUrbanDefaultSigmaDB``. Returns `nil` for other names.
    public init?(identifier: String) {
        var name = identifier.lowercased()
        if name.hasPrefix("logdist-") { name.removeFirst("logdist-".count) }
        switch name {
        case "fspl", "free-space": self = .freeSpace
        case "two-ray": self = .twoRay
        case "hata-urban": self = .hata(.urban(largeCity: false))
        case "hata-urban-large": self = .hata(.urban(largeCity: true))
        case "hata-suburban": self = .hata(.suburban)
        case "hata-open": self = .hata(.open)
        case "oulu": self = .logDistance(.oulu)
        case "lorasim": self = .logDistance(.lorasim)
        case "flora-urban": self = .logDistance(.floraUrban(shadowingSigmaDB: LogDistance.floraUrbanDefaultSigmaDB))
        default: return nil
        }
    }

    /// The shadowing σ in dB (0 for the deterministic models).
    public var shadowingSigmaDB: Double {
        if case .logDistance(let model) = self { return model.shadowingSigmaDB }
        return 0
    }

    /// The loss at `distanceKm`, floored at free space and capped at the horizon, plus `fadeMarginZ·σ` (log-distance
    /// only; z = 0 for the median, 1.28 for 90 % coverage at a point).
    public func loss(distanceKm: Double, link: LinkGeometry, fadeMarginZ: Double = 0) throws(PathLossError)
        -> PathLossEstimate
    {
        guard distanceKm.isFinite, distanceKm > 0 else { throw .invalidDistance(distanceKm) }
        try validate(link)
        var warnings = validityWarnings(link: link)
        warnings.formUnion(distanceWarnings(distanceKm))
        if distanceKm > link.horizonKm {
            warnings.insert(.beyondHorizon)
            return PathLossEstimate(lossDB: .infinity, warnings: warnings)
        }
        let free = FreeSpace.lossDB(distanceKm: distanceKm, frequencyMHz: link.frequencyMHz)
        let raw = rawLossDB(distanceKm: distanceKm, link: link)
        var loss = raw
        if raw < free {
            loss = free
            if case .freeSpace = self {} else if case .twoRay = self {} else { warnings.insert(.flooredAtFreeSpace) }
        }
        return PathLossEstimate(lossDB: loss + fadeMarginZ * shadowingSigmaDB, warnings: warnings)
    }

    /// The range at which the loss (floored at free space, plus `fadeMarginZ·σ`) reaches `lossDB`, capped at the
    /// radio horizon.
    public func range(lossDB: Double, link: LinkGeometry, fadeMarginZ: Double = 0) throws(PathLossError)
        -> RangeEstimate
    {
        guard lossDB.isFinite else { throw .invalidLoss(lossDB) }
        try validate(link)
        let median = lossDB - fadeMarginZ * shadowingSigmaDB
        // loss(d) = max(model(d), fspl(d)) with both increasing in d, so loss(d) ≤ L ⇔ d ≤ min of the inverses.
        let freeRange = FreeSpace.distanceKm(lossDB: median, frequencyMHz: link.frequencyMHz)
        var distance = min(rawDistanceKm(lossDB: median, link: link), freeRange)
        var warnings = validityWarnings(link: link)
        let horizon = link.horizonKm
        var limited = false
        if !(distance <= horizon) {
            distance = horizon
            limited = true
            warnings.insert(.beyondHorizon)
        }
        if distance > 0 { warnings.formUnion(distanceWarnings(distance)) }
        return RangeEstimate(distanceKm: distance, isHorizonLimited: limited, warnings: warnings)
    }

    /// The model's own formula without floor or horizon (the piecewise two-ray function is its own formula).
    @inline(__always)
    public func rawLossDB(distanceKm: Double, link: LinkGeometry) -> Double {
        switch self {
        case .freeSpace:
            return FreeSpace.lossDB(distanceKm: distanceKm, frequencyMHz: link.frequencyMHz)
        case .twoRay:
            return TwoRay.lossDB(
                distanceKm: distanceKm,
                transmitterHeightMeters: link.transmitterHeightMeters,
                receiverHeightMeters: link.receiverHeightMeters,
                frequencyMHz: link.frequencyMHz
            )
        case .hata(let environment):
            return OkumuraHata.lossDB(
                distanceKm: distanceKm,
                environment: environment,
                frequencyMHz: link.frequencyMHz,
                baseHeightMeters: link.transmitterHeightMeters,
                mobileHeightMeters: link.receiverHeightMeters
            )
        case .logDistance(let model):
            return model.lossDB(distanceKm: distanceKm)
        }
    }

    private func rawDistanceKm(lossDB: Double, link: LinkGeometry) -> Double {
        switch self {
        case .freeSpace:
            return FreeSpace.distanceKm(lossDB: lossDB, frequencyMHz: link.frequencyMHz)
        case .twoRay:
            return TwoRay.distanceKm(
                lossDB: lossDB,
                transmitterHeightMeters: link.transmitterHeightMeters,
                receiverHeightMeters: link.receiverHeightMeters,
                frequencyMHz: link.frequencyMHz
            )
        case .hata(let environment):
            return OkumuraHata.distanceKm(
                lossDB: lossDB,
                environment: environment,
                frequencyMHz: link.frequencyMHz,
                baseHeightMeters: link.transmitterHeightMeters,
                mobileHeightMeters: link.receiverHeightMeters
            )
        case .logDistance(let model):
            return model.distanceKm(lossDB: lossDB)
        }
    }

    private func validate(_ link: LinkGeometry) throws(PathLossError) {
        guard link.frequencyMHz.isFinite, link.frequencyMHz > 0 else { throw .invalidFrequency(link.frequencyMHz) }
        for height in [link.transmitterHeightMeters, link.receiverHeightMeters] {
            guard height.isFinite, height >= 0 else { throw .invalidHeight(height) }
        }
        switch self {
        case .freeSpace:
            break
        case .twoRay, .hata:
            // Both take log10 of the heights.
            for height in [link.transmitterHeightMeters, link.receiverHeightMeters] where height <= 0 {
                throw .invalidHeight(height)
            }
            if case .hata = self, OkumuraHata.slopeDBPerDecade(baseHeightMeters: link.transmitterHeightMeters) <= 0 {
                throw .invalidHeight(link.transmitterHeightMeters)
            }
        case .logDistance(let model):
            guard model.exponent.isFinite, model.exponent > 0 else {
                throw .invalidParameters("path-loss exponent n = \(model.exponent) must be above 0")
            }
            guard model.referenceDistanceKm.isFinite, model.referenceDistanceKm > 0 else {
                throw .invalidParameters("reference distance d0 = \(model.referenceDistanceKm) km must be above 0")
            }
            guard model.referenceLossDB.isFinite, model.shadowingSigmaDB.isFinite, model.shadowingSigmaDB >= 0 else {
                throw .invalidParameters("PL(d0) and σ must be finite, σ ≥ 0")
            }
        }
    }

    private func validityWarnings(link: LinkGeometry) -> PathLossWarnings {
        guard case .hata = self else { return [] }
        var warnings: PathLossWarnings = []
        if !OkumuraHata.frequencyRangeMHz.contains(link.frequencyMHz) { warnings.insert(.frequencyOutOfRange) }
        if !OkumuraHata.baseHeightRangeMeters.contains(link.transmitterHeightMeters) {
            warnings.insert(.transmitterHeightOutOfRange)
        }
        if !OkumuraHata.mobileHeightRangeMeters.contains(link.receiverHeightMeters) {
            warnings.insert(.receiverHeightOutOfRange)
        }
        return warnings
    }

    private func distanceWarnings(_ distanceKm: Double) -> PathLossWarnings {
        switch self {
        case .hata:
            return OkumuraHata.distanceRangeKm.contains(distanceKm) ? [] : .distanceOutOfRange
        case .logDistance(let model):
            return distanceKm < model.referenceDistanceKm ? .belowReferenceDistance : []
        case .freeSpace, .twoRay:
            return []
        }
    }
}
