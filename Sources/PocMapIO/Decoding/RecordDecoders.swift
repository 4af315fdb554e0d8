import PocMapCore

/// Turns the typed fields of one line into a record (one decoder per record type).
protocol RecordDecoder {
    associatedtype Record: Sendable
    /// Canonical field names; a field's slot is its index here.
    static var fieldNames: [String] { get }
    /// Groups of slots of which a CSV header must have at least one column each (required fields).
    static var requiredColumnGroups: [[Int]] { get }
    init(options: ReaderOptions)
    /// Decodes one line's fields. Throws the reason the line is rejected.
    mutating func decode(_ fields: inout FieldReader, source: SourceLocation) throws(RecordError) -> Record
    /// Whether records name a hotspot by key (reports), so that chunks gather the keys for a batch lookup.
    static var namesHotspots: Bool { get }
    /// The hotspot key a record names (used when ``namesHotspots``).
    static func hotspotKey(of record: Record) -> String
    /// Whether records are joined by payload (witness reports), so that chunks gather ``PayloadJoinKeys``.
    static var joinsByPayload: Bool { get }
    /// The received time and payload a record is joined by (used when ``joinsByPayload``).
    static func joinKey(of record: Record) -> (receivedMs: Int, payload: PayloadBytes)
    /// Appends the record of an NDJSON line in the layout this decoder reads fastest to `items` and tells what the
    /// reader gathers from it, or appends nothing and returns nil to read the line through the general path (which
    /// must give the same record for every line this accepts). `scratch` has room for twice the line's length.
    /// Without `keyString` the record's key string is left empty (``ReaderOptions/defersKeys``).
    func decodeCanonical(
        _ line: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        scratch: UnsafeMutablePointer<UInt8>,
        keyString: Bool,
        into items: inout [ReadResult<Record>]
    ) -> CanonicalLineCursor.Decoded?
}

extension RecordDecoder {
    static var namesHotspots: Bool { false }
    static func hotspotKey(of record: Record) -> String { "" }
    static var joinsByPayload: Bool { false }
    static func joinKey(of record: Record) -> (receivedMs: Int, payload: PayloadBytes) { (0, PayloadBytes()) }
    func decodeCanonical(
        _ line: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        scratch: UnsafeMutablePointer<UInt8>,
        keyString: Bool,
        into items: inout [ReadResult<Record>]
    ) -> CanonicalLineCursor.Decoded? { nil }
}

/// Decodes witness reports (`FORMATS.md` §1.3).
struct WitnessDecoder: RecordDecoder {
    static let fieldNames = [
        "pub_key", "received_timestamp", "data", "signal", "rssi", "snr", "frequency", "datarate", "timestamp", "tmst",
    ]
    private static let pubKey = 0
    private static let receivedTimestamp = 1
    private static let data = 2
    private static let signal = 3
    private static let rssi = 4
    private static let snr = 5
    private static let frequency = 6
    private static let datarate = 7
    private static let timestamp = 8
    private static let tmst = 9
    static let requiredColumnGroups = [[pubKey], [receivedTimestamp], [data], [signal, rssi], [frequency]]

    init(options: ReaderOptions) {}

    static let namesHotspots = true
    static func hotspotKey(of record: WitnessReport) -> String { record.pubKey }
    static let joinsByPayload = true
    static func joinKey(of record: WitnessReport) -> (receivedMs: Int, payload: PayloadBytes) {
        (record.receivedTimestampMs, record.data)
    }

    func decodeCanonical(
        _ line: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        scratch: UnsafeMutablePointer<UInt8>,
        keyString: Bool,
        into items: inout [ReadResult<WitnessReport>]
    ) -> CanonicalLineCursor.Decoded? {
        CanonicalWitnessLine.decode(line, source: source, scratch: scratch, keyString: keyString, into: &items)
    }

    mutating func decode(_ fields: inout FieldReader, source: SourceLocation) throws(RecordError) -> WitnessReport {
        let key = try fields.requiredString(Self.pubKey)
        guard let received = try fields.timestampMs(Self.receivedTimestamp) else {
            throw fields.missing(Self.receivedTimestamp)
        }
        let data = try decodeData(&fields, Self.data)
        let signal: Int
        if let value = try fields.int(
            Self.signal,
            in: PlausibleRanges.signalDeciDBm,
            unit: "ddBm",
            hint: "signal is in tenths of dBm"
        ) {
            signal = value
        } else if let dBm = try fields.double(Self.rssi) {
            let range = PlausibleRanges.signalDeciDBm
            guard dBm >= Double(range.lowerBound) / 10 && dBm <= Double(range.upperBound) / 10 else {
                throw RecordError(
                    "field 'rssi': \(dBm) dBm is not plausible (expected \(Double(range.lowerBound) / 10) to \(Double(range.upperBound) / 10) dBm)"
                )
            }
            signal = Int((dBm * 10).rounded())
        } else {
            throw RecordError("missing required field 'signal' (tenths of dBm) or 'rssi' (dBm)")
        }
        let snr = try fields.int(Self.snr, in: PlausibleRanges.snrDeciDB, unit: "ddB", hint: "snr is in tenths of dB")
        let frequency = try fields.frequencyHz(Self.frequency)
        let rate = try fields.dataRate(Self.datarate)
        let clock = try fields.int(Self.timestamp, in: 0...Int.max, unit: "ns")
        let counter = try fields.int(Self.tmst, in: 0...Int.max, unit: "µs")
        return WitnessReport(
            pubKey: key,
            receivedTimestampMs: received,
            data: data,
            signalDeciDBm: signal,
            snrDeciDB: snr,
            frequencyHz: frequency,
            dataRate: rate,
            timestampNs: clock,
            tmst: counter,
            source: source
        )
    }
}

/// Decodes beacon reports (`FORMATS.md` §1.2).
struct BeaconDecoder: RecordDecoder {
    static let fieldNames = [
        "pub_key", "received_timestamp", "data", "frequency", "datarate", "tx_power", "timestamp", "tmst",
        "local_entropy", "remote_entropy", "entropy_timestamp", "entropy_version",
    ]
    private static let pubKey = 0
    private static let receivedTimestamp = 1
    private static let data = 2
    private static let frequency = 3
    private static let datarate = 4
    private static let txPower = 5
    private static let timestamp = 6
    private static let tmst = 7
    private static let localEntropy = 8
    private static let remoteEntropy = 9
    private static let entropyTimestamp = 10
    private static let entropyVersion = 11
    static let requiredColumnGroups = [[pubKey], [receivedTimestamp], [data], [frequency], [txPower]]

    init(options: ReaderOptions) {}

    static let namesHotspots = true
    static func hotspotKey(of record: BeaconReport) -> String { record.pubKey }

    func decodeCanonical(
        _ line: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        scratch: UnsafeMutablePointer<UInt8>,
        keyString: Bool,
        into items: inout [ReadResult<BeaconReport>]
    ) -> CanonicalLineCursor.Decoded? {
        CanonicalBeaconLine.decode(line, source: source, scratch: scratch, into: &items)  // beacons keep their key
    }

    mutating func decode(_ fields: inout FieldReader, source: SourceLocation) throws(RecordError) -> BeaconReport {
        let key = try fields.requiredString(Self.pubKey)
        guard let received = try fields.timestampMs(Self.receivedTimestamp) else {
            throw fields.missing(Self.receivedTimestamp)
        }
        let data = try decodeData(&fields, Self.data)
        let frequency = try fields.frequencyHz(Self.frequency)
        let rate = try fields.dataRate(Self.datarate)
        let power = try fields.requiredInt(
            Self.txPower,
            in: PlausibleRanges.txPowerDBm,
            unit: "dBm",
            hint: "tx_power is in whole dBm"
        )
        let clock = try fields.int(Self.timestamp, in: 0...Int.max, unit: "ns")
        let counter = try fields.int(Self.tmst, in: 0...Int.max, unit: "µs")
        let local = try fields.payload(Self.localEntropy)
        let remote = try fields.payload(Self.remoteEntropy)
        let entropyStart = try fields.int(
            Self.entropyTimestamp,
            in: PlausibleRanges.timestampSeconds,
            unit: "s",
            hint: "entropy_timestamp is in seconds"
        )
        let version = try fields.int(Self.entropyVersion, in: 0...1, unit: "")
        return BeaconReport(
            pubKey: key,
            receivedTimestampMs: received,
            data: data,
            frequencyHz: frequency,
            dataRate: rate,
            txPowerDBm: power,
            timestampNs: clock,
            tmst: counter,
            localEntropy: local,
            remoteEntropy: remote,
            entropyTimestampSeconds: entropyStart,
            entropyVersion: version,
            source: source
        )
    }
}

/// The required, non-empty payload of a report.
private func decodeData(_ fields: inout FieldReader, _ field: Int) throws(RecordError) -> PayloadBytes {
    guard let data = try fields.payload(field) else { throw fields.missing(field) }
    guard !data.isEmpty else { throw RecordError("field '\(fields.names[field])': the payload is empty") }
    return data
}

/// Decodes hotspot registry rows (`FORMATS.md` §1.1).
///
/// The location is `location` (an H3 cell of resolution 12 or finer, hex in either case) when present, else
/// `lat` + `lng` converted to the resolution-12 cell. A row with neither is an unasserted hotspot. With
/// ``ReaderOptions/zeroCoordinatesMeanUnasserted`` (the default), `lat = lng = 0` also means unasserted,
/// as in exports that write 0,0 for hotspots without a location. A malformed location, a cell coarser than
/// resolution 12, or coordinates out of range reject the row.
struct HotspotDecoder: RecordDecoder {
    static let fieldNames = ["key", "location", "lat", "lng", "gain", "gain_dbi", "elevation", "region", "full"]
    private static let key = 0
    private static let location = 1
    private static let lat = 2
    private static let lng = 3
    private static let gain = 4
    private static let gainDBi = 5
    private static let elevation = 6
    private static let region = 7
    private static let full = 8
    static let requiredColumnGroups = [[key]]

    private let zeroMeansUnasserted: Bool

    init(options: ReaderOptions) {
        zeroMeansUnasserted = options.zeroCoordinatesMeanUnasserted
    }

    mutating func decode(_ fields: inout FieldReader, source: SourceLocation) throws(RecordError) -> Hotspot {
        let key = try fields.requiredString(Self.key)
        guard !key.utf8.contains(UInt8(ascii: ",")) else {
            throw RecordError("field 'key': \(FieldReader.quotedString(key)) contains a comma")
        }
        let location = try decodeLocation(&fields)
        var gain = Hotspot.defaultGainTenthsDBi
        if let tenths = try fields.int(
            Self.gain,
            in: PlausibleRanges.gainTenthsDBi,
            unit: "dBi×10",
            hint: "gain is in tenths of dBi; use gain_dbi for dBi"
        ) {
            gain = tenths
        } else if let dBi = try fields.double(Self.gainDBi) {
            let range = PlausibleRanges.gainTenthsDBi
            guard dBi * 10 >= Double(range.lowerBound) && dBi * 10 <= Double(range.upperBound) else {
                throw RecordError(
                    "field 'gain_dbi': \(dBi) dBi is not plausible (expected \(Double(range.lowerBound) / 10) to \(Double(range.upperBound) / 10) dBi)"
                )
            }
            gain = Int((dBi * 10).rounded())
        }
        let elevation = try fields.int(Self.elevation, in: PlausibleRanges.elevationMeters, unit: "m") ?? 0
        var region: RegionName?
        if let bytes = try fields.stringBytes(Self.region) {
            let text = FieldReader.trimmed(bytes)
            if text.count > 0 {
                guard let name = RegionName(rawValue: String(decoding: text, as: UTF8.self)) else {
                    throw RecordError(
                        "field 'region': \(FieldReader.quoted(text)) is not a region plan name such as US915 or AS923_1"
                    )
                }
                region = name
            }
        }
        let isFull = try fields.bool(Self.full) ?? true
        return Hotspot(
            key: key,
            location: location,
            gainTenthsDBi: gain,
            elevationMeters: elevation,
            region: region,
            isFullHotspot: isFull,
            source: source
        )
    }

    private func decodeLocation(_ fields: inout FieldReader) throws(RecordError) -> H3Cell? {
        if let bytes = try fields.stringBytes(Self.location), case let text = FieldReader.trimmed(bytes), text.count > 0
        {
            let string = String(decoding: text, as: UTF8.self)
            let cell: H3Cell
            do {
                cell = try H3Cell(string: string)
            } catch {
                throw RecordError("field 'location': \(FieldReader.quoted(text)) is not a valid H3 cell index")
            }
            guard cell.resolution >= 12 else {
                throw RecordError(
                    "field 'location': \(FieldReader.quoted(text)) is a resolution-\(cell.resolution) cell; hotspot locations must be resolution 12 or finer"
                )
            }
            return cell
        }
        let latitude = try fields.double(Self.lat)
        let longitude = try fields.double(Self.lng)
        switch (latitude, longitude) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw RecordError("field 'lat' is given without 'lng'")
        case (nil, .some):
            throw RecordError("field 'lng' is given without 'lat'")
        case (.some(let lat), .some(let lng)):
            guard lat >= -90 && lat <= 90 else { throw RecordError("field 'lat': \(lat) is outside -90...90 degrees") }
            guard lng >= -180 && lng <= 180 else {
                throw RecordError("field 'lng': \(lng) is outside -180...180 degrees")
            }
            if zeroMeansUnasserted && lat == 0 && lng == 0 { return nil }
            do {
                return try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: 12)
            } catch {
                throw RecordError("fields 'lat', 'lng': (\(lat), \(lng)) has no H3 cell: \(error)")
            }
        }
    }
}

extension FieldReader {
    /// A string in single quotes for a message, cut at 60 characters.
    static func quotedString(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { quoted($0) }
    }
}
