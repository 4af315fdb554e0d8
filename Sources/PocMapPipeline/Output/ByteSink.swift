import Glibc

/// A buffered output file written with plain system calls. Append bytes with ``write(_:)``; the buffer is
/// flushed every 1 MiB and at ``close()``. Errors carry the path and the operating system's reason.
///
/// A sink made with `directWrites` (the verdicts, gigabytes a day) writes its whole 1 MiB blocks with
/// `O_DIRECT`, past the page cache: the kernel then neither copies them nor makes other threads wait while it
/// writes cached pages back (see ``DirectBlocks``). The first ``flush()`` (``close()`` at the latest) writes the
/// last partial block the ordinary way and ends direct writing; so does any failing direct write, which is then
/// retried the ordinary way. Where the file system refuses `O_DIRECT` the sink simply stays buffered.
public final class ByteSink {
    /// The file's path.
    public let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20
    private var direct: DirectBlocks?
    /// Bytes written so far (buffered ones included).
    public private(set) var byteCount = 0
    var renamed = false

    init(path: String, directWrites: Bool = false) throws(OutputError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.errno(path, "cannot create") }
        if directWrites { direct = DirectBlocks(path: path) }
        if direct == nil { buffer.reserveCapacity(capacity) }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Whether whole blocks still go to the file with `O_DIRECT`.
    var writesDirectly: Bool { direct != nil }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        if direct != nil {
            try bytes.withUnsafeBufferPointer { (bytes) throws(OutputError) in try write(bytes) }
            return
        }
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try writeFully(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
        byteCount += bytes.count
    }

    /// Appends bytes from memory; blocks of 64 KiB or more bypass the buffer (the verdict formatter hands over
    /// ≈ 128 KiB blocks, which would only be copied once more).
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        if let blocks = direct {
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                rest = blocks.fill(from: rest)
                if blocks.isFull && !blocks.writeBlock() { try endDirectWrites() }
            }
            byteCount += bytes.count
            return
        }
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= 1 << 16 {
            try flush()
            try writeFully(UnsafeRawBufferPointer(bytes))
        } else {
            buffer.append(contentsOf: bytes)
        }
        byteCount += bytes.count
    }

    /// Appends the UTF-8 bytes of a string.
    public func write(_ text: String) throws(OutputError) {
        try write(Array(text.utf8))
    }

    /// Appends the whole content of another (closed or open) sink's file.
    public func append(contentsOf other: ByteSink) throws(OutputError) {
        try other.flush()
        try flush()
        let source = open(other.path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw OutputError.errno(other.path, "cannot reopen") }
        defer { Glibc.close(source) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 {
                if Glibc.errno == EINTR { continue }
                throw OutputError.errno(other.path, "read failed")
            }
            if count == 0 { break }
            try writeFully(Array(chunk[0..<count]))
            byteCount += count
        }
    }

    /// Writes the buffered bytes to the file (and ends direct writing).
    public func flush() throws(OutputError) {
        if direct != nil { try endDirectWrites() }
        guard !buffer.isEmpty else { return }
        try writeFully(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file (idempotent).
    public func close() throws(OutputError) {
        guard descriptor >= 0 else { return }
        try flush()
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 { throw OutputError.errno(path, "close failed") }
    }

    func synchronizeFile() throws(OutputError) {
        let handle = open(path, O_RDONLY | O_CLOEXEC)
        guard handle >= 0 else { throw OutputError.errno(path, "cannot reopen for fsync") }
        defer { Glibc.close(handle) }
        if fsync(handle) != 0 { throw OutputError.errno(path, "fsync failed") }
    }

    /// Closes without flushing and deletes the file.
    func discard() {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
        buffer.removeAll()
        direct = nil
        unlink(path)
    }

    /// Writes the bytes not yet written by ``direct`` through the ordinary descriptor, moves its file offset after
    /// them and stops writing directly.
    private func endDirectWrites() throws(OutputError) {
        guard let blocks = direct else { return }
        direct = nil
        try blocks.withPending { (pending, offset) throws(OutputError) in
            var written = 0
            while written < pending.count, let base = pending.baseAddress {
                let count = pwrite(descriptor, base + written, pending.count - written, off_t(offset + written))
                if count < 0 {
                    if Glibc.errno == EINTR { continue }
                    throw OutputError.errno(path, "write failed")
                }
                written += count
            }
            if lseek(descriptor, off_t(offset + pending.count), SEEK_SET) < 0 {
                throw OutputError.errno(path, "seek failed")
            }
        }
    }

    private func writeFully(_ bytes: [UInt8]) throws(OutputError) {
        let failure: OutputError? = bytes.withUnsafeBytes { (raw) -> OutputError? in
            do throws(OutputError) {
                try writeFully(raw)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    private func writeFully(_ raw: UnsafeRawBufferPointer) throws(OutputError) {
        guard descriptor >= 0 else { throw OutputError(path: path, message: "write after close") }
        let failed: Bool = {
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if Glibc.errno == EINTR { continue }
                    return true
                }
                offset += written
            }
            return false
        }()
        if failed { throw OutputError.errno(path, "write failed") }
    }
}

/// Whole 1 MiB blocks of a file written with `O_DIRECT` from one page-aligned buffer, at offsets that are
/// multiples of the block (as `O_DIRECT` requires on every Linux file system). The bytes of the block being
/// filled, and those of a block whose direct write failed, stay pending for the owner to write the ordinary way.
final class DirectBlocks {
    static let blockBytes = 1 << 20
    private static let alignment = 4096

    /// `O_DIRECT`, which Swift's Glibc module does not export (it needs `_GNU_SOURCE`); nil where unknown.
    private static var openFlag: Int32? {
        #if os(Linux) && (arch(x86_64) || arch(i386))
            return 0o40000
        #elseif os(Linux) && (arch(arm64) || arch(arm))
            return 0o200000
        #else
            return nil
        #endif
    }

    private let descriptor: Int32
    private let block: UnsafeMutableRawPointer
    /// Bytes of `block` filled.
    private var filled = 0
    /// Bytes of the file written (where `block` starts).
    private var offset = 0

    /// Opens `path` (already created) a second time for direct writes; nil when the system or the file system
    /// does not allow them.
    init?(path: String) {
        guard let flag = DirectBlocks.openFlag else { return nil }
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, DirectBlocks.alignment, DirectBlocks.blockBytes) == 0, let memory else {
            return nil
        }
        let handle = open(path, O_WRONLY | O_CLOEXEC | flag)
        guard handle >= 0 else {
            free(memory)
            return nil
        }
        descriptor = handle
        block = memory
    }

    deinit {
        Glibc.close(descriptor)
        free(block)
    }

    var isFull: Bool { filled == DirectBlocks.blockBytes }

    /// Copies as much of `bytes` as the block takes; returns the rest.
    func fill(from bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let count = min(bytes.count, DirectBlocks.blockBytes - filled)
        if count > 0, let base = bytes.baseAddress { (block + filled).copyMemory(from: base, byteCount: count) }
        filled += count
        return UnsafeRawBufferPointer(rebasing: bytes[count...])
    }

    /// Writes the full block; false when the system refused or wrote only part of it (the unwritten bytes then
    /// stay pending and direct writing must end).
    func writeBlock() -> Bool {
        while true {
            let count = pwrite(descriptor, block, filled, off_t(offset))
            if count < 0 && Glibc.errno == EINTR { continue }
            if count == filled {
                offset += count
                filled = 0
                return true
            }
            if count > 0 {
                offset += count
                filled -= count
                block.copyMemory(from: block + count, byteCount: filled)
            }
            return false
        }
    }

    /// Calls `body` with the pending bytes and the file offset where they belong.
    func withPending(_ body: (UnsafeRawBufferPointer, Int) throws(OutputError) -> Void) throws(OutputError) {
        try body(UnsafeRawBufferPointer(start: block, count: filled), offset)
    }
}
