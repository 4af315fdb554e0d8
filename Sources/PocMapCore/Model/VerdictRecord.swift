/// One line of `verdicts.ndjson` read back as a value (`FORMATS.md` §2.1): the verdict on one beacon or witness
/// report, with the numbers behind it.
///
/// Produced by `VerdictReader` (PocMapIO) for downstream jobs that start from verdicts instead of raw logs:
/// reward shares (`pocmap rewards`), coverage maps (`pocmap map`). Witness-only fields are `nil` (or `false`)
/// on beacon lines. Each witness also carries its PoC's beaconer (``beaconer``, ``beaconerLocation``), taken from
/// the beacon line that precedes it in the file, because the verdict file lists every beacon followed by its
/// witnesses.
public struct VerdictRecord: Hashable, Sendable {
    /// Whether a line is a beacon's or a witness's verdict.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A beacon report's verdict.
        case beacon
        /// A witness report's verdict.
        case witness
    }

    /// `kind`: beacon or witness.
    public var kind: Kind
    /// `poc_id`: SHA-256 of the PoC's payload bytes.
    public var pocID: SHA256Digest
    /// `pub_key`: the reporting hotspot (the beaconer on beacon lines, the witness on witness lines).
    public var pubKey: String
    /// `received_timestamp`: when the network received the report, ms since the Unix epoch.
    public var receivedTimestampMs: Int
    /// `source`: the `FILE:LINE` of the input report this verdict is about, as written.
    public var source: String
    /// `status`: valid or invalid.
    public var status: VerificationStatus
    /// `invalid_reason`: the first failure, `nil` when valid.
    public var invalidReason: InvalidReason?
    /// `location`: the reporting hotspot's asserted H3 cell, `nil` when unknown.
    public var location: H3Cell?
    /// `hex_scale`: the applied HIP-17 scale (the beaconer's, for witnesses too).
    public var hexScale: Decimal4
    /// `reward_unit`: the HIP-15 unit (beaconer's TX unit, or the witness's RX unit when selected).
    public var rewardUnit: Decimal4

    // MARK: Witness-only fields

    /// `participant_side`: the side blamed for an invalid witness (`nil` on beacon lines).
    public var participantSide: ParticipantSide?
    /// `selected`: one of the first 14 valid witnesses (always `false` on beacon lines).
    public var selected: Bool
    /// `distance_m`: whole metres between the two asserted cell centres, `nil` when unknown.
    public var distanceMeters: Int?
    /// `rssi_dbm`: the reported RSSI in dBm.
    public var rssiDBm: Double?
    /// `max_rssi_dbm`: the free-space RSSI bound in dBm, `nil` when not computed.
    public var maxRSSIDBm: Double?
    /// `rssi_margin_db`: `max_rssi_dbm − rssi_dbm` in dB; negative means too loud.
    public var rssiMarginDB: Double?
    /// `frequency_offset_hz`: witness frequency minus beacon frequency, Hz.
    public var frequencyOffsetHz: Int?
    /// `grid_distance_res11`: H3 grid distance between the two res-11 parents.
    public var gridDistanceRes11: Int?
    /// The PoC's beaconer key: the `pub_key` of the beacon line preceding this witness with the same `poc_id`.
    /// `nil` on beacon lines and for witnesses that joined no beacon (`no_matching_beacon`).
    public var beaconer: String?
    /// The beaconer's `location`, when the beacon line gave one.
    public var beaconerLocation: H3Cell?

    /// Where this verdict line itself was read (`verdicts.ndjson:LINE`), when it came from a file.
    public var verdictSource: SourceLocation?

    /// Creates a record; witness-only fields default to absent.
    public init(
        kind: Kind,
        pocID: SHA256Digest,
        pubKey: String,
        receivedTimestampMs: Int,
        source: String,
        status: VerificationStatus,
        invalidReason: InvalidReason? = nil,
        location: H3Cell? = nil,
        hexScale: Decimal4 = .zero,
        rewardUnit: Decimal4 = .zero,
        participantSide: ParticipantSide? = nil,
        selected: Bool = false,
        distanceMeters: Int? = nil,
        rssiDBm: Double? = nil,
        maxRSSIDBm: Double? = nil,
        rssiMarginDB: Double? = nil,
        frequencyOffsetHz: Int? = nil,
        gridDistanceRes11: Int? = nil,
        beaconer: String? = nil,
        beaconerLocation: H3Cell? = nil,
        verdictSource: SourceLocation? = nil
    ) {
        self.kind = kind
        self.pocID = pocID
        self.pubKey = pubKey
        self.receivedTimestampMs = receivedTimestampMs
        self.source = source
        self.status = status
        self.invalidReason = invalidReason
        self.location = location
        self.hexScale = hexScale
        self.rewardUnit = rewardUnit
        self.participantSide = participantSide
        self.selected = selected
        self.distanceMeters = distanceMeters
        self.rssiDBm = rssiDBm
        self.maxRSSIDBm = maxRSSIDBm
        self.rssiMarginDB = rssiMarginDB
        self.frequencyOffsetHz = frequencyOffsetHz
        self.gridDistanceRes11 = gridDistanceRes11
        self.beaconer = beaconer
        self.beaconerLocation = beaconerLocation
        self.verdictSource = verdictSource
    }

    /// Whether the line earns a reward share (POC-RULES §7): a valid beacon, or a valid selected witness, with
    /// both hex scale and reward unit above zero.
    public var earnsShare: Bool {
        guard status == .valid, hexScale.tenThousandths > 0, rewardUnit.tenThousandths > 0 else { return false }
        return kind == .beacon || selected
    }
}

extension SHA256Digest {
    /// Parses 64 hexadecimal digits (either case) in the digest's standard byte order; `nil` for anything else.
    public init?(hexString text: String) {
        var copy = text
        guard let digest = copy.withUTF8({ SHA256Digest(hexString: $0) }) else { return nil }
        self = digest
    }

    /// Parses 64 hexadecimal digits given as UTF-8 bytes (non-generic, so a call from another module needs no
    /// specialisation: the generic form was 20 % of reading a verdict file, measured).
    public init?(hexString text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 64 else { return nil }
        var words = SIMD8<UInt32>(repeating: 0)
        for word in 0..<8 {
            var value: UInt32 = 0
            for index in word * 8..<word * 8 + 8 {
                let byte = text[index]
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte &- UInt8(ascii: "A") &+ 10
                default: return nil
                }
                value = value << 4 | UInt32(nibble)
            }
            words[word] = value
        }
        self.init(words: words)
    }
}
