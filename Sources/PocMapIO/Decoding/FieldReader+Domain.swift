import PocMapCore

/// The ranges outside which a value is rejected as absurd (a unit mix-up or garbage), not merely unusual.
/// Verification rules judge the values inside them.
public enum PlausibleRanges {
    /// Radio frequencies, Hz: 100 MHz to 3 GHz covers every LoRaWAN plan (433–928 MHz) and 2.4 GHz LoRa.
    public static let frequencyHz = 100_000_000...3_000_000_000
    /// Received signal strength, tenths of dBm: −200 dBm to +50 dBm.
    public static let signalDeciDBm = -2000...500
    /// Signal-to-noise ratio, tenths of dB: ±100 dB.
    public static let snrDeciDB = -1000...1000
    /// Conducted transmit power, dBm: −50 to +50 dBm (a value like 270 is tenths of dBm by mistake).
    public static let txPowerDBm = -50...50
    /// Antenna gain, tenths of dBi: −20 dBi to +50 dBi.
    public static let gainTenthsDBi = -200...500
    /// Antenna height above ground, metres.
    public static let elevationMeters = -1000...10_000
    /// Milliseconds since the epoch: 1970-01-01 to 9999-12-31.
    public static let timestampMs = 0...253_402_300_799_999
    /// Seconds since the epoch: 1970-01-01 to 9999-12-31.
    public static let timestampSeconds = 0...253_402_300_799
}

extension FieldReader {
    /// An integer field that must lie in `range`; `unit` is named in the message.
    mutating func int(_ field: Int, in range: ClosedRange<Int>, unit: String, hint: String = "") throws(RecordError)
        -> Int?
    {
        guard let value = try int(field) else { return nil }
        guard range.contains(value) else {
            throw outOfRange(field, value: "\(value)", range: range, unit: unit, hint: hint)
        }
        return value
    }

    /// A required integer field that must lie in `range`.
    mutating func requiredInt(_ field: Int, in range: ClosedRange<Int>, unit: String, hint: String = "")
        throws(RecordError) -> Int
    {
        guard let value = try int(field, in: range, unit: unit, hint: hint) else { throw missing(field) }
        return value
    }

    func outOfRange(_ field: Int, value: String, range: ClosedRange<Int>, unit: String, hint: String) -> RecordError {
        let suffix = unit.isEmpty ? "" : " \(unit)"
        return RecordError(
            "field '\(names[field])': \(value)\(suffix) is not plausible (expected \(range.lowerBound) to \(range.upperBound)\(suffix)\(hint.isEmpty ? "" : "; \(hint)"))"
        )
    }

    /// A frequency in Hz: a positive integer in ``PlausibleRanges/frequencyHz``.
    mutating func frequencyHz(_ field: Int) throws(RecordError) -> Int {
        guard let value = try int(field) else { throw missing(field) }
        guard value > 0 else {
            throw RecordError("field '\(names[field])': frequency must be positive, got \(value) Hz")
        }
        guard PlausibleRanges.frequencyHz.contains(value) else {
            throw outOfRange(
                field,
                value: "\(value)",
                range: PlausibleRanges.frequencyHz,
                unit: "Hz",
                hint: "MHz or kHz values must be given in Hz"
            )
        }
        return value
    }

    /// A data rate by Helium name, or `nil` when absent.
    mutating func dataRate(_ field: Int) throws(RecordError) -> DataRate? {
        guard let bytes = try stringBytes(field) else { return nil }
        if let rate = FieldReader.loRaDataRate(bytes) { return rate }
        let name = FieldReader.trimmed(bytes)
        guard let rate = DataRate(asciiName: name) else {
            throw RecordError(
                "field '\(names[field])': unknown data rate \(FieldReader.quoted(name)) (expected a Helium name such as SF9BW125)"
            )
        }
        return rate
    }

    /// The LoRa rate named exactly as Helium writes it (`SF7BW125` ... `SF12BW500`: upper case, no spaces), or
    /// nil for any other text, which ``DataRate/init(asciiName:)`` then reads (other cases, spaces, LR-FHSS and
    /// FSK rates, errors). The common names by a few byte tests instead of the general parser (≈ 2 % of the
    /// witness reader's time, measured).
    @inline(__always)
    static func loRaDataRate(_ bytes: UnsafeBufferPointer<UInt8>) -> DataRate? {
        guard bytes.count == 8 || bytes.count == 9, bytes[0] == UInt8(ascii: "S"), bytes[1] == UInt8(ascii: "F")
        else { return nil }
        var spreadingFactor = Int(bytes[2]) - Int(UInt8(ascii: "0"))
        var next = 3
        if bytes.count == 9 {
            // SF10 ... SF12.
            guard spreadingFactor == 1, case let unit = Int(bytes[3]) - Int(UInt8(ascii: "0")), (0...2).contains(unit)
            else { return nil }
            spreadingFactor = 10 + unit
            next = 4
        } else {
            guard (7...9).contains(spreadingFactor) else { return nil }
        }
        guard bytes[next] == UInt8(ascii: "B"), bytes[next + 1] == UInt8(ascii: "W") else { return nil }
        let width = (bytes[next + 2], bytes[next + 3], bytes[next + 4])
        let group: Int
        switch width {
        case (UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "5")): group = 0
        case (UInt8(ascii: "2"), UInt8(ascii: "5"), UInt8(ascii: "0")): group = 1
        case (UInt8(ascii: "5"), UInt8(ascii: "0"), UInt8(ascii: "0")): group = 2
        default: return nil
        }
        // Helium's numbering: SF12 ... SF7 within each bandwidth, 125, 250 and 500 kHz in turn.
        return DataRate(rawValue: UInt8(group * 6 + 12 - spreadingFactor))
    }

    /// A point in time as milliseconds since the epoch: an integer (ms), a string of digits (ms) or an
    /// RFC 3339 string. `nil` when absent.
    mutating func timestampMs(_ field: Int) throws(RecordError) -> Int? {
        let value: Int
        switch kind(field) {
        case .string, .text:
            guard let raw = try stringBytes(field) else { return nil }
            let text = FieldReader.trimmed(raw)
            if text.count > 0 && text.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
                guard let number = DecimalNumber.scan(text, lenient: true), let exact = try? number.exactInteger()
                else {
                    throw RecordError("field '\(names[field])': \(FieldReader.quoted(text)) is out of range")
                }
                value = exact
            } else {
                switch RFC3339.milliseconds(text) {
                case .success(let milliseconds): value = milliseconds
                case .failure(let failure):
                    throw RecordError("field '\(names[field])': \(FieldReader.quoted(text)): \(failure.message)")
                }
            }
        case .number:
            guard let number = try int(field) else { return nil }
            value = number
        case .absent, .null:
            return nil
        default:
            throw typeError(field, expected: "milliseconds since the epoch or an RFC 3339 string")
        }
        guard PlausibleRanges.timestampMs.contains(value) else {
            throw outOfRange(
                field,
                value: "\(value)",
                range: PlausibleRanges.timestampMs,
                unit: "ms",
                hint: "1970 to 9999"
            )
        }
        return value
    }

    /// Payload bytes from base64 (standard or URL alphabet, padding optional) or `0x` hex; `nil` when absent.
    mutating func payload(_ field: Int) throws(RecordError) -> PayloadBytes? {
        guard let raw = try stringBytes(field) else { return nil }
        let text = FieldReader.trimmed(raw)
        let target = scratch + scratchUsed
        switch PayloadText.decode(text, into: target) {
        case .success(let count):
            return PayloadBytes(UnsafeRawBufferPointer(start: target, count: count))
        case .failure(let failure):
            throw RecordError("field '\(names[field])': \(failure.message)")
        }
    }
}
