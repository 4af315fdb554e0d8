import Glibc

/// Why the reward tables could not be written.
public struct RewardsWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file or directory concerned.
    public var path: String
    /// What went wrong, with the system's reason.
    public var message: String

    /// `PATH: message`.
    public var description: String { "\(path): \(message)" }
}

extension RewardsReport {
    /// Writes `rewards.csv` (and `pools.csv` with emissions) into `directory`, creating it when missing.
    ///
    /// Each file is written to a temporary name in the same directory, flushed to disk and renamed into place,
    /// so an interrupted run leaves either the previous complete file or the new one, never a truncated file.
    /// Returns the paths written.
    @discardableResult
    public func write(to directory: String) throws(RewardsWriteError) -> [String] {
        try FileSystem.makeDirectory(directory)
        var written: [String] = []
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        try FileSystem.writeAtomically(rewardsCSV, to: base + "rewards.csv")
        written.append(base + "rewards.csv")
        if let poolsCSV {
            try FileSystem.writeAtomically(poolsCSV, to: base + "pools.csv")
            written.append(base + "pools.csv")
        }
        return written
    }
}

/// The few file-system calls the reward job needs, over POSIX.
enum FileSystem {
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Creates `path` (one level) unless it is already a directory.
    static func makeDirectory(_ path: String) throws(RewardsWriteError) {
        if isDirectory(path) { return }
        guard mkdir(path, 0o755) == 0 || (errno == EEXIST && isDirectory(path)) else {
            throw RewardsWriteError(path: path, message: "cannot create the directory: \(errnoText())")
        }
    }

    /// Writes `text` to a temporary file beside `path`, syncs it and renames it to `path`.
    static func writeAtomically(_ text: String, to path: String) throws(RewardsWriteError) {
        let temporary = path + ".partial-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RewardsWriteError(path: temporary, message: "cannot create: \(errnoText())")
        }
        var failure: String?
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = "write failed: \(errnoText())"
                    return
                }
                offset += count
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = "sync failed: \(errnoText())" }
        if close(descriptor) != 0 && failure == nil { failure = "close failed: \(errnoText())" }
        if failure == nil && rename(temporary, path) != 0 { failure = "cannot rename into place: \(errnoText())" }
        if let failure {
            unlink(temporary)
            throw RewardsWriteError(path: path, message: failure)
        }
    }

    static func errnoText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}
