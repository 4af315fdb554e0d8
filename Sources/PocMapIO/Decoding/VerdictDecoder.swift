import PocMapCore

/// Decodes the lines of `verdicts.ndjson` (`FORMATS.md` §2.1) back into ``VerdictRecord`` values.
///
/// Strict about what downstream jobs rely on: `kind`, `poc_id` (64 hex digits), `pub_key`,
/// `received_timestamp`, `source`, `status`, `hex_scale` and `reward_unit` (decimals with at most four places,
/// within 0…1 and 0…2) are required; `invalid_reason` must be present exactly when the status is `invalid` and
/// must be a known reason name; witness lines need `participant_side` and `selected`, and a selected witness must
/// be valid. The witness numbers (`distance_m`, `rssi_dbm`, …) may be absent or `null`.
///
/// Stateful across lines: it remembers the last beacon line so that each witness line of the same `poc_id`
/// gets that beacon's key as ``VerdictRecord/beaconer``.
struct VerdictDecoder: RecordDecoder {
    static let fieldNames = [
        "kind", "poc_id", "pub_key", "received_timestamp", "source", "status", "invalid_reason", "location",
        "hex_scale", "reward_unit", "participant_side", "selected", "distance_m", "rssi_dbm", "max_rssi_dbm",
        "rssi_margin_db", "frequency_offset_hz", "grid_distance_res11",
    ]
    private static let kind = 0
    private static let pocID = 1
    private static let pubKey = 2
    private static let receivedTimestamp = 3
    private static let source = 4
    private static let status = 5
    private static let invalidReason = 6
    private static let location = 7
    private static let hexScale = 8
    private static let rewardUnit = 9
    private static let participantSide = 10
    private static let selected = 11
    private static let distance = 12
    private static let rssi = 13
    private static let maxRSSI = 14
    private static let rssiMargin = 15
    private static let frequencyOffset = 16
    private static let gridDistance = 17
    static let requiredColumnGroups = [
        [kind], [pocID], [pubKey], [receivedTimestamp], [source], [status], [hexScale], [rewardUnit],
    ]

    /// The largest hex scale (HIP-17 scales are products of clipped/unclipped ≤ 1).
    static let maxHexScale = Decimal4.one
    /// The largest reward unit (HIP15_TX_REWARD_UNIT_CAP).
    static let maxRewardUnit = RewardUnits.unitCap

    /// The last beacon line decoded: its PoC, key and location.
    private var lastBeacon: (pocID: SHA256Digest, key: String, location: H3Cell?)?

    init(options: ReaderOptions) {}

    mutating func decode(_ fields: inout FieldReader, source: SourceLocation) throws(RecordError) -> VerdictRecord {
        let kind = try fields.keyword(Self.kind, VerdictRecord.Kind.self)
        guard let kind else { throw fields.missing(Self.kind) }
        guard let idText = try fields.stringBytes(Self.pocID) else { throw fields.missing(Self.pocID) }
        guard let pocID = SHA256Digest(hexString: FieldReader.trimmed(idText)) else {
            throw RecordError("field 'poc_id': \(FieldReader.quoted(idText)) is not 64 hexadecimal digits")
        }
        let key = try fields.requiredString(Self.pubKey)
        guard let received = try fields.timestampMs(Self.receivedTimestamp) else {
            throw fields.missing(Self.receivedTimestamp)
        }
        let reportSource = try fields.requiredString(Self.source)
        guard let statusName = try fields.keyword(Self.status, StatusName.self) else {
            throw fields.missing(Self.status)
        }
        let status: VerificationStatus = statusName == .valid ? .valid : .invalid
        var reason: InvalidReason?
        if let bytes = try fields.stringBytes(Self.invalidReason), case let text = FieldReader.trimmed(bytes),
            text.count > 0
        {
            guard let known = InvalidReason(name: String(decoding: text, as: UTF8.self)) else {
                throw RecordError("field 'invalid_reason': unknown reason \(FieldReader.quoted(text))")
            }
            reason = known
        }
        switch (status, reason) {
        case (.valid, .some(let reason)):
            throw RecordError("field 'invalid_reason': a valid verdict has no reason, got '\(reason.name)'")
        case (.invalid, nil):
            throw RecordError("missing required field 'invalid_reason' (the status is invalid)")
        default:
            break
        }
        let location = try fields.cell(Self.location)
        let scale = try fields.requiredDecimal4(Self.hexScale, maximum: Self.maxHexScale)
        let unit = try fields.requiredDecimal4(Self.rewardUnit, maximum: Self.maxRewardUnit)

        var record = VerdictRecord(
            kind: kind,
            pocID: pocID,
            pubKey: key,
            receivedTimestampMs: received,
            source: reportSource,
            status: status,
            invalidReason: reason,
            location: location,
            hexScale: scale,
            rewardUnit: unit,
            verdictSource: source
        )
        switch kind {
        case .beacon:
            lastBeacon = (pocID, key, location)
        case .witness:
            guard let side = try fields.keyword(Self.participantSide, SideName.self) else {
                throw fields.missing(Self.participantSide)
            }
            record.participantSide =
                switch side {
                case .none: ParticipantSide.none  // spelled out: a bare `.none` would be Optional's
                case .beaconer: ParticipantSide.beaconer
                case .witness: ParticipantSide.witness
                }
            guard let selected = try fields.bool(Self.selected) else { throw fields.missing(Self.selected) }
            guard !selected || status == .valid else {
                throw RecordError("field 'selected': an invalid witness cannot be selected")
            }
            record.selected = selected
            record.distanceMeters = try fields.int(Self.distance, in: 0...40_100_000, unit: "m")
            record.rssiDBm = try fields.double(Self.rssi)
            record.maxRSSIDBm = try fields.double(Self.maxRSSI)
            record.rssiMarginDB = try fields.double(Self.rssiMargin)
            record.frequencyOffsetHz = try fields.int(Self.frequencyOffset)
            record.gridDistanceRes11 = try fields.int(Self.gridDistance, in: 0...Int(Int32.max), unit: "")
            if let beacon = lastBeacon, beacon.pocID == pocID, reason != .noMatchingBeacon {
                record.beaconer = beacon.key
                record.beaconerLocation = beacon.location
            }
        }
        return record
    }

    /// `status` values.
    private enum StatusName: String, CaseIterable {
        case valid, invalid
    }

    /// `participant_side` values.
    private enum SideName: String, CaseIterable {
        case none, beaconer, witness
    }
}

extension FieldReader {
    /// A string field that must be one of the raw values of `Keyword`; `nil` when absent.
    mutating func keyword<Keyword: RawRepresentable & CaseIterable>(_ field: Int, _ type: Keyword.Type)
        throws(RecordError) -> Keyword? where Keyword.RawValue == String
    {
        guard let bytes = try stringBytes(field) else { return nil }
        let text = FieldReader.trimmed(bytes)
        guard text.count > 0 else { return nil }
        if let match = Keyword(rawValue: String(decoding: text, as: UTF8.self)) { return match }
        let expected = Keyword.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        throw RecordError("field '\(names[field])': \(FieldReader.quoted(text)) is not one of \(expected)")
    }

    /// An H3 cell given as a hex string; `nil` when absent, null or empty.
    mutating func cell(_ field: Int) throws(RecordError) -> H3Cell? {
        guard let bytes = try stringBytes(field) else { return nil }
        let text = FieldReader.trimmed(bytes)
        guard text.count > 0 else { return nil }
        do {
            return try H3Cell(string: String(decoding: text, as: UTF8.self))
        } catch {
            throw RecordError("field '\(names[field])': \(FieldReader.quoted(text)) is not a valid H3 cell index")
        }
    }

    /// A required non-negative decimal with at most four places (a JSON number or a string such as `"0.5000"`),
    /// not above `maximum`.
    mutating func requiredDecimal4(_ field: Int, maximum: Decimal4) throws(RecordError) -> Decimal4 {
        let text: UnsafeBufferPointer<UInt8>
        let slot = slots[field]
        switch slot.kind {
        case .absent, .null:
            throw missing(field)
        case .number:
            guard let base = line.baseAddress else { throw missing(field) }
            text = UnsafeBufferPointer(start: base + slot.offset, count: slot.count)
        case .string, .text:
            guard let bytes = try stringBytes(field) else { throw missing(field) }
            text = FieldReader.trimmed(bytes)
        default:
            throw typeError(field, expected: "a decimal number")
        }
        guard let value = Decimal4(String(decoding: text, as: UTF8.self)) else {
            throw RecordError(
                "field '\(names[field])': expected a decimal with at most 4 places, got \(FieldReader.quoted(text))"
            )
        }
        guard value >= .zero && value <= maximum else {
            throw RecordError(
                "field '\(names[field])': \(value) is not plausible (expected 0.0000 to \(maximum))"
            )
        }
        return value
    }
}
