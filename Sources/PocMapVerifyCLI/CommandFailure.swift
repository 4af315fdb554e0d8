import ArgumentParser
import Glibc

/// A failure the CLI reports on stderr with the exit statuses of `CLI.md`:
/// 1 when the work itself failed, 2 for bad usage or unreadable input.
package struct CommandFailure: Error, CustomStringConvertible {
    package enum Kind {
        /// The work failed (exit status 1).
        case failed
        /// Bad usage or unreadable input (exit status 2).
        case badInput
    }

    package var kind: Kind
    package var message: String

    package static func failed(_ message: String) -> CommandFailure { CommandFailure(kind: .failed, message: message) }
    package static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(kind: .badInput, message: message)
    }

    package var description: String { message }

    package var exitCode: Int32 {
        switch kind {
        case .failed: 1
        case .badInput: 2
        }
    }
}
