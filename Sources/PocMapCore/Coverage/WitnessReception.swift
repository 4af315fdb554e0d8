/// One witness reception as coverage mapping sees it: who beaconed from where, who heard it where, how loud, and
/// whether the proof-of-coverage rules accepted it. Built from a `verdicts.ndjson` witness line and the hotspot
/// registry (or from any other log of receptions, such as a field campaign).
public struct WitnessReception: Hashable, Sendable {
    /// The verdict of the rules on this reception.
    public enum Status: UInt8, Hashable, Sendable {
        /// The witness passed every check (`"status":"valid"`); only these make coverage.
        case valid
        /// The witness was rejected (`"status":"invalid"`, with a reason kept elsewhere).
        case invalid
    }

    /// The key of the transmitting hotspot (the beaconer).
    public var beaconerKey: String
    /// The beaconer's asserted location, `nil` when unknown.
    public var beaconerLocation: H3Cell?
    /// The key of the receiving hotspot (the witness).
    public var witnessKey: String
    /// The witness's asserted location, `nil` when unknown.
    public var witnessLocation: H3Cell?
    /// The received signal strength, dBm.
    public var rssiDBm: Double
    /// The signal-to-noise ratio, dB, when reported.
    public var snrDB: Double?
    /// The verdict.
    public var status: Status
    /// When the network received the witness report, ms since the Unix epoch.
    public var timestampMs: Int64
    /// The beaconer–witness distance in metres, `nil` to compute it from the two locations.
    public var distanceMeters: Double?
    /// The beaconer's EIRP in dBm (conducted power + antenna gain − cable loss), `nil` when unknown; calibration then
    /// assumes ``CalibrationOptions/defaultTransmitterEIRPDBm``.
    public var transmitterEIRPDBm: Double?

    /// Creates a reception.
    public init(
        beaconerKey: String,
        beaconerLocation: H3Cell?,
        witnessKey: String,
        witnessLocation: H3Cell?,
        rssiDBm: Double,
        snrDB: Double? = nil,
        status: Status = .valid,
        timestampMs: Int64,
        distanceMeters: Double? = nil,
        transmitterEIRPDBm: Double? = nil
    ) {
        self.beaconerKey = beaconerKey
        self.beaconerLocation = beaconerLocation
        self.witnessKey = witnessKey
        self.witnessLocation = witnessLocation
        self.rssiDBm = rssiDBm
        self.snrDB = snrDB
        self.status = status
        self.timestampMs = timestampMs
        self.distanceMeters = distanceMeters
        self.transmitterEIRPDBm = transmitterEIRPDBm
    }

    /// The link length in km: ``distanceMeters`` when given, otherwise the great-circle distance between the centres
    /// of the two locations; `nil` when neither is available.
    public var distanceKm: Double? {
        if let distanceMeters { return distanceMeters / 1000 }
        guard let a = beaconerLocation, let b = witnessLocation,
            let pa = try? H3.cellToLatLng(a), let pb = try? H3.cellToLatLng(b)
        else { return nil }
        return H3.greatCircleDistance(pa, pb, unit: .kilometers)
    }
}

/// Errors of the coverage computations.
public enum CoverageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The H3 resolution is outside 5...12.
    case invalidResolution(Int)
    /// A parameter is unusable; the text says which and why.
    case invalidParameter(String)
    /// The propagation model refused a hotspot's link.
    case pathLoss(hotspot: Int, PathLossError)
    /// H3 refused a cell.
    case h3(H3Error)

    /// The resolutions coverage maps support.
    public static let resolutions = 5...12

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .invalidResolution(let r): "H3 resolution \(r) is not supported for coverage; choose 5...12 (default 8)"
        case .invalidParameter(let why): "invalid coverage parameter: \(why)"
        case .pathLoss(let hotspot, let error): "hotspot #\(hotspot): \(error)"
        case .h3(let error): "H3: \(error)"
        }
    }
}

extension H3Cell {
    /// This location's cell at `resolution`: its parent when the location is at least as fine, otherwise the cell
    /// containing its centre.
    func coverageCell(resolution: Int) throws(H3Error) -> H3Cell {
        if self.resolution >= resolution { return try H3.cellToParent(self, resolution: resolution) }
        return try H3.latLngToCell(H3.cellToLatLng(self), resolution: resolution)
    }
}
