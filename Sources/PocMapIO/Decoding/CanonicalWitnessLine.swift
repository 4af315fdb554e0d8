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
    /// Appends the witness report of `line` to `items` and tells what the reader gathers from it, or appends
    /// nothing and returns nil when the line is not in the canonical layout or the general path must judge it.
    /// `scratch` takes the decoded payload (it has room for the line's length). Without `keyString` the report's
    /// key string is left empty (``ReaderOptions/defersKeys``). The report is built where it is stored: returned
    /// through the reader's layers instead, the 200-byte value was copied five times.
    static func decode(
        _ line: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        scratch: UnsafeMutablePointer<UInt8>,
        keyString: Bool = true,
        into items: inout [ReadResult<WitnessReport>]
    ) -> CanonicalLineCursor.Decoded? {
        guard let base = line.baseAddress else { return nil }
        var cursor = CanonicalLineCursor(bytes: base, count: line.count)
        guard let head = cursor.head(),
            let signal = cursor.integer(after: ",\"signal\":", in: PlausibleRanges.signalDeciDBm),
            let snr = cursor.integer(after: ",\"snr\":", in: PlausibleRanges.snrDeciDB),
            let frequency = cursor.integer(after: ",\"frequency\":", in: PlausibleRanges.frequencyHz),
            cursor.literal(",\"datarate\":\""), let rateText = cursor.plainString(),
            let clock = cursor.timestampTail(),
            let (rate, payload, length) = CanonicalLineCursor.rateAndPayload(
                rate: rateText,
                data: head.data,
                scratch: scratch
            )
        else { return nil }
        items.append(
            .record(
                WitnessReport(
                    pubKey: keyString ? String(decoding: head.key, as: UTF8.self) : "",
                    receivedTimestampMs: head.receivedMs,
                    data: payload,
                    signalDeciDBm: signal,
                    snrDeciDB: snr,
                    frequencyHz: frequency,
                    dataRate: rate,
                    timestampNs: clock,
                    tmst: nil,
                    source: source
                )
            )
        )
        return CanonicalLineCursor.Decoded(key: head.key, receivedMs: head.receivedMs, payloadLength: length)
    }
}
