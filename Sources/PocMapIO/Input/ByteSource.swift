import Glibc

/// A stream of bytes: a file, memory, or the decompressed content of a gzip stream.
///
/// Reference types because each wraps one resource (a file descriptor, a zlib stream) with a lifetime.
protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer` and returns how many were read; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// The number of bytes consumed from the underlying file or memory so far.
    var consumedBytes: Int { get }
}

/// The bytes of a file, read with POSIX `read(2)` in large blocks.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let name: String
    private(set) var consumedBytes = 0

    /// Opens `path` for reading; `name` is used in error messages.
    init(path: String, name: String) throws(InputError) {
        self.name = name
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputError(code: .cannotOpen, file: name, message: "cannot open: \(FileByteSource.errnoText())")
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(code: .cannotOpen, file: name, message: "cannot read: it is a directory")
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(descriptor, base, buffer.count)
            if count >= 0 {
                consumedBytes += count
                return count
            }
            if errno == EINTR { continue }
            throw InputError(
                code: .readFailed,
                file: name,
                message: "read failed at byte \(consumedBytes): \(FileByteSource.errnoText())"
            )
        }
    }

    /// The text of the current `errno`.
    static func errnoText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}

/// Bytes held in memory (tests, standard input already read, generated data).
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    /// The largest number of bytes returned by one read; tests lower it to exercise buffer boundaries.
    private let maxReadSize: Int

    init(bytes: [UInt8], maxReadSize: Int = .max) {
        self.bytes = bytes
        self.maxReadSize = max(1, maxReadSize)
    }

    var consumedBytes: Int { offset }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let count = min(buffer.count, bytes.count - offset, maxReadSize)
        guard count > 0, let target = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { target.copyMemory(from: from + offset, byteCount: count) }
        }
        offset += count
        return count
    }
}

/// A source that first returns bytes already taken from `rest` (to sniff the format), then the rest.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var prefixOffset = 0
    private let rest: any ByteSource

    init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    var consumedBytes: Int { rest.consumedBytes - (prefix.count - prefixOffset) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if prefixOffset < prefix.count {
            let count = min(buffer.count, prefix.count - prefixOffset)
            guard count > 0, let target = buffer.baseAddress else { return 0 }
            prefix.withUnsafeBytes { source in
                if let from = source.baseAddress { target.copyMemory(from: from + prefixOffset, byteCount: count) }
            }
            prefixOffset += count
            if prefixOffset == prefix.count { prefix = []; prefixOffset = 0 }
            return count
        }
        return try rest.read(into: buffer)
    }
}

/// Opening an input: sniffs the first bytes for the gzip magic number (0x1F 0x8B), whatever the file is called.
enum ByteSourceOpener {
    /// Wraps `raw` in a gzip decoder when its content starts with the gzip magic number.
    /// Returns the source of content bytes and whether it is gzip.
    static func open(raw: any ByteSource, name: String) throws(InputError) -> (source: any ByteSource, isGzip: Bool) {
        var peek: [UInt8] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
        defer { scratch.deallocate() }
        while peek.count < 2 {
            let count = try raw.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<(2 - peek.count)]))
            if count == 0 { break }
            peek.append(contentsOf: scratch[0..<count])
        }
        if peek.count == 2 && peek[0] == 0x1F && peek[1] == 0x8B {
            return (try GzipByteSource(raw: raw, name: name, prefix: peek), true)
        }
        return (PrefixedByteSource(prefix: peek, rest: raw), false)
    }
}
