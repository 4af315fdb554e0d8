import CZlib

/// The decompressed content of a gzip stream (RFC 1952), read through zlib's `inflate`.
///
/// Concatenated members (`cat a.gz b.gz`) are decoded one after the other, as `gzip -d` does. Zero bytes after
/// the last member (tape or block padding) are ignored; anything else there is an error. A stream that ends
/// before a member's end marker, or whose deflate data or CRC-32/length trailer is wrong, is an error naming
/// the compressed byte position; every byte decompressed before it has already been delivered.
final class GzipByteSource: ByteSource {
    /// Compressed bytes read from the file per refill.
    private static let inputCapacity = 256 * 1024

    private let raw: any ByteSource
    private let name: String
    /// The zlib stream; heap-allocated because zlib keeps a pointer back to it and checks it never moves.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    /// Raw bytes obtained from `raw` so far (the prefix included).
    private var rawBytesObtained = 0
    private var rawEnded = false
    private var finished = false
    /// Members fully decoded.
    private var completedMembers = 0
    /// A failure met after some bytes of the same read were produced, thrown by the next read.
    private var pendingError: InputError?

    /// Starts decoding; `prefix` holds the first bytes already taken from `raw` (the sniffed magic number).
    init(raw: any ByteSource, name: String, prefix: [UInt8]) throws(InputError) {
        self.raw = raw
        self.name = name
        input = .allocate(capacity: GzipByteSource.inputCapacity)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 16 + 15: a gzip wrapper (not zlib, not raw deflate) and the largest window.
        let status = inflateInit2_(stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw InputError(code: .gzipCorrupt, file: name, message: "zlib could not start (status \(status))")
        }
        let count = min(prefix.count, GzipByteSource.inputCapacity)
        for index in 0..<count { input[index] = prefix[index] }
        rawBytesObtained = count
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(count)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Compressed bytes consumed by zlib so far.
    var consumedBytes: Int { rawBytesObtained - Int(stream.pointee.avail_in) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let failure = pendingError {
            pendingError = nil
            throw failure
        }
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let capacity = UInt32(min(buffer.count, Int(UInt32.max)))
        stream.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = capacity
        do {
            try inflateSome(capacity: capacity)
        } catch {
            // Deliver what this call decompressed before the failure; report the failure on the next call.
            let produced = Int(capacity - stream.pointee.avail_out)
            guard produced > 0 else { throw error }
            pendingError = error
            return produced
        }
        let produced = Int(capacity - stream.pointee.avail_out)
        return produced
    }

    /// Inflates until some output was produced or the stream ended.
    private func inflateSome(capacity: UInt32) throws(InputError) {
        while stream.pointee.avail_out == capacity {
            if stream.pointee.avail_in == 0 {
                try refill()
                if stream.pointee.avail_in == 0 {
                    throw failure(
                        .gzipTruncated,
                        "gzip stream truncated: the compressed data ends at byte \(consumedBytes) inside member \(completedMembers + 1)"
                    )
                }
            }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress: fine when the input is used up (refilled above); with input left it cannot recur.
                if stream.pointee.avail_in != 0 {
                    throw failure(.gzipCorrupt, "gzip stream corrupt at byte \(consumedBytes): zlib makes no progress")
                }
                continue
            case Z_STREAM_END:
                completedMembers += 1
                if try anotherMemberFollows() {
                    inflateReset(stream)
                } else {
                    finished = true
                    return
                }
            case Z_NEED_DICT:
                throw failure(
                    .gzipCorrupt,
                    "gzip stream corrupt at byte \(consumedBytes): deflate data needs a preset dictionary"
                )
            case Z_MEM_ERROR:
                throw failure(.readFailed, "out of memory while decompressing at byte \(consumedBytes)")
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw failure(
                    .gzipCorrupt,
                    "gzip stream corrupt at byte \(consumedBytes) in member \(completedMembers + 1): \(reason)"
                )
            }
        }
    }

    /// Moves unconsumed input to the front of the buffer and reads more compressed bytes behind it.
    private func refill() throws(InputError) {
        guard !rawEnded else { return }
        let pending = Int(stream.pointee.avail_in)
        if pending > 0, let next = stream.pointee.next_in, next != input {
            input.update(from: next, count: pending)
        }
        let space = UnsafeMutableRawBufferPointer(start: input + pending, count: GzipByteSource.inputCapacity - pending)
        let count = try raw.read(into: space)
        if count == 0 { rawEnded = true }
        rawBytesObtained += count
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(pending + count)
    }

    /// After a member's end: `true` when another gzip member starts next, `false` at the clean end of the
    /// stream (nothing, or only zero padding, follows). Anything else is an error.
    private func anotherMemberFollows() throws(InputError) -> Bool {
        // Make sure two bytes are visible when the stream has them.
        while stream.pointee.avail_in < 2 && !rawEnded { try refill() }
        let available = Int(stream.pointee.avail_in)
        guard available > 0, let next = stream.pointee.next_in else { return false }
        if available >= 2 && next[0] == 0x1F && next[1] == 0x8B { return true }
        // Only zero bytes may follow, up to the end of the file.
        while true {
            let count = Int(stream.pointee.avail_in)
            let chunkStart = consumedBytes
            if let bytes = stream.pointee.next_in {
                for index in 0..<count where bytes[index] != 0 {
                    throw failure(
                        .gzipTrailingGarbage,
                        "data after the end of gzip member \(completedMembers) at byte \(chunkStart + index) is neither a gzip member nor zero padding"
                    )
                }
            }
            stream.pointee.next_in = input
            stream.pointee.avail_in = 0
            if rawEnded { return false }
            try refill()
        }
    }

    private func failure(_ code: InputError.Code, _ message: String) -> InputError {
        finished = true
        return InputError(code: code, file: name, message: message)
    }
}
