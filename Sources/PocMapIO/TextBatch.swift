import Glibc

/// Reads a file descriptor (usually standard input) line by line with one large buffer and hands each
/// line to `body` as raw bytes: no `String` per line, so batch commands can run millions of lines per second.
///
/// Lines end with `\n`; a trailing `\r` is removed; the last line may lack its newline. Lines longer than
/// `maximumLineLength` are not passed to `body`: `onOverlong` gets their number and they are skipped,
/// so a runaway input never grows memory without bound.
public struct LineStream {
    /// The descriptor read from.
    public let fileDescriptor: Int32
    /// The longest line accepted, in bytes (1 MiB by default).
    public var maximumLineLength: Int

    /// Creates a stream over `fileDescriptor` (standard input by default).
    public init(fileDescriptor: Int32 = 0, maximumLineLength: Int = 1 << 20) {
        self.fileDescriptor = fileDescriptor
        self.maximumLineLength = maximumLineLength
    }

    /// Calls `body(line, lineNumber)` for every line (1-based numbers), and `onOverlong(lineNumber)`
    /// for lines over the limit. Throws ``TextBatchError`` when reading fails.
    public func forEachLine(
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void,
        onOverlong: (Int) throws -> Void = { _ in }
    ) throws {
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk + maximumLineLength + 1)
        var filled = 0  // bytes of the pending partial line at the start of `buffer`
        var lineNumber = 0
        var skippingOverlong = false
        try buffer.withUnsafeMutableBufferPointer { storage in
            guard let base = storage.baseAddress else { return }
            while true {
                let room = storage.count - filled
                let got = read(fileDescriptor, base + filled, min(room, chunk))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw TextBatchError.readFailed(errno: errno)
                }
                let end = filled + got
                var start = 0
                var scan = filled
                while scan < end {
                    guard let found = memchr(base + scan, 0x0A, end - scan) else { break }
                    let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    lineNumber += 1
                    if skippingOverlong {
                        skippingOverlong = false
                    } else {
                        var length = newline - start
                        if length > 0 && base[start + length - 1] == 0x0D { length -= 1 }
                        try body(UnsafeBufferPointer(start: base + start, count: length), lineNumber)
                    }
                    start = newline + 1
                    scan = start
                }
                if got == 0 {
                    if start < end && !skippingOverlong {
                        lineNumber += 1
                        var length = end - start
                        if base[start + length - 1] == 0x0D { length -= 1 }
                        try body(UnsafeBufferPointer(start: base + start, count: length), lineNumber)
                    }
                    return
                }
                // Keep the partial line; drop it if it has grown past the limit.
                let pending = end - start
                if pending > maximumLineLength {
                    if !skippingOverlong { try onOverlong(lineNumber + 1) }
                    skippingOverlong = true
                    filled = 0
                } else {
                    if start > 0 && pending > 0 { memmove(base, base + start, pending) }
                    filled = pending
                }
            }
        }
    }
}

/// Failures of the batch text helpers.
public enum TextBatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `read(2)` failed with this `errno`.
    case readFailed(errno: Int32)
    /// `write(2)` failed with this `errno`.
    case writeFailed(errno: Int32)

    /// The failure in words, with the system's message for `errno`.
    public var description: String {
        switch self {
        case .readFailed(let code): "cannot read input: \(String(cString: strerror(code)))"
        case .writeFailed(let code): "cannot write output: \(String(cString: strerror(code)))"
        }
    }
}

/// A buffered writer to a file descriptor (standard output by default) for batch output.
/// Call ``flush()`` at the end; nothing is written when the buffer is simply dropped.
///
/// The bytes live in one fixed allocation written through a pointer: appending a 15-digit cell costs a few
/// nanoseconds instead of one `Array.append` (uniqueness and capacity checks) per byte.
public struct OutputBuffer: ~Copyable {
    private let storage: UnsafeMutablePointer<UInt8>
    private var count = 0
    private let fileDescriptor: Int32
    private let capacity: Int
    /// Room kept beyond `capacity` so that one hex number or byte always fits before the flush check.
    private static let slack = 64

    /// Creates a buffer that writes to `fileDescriptor` in blocks of about `capacity` bytes.
    public init(fileDescriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity + Self.slack)
    }

    deinit { storage.deallocate() }

    /// Appends one raw byte.
    public mutating func append(_ byte: UInt8) throws(TextBatchError) {
        storage[count] = byte
        count += 1
        if count >= capacity { try flush() }
    }

    /// Appends the UTF-8 bytes of `text`.
    public mutating func append(_ text: String) throws(TextBatchError) {
        for byte in text.utf8 {
            storage[count] = byte
            count += 1
            if count >= capacity { try flush() }
        }
    }

    /// Appends `value` as lowercase hexadecimal without leading zeros (the H3 text form).
    public mutating func appendHex(_ value: UInt64) throws(TextBatchError) {
        assert(count < capacity, "flushed whenever capacity is reached, so 16 digits fit in the slack")
        let digits = value == 0 ? 1 : (64 - value.leadingZeroBitCount + 3) / 4
        var rest = value
        var index = count + digits - 1
        while index >= count {
            let nibble = UInt8(truncatingIfNeeded: rest) & 0xF
            storage[index] = nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
            rest >>= 4
            index -= 1
        }
        count += digits
        if count >= capacity { try flush() }
    }

    /// Writes everything buffered so far.
    public mutating func flush() throws(TextBatchError) {
        var offset = 0
        while offset < count {
            let written = write(fileDescriptor, storage + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(errno: errno)
            }
            offset += written
        }
        count = 0
    }
}

/// Parses `lat,lng` (degrees; spaces or tabs around either number allowed; a comma, tab or space as separator)
/// from raw line bytes. Returns `nil` when the line is not two finite numbers.
///
/// The numbers are read exactly as C's `strtod` reads them (correctly rounded). Plain decimals of up to 19
/// significant digits whose value is an integer below 2^53 scaled by 10^-22...10^22 (every coordinate with up
/// to 15 significant digits) take a fast path: one exact integer and one IEEE multiplication or division by an
/// exact power of ten, which is correctly rounded by construction (Clinger's fast path). Everything else
/// (more digits, hexadecimal, `inf`, `nan`, unusual spacing) goes through `strtod` itself.
public func parseCoordinatePair(_ line: UnsafeBufferPointer<UInt8>) -> (Double, Double)? {
    guard line.count > 0, line.count < 128 else { return nil }
    if let pair = fastCoordinatePair(line) { return pair }
    return strtodCoordinatePair(line)
}

/// Exact powers of ten representable in a `Double` (10^22 = 2^22 · 5^22 and 5^22 < 2^53).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
]

/// The fast path of ``parseCoordinatePair(_:)``: `nil` whenever the line is not in the plain form, so the
/// caller falls back to `strtod` (which also decides whether the line is invalid).
private func fastCoordinatePair(_ line: UnsafeBufferPointer<UInt8>) -> (Double, Double)? {
    var index = 0
    let end = line.count
    func skipBlanks() {
        while index < end && (line[index] == 0x20 || line[index] == 0x09) { index += 1 }
    }
    func number() -> Double? {
        var negative = false
        if index < end && (line[index] == 0x2D || line[index] == 0x2B) {
            negative = line[index] == 0x2D
            index += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0  // digits in `mantissa` from the first non-zero one
        var exponent = 0
        var digits = 0
        while index < end, case let digit = line[index] &- 0x30, digit < 10 {
            if significant > 0 || digit != 0 {
                significant += 1
                if significant > 19 { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
            }
            digits += 1
            index += 1
        }
        if index < end && line[index] == 0x2E {
            index += 1
            while index < end, case let digit = line[index] &- 0x30, digit < 10 {
                if significant > 0 || digit != 0 {
                    significant += 1
                    if significant > 19 { return nil }
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                }
                exponent -= 1
                digits += 1
                index += 1
            }
        }
        guard digits > 0 else { return nil }
        if index < end && (line[index] == 0x65 || line[index] == 0x45) {
            index += 1
            var exponentNegative = false
            if index < end && (line[index] == 0x2D || line[index] == 0x2B) {
                exponentNegative = line[index] == 0x2D
                index += 1
            }
            var value = 0
            var exponentDigits = 0
            while index < end, case let digit = line[index] &- 0x30, digit < 10 {
                exponentDigits += 1
                if exponentDigits > 4 { return nil }
                value = value * 10 + Int(digit)
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -value : value
        }
        var result: Double
        if mantissa == 0 {
            result = 0
        } else {
            guard mantissa <= 1 << 53, (-22...22).contains(exponent) else { return nil }
            result = Double(mantissa)
            if exponent >= 0 {
                result *= exactPowersOfTen[exponent]
            } else {
                result /= exactPowersOfTen[-exponent]
            }
        }
        return negative ? -result : result
    }
    skipBlanks()
    guard let first = number() else { return nil }
    skipBlanks()
    if index < end && line[index] == 0x2C { index += 1 }
    skipBlanks()
    guard let second = number() else { return nil }
    skipBlanks()
    guard index == end else { return nil }
    return (first, second)
}

/// The general path of ``parseCoordinatePair(_:)``: C's `strtod` on a NUL-terminated copy of the line.
private func strtodCoordinatePair(_ line: UnsafeBufferPointer<UInt8>) -> (Double, Double)? {
    // strtod needs a NUL-terminated buffer; coordinates are short, so copy into a small stack buffer.
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: line.count + 1) { text in
        guard let base = text.baseAddress else { return nil }
        for i in 0..<line.count { base[i] = CChar(bitPattern: line[i]) }
        base[line.count] = 0
        var cursor: UnsafeMutablePointer<CChar>? = nil
        let first = strtod(base, &cursor)
        guard var p = cursor, p != base else { return nil }
        while p.pointee == 0x20 || p.pointee == 0x09 { p += 1 }
        if p.pointee == 0x2C { p += 1 }  // ','
        let secondStart = p
        let second = strtod(secondStart, &cursor)
        guard var q = cursor, q != secondStart else { return nil }
        while q.pointee == 0x20 || q.pointee == 0x09 { q += 1 }
        guard q.pointee == 0, first.isFinite, second.isFinite else { return nil }
        return (first, second)
    }
}
