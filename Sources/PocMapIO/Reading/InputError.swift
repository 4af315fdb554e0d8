/// A failure that stops reading one input file: it cannot be opened, its gzip stream is truncated or corrupt,
/// its CSV header lacks a required column, and so on.
///
/// Bad *lines* are never errors: they become ``Reject`` values and reading goes on. When an `InputError` is
/// thrown after some records were produced, those records stay valid (`records read so far are kept`).
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case cannotOpen, readFailed, gzipTruncated, gzipCorrupt, gzipTrailingGarbage, unknownFormat,
                badHeader, missingColumn, badOption, writeFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file could not be opened.
        public static let cannotOpen = Code(.cannotOpen)
        /// Reading the file failed at the operating-system level.
        public static let readFailed = Code(.readFailed)
        /// The gzip stream ends before its end marker.
        public static let gzipTruncated = Code(.gzipTruncated)
        /// The gzip stream is not valid deflate data, or a member's checksum or length is wrong.
        public static let gzipCorrupt = Code(.gzipCorrupt)
        /// Bytes that are neither a gzip member nor zero padding follow the last gzip member.
        public static let gzipTrailingGarbage = Code(.gzipTrailingGarbage)
        /// The format could not be chosen from the file name and none was given.
        public static let unknownFormat = Code(.unknownFormat)
        /// The CSV header row cannot be read (bad quoting, invalid UTF-8, too long).
        public static let badHeader = Code(.badHeader)
        /// The CSV header lacks a column every record needs.
        public static let missingColumn = Code(.missingColumn)
        /// A reader option is inconsistent (for example an alias for a field the record type does not have).
        public static let badOption = Code(.badOption)
        /// Writing an output file failed.
        public static let writeFailed = Code(.writeFailed)

        /// A short snake_case name of the code.
        public var description: String {
            switch value {
            case .cannotOpen: "cannot_open"
            case .readFailed: "read_failed"
            case .gzipTruncated: "gzip_truncated"
            case .gzipCorrupt: "gzip_corrupt"
            case .gzipTrailingGarbage: "gzip_trailing_garbage"
            case .unknownFormat: "unknown_format"
            case .badHeader: "bad_header"
            case .missingColumn: "missing_column"
            case .badOption: "bad_option"
            case .writeFailed: "write_failed"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The file's display name.
    public var file: String
    /// A human-readable explanation that names the position when there is one.
    public var message: String

    /// Creates an error.
    public init(code: Code, file: String, message: String) {
        self.code = code
        self.file = file
        self.message = message
    }

    /// `FILE: message`.
    public var description: String { "\(file): \(message)" }
}
