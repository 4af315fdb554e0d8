import PocMapCore

/// The fast path for the beacon line layout that nearly every line of a large file has:
///
///     {"pub_key":"…","received_timestamp":N,"data":"…","frequency":N,"datarate":"…","tx_power":N,"timestamp":N}
///
/// the fields in this order, no spaces, strings of printable ASCII without escapes, plain integers (how
/// `pocmap simulate` writes beacon reports; entropy fields send a line to the general path). As with
/// ``CanonicalWitnessLine``, anything else returns nil and goes through the general path, so a line this accepts
/// gives exactly the record the general path gives (tests compare the two).
enum CanonicalBeaconLine {
    /// Appends the beacon report of `line` to `items` and tells what the reader gathers from it, or appends nothing
    /// and returns nil when the line is not in the canonical layout or the general path must judge it. `scratch`
    /// takes the decoded payload (it has room for the line's length).
    static func decode(
        _ line: UnsafeBufferPointer<UInt8>,
        source: SourceLocation,
        scratch: UnsafeMutablePointer<UInt8>,
        into items: inout [ReadResult<BeaconReport>]
    ) -> CanonicalLineCursor.Decoded? {
        guard let base = line.baseAddress else { return nil }
        var cursor = CanonicalLineCursor(bytes: base, count: line.count)
        guard let head = cursor.head(),
            let frequency = cursor.integer(after: ",\"frequency\":", in: PlausibleRanges.frequencyHz),
            cursor.literal(",\"datarate\":\""), let rateText = cursor.plainString(),
            let power = cursor.integer(after: ",\"tx_power\":", in: PlausibleRanges.txPowerDBm),
            let clock = cursor.timestampTail(),
            let (rate, payload, length) = CanonicalLineCursor.rateAndPayload(
                rate: rateText,
                data: head.data,
                scratch: scratch
            )
        else { return nil }
        items.append(
            .record(
                BeaconReport(
                    pubKey: String(decoding: head.key, as: UTF8.self),
                    receivedTimestampMs: head.receivedMs,
                    data: payload,
                    frequencyHz: frequency,
                    dataRate: rate,
                    txPowerDBm: power,
                    timestampNs: clock,
                    tmst: nil,
                    localEntropy: nil,
                    remoteEntropy: nil,
                    entropyTimestampSeconds: nil,
                    entropyVersion: nil,
                    source: source
                )
            )
        )
        return CanonicalLineCursor.Decoded(key: head.key, receivedMs: head.receivedMs, payloadLength: length)
    }
}
