/// Where a record came from: the input file's name and the 1-based line number inside it.
///
/// Its ``description`` is the `FILE:LINE` form used by `verdicts.ndjson` and `rejects.ndjson`
/// (`FORMATS.md` §2.1–§2.2). The file is the name the reader was given (usually the path as typed).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The input's display name, usually its path as given on the command line.
    public var file: String
    /// The 1-based line number of the record inside the decompressed input.
    public var line: Int

    /// Creates a location from a file name and a 1-based line number.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `FILE:LINE`, for example `witnesses.ndjson.gz:412`.
    public var description: String { "\(file):\(line)" }

    /// Orders by file name, then by line.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.file == rhs.file ? lhs.line < rhs.line : lhs.file < rhs.file
    }
}
