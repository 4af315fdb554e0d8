import Glibc

/// The reciprocity and schedule state of the verifier (POC-RULES §4.1): per hotspot key, three timestamps in
/// milliseconds since the epoch. Carry it from one batch to the next to continue a run; start from ``init()``
/// (all empty) or from a snapshot (§4.4 "initial state").
///
/// Its text encoding (``encodedText()`` / ``init(encodedText:)``) is deterministic and line oriented:
///
/// ```text
/// # pocmap verifier state v1
/// # key<TAB>last_beacon_ms<TAB>last_beacon_reciprocity_ms<TAB>last_witness_ms
/// 112bUuQaE7j73THS9ABShHGokm46Miip9L361FSyWv7zSYn8hZWf<TAB>1672617601000<TAB>-<TAB>1672617000000
/// ```
///
/// One line per key, sorted by the key's UTF-8 bytes; `-` marks an absent timestamp; in keys, `%`, TAB, LF and
/// CR are written `%25`, `%09`, `%0A`, `%0D`. Lines starting with `#` and blank lines are ignored when reading,
/// except that the first line must be the version header.
public struct VerifierState: Hashable, Sendable {
    /// The three timestamps of one hotspot (milliseconds since the epoch; nil = never written).
    public struct Timestamps: Hashable, Sendable {
        /// `last_beacon`: the received time of its last beacon past P1–P3, valid or not (read by the 6-hour
        /// schedule check).
        public var lastBeaconMs: Int64?
        /// `last_beacon_reciprocity`: the received time of its last beacon that passed checks 1–5 with at least
        /// one witness report (read by witness reciprocity and by density activity).
        public var lastBeaconReciprocityMs: Int64?
        /// `last_witness`: the received time of its last witness report that passed checks 1–12 (read by beacon
        /// reciprocity).
        public var lastWitnessMs: Int64?

        /// Creates timestamps; all absent by default.
        public init(lastBeaconMs: Int64? = nil, lastBeaconReciprocityMs: Int64? = nil, lastWitnessMs: Int64? = nil) {
            self.lastBeaconMs = lastBeaconMs
            self.lastBeaconReciprocityMs = lastBeaconReciprocityMs
            self.lastWitnessMs = lastWitnessMs
        }

        /// Whether no timestamp is set.
        public var isEmpty: Bool { lastBeaconMs == nil && lastBeaconReciprocityMs == nil && lastWitnessMs == nil }
    }

    /// The first line of the text encoding.
    public static let header = "# pocmap verifier state v1"

    /// The timestamps per hotspot key; keys with no timestamp are not stored.
    public private(set) var hotspots: [String: Timestamps]

    /// The empty state (no hotspot has beaconed or witnessed).
    public init() { hotspots = [:] }

    /// The timestamps of `key` (all nil when unknown). Setting empty timestamps removes the key.
    public subscript(key: String) -> Timestamps {
        get { hotspots[key] ?? Timestamps() }
        set { hotspots[key] = newValue.isEmpty ? nil : newValue }
    }

    /// The number of keys with at least one timestamp.
    public var count: Int { hotspots.count }

    /// Makes room for `count` keys without growing step by step (each step hashes every key again).
    public mutating func reserveCapacity(_ count: Int) { hotspots.reserveCapacity(count) }

    /// Whether no key has a timestamp.
    public var isEmpty: Bool { hotspots.isEmpty }

    // MARK: Text encoding

    /// The deterministic text form described on the type; ends with a newline.
    public func encodedText() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64 + hotspots.count * 100)
        out += VerifierState.header.utf8
        out += "\n# key\tlast_beacon_ms\tlast_beacon_reciprocity_ms\tlast_witness_ms\n".utf8
        // Sorted on the keys' bytes: first on their first 8 bytes as one big-endian number (a plain value, so
        // the sort moves no strings and retains nothing), then, for equal prefixes, through memcmp.
        var entries = hotspots.map { (key: $0.key, timestamps: $0.value) }
        for index in entries.indices { entries[index].key.makeContiguousUTF8() }
        var order = entries.indices.map { (prefix: VerifierState.prefix(entries[$0].key), index: $0) }
        // Through a buffer pointer: a closure that captures the array itself retains and releases it at each
        // of the sort's 1.7 million comparisons.
        entries.withUnsafeBufferPointer { entries in
            order.sort { a, b in
                a.prefix != b.prefix
                    ? a.prefix < b.prefix : VerifierState.utf8Precedes(entries[a.index].key, entries[b.index].key)
            }
            for (_, index) in order {
                let written: Void? = entries[index].key.utf8.withContiguousStorageIfAvailable { key in
                    VerifierState.appendKey(key, to: &out)
                }
                if written == nil { VerifierState.appendKey(Array(entries[index].key.utf8), to: &out) }
                let value = entries[index].timestamps
                VerifierState.append(value.lastBeaconMs, to: &out)
                VerifierState.append(value.lastBeaconReciprocityMs, to: &out)
                VerifierState.append(value.lastWitnessMs, to: &out)
                out.append(0x0A)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A key with `%`, tab, line feed and carriage return percent-encoded.
    private static func appendKey(_ key: some Collection<UInt8>, to out: inout [UInt8]) {
        if !key.contains(where: { $0 == UInt8(ascii: "%") || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            out.append(contentsOf: key)
            return
        }
        for byte in key {
            switch byte {
            case UInt8(ascii: "%"): out += "%25".utf8
            case 0x09: out += "%09".utf8
            case 0x0A: out += "%0A".utf8
            case 0x0D: out += "%0D".utf8
            default: out.append(byte)
            }
        }
    }

    /// A tab and the timestamp in decimal, or a tab and `-`.
    private static func append(_ timestamp: Int64?, to out: inout [UInt8]) {
        out.append(0x09)
        guard let timestamp else {
            out.append(UInt8(ascii: "-"))
            return
        }
        if timestamp < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = timestamp.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt64.max
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: buffer[position...])
        }
    }

    /// The first 8 UTF-8 bytes of `key` as a big-endian number (shorter keys padded with zero bytes): keys whose
    /// prefixes differ sort as their prefixes do.
    private static func prefix(_ key: String) -> UInt64 {
        func prefix(_ bytes: some Collection<UInt8>) -> UInt64 {
            var value: UInt64 = 0
            var taken = 0
            for byte in bytes.prefix(8) {
                value = value << 8 | UInt64(byte)
                taken += 1
            }
            return value << UInt64(8 * (8 - taken))
        }
        return key.utf8.withContiguousStorageIfAvailable { prefix($0) } ?? prefix(Array(key.utf8))
    }

    /// Whether `a`'s UTF-8 bytes sort before `b`'s (byte-wise, a prefix first).
    private static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                let common = min(left.count, right.count)
                if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                    let order = memcmp(l, r, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
        return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Reads the text form. Throws ``VerifierStateDecodingError`` on a missing or unknown header, a line without
    /// exactly four TAB-separated fields, a bad timestamp, a bad escape, or a key listed twice.
    public init(encodedText text: String) throws(VerifierStateDecodingError) {
        hotspots = [:]
        var lineNumber = 0
        var sawHeader = false
        // Split on bytes: in a Swift String "\r\n" is one Character, so Character splitting would miss CRLF.
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = rawLine
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            let line = Substring(bytes)
            if !sawHeader {
                guard line == VerifierState.header else { throw .missingHeader(found: String(line.prefix(80))) }
                sawHeader = true
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4 else {
                throw .malformedLine(line: lineNumber, reason: "expected 4 TAB-separated fields, found \(fields.count)")
            }
            guard let key = VerifierState.unescape(fields[0]), !key.isEmpty else {
                throw .malformedLine(line: lineNumber, reason: "bad or empty key")
            }
            var values: [Int64?] = []
            for field in fields.dropFirst() {
                if field == "-" {
                    values.append(nil)
                } else if let value = Int64(field) {
                    values.append(value)
                } else {
                    throw .malformedLine(
                        line: lineNumber,
                        reason: "timestamp '\(field.prefix(40))' is not an integer or -"
                    )
                }
            }
            guard hotspots[key] == nil else { throw .duplicateKey(line: lineNumber, key: key) }
            self[key] = Timestamps(
                lastBeaconMs: values[0],
                lastBeaconReciprocityMs: values[1],
                lastWitnessMs: values[2]
            )
        }
        guard sawHeader else { throw .missingHeader(found: "") }
    }

    private static func unescape(_ text: Substring) -> String? {
        var out: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            guard let high = bytes.next(), let low = bytes.next() else { return nil }
            switch (high, low) {
            case (UInt8(ascii: "2"), UInt8(ascii: "5")): out.append(UInt8(ascii: "%"))
            case (UInt8(ascii: "0"), UInt8(ascii: "9")): out.append(0x09)
            case (UInt8(ascii: "0"), UInt8(ascii: "A")): out.append(0x0A)
            case (UInt8(ascii: "0"), UInt8(ascii: "D")): out.append(0x0D)
            default: return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}

/// Why a verifier-state text could not be read.
public enum VerifierStateDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The first line is not `# pocmap verifier state v1`.
    case missingHeader(found: String)
    /// A data line is malformed.
    case malformedLine(line: Int, reason: String)
    /// A key appears on two lines.
    case duplicateKey(line: Int, key: String)

    /// One line that says what is wrong and where.
    public var description: String {
        switch self {
        case .missingHeader(let found):
            "not a pocmap verifier state file: the first line must be '\(VerifierState.header)', found '\(found)'"
        case .malformedLine(let line, let reason):
            "verifier state line \(line): \(reason)"
        case .duplicateKey(let line, let key):
            "verifier state line \(line): key '\(key)' is listed twice"
        }
    }
}
