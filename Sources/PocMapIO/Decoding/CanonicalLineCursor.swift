import PocMapCore

/// A position in a line read by the canonical-layout fast paths (``CanonicalWitnessLine``,
/// ``CanonicalBeaconLine``); every read is bounded by `count`.
struct CanonicalLineCursor {
    /// The fields every report line starts with: `{"pub_key":"K","received_timestamp":N,"data":"D"`.
    struct Head {
        /// The key's bytes (not empty).
        var key: UnsafeBufferPointer<UInt8>
        /// The received time (within ``PlausibleRanges/timestampMs``).
        var receivedMs: Int
        /// The payload's text.
        var data: UnsafeBufferPointer<UInt8>
    }

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
    /// The literal `label` (a comma, the quoted name and a colon), then an integer in `range`; nil when the bytes
    /// are not that (the line goes through the general path, which says what is wrong).
    @inline(__always)
    mutating func integer(after label: StaticString, in range: ClosedRange<Int>) -> Int? {
        guard literal(label), let value = integer(), range.contains(value) else { return nil }
        return value
    }

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

    /// What a fast path tells the reader about the record it appended: its hotspot key's bytes (in the line),
    /// its received time and its payload's length (the payload's bytes are at the start of the scratch space).
    struct Decoded {
        var key: UnsafeBufferPointer<UInt8>
        var receivedMs: Int
        var payloadLength: Int
    }

    /// Reads the ``Head`` the line starts with; nil when it does not start so (or the key is empty, or the time
    /// is implausible: cases the general path judges).
    mutating func head() -> Head? {
        guard literal("{\"pub_key\":\""), let key = plainString(), key.count > 0,
            literal(",\"received_timestamp\":"), let received = integer(),
            PlausibleRanges.timestampMs.contains(received),
            literal(",\"data\":\""), let data = plainString()
        else { return nil }
        return Head(key: key, receivedMs: received, data: data)
    }

    /// Reads the end every report line has, `,"timestamp":N}` and nothing after it; N is the device clock in ns
    /// (nil when absent in that form, or negative: cases the general path judges).
    mutating func timestampTail() -> Int? {
        guard literal(",\"timestamp\":"), let clock = integer(), clock >= 0, literal("}"), atEnd else { return nil }
        return clock
    }

    /// The data rate named by `rateText` and the payload of `dataText` decoded into `scratch`, as the general
    /// path reads them; nil when the general path would reject either (or the payload is empty).
    static func rateAndPayload(
        rate rateText: UnsafeBufferPointer<UInt8>,
        data dataText: UnsafeBufferPointer<UInt8>,
        scratch: UnsafeMutablePointer<UInt8>
    ) -> (DataRate, PayloadBytes, length: Int)? {
        guard let rate = FieldReader.loRaDataRate(rateText) ?? DataRate(asciiName: FieldReader.trimmed(rateText))
        else { return nil }
        guard case .success(let length) = PayloadText.decode(FieldReader.trimmed(dataText), into: scratch),
            length > 0
        else { return nil }
        return (rate, PayloadBytes(UnsafeRawBufferPointer(start: scratch, count: length)), length)
    }
}
