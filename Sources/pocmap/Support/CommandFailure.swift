import ArgumentParser
import Glibc

/// A failure the CLI reports on stderr with the exit statuses of `CLI.md`:
/// 1 when the work itself failed, 2 for bad usage or unreadable input.
struct CommandFailure: Error, CustomStringConvertible {
    enum Kind {
        /// The work failed (exit status 1).
        case failed
        /// Bad usage or unreadable input (exit status 2).
        case badInput
    }

    var kind: Kind
    var message: String

    static func failed(_ message: String) -> CommandFailure { CommandFailure(kind: .failed, message: message) }
    static func badInput(_ message: String) -> CommandFailure { CommandFailure(kind: .badInput, message: message) }

    var description: String { message }

    var exitCode: Int32 {
        switch kind {
        case .failed: 1
        case .badInput: 2
        }
    }
}

