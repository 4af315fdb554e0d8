/// A strict scanner for one NDJSON line: a JSON object whose fields are recorded in slots by name.
///
/// * The whole line is validated (RFC 8259): structure, string escapes including `\uXXXX` surrogate pairs,
///   number grammar, literals, UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), and nothing
///   but whitespace after the object. Nested objects and arrays are validated and skipped.
/// * Known keys (by the ``FieldTable``) get a ``FieldSlot`` pointing at the value; a repeated key overwrites
///   the earlier one (last wins); unknown keys are ignored.
/// * `NaN`, `Infinity` and `-Infinity` (as written by some JSON encoders) are reported as non-finite numbers.
///
/// Nothing is allocated on success. Plain string runs are skipped 8 bytes at a time, plain integers are
/// converted while they are validated, and field names are matched without `memcmp` calls.
///
/// Measured (release, one core, 1M synthetic witness lines of 298 bytes, /tmp harness): the whole witness
/// pipeline reads 1.7M lines/s of CPU time (≈ 505 MB/s); before these three measures it read 1.5M lines/s.
/// The unsafe pointer reads are bounded by `count` at every step.
struct JSONScanner {
    /// Nested objects and arrays deeper than this are rejected (the scanner recurses once per level).
    static let maxDepth = 256

    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private var index = 0

    private init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// Scans `line`, resets `slots` and fills them. Throws a reason naming the column (1-based byte offset).
    static func scan(
        _ line: UnsafeBufferPointer<UInt8>,
        table: FieldTable,
        slots: UnsafeMutableBufferPointer<FieldSlot>
    ) throws(RecordError) {
        for index in slots.indices { slots[index] = FieldSlot() }
        guard let base = line.baseAddress, line.count > 0 else {
            throw RecordError("broken JSON at column 1: the line is empty")
        }
        var scanner = JSONScanner(bytes: base, count: line.count)
        try scanner.scanTopLevel(table: table, slots: slots)
    }

    // MARK: Structure

    private mutating func scanTopLevel(table: FieldTable, slots: UnsafeMutableBufferPointer<FieldSlot>)
        throws(RecordError)
    {
        skipWhitespace()
        guard index < count, bytes[index] == UInt8(ascii: "{") else {
            if index < count && bytes[index] >= 0x80 { try checkUTF8Here() }
            throw broken("the line is not a JSON object (it must start with '{')")
        }
        index += 1
        skipWhitespace()
        if index < count && bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            var ignored = FieldSlot()  // the value of an unknown field
            while true {
                guard index < count, bytes[index] == UInt8(ascii: "\"") else {
                    throw unexpected("a field name in double quotes")
                }
                let keyStart = index + 1
                let keyEscaped = try scanString()
                let keyEnd = index - 1
                skipWhitespace()
                guard index < count, bytes[index] == UInt8(ascii: ":") else {
                    throw unexpected("':' after the field name")
                }
                index += 1
                skipWhitespace()
                var slot = -1
                if keyEscaped {
                    // Rare: a field name written with escapes ("pub\u005fkey") is decoded before the lookup.
                    let raw = UnsafeBufferPointer(start: bytes + keyStart, count: keyEnd - keyStart)
                    slot = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count) { target in
                        guard let base = target.baseAddress else { return -1 }
                        let length = JSONUnescaper.decode(raw, into: base)
                        return table.slot(forKey: base, count: length, available: length)
                    }
                } else {
                    slot = table.slot(forKey: bytes + keyStart, count: keyEnd - keyStart, available: count - keyStart)
                }
                // The value is written straight into its slot (returning it and copying it cost a stalled
                // store-to-load forwarding per field, measured); a repeated key overwrites it (last wins).
                if slot >= 0 {
                    try scanValue(depth: 1, keyStart: keyStart, keyEnd: keyEnd, into: &slots[slot])
                } else {
                    try scanValue(depth: 1, keyStart: keyStart, keyEnd: keyEnd, into: &ignored)
                }
                skipWhitespace()
                guard index < count else { throw broken("the object is not closed (missing '}')") }
                let separator = bytes[index]
                index += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else {
                    index -= 1
                    throw unexpected("',' or '}' after a value")
                }
                skipWhitespace()
            }
        }
        skipWhitespace()
        if index < count {
            if bytes[index] >= 0x80 { try checkUTF8Here() }
            throw broken("unexpected text after the object")
        }
    }

    /// Scans the value at `index` and describes it in `slot` (every property of `slot` is set).
    /// `keyStart..<keyEnd` names the field for messages about non-finite numbers.
    private mutating func scanValue(depth: Int, keyStart: Int, keyEnd: Int, into slot: inout FieldSlot)
        throws(RecordError)
    {
        guard index < count else { throw broken("a value is missing at the end of the line") }
        let first = bytes[index]
        let start = index
        switch first {
        case UInt8(ascii: "\""):
            let escaped = try scanString()
            slot = FieldSlot(offset: start + 1, count: index - 1 - (start + 1), kind: .string, escaped: escaped)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if first == UInt8(ascii: "-") && index + 1 < count && bytes[index + 1] == UInt8(ascii: "I") {
                index += 1
                try nonFinite(keyStart: keyStart, keyEnd: keyEnd, negative: true)
            }
            let integer = try scanNumber()
            slot = FieldSlot(
                offset: start,
                count: index - start,
                integerValue: integer ?? 0,
                kind: .number,
                isSmallInteger: integer != nil
            )
        case UInt8(ascii: "t"):
            try literal("true")
            slot = FieldSlot(kind: .bool, boolValue: true)
        case UInt8(ascii: "f"):
            try literal("false")
            slot = FieldSlot(kind: .bool)
        case UInt8(ascii: "n"):
            try literal("null")
            slot = FieldSlot(kind: .null)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer(depth: depth)
            slot = FieldSlot(offset: start, count: index - start, kind: .container)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            try nonFinite(keyStart: keyStart, keyEnd: keyEnd, negative: false)
        default:
            if first >= 0x80 { try checkUTF8Here() }
            throw unexpected("a value")
        }
    }

    /// Validates and skips an object or array starting at `index`.
    private mutating func skipContainer(depth: Int) throws(RecordError) {
        guard depth < JSONScanner.maxDepth else {
            throw broken("values are nested deeper than \(JSONScanner.maxDepth) levels")
        }
        let isObject = bytes[index] == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipWhitespace()
        if index < count && bytes[index] == close {
            index += 1
            return
        }
        var ignored = FieldSlot()  // nested values are validated, not recorded
        while true {
            var keyStart = 0
            var keyEnd = 0
            if isObject {
                guard index < count, bytes[index] == UInt8(ascii: "\"") else {
                    throw unexpected("a field name in double quotes")
                }
                keyStart = index + 1
                _ = try scanString()
                keyEnd = index - 1
                skipWhitespace()
                guard index < count, bytes[index] == UInt8(ascii: ":") else {
                    throw unexpected("':' after the field name")
                }
                index += 1
                skipWhitespace()
            }
            try scanValue(depth: depth + 1, keyStart: keyStart, keyEnd: keyEnd, into: &ignored)
            skipWhitespace()
            guard index < count else {
                throw broken(
                    isObject ? "an object is not closed (missing '}')" : "an array is not closed (missing ']')"
                )
            }
            let separator = bytes[index]
            index += 1
            if separator == close { return }
            guard separator == UInt8(ascii: ",") else {
                index -= 1
                throw unexpected(isObject ? "',' or '}' after a value" : "',' or ']' after a value")
            }
            skipWhitespace()
        }
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { return }
            index += 1
        }
    }

    private mutating func literal(_ word: StaticString) throws(RecordError) {
        let length = word.utf8CodeUnitCount
        let expected = word.utf8Start
        guard count - index >= length else { throw unexpected("a value") }
        for offset in 0..<length where bytes[index + offset] != expected[offset] {
            throw unexpected("a value")
        }
        index += length
    }

    /// `NaN`, `Infinity`, `-Infinity` at `index` (after the sign): a precise error; anything else is broken JSON.
    private mutating func nonFinite(keyStart: Int, keyEnd: Int, negative: Bool) throws(RecordError) {
        for word: StaticString in ["NaN", "Infinity"] {
            let length = word.utf8CodeUnitCount
            guard count - index >= length else { continue }
            var matches = true
            for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] { matches = false }
            if matches {
                let name = String(
                    decoding: UnsafeBufferPointer(start: bytes + keyStart, count: keyEnd - keyStart),
                    as: UTF8.self
                )
                let text = (negative ? "-" : "") + String(describing: word)
                if keyEnd > keyStart {
                    throw RecordError("field '\(name)': non-finite number \(text)")
                }
                throw RecordError("non-finite number \(text) at column \(index + 1)")
            }
        }
        throw unexpected("a value")
    }

    // MARK: Numbers

    /// Validates a number in JSON grammar at `index`, leaving `index` after it. Returns the value of a plain
    /// integer that fits `Int` (at most 19 digits), nil for any other number.
    ///
    /// The integer digits are read 8 at a time while 8 bytes of the line remain (one word: which of its bytes
    /// are digits, and the value of the leading ones, without a branch per digit); the fraction, the exponent
    /// and the last bytes of a line go byte by byte.
    private mutating func scanNumber() throws(RecordError) -> Int? {
        let start = index
        var i = index
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < count, isDigit(bytes[i]) else {
            index = i
            throw malformedNumber(start)
        }
        let digitsStart = i
        var value: UInt64 = 0  // wraps beyond 19 digits; only used when there are at most 19
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < count && isDigit(bytes[i]) {
                index = i
                throw malformedNumber(start)
            }
        } else {
            var ended = false
            while count - i >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
                let digits = word ^ 0x3030_3030_3030_3030  // a digit byte becomes its value 0...9
                let run = JSONScanner.leadingDigitCount(digits)
                if run > 0 {
                    // The run's digits moved to the top bytes: the bytes below read as leading zeros.
                    value = value &* JSONScanner.powersOfTen[run] &+ JSONScanner.eightDigitValue(digits << (64 - 8 * run))
                    i += run
                }
                if run < 8 {
                    ended = true
                    break
                }
            }
            if !ended {
                while i < count, case let digit = bytes[i] &- UInt8(ascii: "0"), digit < 10 {
                    value = value &* 10 &+ UInt64(digit)
                    i += 1
                }
            }
        }
        // At most 19 digits and within Int's range (down to Int.min for a negative number).
        var plain = i - digitsStart <= 19 && value <= UInt64(Int.max) + (negative ? 1 : 0)
        if i < count && bytes[i] == UInt8(ascii: ".") {
            plain = false
            i += 1
            guard i < count, isDigit(bytes[i]) else {
                index = i
                throw malformedNumber(start)
            }
            while i < count && isDigit(bytes[i]) { i += 1 }
        }
        if i < count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            plain = false
            i += 1
            if i < count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < count, isDigit(bytes[i]) else {
                index = i
                throw malformedNumber(start)
            }
            while i < count && isDigit(bytes[i]) { i += 1 }
        }
        index = i
        guard plain else { return nil }
        return negative ? Int(truncatingIfNeeded: 0 &- value) : Int(value)
    }

    /// 10^0 ... 10^8.
    private static let powersOfTen: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// How many of the word's bytes, from the first in memory, are digit values 0...9 (the bytes of the text
    /// XOR 0x30): 0...8.
    ///
    /// A byte is not a digit when its value is 10 or more: adding 0x76 then sets its top bit (below 0x80), or
    /// its top bit is already set. A carry out of such a byte can only spoil the bytes after it, so the lowest
    /// flagged byte is exact.
    @inline(__always)
    static func leadingDigitCount(_ digits: UInt64) -> Int {
        let notDigit = ((digits &+ 0x7676_7676_7676_7676) | digits) & 0x8080_8080_8080_8080
        return notDigit == 0 ? 8 : notDigit.trailingZeroBitCount >> 3
    }

    /// The value of 8 digit values (0...9 per byte, the most significant first in memory), by combining
    /// neighbours: bytes into 2-digit lanes, those into 4-digit lanes, those into the 8-digit value. No lane
    /// overflows (99 < 2^8, 9 999 < 2^16, 99 999 999 < 2^32).
    @inline(__always)
    static func eightDigitValue(_ digits: UInt64) -> UInt64 {
        let pairs = (digits &* 10 &+ (digits >> 8)) & 0x00FF_00FF_00FF_00FF
        let quads = (pairs &* 100 &+ (pairs >> 16)) & 0x0000_FFFF_0000_FFFF
        return (quads &* 10_000 &+ (quads >> 32)) & 0xFFFF_FFFF
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private func malformedNumber(_ start: Int) -> RecordError {
        var end = index
        while end < count && end - start < 40 {
            let byte = bytes[end]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == 0x20 {
                break
            }
            end += 1
        }
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
        return RecordError("broken JSON at column \(start + 1): malformed number '\(text)'")
    }

    // MARK: Strings

    /// Validates the string whose opening quote is at `index`; leaves `index` after the closing quote.
    /// Returns whether it contains escapes.
    ///
    /// Fast path: a plain string (printable ASCII without escapes) is crossed 8 bytes at a time straight to its
    /// first special byte (found with one trailing-zero count, not byte by byte); when that is the closing
    /// quote the string is done. Anything else continues in ``scanStringRest(open:)``, which validates it.
    @inline(__always)
    private mutating func scanString() throws(RecordError) -> Bool {
        let open = index
        var i = index + 1
        while count - i >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
            let special = JSONScanner.specialBytes(word)
            if special != 0 {
                let first = special.trailingZeroBitCount
                i += first >> 3
                // Whether the first special byte is the quote, from the word itself (no dependent load).
                if (JSONScanner.quoteBytes(word) >> UInt64(first)) & 1 != 0 {
                    index = i + 1
                    return false
                }
                break
            }
            i += 8
        }
        index = i
        return try scanStringRest(open: open)
    }

    /// The rest of the string whose opening quote is at `open`, from `index` (the bytes before it are plain):
    /// escapes, UTF-8 sequences, control bytes and the last bytes of the line, one at a time.
    @inline(never)
    private mutating func scanStringRest(open: Int) throws(RecordError) -> Bool {
        var escaped = false
        while true {
            // Skip 8 plain bytes (0x20...0x7F except '"' and '\') at a time.
            while count - index >= 8 {
                let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
                if JSONScanner.hasSpecialByte(word) { break }
                index += 8
            }
            guard index < count else {
                throw RecordError("broken JSON at column \(open + 1): string not terminated")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return escaped
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                try scanEscape()
            } else if byte < 0x20 {
                throw broken("control character 0x\(JSONScanner.hex2(byte)) in a string (it must be escaped)")
            } else if byte >= 0x80 {
                let length = JSONScanner.utf8SequenceLength(bytes + index, available: count - index)
                guard length > 0 else { throw invalidUTF8() }
                index += length
            } else {
                index += 1
            }
        }
    }

    /// Validates the escape at `index` (a backslash) and moves past it.
    private mutating func scanEscape() throws(RecordError) {
        guard index + 1 < count else { throw broken("a string ends inside an escape") }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: index + 2)
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard index + 7 < count, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u"),
                    case let low = try hexUnit(at: index + 8), low >= 0xDC00 && low <= 0xDFFF
                else {
                    throw broken(
                        "unpaired UTF-16 surrogate \\u\(JSONScanner.hex4(unit)) (a high surrogate needs a low one after it)"
                    )
                }
                index += 12
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw broken(
                    "unpaired UTF-16 surrogate \\u\(JSONScanner.hex4(unit)) (a low surrogate without a high one)"
                )
            } else {
                index += 6
            }
        default:
            let shown =
                bytes[index + 1] >= 0x20 && bytes[index + 1] < 0x7F
                ? "'\\\(String(UnicodeScalar(bytes[index + 1])))'" : "byte 0x\(JSONScanner.hex2(bytes[index + 1]))"
            throw broken("invalid escape \(shown) in a string")
        }
    }

    /// The 4 hex digits at `position` as a UTF-16 code unit.
    private func hexUnit(at position: Int) throws(RecordError) -> UInt32 {
        guard position + 4 <= count else {
            throw RecordError("broken JSON at column \(position - 1): \\u needs 4 hex digits")
        }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = JSONScanner.hexValue(bytes[position + offset]) else {
                throw RecordError("broken JSON at column \(position - 1): \\u needs 4 hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Byte classes

    /// Whether any byte of `word` is '"', '\', below 0x20 or at least 0x80.
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        specialBytes(word) != 0
    }

    /// The top bit of every byte of `word` (loaded little-endian) that is '"' — exact up to the first special
    /// byte of ``specialBytes(_:)`` (a false flag needs a borrow out of a true quote below it).
    @inline(__always)
    static func quoteBytes(_ word: UInt64) -> UInt64 {
        let quote = word ^ 0x2222_2222_2222_2222
        return (quote &- 0x0101_0101_0101_0101) & ~quote & 0x8080_8080_8080_8080
    }

    /// The top bit of every byte of `word` (loaded little-endian) that is '"', '\', below 0x20 or at least
    /// 0x80 — exact up to the first such byte; bytes after it may be flagged too (a borrow out of a flagged
    /// byte). So `trailingZeroBitCount / 8` is the position of the first special byte.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let lessThanSpace = (word &- ones &* 0x20) & ~word
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        return ((lessThanSpace | hasQuote | hasBackslash) & highs) | (word & highs)
    }

    /// The length (1...4) of the valid UTF-8 sequence at `pointer` whose first byte is ≥ 0x80, or 0 when the
    /// bytes are not valid UTF-8 (stray continuation byte, overlong form, surrogate, above U+10FFFF, cut short).
    static func utf8SequenceLength(_ pointer: UnsafePointer<UInt8>, available: Int) -> Int {
        let lead = pointer[0]
        @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            offset < available && pointer[offset] >= low && pointer[offset] <= high
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// Throws "invalid UTF-8" when the bytes at `index` are not valid UTF-8.
    private func checkUTF8Here() throws(RecordError) {
        if JSONScanner.utf8SequenceLength(bytes + index, available: count - index) == 0 { throw invalidUTF8() }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    private static func hex4(_ unit: UInt32) -> String {
        hex2(UInt8(unit >> 8)) + hex2(UInt8(unit & 0xFF))
    }

    // MARK: Errors

    private func invalidUTF8() -> RecordError {
        RecordError("invalid UTF-8 at column \(index + 1)")
    }

    private func broken(_ reason: String) -> RecordError {
        RecordError("broken JSON at column \(index + 1): \(reason)")
    }

    private func unexpected(_ expected: String) -> RecordError {
        guard index < count else {
            return RecordError("broken JSON at column \(index + 1): expected \(expected), found the end of the line")
        }
        let byte = bytes[index]
        if byte >= 0x80 && JSONScanner.utf8SequenceLength(bytes + index, available: count - index) == 0 {
            return invalidUTF8()
        }
        let found =
            byte >= 0x20 && byte < 0x7F ? "'\(String(UnicodeScalar(byte)))'" : "byte 0x\(JSONScanner.hex2(byte))"
        return RecordError("broken JSON at column \(index + 1): expected \(expected), found \(found)")
    }
}

/// Decodes the content of a JSON string (validated by ``JSONScanner``) into UTF-8 bytes.
enum JSONUnescaper {
    /// Writes the decoded bytes of `raw` (the text between the quotes) to `target` and returns their count,
    /// which never exceeds `raw.count`.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into target: UnsafeMutablePointer<UInt8>) -> Int {
        var read = 0
        var written = 0
        let count = raw.count
        while read < count {
            let byte = raw[read]
            guard byte == UInt8(ascii: "\\"), read + 1 < count else {
                target[written] = byte
                written += 1
                read += 1
                continue
            }
            let code = raw[read + 1]
            read += 2
            switch code {
            case UInt8(ascii: "b"): target[written] = 0x08
            case UInt8(ascii: "f"): target[written] = 0x0C
            case UInt8(ascii: "n"): target[written] = 0x0A
            case UInt8(ascii: "r"): target[written] = 0x0D
            case UInt8(ascii: "t"): target[written] = 0x09
            case UInt8(ascii: "u"):
                var scalar = hexUnit(raw, read)
                read += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF && read + 6 <= count && raw[read] == UInt8(ascii: "\\") {
                    let low = hexUnit(raw, read + 2)
                    if low >= 0xDC00 && low <= 0xDFFF {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        read += 6
                    }
                }
                written += encodeUTF8(scalar, into: target + written)
                continue
            default: target[written] = code  // '"', '\', '/'
            }
            written += 1
        }
        return written
    }

    private static func hexUnit(_ raw: UnsafeBufferPointer<UInt8>, _ position: Int) -> UInt32 {
        var value: UInt32 = 0
        var offset = 0
        while offset < 4 && position + offset < raw.count {
            value = value << 4 | UInt32(JSONScanner.hexValue(raw[position + offset]) ?? 0)
            offset += 1
        }
        return value
    }

    /// UTF-8 of a scalar; lone surrogates (already rejected by the scanner) become U+FFFD.
    private static func encodeUTF8(_ scalar: UInt32, into target: UnsafeMutablePointer<UInt8>) -> Int {
        var value = scalar
        if value >= 0xD800 && value <= 0xDFFF { value = 0xFFFD }
        switch value {
        case 0..<0x80:
            target[0] = UInt8(value)
            return 1
        case 0x80..<0x800:
            target[0] = UInt8(0xC0 | value >> 6)
            target[1] = UInt8(0x80 | value & 0x3F)
            return 2
        case 0x800..<0x10000:
            target[0] = UInt8(0xE0 | value >> 12)
            target[1] = UInt8(0x80 | value >> 6 & 0x3F)
            target[2] = UInt8(0x80 | value & 0x3F)
            return 3
        default:
            target[0] = UInt8(0xF0 | value >> 18)
            target[1] = UInt8(0x80 | value >> 12 & 0x3F)
            target[2] = UInt8(0x80 | value >> 6 & 0x3F)
            target[3] = UInt8(0x80 | value & 0x3F)
            return 4
        }
    }
}
