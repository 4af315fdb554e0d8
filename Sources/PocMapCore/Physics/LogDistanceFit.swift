import Glibc

/// A log-distance model fitted to observed links by ordinary least squares (`RADIO.md` §12).
///
/// The regression is `y = a + b·x` with `x = log10(d / 1 km)` and `y` either the RSSI (dBm) or the observed path
/// loss `L_obs = EIRP + G_rx − RSSI` (dB). For RSSI `n = −b/10` and `a` is the RSSI at 1 km; for loss `n = +b/10`
/// and `a` is `PL(1 km)`. `σ` is the residual standard deviation with N − 2 degrees of freedom.
public struct LogDistanceFit: Hashable, Sendable {
    /// What the fitted values are.
    public enum Quantity: Hashable, Sendable {
        /// Received signal strength, dBm: the loss slope appears with a minus sign.
        case rssi
        /// Path loss, dB (already normalised by EIRP and receive gain).
        case pathLoss
    }

    /// The quantity fitted.
    public var quantity: Quantity
    /// The intercept `a`: RSSI at 1 km (dBm) for ``Quantity/rssi``, `PL(1 km)` (dB) for ``Quantity/pathLoss``.
    public var interceptAtOneKm: Double
    /// The path-loss exponent `n`.
    public var exponent: Double
    /// The residual standard deviation `σ` (N − 2 degrees of freedom), dB.
    public var sigmaDB: Double
    /// The number of samples used (after trimming).
    public var sampleCount: Int
    /// The shortest and longest distance used, km.
    public var distanceRangeKm: ClosedRange<Double>
    /// Whether `n` fell outside the allowed range and was clamped (the intercept was then refitted alone).
    public var isExponentClamped: Bool
    /// How many samples the robust trimming removed.
    public var trimmedCount: Int

    /// The fitted model as a ``LogDistance`` (d0 = 1 km). Only meaningful for ``Quantity/pathLoss``; for RSSI the
    /// intercept is a received power, not a loss.
    public var model: LogDistance {
        LogDistance(
            referenceDistanceKm: 1,
            referenceLossDB: interceptAtOneKm,
            exponent: exponent,
            shadowingSigmaDB: sigmaDB
        )
    }

    /// The guards of `RADIO.md` §12 step 4.
    public struct Options: Hashable, Sendable {
        /// The fewest samples accepted (default 30).
        public var minimumSamples: Int
        /// The least spread of `x = log10 d` accepted, in decades (default 0.5, a 3.16× distance ratio).
        public var minimumSpreadDecades: Double
        /// The physical range of `n`; a fit outside is clamped and the intercept refitted (default 2...5).
        public var exponentRange: ClosedRange<Double>
        /// The fraction of worst residuals removed before refitting (default 0.05; 0 disables trimming).
        public var trimFraction: Double
        /// How many trim-and-refit steps at most (default 3; they stop early once the kept samples repeat).
        public var trimIterations: Int

        /// Creates options; the defaults are the values `RADIO.md` §12 recommends.
        public init(
            minimumSamples: Int = 30,
            minimumSpreadDecades: Double = 0.5,
            exponentRange: ClosedRange<Double> = 2...5,
            trimFraction: Double = 0.05,
            trimIterations: Int = 3
        ) {
            self.minimumSamples = minimumSamples
            self.minimumSpreadDecades = minimumSpreadDecades
            self.exponentRange = exponentRange
            self.trimFraction = trimFraction
            self.trimIterations = trimIterations
        }
    }

    /// Why a fit was refused.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Fewer samples than required.
        case tooFewSamples(count: Int, required: Int)
        /// The distances span too little of a decade to separate slope from intercept.
        case insufficientSpread(decades: Double, required: Double)
        /// A distance was not positive and finite, or a value not finite.
        case invalidSample(distanceKm: Double, valueDB: Double)

        /// What went wrong and what to do.
        public var description: String {
            switch self {
            case .tooFewSamples(let count, let required):
                "only \(count) samples, at least \(required) needed; use the regional fit"
            case .insufficientSpread(let decades, let required):
                "distances span \(decades) decades, at least \(required) needed; use the regional exponent"
            case .invalidSample(let d, let v):
                "sample (\(d) km, \(v) dB) is not usable: distances must be positive and values finite"
            }
        }
    }

    /// Fits `samples` of (distance in km, value in dB or dBm), applying the guards, clamping and trimming of
    /// `options`.
    public static func fit(
        distancesKm: [Double],
        values: [Double],
        quantity: Quantity,
        options: Options = Options()
    ) throws(Failure) -> LogDistanceFit {
        let count = min(distancesKm.count, values.count)
        var xs = [Double]()
        var ys = [Double]()
        xs.reserveCapacity(count)
        ys.reserveCapacity(count)
        for i in 0..<count {
            let d = distancesKm[i], v = values[i]
            guard d.isFinite, d > 0, v.isFinite else { throw .invalidSample(distanceKm: d, valueDB: v) }
            xs.append(log10(d))
            ys.append(v)
        }
        guard count >= max(options.minimumSamples, 3) else {
            throw .tooFewSamples(count: count, required: max(options.minimumSamples, 3))
        }
        var result = try fitOnce(xs: xs, ys: ys, quantity: quantity, options: options)
        let trim = Int((Double(count) * options.trimFraction).rounded(.down))
        if trim > 0 && count - trim >= max(options.minimumSamples, 3) {
            // Trimmed least squares by concentration steps: keep the `count − trim` samples with the smallest
            // absolute residuals from the current fit, refit, and repeat until the kept set stops changing (at most
            // `trimIterations` times). One step alone leaves part of the outliers' pull on the slope.
            var kept: [Int] = []
            for _ in 0..<max(options.trimIterations, 1) {
                let sign = quantity == .rssi ? -1.0 : 1.0
                let slope = sign * 10 * result.exponent
                let intercept = result.interceptAtOneKm
                var order = Array(0..<count)
                order.sort { a, b in
                    let ra = abs(ys[a] - intercept - slope * xs[a])
                    let rb = abs(ys[b] - intercept - slope * xs[b])
                    return ra != rb ? ra < rb : a < b
                }
                let next = order[0..<(count - trim)].sorted()
                if next == kept { break }
                kept = next
                result = try fitOnce(
                    xs: kept.map { xs[$0] },
                    ys: kept.map { ys[$0] },
                    quantity: quantity,
                    options: options
                )
                result.trimmedCount = trim
            }
        }
        return result
    }

    private static func fitOnce(xs: [Double], ys: [Double], quantity: Quantity, options: Options) throws(Failure)
        -> LogDistanceFit
    {
        var moments = RegressionMoments()
        for i in xs.indices { moments.add(x: xs[i], y: ys[i]) }
        let spread = (xs.max() ?? 0) - (xs.min() ?? 0)
        guard spread >= options.minimumSpreadDecades, moments.sxx > 0 else {
            throw .insufficientSpread(decades: spread, required: options.minimumSpreadDecades)
        }
        let sign = quantity == .rssi ? -1.0 : 1.0
        var slope = moments.sxy / moments.sxx
        var exponent = sign * slope / 10
        var clamped = false
        if !options.exponentRange.contains(exponent) {
            exponent = min(max(exponent, options.exponentRange.lowerBound), options.exponentRange.upperBound)
            slope = sign * 10 * exponent
            clamped = true
        }
        let intercept = moments.meanY - slope * moments.meanX
        var sumSquares = 0.0
        for i in xs.indices {
            let r = ys[i] - intercept - slope * xs[i]
            sumSquares += r * r
        }
        let n = xs.count
        let distances = pow(10, xs.min() ?? 0)...pow(10, xs.max() ?? 0)
        return LogDistanceFit(
            quantity: quantity,
            interceptAtOneKm: intercept,
            exponent: exponent,
            sigmaDB: (sumSquares / Double(n - 2)).squareRoot(),
            sampleCount: n,
            distanceRangeKm: distances,
            isExponentClamped: clamped,
            trimmedCount: 0
        )
    }

    /// Shrinks a hotspot's own exponent toward the regional one: `(N·n_h + k·n_r) / (N + k)`
    /// (`RADIO.md` §12 step 5).
    public static func shrunkExponent(own: Double, ownSamples: Int, regional: Double, strength k: Double = 30) -> Double
    {
        let n = Double(max(ownSamples, 0))
        return (n * own + k * regional) / (n + k)
    }
}

/// Streaming sums for a straight-line least-squares fit, updated one sample at a time with Welford-style
/// co-moments (stable for millions of samples; no storage).
public struct RegressionMoments: Hashable, Sendable {
    /// The number of samples added.
    public private(set) var count = 0
    /// The mean of x.
    public private(set) var meanX = 0.0
    /// The mean of y.
    public private(set) var meanY = 0.0
    /// Σ(x − x̄)².
    public private(set) var sxx = 0.0
    /// Σ(x − x̄)(y − ȳ).
    public private(set) var sxy = 0.0
    /// Σ(y − ȳ)².
    public private(set) var syy = 0.0

    /// An empty accumulator.
    public init() {}

    /// Adds one sample.
    @inline(__always)
    public mutating func add(x: Double, y: Double) {
        count += 1
        let n = Double(count)
        let dx = x - meanX
        let dy = y - meanY
        meanX += dx / n
        meanY += dy / n
        sxx += dx * (x - meanX)
        sxy += dx * (y - meanY)
        syy += dy * (y - meanY)
    }

    /// The least-squares slope `Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²` (NaN with fewer than two distinct x).
    public var slope: Double { sxy / sxx }
    /// The intercept `ȳ − b·x̄`.
    public var intercept: Double { meanY - slope * meanX }
    /// The residual standard deviation with N − 2 degrees of freedom.
    public var residualStandardDeviation: Double {
        guard count > 2 else { return .nan }
        return (max(syy - sxy * sxy / sxx, 0) / Double(count - 2)).squareRoot()
    }
}
