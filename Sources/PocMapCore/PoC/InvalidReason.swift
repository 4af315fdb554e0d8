/// Why a beacon or witness report is invalid: Helium's `invalid_reason` names (helium/proto
/// `service/poc_lora.proto`, POC-RULES §1.3) plus the project's own `no_matching_beacon`, `duplicate_beacon`
/// and `malformed` (FORMATS §2.1).
///
/// The raw value is pocmap's own compact code (it indexes ``InvalidReasonSet``); ``heliumCode`` is Helium's
/// protobuf number, and ``name`` the snake_case name written to `verdicts.ndjson`.
public enum InvalidReason: UInt8, CaseIterable, Hashable, Comparable, Sendable, CustomStringConvertible {
    case notAsserted = 0
    case entropyExpired
    case invalidCapability
    case irregularInterval
    case gatewayNotFound
    case denied
    case invalidPacket
    case badRssi
    case invalidRegion
    case maxDistanceExceeded
    case invalidFrequency
    case selfWitness
    case stale
    case belowMinDistance
    case duplicate
    case deniedEdge
    case tooLate
    case gatewayNoValidBeacons
    case gatewayNoValidWitnesses
    /// Project reason: a witness report whose payload joins no beacon report.
    case noMatchingBeacon
    /// Project reason: a beacon report whose payload repeats an earlier beacon report's payload.
    case duplicateBeacon
    /// Project reason: an input line that could not be read as a record (only in `rejects.ndjson`).
    case malformed
    /// `legacy` profile, reported verbatim: a witness reporting frequency 0 while `discard_zero_freq_witness` is
    /// set.
    case witnessZeroFreq
    /// `legacy` profile, reported verbatim: the res-11 grid distance could not be computed.
    case pentagonalDistortion
    /// `legacy` profile with PoC version 10, reported verbatim: RSSI below the SNR curve's lower bound.
    case witnessRSSIBelowLowerBound

    /// The snake_case name used in every output (`below_min_distance`).
    public var name: String {
        switch self {
        case .notAsserted: "not_asserted"
        case .entropyExpired: "entropy_expired"
        case .invalidCapability: "invalid_capability"
        case .irregularInterval: "irregular_interval"
        case .gatewayNotFound: "gateway_not_found"
        case .denied: "denied"
        case .invalidPacket: "invalid_packet"
        case .badRssi: "bad_rssi"
        case .invalidRegion: "invalid_region"
        case .maxDistanceExceeded: "max_distance_exceeded"
        case .invalidFrequency: "invalid_frequency"
        case .selfWitness: "self_witness"
        case .stale: "stale"
        case .belowMinDistance: "below_min_distance"
        case .duplicate: "duplicate"
        case .deniedEdge: "denied_edge"
        case .tooLate: "too_late"
        case .gatewayNoValidBeacons: "gateway_no_valid_beacons"
        case .gatewayNoValidWitnesses: "gateway_no_valid_witnesses"
        case .noMatchingBeacon: "no_matching_beacon"
        case .duplicateBeacon: "duplicate_beacon"
        case .malformed: "malformed"
        case .witnessZeroFreq: "witness_zero_freq"
        case .pentagonalDistortion: "pentagonal_distortion"
        case .witnessRSSIBelowLowerBound: "witness_rssi_below_lower_bound"
        }
    }

    /// The snake_case name (same as ``name``).
    public var description: String { name }

    /// Helium's protobuf `invalid_reason` number, or nil for the project's own reasons.
    public var heliumCode: Int? {
        switch self {
        case .notAsserted: 2
        case .entropyExpired: 3
        case .invalidCapability: 5
        case .irregularInterval: 7
        case .gatewayNotFound: 8
        case .denied: 9
        case .invalidPacket: 10
        case .badRssi: 11
        case .invalidRegion: 12
        case .maxDistanceExceeded: 13
        case .invalidFrequency: 14
        case .selfWitness: 15
        case .stale: 16
        case .belowMinDistance: 19
        case .duplicate: 20
        case .deniedEdge: 21
        case .tooLate: 22
        case .gatewayNoValidBeacons: 23
        case .gatewayNoValidWitnesses: 24
        case .noMatchingBeacon, .duplicateBeacon, .malformed, .witnessZeroFreq, .pentagonalDistortion,
            .witnessRSSIBelowLowerBound:
            nil
        }
    }

    /// Parses a snake_case reason name; nil for any other text.
    public init?(name: String) {
        guard let match = InvalidReason.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Orders by pocmap's code.
    public static func < (lhs: InvalidReason, rhs: InvalidReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A set of ``InvalidReason``s in one machine word: every check a report failed, not only the first
/// (POC-RULES §3.5 and §11.2: the verdict keeps Helium's first failure, diagnostics list them all).
public struct InvalidReasonSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral {
    /// One bit per ``InvalidReason/rawValue``.
    public var rawValue: UInt32

    /// Creates a set from its bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The empty set.
    public init() { self.rawValue = 0 }

    /// A set of the listed reasons.
    public init(arrayLiteral reasons: InvalidReason...) {
        self.rawValue = 0
        for reason in reasons { insert(reason) }
    }

    /// Whether no reason is in the set.
    public var isEmpty: Bool { rawValue == 0 }

    /// The set holding one reason.
    public init(_ reason: InvalidReason) { self.rawValue = 1 << UInt32(reason.rawValue) }

    /// Whether `reason` is in the set.
    public func contains(_ reason: InvalidReason) -> Bool { rawValue & (1 << UInt32(reason.rawValue)) != 0 }

    /// Adds `reason`.
    public mutating func insert(_ reason: InvalidReason) { rawValue |= 1 << UInt32(reason.rawValue) }

    /// The reasons in pocmap code order.
    public func makeIterator() -> some IteratorProtocol<InvalidReason> {
        InvalidReason.allCases.filter { contains($0) }.makeIterator()
    }
}

/// The side Helium blames for an invalid witness (`invalid_participant_side`, POC-RULES §1.3).
public enum ParticipantSide: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// `side_none` (0): a valid witness, or a report with no beacon to blame.
    case none = 0
    /// `beaconer` (2): the witness inherits its beacon's failure.
    case beaconer = 2
    /// `witness` (3): the witness's own check failed.
    case witness = 3

    /// `none`, `beaconer` or `witness`.
    public var description: String {
        switch self {
        case .none: "none"
        case .beaconer: "beaconer"
        case .witness: "witness"
        }
    }
}

/// Helium's `verification_status`.
public enum VerificationStatus: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// `valid` (0).
    case valid = 0
    /// `invalid` (1).
    case invalid = 1

    /// `valid` or `invalid`.
    public var description: String { self == .valid ? "valid" : "invalid" }
}
