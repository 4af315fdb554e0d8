import ArgumentParser
import Glibc

/// Writes all of `bytes` to a file descriptor, retrying short writes and interruptions; false when the write failed.
package func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

/// Writes text to standard error as it is (unbuffered, no shared `FILE*`).
package func writeStandardError(_ text: String) {
    _ = writeFully(STDERR_FILENO, Array(text.utf8))
}

/// Writes one line to standard error.
package func printError(_ message: String) {
    writeStandardError(message + "\n")
}

/// Prints a one-line reason to standard error and ends the command with exit status 2 (bad usage or
/// unreadable input, `CLI.md`).
package func fail(_ message: String) throws -> Never {
    printError(message)
    throw ExitCode(2)
}
