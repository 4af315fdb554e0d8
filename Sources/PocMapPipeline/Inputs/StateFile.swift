public import PocMapCore

/// A verifier state file that cannot be read.
public struct StateFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as given.
    public var file: String
    /// What is wrong.
    public var message: String

    /// `FILE: message`.
    public var description: String { "\(file): \(message)" }
}

/// Reads and writes ``PocMapCore/VerifierState`` snapshots (`--state FILE`), the text format documented on
/// `VerifierState`.
public enum StateFile {
    /// The state stored at `path`, or nil when no file exists there (the first batch of a chain).
    public static func loadIfPresent(path: String) throws(StateFileError) -> VerifierState? {
        switch FileText.read(path) {
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw StateFileError(file: path, message: "not UTF-8 text")
            }
            do {
                return try VerifierState(encodedText: text)
            } catch {
                throw StateFileError(file: path, message: error.description)
            }
        case .failure(let failure):
            if failure.missing { return nil }
            throw StateFileError(file: path, message: "cannot read: \(failure.reason)")
        }
    }
}
