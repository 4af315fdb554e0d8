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

    public var description: String {
        switch self {
        case .readFailed(let code): "cannot read input: \(String(cString: strerror(code)))"
        case .writeFailed(let code): "cannot write output: \(String(cString: strerror(code)))"
        }
    }
}

/// A buffered writer to a file descriptor (standard output by default) for batch output.
/// Call ``flush()`` at the end; nothing is written when the buffer is simply dropped.
public struct OutputBuffer: ~Copyable {
    private var bytes: [UInt8]
    private let fileDescriptor: Int32
    private let capacity: Int

    /// Creates a buffer that writes to `fileDescriptor` in blocks of about `capacity` bytes.
    public init(fileDescriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.capacity = capacity
        bytes = []
        bytes.reserveCapacity(capacity + 256)
    }

    /// Appends raw bytes.
    public mutating func append(_ byte: UInt8) throws(TextBatchError) {
        bytes.append(byte)
        if bytes.count >= capacity { try flush() }
    }

    /// Appends the UTF-8 bytes of `text`.
    public mutating func append(_ text: String) throws(TextBatchError) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= capacity { try flush() }
    }

    /// Appends `value` as lowercase hexadecimal without leading zeros (the H3 text form).
    public mutating func appendHex(_ value: UInt64) throws(TextBatchError) {
        if value == 0 {
            bytes.append(0x30)
        } else {
            var shift = (63 - value.leadingZeroBitCount) / 4 * 4
            while shift >= 0 {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0xF
                bytes.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
                shift -= 4
            }
        }
        if bytes.count >= capacity { try flush() }
    }

    /// Writes everything buffered so far.
    public mutating func flush() throws(TextBatchError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fileDescriptor, base + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(errno: errno)
            }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Parses `lat,lng` (degrees; spaces or tabs around either number allowed; a comma, tab or space as separator)
/// from raw line bytes. Returns `nil` when the line is not two finite numbers.
public func parseCoordinatePair(_ line: UnsafeBufferPointer<UInt8>) -> (Double, Double)? {
    // strtod needs a NUL-terminated buffer; coordinates are short, so copy into a small stack buffer.
    guard line.count > 0, line.count < 128 else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: line.count + 1) { text in
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
