internal import CGDAL

/// GDAL's virtual file system: plain paths and `/vsimem/…` in-memory files (used by the tests for round trips
/// without touching disk), plus `/vsizip/`, `/vsigzip/`, … for reading.
public enum VSI {
    /// A fresh, unused `/vsimem/` path such as `/vsimem/pocmap-3f1c…/name`, for temporary in-memory datasets.
    public static func temporaryMemoryPath(_ name: String) -> String {
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return "/vsimem/pocmap-\(token)/\(name)"
    }

    /// Writes bytes to a file, replacing it. The corresponding GDAL functions are `VSIFOpenL` (mode `wb`),
    /// `VSIFWriteL` and `VSIFCloseL`.
    public static func write(_ bytes: [UInt8], to path: String) throws(GDALError) {
        let file = try VSIFile(path: path, mode: "wb")
        try file.write(bytes)
        try file.close()
    }

    /// Reads a whole file. The corresponding GDAL functions are `VSIFOpenL`, `VSIFReadL` and `VSIFCloseL`.
    public static func read(_ path: String) throws(GDALError) -> [UInt8] {
        let file = try VSIFile(path: path)
        let size = try file.size()
        let bytes = try file.read(count: size)
        try file.close()
        return bytes
    }

    /// Deletes a file. The corresponding GDAL function is `VSIUnlink`.
    public static func unlink(_ path: String) throws(GDALError) {
        let result = quietly { VSIUnlink(path) }
        if result != 0 { throw lastGDALError("VSIUnlink", fallback: "cannot delete '\(path)'") }
    }

    /// Renames (moves) a file, replacing any file at `newPath`; atomic on a local file system, so a reader sees
    /// either the old or the new file. The corresponding GDAL function is `VSIRename`.
    public static func rename(_ path: String, to newPath: String) throws(GDALError) {
        let result = quietly { VSIRename(path, newPath) }
        if result != 0 { throw lastGDALError("VSIRename", fallback: "cannot rename '\(path)' to '\(newPath)'") }
    }

    /// Deletes a directory and everything below it (for example a whole `/vsimem/` scratch directory).
    /// The corresponding GDAL function is `VSIRmdirRecursive`.
    public static func removeDirectory(_ path: String) throws(GDALError) {
        let result = quietly { VSIRmdirRecursive(path) }
        if result != 0 { throw lastGDALError("VSIRmdirRecursive", fallback: "cannot delete '\(path)'") }
    }

    /// The names in a directory (not full paths; without `.` and `..`), empty when it does not exist.
    /// The corresponding GDAL function is `VSIReadDir`.
    public static func contentsOfDirectory(_ path: String) -> [String] {
        CStringList(taking: quietly { VSIReadDir(path) }).strings.filter { $0 != "." && $0 != ".." }
    }

    /// Relative paths of everything below a directory. The corresponding GDAL function is `VSIReadDirRecursive`.
    public static func contentsOfDirectoryRecursively(_ path: String) -> [String] {
        CStringList(taking: quietly { VSIReadDirRecursive(path) }).strings
    }

    /// The size of a file in bytes, or `nil` when it cannot be opened.
    ///
    /// The corresponding GDAL functions are `VSIFOpenL`, `VSIFSeekL` and `VSIFTellL`. (`VSIStatL` is not used:
    /// its buffer type is `struct stat64`, which Swift's Glibc module does not expose.)
    public static func fileSize(_ path: String) -> Int? {
        guard let file = try? VSIFile(path: path) else { return nil }
        return try? file.size()
    }

    /// Whether a file or directory exists. The corresponding GDAL function is `CPLCheckForFile` (a `VSIStatL`
    /// with its own buffer).
    public static func exists(_ path: String) -> Bool {
        var name = Array(path.utf8CString)  // the C parameter is `char*`, so it needs a mutable copy
        return name.withUnsafeMutableBufferPointer { buffer in
            quietly { CPLCheckForFile(buffer.baseAddress, nil) } != 0
        }
    }
}

/// A byte-level file handle on GDAL's virtual file system (`VSILFILE*`), for example to inspect a GeoTIFF header
/// in `/vsimem/`. Closed by ``close()`` or on deinit. Not `Sendable`.
public final class VSIFile {
    private var raw: UnsafeMutablePointer<VSILFILE>?
    /// The path it was opened with.
    public let path: String

    /// Opens a file; `mode` is an `fopen` mode (`rb`, `wb`, `r+b`, …).
    ///
    /// The corresponding GDAL function is `VSIFOpenL`.
    public init(path: String, mode: String = "rb") throws(GDALError) {
        self.path = path
        guard let file = quietly({ VSIFOpenL(path, mode) }) else {
            throw lastGDALError("VSIFOpenL", fallback: "\(path): cannot open with mode \(mode)")
        }
        raw = file
    }

    deinit {
        if let raw { _ = VSIFCloseL(raw) }
    }

    private func handle(_ operation: String) throws(GDALError) -> UnsafeMutablePointer<VSILFILE> {
        guard let raw else {
            throw GDALError(code: .objectNull, message: "'\(path)' is already closed", operation: operation)
        }
        return raw
    }

    /// Reads up to `count` bytes from the current position; fewer at the end of the file.
    ///
    /// The corresponding GDAL function is `VSIFReadL`.
    public func read(count: Int) throws(GDALError) -> [UInt8] {
        let file = try handle("VSIFReadL")
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = VSIFReadL(buffer.baseAddress, 1, count, file)
        }
    }

    /// Writes bytes at the current position. The corresponding GDAL function is `VSIFWriteL`.
    public func write(_ bytes: [UInt8]) throws(GDALError) {
        let file = try handle("VSIFWriteL")
        let written = bytes.withUnsafeBytes { buffer in
            quietly { VSIFWriteL(buffer.baseAddress, 1, buffer.count, file) }
        }
        if written != bytes.count {
            throw lastGDALError("VSIFWriteL", fallback: "\(path): wrote \(written) of \(bytes.count) bytes")
        }
    }

    /// Moves to an absolute byte offset. The corresponding GDAL function is `VSIFSeekL` with `SEEK_SET`.
    public func seek(to offset: Int) throws(GDALError) {
        let file = try handle("VSIFSeekL")
        guard let position = UInt64(exactly: offset), quietly({ VSIFSeekL(file, position, SEEK_SET) }) == 0 else {
            throw lastGDALError("VSIFSeekL", fallback: "\(path): cannot seek to \(offset)")
        }
    }

    /// The current byte offset. The corresponding GDAL function is `VSIFTellL`.
    public func position() throws(GDALError) -> Int {
        Int(VSIFTellL(try handle("VSIFTellL")))
    }

    /// The file size in bytes, found by seeking to the end and back.
    ///
    /// The corresponding GDAL functions are `VSIFSeekL` (`SEEK_END`) and `VSIFTellL`.
    public func size() throws(GDALError) -> Int {
        let file = try handle("VSIFSeekL")
        let current = VSIFTellL(file)
        guard quietly({ VSIFSeekL(file, 0, SEEK_END) }) == 0 else {
            throw lastGDALError("VSIFSeekL", fallback: "\(path): cannot seek to the end")
        }
        let end = VSIFTellL(file)
        _ = VSIFSeekL(file, current, SEEK_SET)
        return Int(end)
    }

    /// Closes the file now, reporting a failed flush. Closing twice does nothing.
    ///
    /// The corresponding GDAL function is `VSIFCloseL`.
    public func close() throws(GDALError) {
        guard let file = raw else { return }
        raw = nil
        if quietly({ VSIFCloseL(file) }) != 0 {
            throw lastGDALError("VSIFCloseL", fallback: "\(path): closing failed")
        }
    }
}
