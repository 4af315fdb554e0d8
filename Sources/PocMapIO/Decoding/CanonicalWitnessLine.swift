import PocMapCore

/// The fast path for the one witness line layout that nearly every line of a large file has:
///
///     {"pub_key":"…","received_timestamp":N,"data":"…","signal":N,"snr":N,"frequency":N,"datarate":"…","timestamp":N}
///
/// the fields in this order, no spaces, strings of printable ASCII without escapes, plain integers. That is how
/// `pocmap simulate` writes witness reports and how Helium's witness exports are laid out. Such a line is decoded
/// straight from its bytes, without ``JSONScanner``'s field slots and name lookups: the witness reader's
/// parsing took ≈ 45 % less time on the 3.27 M-line benchmark day.
///
/// Anything else — another order, a missing or extra field, whitespace, an escape, a non-ASCII byte, a number
/// with a fraction or exponent, a value the general path would reject — returns nil, and the line goes through
/// the general path (``JSONScanner`` and ``WitnessDecoder``), which accepts or rejects it with its reason. So a
/// line this fast path accepts gives exactly the record the general path gives (tests compare the two on every
/// line of the edge corpus and on mutated lines).
enum CanonicalWitnessLine {
    /// The witness report of `line` and the bytes of its key, or nil when the line is not in the canonical layout
    /// or the general path must judge it. `scratch` takes the decoded payload (it has room for the line's length).
    /// Without `keyString` the report's key string is left empty (``ReaderOptions/defersKeys``).
    static func decode(
        _ line: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        scratch: UnsafeMutablePointer<UInt8>,
        keyString: Bool = true
    ) -> (record: WitnessReport, key: UnsafeBufferPointer<UInt8>)? {
        guard let base = line.baseAddress else { return nil }
        var cursor = Cursor(bytes: base, count: line.count)
        guard cursor.literal("{\"pub_key\":\""), let key = cursor.plainString(), key.count > 0,
            cursor.literal(",\"received_timestamp\":"), let received = cursor.integer(),
            PlausibleRanges.timestampMs.contains(received),
            cursor.literal(",\"data\":\""), let dataText = cursor.plainString(),
            cursor.literal(",\"signal\":"), let signal = cursor.integer(),
            PlausibleRanges.signalDeciDBm.contains(signal),
            cursor.literal(",\"snr\":"), let snr = cursor.integer(), PlausibleRanges.snrDeciDB.contains(snr),
            cursor.literal(",\"frequency\":"), let frequency = cursor.integer(),
            PlausibleRanges.frequencyHz.contains(frequency),
            cursor.literal(",\"datarate\":\""), let rateText = cursor.plainString(),
            cursor.literal(",\"timestamp\":"), let clock = cursor.integer(), clock >= 0,
            cursor.literal("}"), cursor.atEnd
        else { return nil }
        guard let rate = FieldReader.loRaDataRate(rateText) ?? DataRate(asciiName: FieldReader.trimmed(rateText))
        else { return nil }
        guard case .success(let length) = PayloadText.decode(FieldReader.trimmed(dataText), into: scratch),
            length > 0
        else { return nil }
        let report = WitnessReport(
            pubKey: keyString ? String(decoding: key, as: UTF8.self) : "",
            receivedTimestampMs: received,
            data: PayloadBytes(UnsafeRawBufferPointer(start: scratch, count: length)),
            signalDeciDBm: signal,
            snrDeciDB: snr,
            frequencyHz: frequency,
            dataRate: rate,
            timestampNs: clock,
            tmst: nil,
            source: source
        )
        return (report, key)
    }

    /// A position in the line; every read is bounded by `count`.
    private struct Cursor {
        let bytes: UnsafePointer<UInt8>
        let count: Int
        var index = 0

        var atEnd: Bool { index == count }

        /// Consumes `text` when the line continues with it.
        @inline(__always)
        mutating func literal(_ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard count - index >= length else { return false }
            let expected = text.utf8Start
            var offset = 0
            while length - offset >= 8 {
                let have = UnsafeRawPointer(bytes + index + offset).loadUnaligned(as: UInt64.self)
                let want = UnsafeRawPointer(expected + offset).loadUnaligned(as: UInt64.self)
                guard have == want else { return false }
                offset += 8
            }
            while offset < length {
                guard bytes[index + offset] == expected[offset] else { return false }
                offset += 1
            }
            index += length
            return true
        }

        /// The text of a string whose opening quote was consumed, up to its closing quote (consumed too), when
        /// it is all printable ASCII without '\'; nil otherwise.
        @inline(__always)
        mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
            let start = index
            var i = index
            while count - i >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
                let special = JSONScanner.specialBytes(word)
                if special != 0 {
                    let first = special.trailingZeroBitCount
                    guard (JSONScanner.quoteBytes(word) >> UInt64(first)) & 1 != 0 else { return nil }
                    i += first >> 3
                    index = i + 1
                    return UnsafeBufferPointer(start: bytes + start, count: i - start)
                }
                i += 8
            }
            while i < count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") {
                    index = i + 1
                    return UnsafeBufferPointer(start: bytes + start, count: i - start)
                }
                guard byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") else { return nil }
                i += 1
            }
            return nil
        }

        /// A plain JSON integer (optional '-', no leading zeros, at most 19 digits, within `Int`) followed by
        /// ',' or '}'; nil for anything else (a fraction, an exponent, a space, a longer number).
        @inline(__always)
        mutating func integer() -> Int? {
            var i = index
            let negative = i < count && bytes[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            let digitsStart = i
            var value: UInt64 = 0
            if count - i >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
                let digits = word ^ 0x3030_3030_3030_3030
                let run = JSONScanner.leadingDigitCount(digits)
                if run > 0 {
                    value = JSONScanner.eightDigitValue(digits << UInt64(64 - 8 * run))
                    i += run
                }
                if run == 8 {
                    while i < count, case let digit = bytes[i] &- UInt8(ascii: "0"), digit < 10, i - digitsStart < 19 {
                        value = value &* 10 &+ UInt64(digit)
                        i += 1
                    }
                }
            } else {
                while i < count, case let digit = bytes[i] &- UInt8(ascii: "0"), digit < 10, i - digitsStart < 19 {
                    value = value &* 10 &+ UInt64(digit)
                    i += 1
                }
            }
            let digitCount = i - digitsStart
            guard digitCount > 0, i < count, bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "}") else {
                return nil
            }
            guard digitCount == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { return nil }
            guard value <= UInt64(Int.max) else { return nil }
            index = i
            return negative ? -Int(value) : Int(value)
        }
    }
}
