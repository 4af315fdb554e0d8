import Glibc

/// Cuts a byte stream into lines without copying them or building strings.
///
/// * Lines end at `\n`; a `\r` before it is dropped (CRLF). The last line may lack its `\n`.
/// * Line numbers are 1-based and count every physical line, blank ones included.
/// * A UTF-8 byte order mark at the start of line 1 is dropped.
/// * Blank lines (empty, or only spaces, tabs and `\r`) are skipped and counted in ``blankLines``.
/// * A line longer than ``maxLineBytes`` is reported as ``Line/tooLong(prefix:byteCount:)`` with its first
///   bytes only; the reader skips to the next `\n` without buffering the rest, so memory stays bounded.
/// * When the source fails (a truncated gzip stream), the complete lines before the failure are still
///   delivered, an unfinished last fragment comes as ``Line/cutOff(_:)``, and the next call throws.
///
/// Memory: one buffer of `maxLineBytes + 8 + readSize` bytes, whatever the file size.
final class LineReader {
    /// One physical line (or what could be read of it). The buffers point into the reader's storage and are
    /// valid only until the next call to ``next()``.
    enum Line {
        /// A complete line without its terminator.
        case text(UnsafeBufferPointer<UInt8>)
        /// A line longer than the limit: its first ``LineReader/prefixBytes`` bytes and its full length.
        case tooLong(prefix: UnsafeBufferPointer<UInt8>, byteCount: Int)
        /// The unfinished last fragment before a stream failure.
        case cutOff(UnsafeBufferPointer<UInt8>)
    }

    /// How many bytes of an over-long line are kept for the reject text.
    static let prefixBytes = 200
    /// The default limit on a line's length: 1 MiB.
    static let defaultMaxLineBytes = 1 << 20

    /// The source's display name.
    let name: String
    /// Lines longer than this many bytes (terminator excluded) are reported as too long.
    let maxLineBytes: Int
    /// The number of the line most recently returned (or skipped), 1-based.
    private(set) var lineNumber = 0
    /// Blank lines skipped so far.
    private(set) var blankLines = 0

    private let source: any ByteSource
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private let prefix: UnsafeMutablePointer<UInt8>
    /// Unconsumed bytes are `buffer[start..<end]`; `buffer[start..<scanned]` is known to hold no `\n`.
    private var start = 0
    private var end = 0
    private var scanned = 0
    private var sourceEnded = false
    private var pendingError: InputError?
    /// Content bytes obtained from the source so far.
    private(set) var bytesRead = 0

    /// Reads lines from `source`; `readSize` is the preferred size of one read.
    init(
        source: any ByteSource,
        name: String,
        maxLineBytes: Int = LineReader.defaultMaxLineBytes,
        readSize: Int = 1 << 20
    ) {
        precondition(maxLineBytes > 0 && readSize > 0, "line and read sizes must be positive")
        self.source = source
        self.name = name
        self.maxLineBytes = maxLineBytes
        capacity = maxLineBytes + 8 + readSize
        buffer = .allocate(capacity: capacity)
        prefix = .allocate(capacity: LineReader.prefixBytes)
    }

    deinit {
        buffer.deallocate()
        prefix.deallocate()
    }

    /// The next non-blank line, `nil` at the end. Throws the source's failure once, after the lines before it.
    func next() throws(InputError) -> Line? {
        while true {
            let unscanned = end - scanned
            if unscanned > 0, let hit = memchr(buffer + scanned, 0x0A, unscanned) {
                let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let lineStart = start
                start = newline + 1
                scanned = start
                lineNumber += 1
                if let line = finish(lineStart, newline, cutOff: false) { return line }
                continue
            }
            scanned = end
            if end - start > maxLineBytes + 4 {  // 4 = a BOM and a CR that may yet be stripped
                return try skipOverlongLine()
            }
            if sourceEnded {
                if start < end {
                    let lineStart = start
                    start = end
                    scanned = end
                    lineNumber += 1
                    if let line = finish(lineStart, end, cutOff: pendingError != nil) { return line }
                    continue
                }
                if let failure = pendingError {
                    pendingError = nil
                    throw InputError(
                        code: failure.code,
                        file: failure.file,
                        message: "\(failure.message); lines 1 to \(lineNumber) were read before it"
                    )
                }
                return nil
            }
            fill()
        }
    }

    /// Classifies `buffer[lineStart..<lineEnd]`: strips CR and BOM, skips blanks, checks the length.
    private func finish(_ lineStart: Int, _ lineEnd: Int, cutOff: Bool) -> Line? {
        var first = lineStart
        var last = lineEnd
        if last > first && buffer[last - 1] == 0x0D { last -= 1 }
        if lineNumber == 1 && last - first >= 3 && buffer[first] == 0xEF && buffer[first + 1] == 0xBB
            && buffer[first + 2] == 0xBF
        {
            first += 3
        }
        let length = last - first
        if length > maxLineBytes {
            let kept = min(length, LineReader.prefixBytes)
            return .tooLong(prefix: UnsafeBufferPointer(start: buffer + first, count: kept), byteCount: length)
        }
        var blank = true
        var index = first
        while index < last {
            let byte = buffer[index]
            if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                blank = false
                break
            }
            index += 1
        }
        if blank {
            blankLines += 1
            return nil
        }
        let line = UnsafeBufferPointer(start: buffer + first, count: length)
        return cutOff ? .cutOff(line) : .text(line)
    }

    /// Consumes the rest of a line that is already known to be too long, keeping only its first bytes.
    private func skipOverlongLine() throws(InputError) -> Line {
        var firstByte = start
        if lineNumber == 0 && end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB
            && buffer[start + 2] == 0xBF
        {
            firstByte += 3
        }
        let kept = min(end - firstByte, LineReader.prefixBytes)
        prefix.update(from: buffer + firstByte, count: kept)
        var length = end - firstByte
        var lastByte: UInt8 = buffer[end - 1]
        start = 0
        end = 0
        scanned = 0
        lineNumber += 1
        while true {
            fill()
            if end == 0 {
                // The file (or the readable part of it) ends inside the line.
                if lastByte == 0x0D { length -= 1 }
                return .tooLong(prefix: UnsafeBufferPointer(start: prefix, count: kept), byteCount: length)
            }
            if let hit = memchr(buffer, 0x0A, end) {
                let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                length += newline
                let before = newline > 0 ? buffer[newline - 1] : lastByte
                if before == 0x0D { length -= 1 }
                start = newline + 1
                scanned = start
                return .tooLong(prefix: UnsafeBufferPointer(start: prefix, count: kept), byteCount: length)
            }
            length += end
            lastByte = buffer[end - 1]
            end = 0
        }
    }

    /// Moves unconsumed bytes to the front and reads more behind them. Sets `sourceEnded` at the end of the
    /// source or when it fails (keeping the failure for later).
    private func fill() {
        guard !sourceEnded else { return }
        if start == end {
            start = 0
            end = 0
            scanned = 0
        } else if start > 0 {
            let count = end - start
            memmove(buffer, buffer + start, count)
            scanned -= start
            start = 0
            end = count
        }
        do {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end))
            if count == 0 { sourceEnded = true }
            end += count
            bytesRead += count
        } catch {
            pendingError = error
            sourceEnded = true
        }
    }
}
