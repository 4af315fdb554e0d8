/// A growable byte buffer for the verdict writer's hot loop: the caller reserves room for a whole line once
/// (``reserve(_:)``), then appends without further capacity checks. Unsafe code is fenced here, with `assert`s
/// on every write (they vanish in release builds). Replacing `[UInt8].append` by this cut the formatting time per
/// witness line by about half (release build, 3.3 M lines).
struct LineBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0
    /// The alignment of the storage (a page for a buffer whose storage goes to direct writes).
    let alignment: Int

    init(capacity: Int = 1 << 20, alignment: Int = 16) {
        self.capacity = max(capacity, 4096)
        self.alignment = alignment
        base = LineBuffer.allocate(self.capacity, alignment: alignment)
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    private static func allocate(_ capacity: Int, alignment: Int) -> UnsafeMutablePointer<UInt8> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: alignment)
            .bindMemory(to: UInt8.self, capacity: capacity)
    }

    /// Takes `storage` — `capacity` bytes at this buffer's ``alignment``, from
    /// `UnsafeMutableRawPointer.allocate(byteCount:alignment:)` — as the new storage, moving the bytes from
    /// `start` on to its beginning, and returns the old storage, whose first `start` bytes are the ones written
    /// before it: the caller owns it from now on (and deallocates it with `deallocate()`).
    mutating func exchangeStorage(with storage: UnsafeMutableRawPointer, keepingFrom start: Int)
        -> UnsafeMutableRawPointer
    {
        precondition(start <= count, "the kept bytes start inside the buffer")
        let replacement = storage.bindMemory(to: UInt8.self, capacity: capacity)
        replacement.update(from: base + start, count: count - start)
        let old = UnsafeMutableRawPointer(base)
        base = replacement
        count -= start
        return old
    }

    /// Makes room for at least `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let replacement = LineBuffer.allocate(newCapacity, alignment: alignment)
        replacement.update(from: base, count: count)
        UnsafeMutableRawPointer(base).deallocate()
        base = replacement
        capacity = newCapacity
    }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        assert(count < capacity)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func put(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        assert(count + length <= capacity)
        (base + count).update(from: text.utf8Start, count: length)
        count += length
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        assert(count + bytes.count <= capacity)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func put(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { put($0) }
    }

    /// The UTF-8 bytes of a string (reserve `utf8.count` first).
    @inline(__always)
    mutating func put(utf8 text: String) {
        var copy = text
        copy.withUTF8 { put($0) }
    }

    /// The 200 ASCII digits of the pairs 00, 01, …, 99: a number is written two digits per step (one load and
    /// one 2-byte store each) instead of one division by ten per digit.
    @inline(__always)
    private static var digitPairs: StaticString {
        """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
    }

    /// 10^exponent for exponent 0…19 (a switch of constants compiles to a table lookup).
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        default: 10_000_000_000_000_000_000
        }
    }

    /// Writes the last `digits` decimal digits of `value` (leading zeros included) at `position`, two per step.
    @inline(__always)
    private func writeDigits(_ value: UInt64, count digits: Int, at position: Int) {
        let pairs = UnsafeRawPointer(LineBuffer.digitPairs.utf8Start)
        var rest = value
        var end = position + digits
        while end - position >= 2 {
            let quotient = rest / 100
            let pair = pairs.loadUnaligned(fromByteOffset: Int(rest &- quotient &* 100) &* 2, as: UInt16.self)
            end -= 2
            UnsafeMutableRawPointer(base + end).storeBytes(of: pair, as: UInt16.self)
            rest = quotient
        }
        if end > position { base[position] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10) }
    }

    /// A non-negative integer in decimal (at most 20 bytes; reserve 24).
    ///
    /// Up to 8 digits at a time are made in a register (``eightDigits(_:)``) and stored as one 8-byte word; the
    /// bytes past the last digit are scratch that the next write covers. A number of 9 to 16 digits is its first
    /// digits then 8 more, one of 17 to 20 digits its first digits then 16 more. (Writing two digits per step
    /// into a stack scratch area and copying that as words, as before, cost more: each word loaded over several
    /// 2-byte stores waited for them, a failed store-to-load forwarding, several per number; with the chain of
    /// divisions by 100 they were a third of the formatting loop's own time.)
    @inline(__always)
    mutating func put(unsigned value: UInt64) {
        assert(count + 24 <= capacity)
        let target = UnsafeMutableRawPointer(base + count)
        if value < 10 {
            target.storeBytes(of: 0x30 &+ UInt8(truncatingIfNeeded: value), as: UInt8.self)
            count += 1
        } else if value < 100 {
            let pairs = UnsafeRawPointer(LineBuffer.digitPairs.utf8Start)
            target.storeBytes(
                of: pairs.loadUnaligned(fromByteOffset: Int(value) &* 2, as: UInt16.self),
                as: UInt16.self
            )
            count += 2
        } else if value < 100_000_000 {
            count += LineBuffer.storeSignificantDigits(value, at: target)
        } else if value < 10_000_000_000_000_000 {
            let high = value / 100_000_000
            let length = LineBuffer.storeSignificantDigits(high, at: target)
            LineBuffer.storeEightDigits(value &- high &* 100_000_000, at: target + length)
            count += length &+ 8
        } else {
            let high = value / 10_000_000_000_000_000
            let rest = value &- high &* 10_000_000_000_000_000
            let middle = rest / 100_000_000
            let length = LineBuffer.storeSignificantDigits(high, at: target)
            LineBuffer.storeEightDigits(middle, at: target + length)
            LineBuffer.storeEightDigits(rest &- middle &* 100_000_000, at: target + length + 8)
            count += length &+ 16
        }
    }

    /// The 8 decimal digits of `value` (< 10⁸, with leading zeros) as ASCII, the first digit in the lowest byte.
    /// The four digit pairs are looked up independently (value / 10⁴ and value % 10⁴, then each / 100 and % 100),
    /// so the steps need not wait for each other as a chain of divisions by 100 does.
    @inline(__always)
    static func eightDigits(_ value: UInt64) -> UInt64 {
        let pairs = UnsafeRawPointer(LineBuffer.digitPairs.utf8Start)
        @inline(__always)
        func pair(_ number: UInt64) -> UInt64 {
            UInt64(UInt16(littleEndian: pairs.loadUnaligned(fromByteOffset: Int(number) &* 2, as: UInt16.self)))
        }
        let high = value / 10_000
        let low = value &- high &* 10_000
        let first = high / 100
        let third = low / 100
        return pair(first) | pair(high &- first &* 100) << 16 | pair(third) << 32 | pair(low &- third &* 100) << 48
    }

    /// Stores the 8 digits of `value` (< 10⁸, with leading zeros) at `target`.
    @inline(__always)
    static func storeEightDigits(_ value: UInt64, at target: UnsafeMutableRawPointer) {
        target.storeBytes(of: eightDigits(value).littleEndian, as: UInt64.self)
    }

    /// Stores the digits of `value` (< 10⁸) without leading zeros (one digit for 0) as one 8-byte word at
    /// `target`, and returns their count: the leading zeros are the low bytes equal to `0`, shifted out.
    @inline(__always)
    static func storeSignificantDigits(_ value: UInt64, at target: UnsafeMutableRawPointer) -> Int {
        let digits = eightDigits(value)
        // Byte 7 is forced non-zero so that at least one digit stays.
        let zeros = ((digits ^ 0x3030_3030_3030_3030) | 1 << 56).trailingZeroBitCount >> 3
        target.storeBytes(of: (digits >> UInt64(zeros &* 8)).littleEndian, as: UInt64.self)
        return 8 &- zeros
    }

    /// A signed integer in decimal (at most 21 bytes).
    @inline(__always)
    mutating func put(signed value: Int64) {
        if value < 0 {
            put(UInt8(ascii: "-"))
            put(unsigned: value.magnitude)
        } else {
            put(unsigned: UInt64(value))
        }
    }

    /// `units / 10^decimals` with exactly `decimals` digits after the point (at most 42 bytes; `decimals` ≤ 19).
    mutating func put(fixed units: Int64, decimals: Int, negativeZero: Bool = false) {
        // One branch per count of decimals that the verdict lines use, so that each divides by a constant (a
        // multiplication) rather than by a power of ten looked up at run time (a 64-bit division).
        switch decimals {
        case 1: putFixed(units, decimals: 1, negativeZero: negativeZero)
        case 3: putFixed(units, decimals: 3, negativeZero: negativeZero)
        case 4: putFixed(units, decimals: 4, negativeZero: negativeZero)
        default: putFixed(units, decimals: decimals, negativeZero: negativeZero)
        }
    }

    @inline(__always)
    private mutating func putFixed(_ units: Int64, decimals: Int, negativeZero: Bool) {
        let magnitude = units.magnitude
        if units < 0 || (units == 0 && negativeZero) { put(UInt8(ascii: "-")) }
        guard decimals > 0 else {
            put(unsigned: magnitude)
            return
        }
        let scale = LineBuffer.powerOfTen(decimals)
        let whole = magnitude / scale
        put(unsigned: whole)
        put(UInt8(ascii: "."))
        if decimals <= 8 {
            // The last `decimals` of the 8 digits (with leading zeros), as one word.
            assert(count + 8 <= capacity)
            let digits = LineBuffer.eightDigits(magnitude &- whole &* scale) >> UInt64((8 - decimals) * 8)
            UnsafeMutableRawPointer(base + count).storeBytes(of: digits.littleEndian, as: UInt64.self)
        } else {
            assert(count + decimals <= capacity)
            writeDigits(magnitude &- whole &* scale, count: decimals, at: count)
        }
        count += decimals
    }

    /// A Double rounded to 3 decimals, `null` when not finite; a negative value rounding to zero prints `-0.000`.
    mutating func put(milli value: Double) {
        guard value.isFinite, abs(value) < 9e15 else {
            put("null")
            return
        }
        putFixed(LineBuffer.roundedHalfAwayFromZero(value * 1000), decimals: 3, negativeZero: value < 0)
    }

    /// `value.rounded()` (to nearest, ties away from zero) as an integer, for |value| < 2^63, without calling
    /// libm's `round`: the truncation is one instruction, and `value − truncation` is exact (both lie within one
    /// unit of each other and share the exponent range), so comparing it with ±0.5 decides exactly as `round` does.
    @inline(__always)
    static func roundedHalfAwayFromZero(_ value: Double) -> Int64 {
        let truncated = Int64(value)
        let fraction = value - Double(truncated)
        if fraction >= 0.5 { return truncated + 1 }
        if fraction <= -0.5 { return truncated - 1 }
        return truncated
    }

    /// Lowercase hexadecimal without leading zeros (16 bytes at most).
    ///
    /// All 16 digits are made at once: the nibbles are spread one per byte (three shift-and-mask steps), each
    /// becomes its ASCII digit with one addition (plus 39 more for `a`–`f`), and one 16-byte store writes them. The
    /// value is first shifted so that its leading digit comes first; the bytes past the last digit are scratch
    /// that the next write covers (reserve 16 bytes).
    @inline(__always)
    mutating func put(hex value: UInt64) {
        assert(count + 16 <= capacity)
        let digits = max(1, (64 - value.leadingZeroBitCount + 3) / 4)
        let aligned = value << UInt64(64 - 4 * digits)
        let raw = UnsafeMutableRawPointer(base + count)
        raw.storeBytes(of: LineBuffer.hexDigits(UInt32(truncatingIfNeeded: aligned >> 32)), as: UInt64.self)
        raw.storeBytes(of: LineBuffer.hexDigits(UInt32(truncatingIfNeeded: aligned)), toByteOffset: 8, as: UInt64.self)
        count += digits
    }

    /// The 8 lowercase hex digits of `value` as the bytes of a UInt64 in memory order (most significant first).
    @inline(__always)
    static func hexDigits(_ value: UInt32) -> UInt64 {
        // Nibble k (from the least significant) goes to byte k.
        var spread = UInt64(value)
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        spread = (spread | spread << 4) & 0x0F0F_0F0F_0F0F_0F0F
        // 1 in each byte whose nibble is 10 or more (adding 6 carries into bit 4 exactly then).
        let letters = ((spread &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        let ascii = spread &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
        // Byte 0 holds the least significant digit and memory order wants the most significant first: stored
        // big-endian, the most significant byte comes first.
        return ascii.bigEndian
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble }

    /// Whether `bytes` can go into a JSON string literal as they are: no control byte (below 0x20, or 0x7F), no
    /// quote, no backslash. Checks 8 bytes per step: for a word `w`, `(w − 0x01…01 · c) & ~w & 0x80…80` is
    /// non-zero exactly when some byte of `w` is below `c` (bytes ≥ 0x80 never count), and a byte equal to `c`
    /// is a zero byte of `w ^ (0x01…01 · c)`. The tail shorter than 8 bytes is checked byte by byte.
    @inline(__always)
    static func isPlainJSONText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(start)
        var offset = 0
        var found: UInt64 = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let delete = word ^ (ones &* 0x7F)
            found |= (word &- ones &* 0x20) & ~word
            found |= (quote &- ones) & ~quote
            found |= (backslash &- ones) & ~backslash
            found |= (delete &- ones) & ~delete
            offset += 8
        }
        guard found & highs == 0 else { return false }
        while offset < bytes.count {
            let byte = start[offset]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return false }
            offset += 1
        }
        return true
    }

    /// A JSON string literal of `text` (reserve `2 + 6 × utf8.count` first when it may need escaping).
    @inline(__always)
    mutating func put(jsonString text: String) {
        var copy = text
        copy.withUTF8 { put(jsonString: $0) }
    }

    /// A JSON string literal of UTF-8 `bytes` (reserve `2 + 6 × bytes.count` first when they may need escaping).
    @inline(__always)
    mutating func put(jsonString bytes: UnsafeBufferPointer<UInt8>) {
        put(UInt8(ascii: "\""))
        if LineBuffer.isPlainJSONText(bytes) {
            put(bytes)
        } else {
            putEscaped(bytes)
        }
        put(UInt8(ascii: "\""))
    }

    /// The bytes with JSON's escapes: `\"`, `\\`, `\n`, `\r`, `\t`, other control bytes as `\u00XX`.
    private mutating func putEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            switch byte {
            case 0x22: put("\\\"")
            case 0x5C: put("\\\\")
            case 0x0A: put("\\n")
            case 0x0D: put("\\r")
            case 0x09: put("\\t")
            case 0x00..<0x20, 0x7F:
                put("\\u00")
                put(LineBuffer.hexDigit(byte >> 4))
                put(LineBuffer.hexDigit(byte & 0x0F))
            default: put(byte)
            }
        }
    }

    /// Calls `body` with the bytes written so far.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws(OutputError) -> Result) throws(OutputError)
        -> Result
    {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Forgets the content, keeping the capacity.
    mutating func removeAll() { count = 0 }
}
