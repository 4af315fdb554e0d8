import Glibc

/// Reading small whole files (denylists, state snapshots) with the operating system's reason on failure.
enum FileText {
    /// The file's bytes, or the `strerror` text of the failure.
    static func read(_ path: String) -> Result<[UInt8], FileReadFailure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(FileReadFailure(missing: errno == ENOENT, reason: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileReadFailure(missing: false, reason: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .success(bytes)
    }

    /// The last path component (`a/b/c.csv` → `c.csv`).
    static func baseName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}

/// Why a whole-file read failed.
struct FileReadFailure: Error {
    /// The file does not exist.
    var missing: Bool
    /// The operating system's reason.
    var reason: String
}
