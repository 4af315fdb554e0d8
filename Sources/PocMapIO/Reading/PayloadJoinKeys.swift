public import PocMapCore

/// What the join needs of each witness report of a chunk — its received time and its payload with the payload's
/// ``PayloadBytes/tableHash`` — gathered by the reader while it decodes, when the report is in its cache.
///
/// The joining thread groups reports by payload from these arrays and never touches a report until it moves it
/// into its PoC. (Reading the two fields out of each report in the chunk copied the ~200-byte report and retained
/// its strings: a tenth of the joining thread, measured on 3.27 M witness reports.) Lines that were rejected keep
/// their place with a hash of 0, so the arrays line up with the chunk's items.
public struct PayloadJoinKeys: Sendable {
    /// Per item: the report's `received_timestamp` in ms (0 for a reject).
    public private(set) var receivedMs: [Int] = []
    /// Per item: the payload's ``PayloadBytes/tableHash`` (always odd), 0 for a reject.
    public private(set) var hashes: [UInt64] = []
    /// Per item: the payload (empty for a reject).
    public private(set) var payloads: [PayloadBytes] = []

    /// An empty batch with room for `capacity` items.
    public init(capacity: Int = 0) {
        receivedMs.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity)
    }

    /// The number of items, rejects included.
    public var count: Int { hashes.count }

    /// Adds a report's join key.
    public mutating func append(receivedMs time: Int, payload: PayloadBytes) {
        receivedMs.append(time)
        hashes.append(payload.tableHash)
        payloads.append(payload)
    }

    /// Adds a rejected line's place.
    public mutating func appendMissing() {
        receivedMs.append(0)
        hashes.append(0)
        payloads.append(PayloadBytes())
    }
}
