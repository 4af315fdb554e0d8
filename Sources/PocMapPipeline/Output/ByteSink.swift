import Glibc

/// A buffered output file written with plain system calls. Append bytes with ``write(_:)``; the buffer is
/// flushed every 1 MiB and at ``close()``. Errors carry the path and the operating system's reason.
///
/// A sink made with `directWrites` (the verdicts, gigabytes a day) writes its whole 1 MiB blocks with
/// `O_DIRECT`, past the page cache: the kernel then neither copies them nor makes other threads wait while it
/// writes cached pages back, and a thread of its own waits for the device (see ``DirectBlocks``). The first
/// ``flush()`` (``close()`` at the latest) writes the last partial block the ordinary way and ends direct writing.
/// A block the file system refuses to take directly is written the ordinary way, and so is everything after it;
/// where the file system refuses `O_DIRECT` altogether the sink simply stays buffered.
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

    package init(path: String, directWrites: Bool = false) throws(OutputError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.errno(path, "cannot create") }
        if directWrites { direct = DirectBlocks(path: path, ordinaryDescriptor: descriptor) }
        if direct == nil { buffer.reserveCapacity(capacity) }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Whether whole blocks still go to the file with `O_DIRECT` (until the first ``flush()``), and so whether
    /// ``adoptBlock(from:)`` can take 1 MiB prefixes of line buffers without copying.
    var writesDirectly: Bool { direct != nil }
    /// How many blocks went to the file with `O_DIRECT`, known once direct writing has ended.
    private(set) var blocksWrittenDirectly = 0

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
            while !rest.isEmpty { rest = blocks.fill(from: rest) }
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

    /// Writes the first 1 MiB of `buffer` straight from its storage when the sink writes directly and `buffer`
    /// was made for it (``directBuffer(orCapacity:)``); `buffer` keeps the bytes after them. False when that
    /// cannot be done: the caller writes the bytes the ordinary way (``write(_:)``).
    func adoptBlock(from buffer: inout LineBuffer) -> Bool {
        guard let blocks = direct, blocks.adopt(from: &buffer) else { return false }
        byteCount += DirectBlocks.blockBytes
        return true
    }

    /// A line buffer whose 1 MiB prefixes this sink can take without copying (``adoptBlock(from:)``), or an
    /// ordinary one of `capacity` bytes when the sink does not write directly.
    func directBuffer(orCapacity capacity: Int) -> LineBuffer {
        guard direct != nil else { return LineBuffer(capacity: capacity) }
        return LineBuffer(capacity: DirectBlocks.storageBytes, alignment: DirectBlocks.alignment)
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

    /// Waits for ``direct`` to write its full blocks, writes the bytes of its last, partial block through the
    /// ordinary descriptor, moves that descriptor's file offset after them and stops writing directly.
    private func endDirectWrites() throws(OutputError) {
        guard let blocks = direct else { return }
        direct = nil
        try blocks.finish { (pending, offset, directBlocks, failure) throws(OutputError) in
            blocksWrittenDirectly = directBlocks
            if let failure {
                Glibc.errno = failure
                throw OutputError.errno(path, "write failed")
            }
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

/// Whole 1 MiB blocks of a file written with `O_DIRECT`, on a thread of their own, from page-aligned buffers, at
/// offsets that are multiples of the block (as `O_DIRECT` requires on every Linux file system).
///
/// A direct write returns only once the device has the data (≈ 0.5 ms per block on this machine's disk); done by
/// the formatter itself, those waits stalled the whole pipeline behind it (1.7 of 2 cores busy instead of 1.9).
/// So the owner fills a block, hands it to the writer thread and fills the next: four blocks rotate between them.
/// The verdict formatter does not even copy: its line buffer's storage is a block (``adopt(from:)``), given to
/// the writer whole once it holds 1 MiB of lines, the buffer going on in a free block.
/// A block the file system refuses to take directly (or takes only in part) is written, with every block after
/// it, through the ordinary descriptor instead. ``finish()`` waits for the writer and returns the bytes of the
/// block being filled, for the owner to write the ordinary way.
final class DirectBlocks {
    static let blockBytes = 1 << 20
    /// The size of a buffer: a block and room for the lines formatted past it before the owner hands it over.
    static let storageBytes = 2 << 20
    static let alignment = 4096
    private static let blockCount = 4

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

    /// One buffer of `storageBytes` (the first `blockBytes` are written), owned by `DirectBlocks` while it is in
    /// ``held``.
    private struct Block: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
    }

    /// What the writer thread did; read by the owner only after it has joined the thread.
    private final class Progress: @unchecked Sendable {
        /// Bytes of the file written.
        var offset = 0
        /// Whether blocks still go through the direct descriptor.
        var direct = true
        /// Blocks written with `O_DIRECT`.
        var directBlocks = 0
        /// The `errno` of a write that failed through the ordinary descriptor too; nothing is written after it.
        var failure: Int32?
    }

    private let directDescriptor: Int32
    /// The buffers this owns (freed in `deinit`): in the queues, with the writer, or being filled. A buffer given
    /// to a line buffer by ``adopt(from:)`` leaves it; the line buffer's old storage joins it.
    private var held: Set<UnsafeMutableRawPointer>
    private let full = BoundedQueue<Block>(capacity: DirectBlocks.blockCount)
    private let free = BoundedQueue<Block>(capacity: DirectBlocks.blockCount)
    private let progress = Progress()
    private var thread: WorkerThread?
    /// The block being filled and how many of its bytes are.
    private var current: UnsafeMutableRawPointer
    private var filled = 0

    /// Opens `path` (already created, open as `ordinaryDescriptor`) a second time for direct writes and starts the
    /// writer thread; nil when the system or the file system does not allow direct writes.
    init?(path: String, ordinaryDescriptor: Int32) {
        guard let flag = DirectBlocks.openFlag else { return nil }
        let handle = open(path, O_WRONLY | O_CLOEXEC | flag)
        guard handle >= 0 else { return nil }
        let buffers = (0..<DirectBlocks.blockCount).map { _ in
            UnsafeMutableRawPointer.allocate(byteCount: DirectBlocks.storageBytes, alignment: DirectBlocks.alignment)
        }
        directDescriptor = handle
        held = Set(buffers)
        current = buffers[0]
        for buffer in buffers.dropFirst() { free.push(Block(base: buffer)) }
        thread = WorkerThread { [full, free, progress] in
            while let block = full.pop() {
                DirectBlocks.write(block.base, direct: handle, ordinary: ordinaryDescriptor, progress: progress)
                free.push(block)
            }
        }
    }

    deinit {
        if let thread {
            full.cancel()
            thread.join()
        }
        Glibc.close(directDescriptor)
        for buffer in held { buffer.deallocate() }
    }

    /// Copies as much of `bytes` as the current block takes, handing the block to the writer when it is full;
    /// returns the rest.
    func fill(from bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let count = min(bytes.count, DirectBlocks.blockBytes - filled)
        if count > 0, let base = bytes.baseAddress { (current + filled).copyMemory(from: base, byteCount: count) }
        filled += count
        if filled == DirectBlocks.blockBytes {
            full.push(Block(base: current))
            // Waits while all blocks are with the writer; `free` is only closed by `deinit`.
            guard let next = free.pop() else { preconditionFailure("the block queue closed while the sink is open") }
            current = next.base
            filled = 0
        }
        return UnsafeRawBufferPointer(rebasing: bytes[count...])
    }

    /// Hands the first `blockBytes` of `buffer` to the writer without copying them, when `buffer` holds that many
    /// and its storage can be a block (``storageBytes`` at ``alignment``) and nothing is pending in the current
    /// block: `buffer` then goes on in a free block with the bytes past the first `blockBytes`. False otherwise
    /// (the caller writes the bytes with ``fill(from:)``).
    func adopt(from buffer: inout LineBuffer) -> Bool {
        guard filled == 0, buffer.count >= DirectBlocks.blockBytes, buffer.capacity == DirectBlocks.storageBytes,
            buffer.alignment == DirectBlocks.alignment
        else { return false }
        // Waits while all blocks are with the writer; `free` is only closed by `deinit`.
        guard let next = free.pop() else { preconditionFailure("the block queue closed while the sink is open") }
        let old = buffer.exchangeStorage(with: next.base, keepingFrom: DirectBlocks.blockBytes)
        held.remove(next.base)
        held.insert(old)
        full.push(Block(base: old))
        return true
    }

    /// Waits for the writer to write every full block, stops it, and calls `body` with the bytes of the block
    /// being filled, the file offset where they belong, how many blocks went out with `O_DIRECT`, and the `errno`
    /// of a write that failed.
    func finish<Result>(
        _ body: (_ pending: UnsafeRawBufferPointer, _ offset: Int, _ directBlocks: Int, _ failure: Int32?)
            throws(OutputError) -> Result
    ) throws(OutputError) -> Result {
        if let thread {
            full.close()
            thread.join()
            self.thread = nil
        }
        return try body(
            UnsafeRawBufferPointer(start: current, count: filled),
            progress.offset,
            progress.directBlocks,
            progress.failure
        )
    }

    /// Writes one full block at `progress.offset` (on the writer thread).
    private static func write(_ base: UnsafeMutableRawPointer, direct: Int32, ordinary: Int32, progress: Progress) {
        guard progress.failure == nil else { return }
        let count = DirectBlocks.blockBytes
        var done = 0
        while progress.direct {
            let written = pwrite(direct, base, count, off_t(progress.offset))
            if written < 0 && Glibc.errno == EINTR { continue }
            if written == count {
                progress.offset += count
                progress.directBlocks += 1
                return
            }
            // Refused or taken in part: this block's rest and every later block go the ordinary way.
            if written > 0 { done = written }
            progress.direct = false
        }
        while done < count {
            let written = pwrite(ordinary, base + done, count - done, off_t(progress.offset + done))
            if written < 0 {
                if Glibc.errno == EINTR { continue }
                progress.failure = Glibc.errno
                return
            }
            done += written
        }
        progress.offset += count
    }
}
