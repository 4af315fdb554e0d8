/// Why one line could not be read as a record; becomes the `error` of a ``Reject``.
struct RecordError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The raw shape of a field's value as found on the line, before typing.
enum FieldKind: UInt8 {
    /// The field does not occur.
    case absent
    /// JSON `null`.
    case null
    /// A JSON string (content between the quotes, escapes not yet decoded when `escaped`).
    case string
    /// A JSON number in valid JSON grammar.
    case number
    /// JSON `true` or `false`.
    case bool
    /// A JSON object or array (skipped, never typed).
    case container
    /// A CSV cell: untyped text, typed on access (quotes removed, `""` not yet decoded when `escaped`).
    case text
}

/// Where one field's value lies in the current line.
///
/// The three words first and the four flags after them: 32 bytes, half a cache line.
struct FieldSlot {
    /// Offset of the value's first byte in the line (for strings: after the opening quote).
    var offset = 0
    /// Length in bytes (for strings: without the quotes).
    var count = 0
    /// The value of a plain integer (see ``isSmallInteger``).
    var integerValue = 0
    var kind: FieldKind = .absent
    /// The value holds escapes (JSON `\`, CSV `""`) that must be decoded before use.
    var escaped = false
    /// The value of a `.bool`.
    var boolValue = false
    /// A JSON number written as a plain integer that fits `Int`, whose value is ``integerValue``
    /// (computed while scanning, so the common case needs no second pass).
    var isSmallInteger = false
}

/// The fields a record type reads: canonical names, their slot numbers, and extra input names (aliases).
///
/// Key lookup compares raw bytes against the names of the same length; it allocates nothing.
final class FieldTable {
    /// Canonical field names, indexed by slot.
    let names: [String]
    /// Entries sorted by name length: bytes in `keyBytes[keyOffset[e]..<keyOffset[e] + length]`.
    private let keyBytes: UnsafeMutablePointer<UInt8>
    private let entryOffset: UnsafeMutablePointer<Int>
    private let entrySlot: UnsafeMutablePointer<Int>
    /// For a name length `n` (0...maxLength), entries `bucketStart[n]..<bucketStart[n + 1]`.
    private let bucketStart: UnsafeMutablePointer<Int>
    /// Per entry, its first 16 name bytes as two little-endian words, zero past the name's end.
    private let entryWords: UnsafeMutablePointer<UInt64>
    private let maxLength: Int
    /// All names (canonical and aliases) lower-cased, with their slot, for case-insensitive CSV headers.
    private let lowercasedNames: [(name: [UInt8], slot: Int)]

    /// `aliases` maps an extra input name to a canonical name of `names`, or to "" to ignore that input name
    /// (even a canonical one).
    init(names: [String], aliases: [String: String]) throws(RecordError) {
        self.names = names
        var entries: [([UInt8], Int)] = names.enumerated().map { (Array($0.element.utf8), $0.offset) }
        for (alias, target) in aliases.sorted(by: { $0.key < $1.key }) {
            entries.removeAll { $0.0 == Array(alias.utf8) }
            if target.isEmpty { continue }  // an empty target: the input name is ignored
            guard let slot = names.firstIndex(of: target) else {
                throw RecordError(
                    "alias '\(alias)' names unknown field '\(target)' (known: \(names.joined(separator: ", ")))"
                )
            }
            entries.append((Array(alias.utf8), slot))
        }
        entries.sort { $0.0.count < $1.0.count }
        let longest = entries.map(\.0.count).max() ?? 0
        maxLength = longest
        let total = entries.reduce(0) { $0 + $1.0.count }
        keyBytes = .allocate(capacity: max(total, 1))
        entryOffset = .allocate(capacity: max(entries.count, 1))
        entrySlot = .allocate(capacity: max(entries.count, 1))
        bucketStart = .allocate(capacity: longest + 2)
        entryWords = .allocate(capacity: max(2 * entries.count, 1))
        var offset = 0
        var bucket = 0
        for (index, entry) in entries.enumerated() {
            while bucket <= entry.0.count {
                bucketStart[bucket] = index
                bucket += 1
            }
            for (position, byte) in entry.0.enumerated() { keyBytes[offset + position] = byte }
            entryOffset[index] = offset
            entrySlot[index] = entry.1
            var words: (UInt64, UInt64) = (0, 0)
            for (position, byte) in entry.0.prefix(16).enumerated() {
                let shifted = UInt64(byte) << UInt64(8 * (position & 7))
                if position < 8 { words.0 |= shifted } else { words.1 |= shifted }
            }
            entryWords[2 * index] = words.0
            entryWords[2 * index + 1] = words.1
            offset += entry.0.count
        }
        while bucket <= longest + 1 {
            bucketStart[bucket] = entries.count
            bucket += 1
        }
        lowercasedNames = entries.map { (FieldTable.lowercased($0.0), $0.1) }
    }

    deinit {
        keyBytes.deallocate()
        entryOffset.deallocate()
        entrySlot.deallocate()
        bucketStart.deallocate()
        entryWords.deallocate()
    }

    /// The slot of the field whose name is exactly `key`, or -1. `available` is how many bytes may be read
    /// from `key` (at least `count`).
    ///
    /// A name of at most 16 bytes with 16 readable bytes is compared as two words, masked to its length, with
    /// the words of the names of that length, which are computed once (a field name usually is followed by
    /// at least `":`, a value and `}`).
    @inline(__always)
    func slot(forKey key: UnsafePointer<UInt8>, count: Int, available: Int) -> Int {
        guard count <= maxLength else { return -1 }
        var entry = bucketStart[count]
        let stop = bucketStart[count + 1]
        if count <= 16 && available >= 16 {
            let raw = UnsafeRawPointer(key)
            let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & FieldTable.firstWordMask(count)
            let second =
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                & FieldTable.secondWordMask(count)
            while entry < stop {
                if entryWords[2 * entry] == first && entryWords[2 * entry + 1] == second { return entrySlot[entry] }
                entry += 1
            }
            return -1
        }
        while entry < stop {
            if FieldTable.equal(keyBytes + entryOffset[entry], key, count) { return entrySlot[entry] }
            entry += 1
        }
        return -1
    }

    /// The mask of the first `min(count, 8)` bytes of a little-endian word.
    @inline(__always)
    private static func firstWordMask(_ count: Int) -> UInt64 {
        count >= 8 ? ~0 : (1 << UInt64(8 * count)) &- 1
    }

    /// The mask of bytes 8..<count of a name, in the little-endian word that starts at byte 8.
    @inline(__always)
    private static func secondWordMask(_ count: Int) -> UInt64 {
        count <= 8 ? 0 : count >= 16 ? ~0 : (1 << UInt64(8 * (count - 8))) &- 1
    }

    /// Byte equality of two short runs, 8 bytes at a time (field names are short: a libc `memcmp` call
    /// cost more than the comparison, measured).
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var offset = 0
        while count - offset >= 8 {
            if UnsafeRawPointer(a + offset).loadUnaligned(as: UInt64.self)
                != UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The slot of a CSV header name, ignoring ASCII case, or -1.
    func slot(forHeader name: [UInt8]) -> Int {
        let folded = FieldTable.lowercased(name)
        return lowercasedNames.last { $0.name == folded }?.slot ?? -1
    }

    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }
}

/// Typed access to the fields of one line, used by the record decoders.
///
/// It reads the slots filled by the JSON scanner or the CSV splitter and applies the typing rules of
/// `FORMATS.md`: JSON values must have the right JSON type, CSV cells are parsed from text, `null` and empty
/// cells count as absent. Errors name the field and what was expected.
struct FieldReader {
    let line: UnsafeBufferPointer<UInt8>
    let slots: UnsafeMutableBufferPointer<FieldSlot>
    let names: [String]
    /// Space for decoded escapes, at least as long as the line; `scratchUsed` bytes are taken.
    let scratch: UnsafeMutablePointer<UInt8>
    var scratchUsed = 0

    init(
        line: UnsafeBufferPointer<UInt8>,
        slots: UnsafeMutableBufferPointer<FieldSlot>,
        names: [String],
        scratch: UnsafeMutablePointer<UInt8>
    ) {
        self.line = line
        self.slots = slots
        self.names = names
        self.scratch = scratch
    }

    /// The raw kind of a field.
    func kind(_ field: Int) -> FieldKind { slots[field].kind }

    // MARK: Strings

    /// The bytes of a string field with escapes decoded, or `nil` when absent. Valid until the next line.
    mutating func stringBytes(_ field: Int) throws(RecordError) -> UnsafeBufferPointer<UInt8>? {
        let slot = slots[field]
        switch slot.kind {
        case .absent, .null: return nil
        case .text where slot.count == 0: return nil
        case .string, .text:
            guard let base = line.baseAddress else { return nil }
            let raw = UnsafeBufferPointer(start: base + slot.offset, count: slot.count)
            guard slot.escaped else { return raw }
            let target = scratch + scratchUsed
            let written =
                slot.kind == .string ? JSONUnescaper.decode(raw, into: target) : CSVUnescaper.decode(raw, into: target)
            scratchUsed += written
            return UnsafeBufferPointer(start: target, count: written)
        default:
            throw typeError(field, expected: "a string")
        }
    }

    /// A string field as a `String`, or `nil` when absent.
    mutating func string(_ field: Int) throws(RecordError) -> String? {
        guard let bytes = try stringBytes(field) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A required string field; an empty string counts as missing.
    mutating func requiredString(_ field: Int) throws(RecordError) -> String {
        guard let bytes = try stringBytes(field), bytes.count > 0 else { throw missing(field) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Numbers

    /// The scanned number of a numeric field and its text, `nil` when absent; wrong types are errors.
    private mutating func numberText(_ field: Int, expected: String) throws(RecordError) -> (
        DecimalNumber, UnsafeBufferPointer<UInt8>
    )? {
        let slot = slots[field]
        switch slot.kind {
        case .absent, .null: return nil
        case .number:
            guard let base = line.baseAddress else { return nil }
            let text = UnsafeBufferPointer(start: base + slot.offset, count: slot.count)
            guard let number = DecimalNumber.scan(text, lenient: false) else {
                throw typeError(field, expected: expected)
            }
            return (number, text)
        case .text:
            guard let raw = try stringBytes(field) else { return nil }
            let text = FieldReader.trimmed(raw)
            if let number = DecimalNumber.scan(text, lenient: true) { return (number, text) }
            if FieldReader.isNonFiniteWord(text) {
                throw RecordError("field '\(names[field])': non-finite number \(FieldReader.quoted(text))")
            }
            throw RecordError("field '\(names[field])': expected \(expected), got \(FieldReader.quoted(text))")
        default:
            throw typeError(field, expected: expected)
        }
    }

    /// An integer field, exact to 64 bits, or `nil` when absent. A JSON number must be integral
    /// (`12`, `12.0`, `1.2e1`); fractions and values beyond 64 bits are errors.
    mutating func int(_ field: Int) throws(RecordError) -> Int? {
        let slot = slots[field]
        if slot.isSmallInteger { return slot.integerValue }
        guard let (number, text) = try numberText(field, expected: "an integer") else { return nil }
        do {
            return try number.exactInteger()
        } catch .notAnInteger {
            throw RecordError("field '\(names[field])': expected an integer, got \(FieldReader.quoted(text))")
        } catch {
            throw RecordError("field '\(names[field])': integer \(FieldReader.quoted(text)) is out of the 64-bit range")
        }
    }

    /// A finite floating-point field, or `nil` when absent.
    mutating func double(_ field: Int) throws(RecordError) -> Double? {
        guard let (number, text) = try numberText(field, expected: "a number") else { return nil }
        do {
            return try number.double(text: text)
        } catch {
            throw RecordError("field '\(names[field])': non-finite number \(FieldReader.quoted(text))")
        }
    }

    /// A boolean field, or `nil` when absent. CSV accepts `true`/`false`/`1`/`0` in any case.
    mutating func bool(_ field: Int) throws(RecordError) -> Bool? {
        let slot = slots[field]
        switch slot.kind {
        case .absent, .null: return nil
        case .bool: return slot.boolValue
        case .text:
            guard let raw = try stringBytes(field) else { return nil }
            let text = FieldReader.trimmed(raw)
            switch FieldReader.lowercasedASCII(text) {
            case "true", "1": return true
            case "false", "0": return false
            default:
                throw RecordError("field '\(names[field])': expected true or false, got \(FieldReader.quoted(text))")
            }
        default:
            throw typeError(field, expected: "true or false")
        }
    }

    // MARK: Errors and text helpers

    /// "missing required field 'x'".
    func missing(_ field: Int) -> RecordError {
        RecordError("missing required field '\(names[field])'")
    }

    /// "field 'x': expected E, got a string".
    func typeError(_ field: Int, expected: String) -> RecordError {
        let got: String
        switch slots[field].kind {
        case .absent: got = "nothing"
        case .null: got = "null"
        case .string: got = "a string"
        case .number: got = "a number"
        case .bool: got = slots[field].boolValue ? "true" : "false"
        case .container:
            if let base = line.baseAddress, base[slots[field].offset] == UInt8(ascii: "[") {
                got = "an array"
            } else {
                got = "an object"
            }
        case .text: got = "text"
        }
        return RecordError("field '\(names[field])': expected \(expected), got \(got)")
    }

    /// Text without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var first = 0
        var last = bytes.count
        while first < last && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
        while last > first && (bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09) { last -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[first..<last])
    }

    /// `nan`, `inf`, `infinity` with an optional sign, any case.
    static func isNonFiniteWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var word = lowercasedASCII(bytes)
        if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
        return word == "nan" || word == "inf" || word == "infinity"
    }

    static func lowercasedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// The value in single quotes for a message, cut at 60 bytes.
    static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let cut = bytes.count > 60 ? UnsafeBufferPointer(rebasing: bytes[0..<60]) : bytes
        return "'" + String(decoding: cut, as: UTF8.self) + (bytes.count > 60 ? "…'" : "'")
    }
}
