public import PocMapCore

/// A line of a denylist file that cannot be read, or a file that cannot be opened.
public struct DenylistFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as given.
    public var file: String
    /// The 1-based line, or nil when the whole file failed.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// `FILE:LINE: message` (or `FILE: message`).
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reads the `--deny FILE` format: one denied hotspot key per line, or two keys `keyA,keyB` for a denied
/// beaconer–witness pair (an unordered edge, `POC-RULES.md` §3 step 2).
///
/// Blank lines and lines starting with `#` are ignored; spaces and tabs around keys are trimmed; CRLF line ends
/// are accepted. A line with more than two fields, an empty key, a key containing spaces, quotes or control
/// characters, a pair of identical keys, or invalid UTF-8 is an error naming `FILE:LINE`.
///
/// ```text
/// # denylist release 2023-06-01
/// 112bUuQaE7j73THS9ABShHGokm46Miip9L361FSyWv7zSYn8hZWf
/// 11UipYqqHsnGUD3ta5rdekcCvxik4DNcbs7pMv1xPLeSrscZn1Z,112wCHckswmvwShqUrMXstnPmrW59znPNafjsWg4WQ4Cdqt787
/// ```
public enum DenylistFile {
    /// Reads and parses a denylist file. The tag reported with `denied` verdicts is `tag`, or the file's base name.
    public static func load(path: String, tag: String? = nil) throws(DenylistFileError) -> Denylist {
        switch FileText.read(path) {
        case .success(let bytes):
            return try parse(bytes, file: path, tag: tag ?? FileText.baseName(path))
        case .failure(let failure):
            throw DenylistFileError(file: path, line: nil, message: "cannot read: \(failure.reason)")
        }
    }

    /// Parses denylist text; `file` names the source in errors.
    public static func parse(_ bytes: [UInt8], file: String, tag: String) throws(DenylistFileError) -> Denylist {
        var denylist = Denylist(tag: tag)
        var lineNumber = 0
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw[...]
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw DenylistFileError(file: file, line: lineNumber, message: "the line is not valid UTF-8")
            }
            let trimmed = trim(Substring(text))
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map(trim)
            guard fields.count <= 2 else {
                throw DenylistFileError(
                    file: file,
                    line: lineNumber,
                    message: "expected one key or two keys 'keyA,keyB', found \(fields.count) comma-separated fields"
                )
            }
            for field in fields {
                if field.isEmpty {
                    throw DenylistFileError(file: file, line: lineNumber, message: "empty key")
                }
                if let bad = field.unicodeScalars.first(where: { $0.value <= 0x20 || $0 == "\"" || $0.value == 0x7F }) {
                    throw DenylistFileError(
                        file: file,
                        line: lineNumber,
                        message:
                            "key '\(field.prefix(60))' contains "
                            + (bad.value <= 0x20 ? "a space or control character" : "a quote")
                    )
                }
            }
            if fields.count == 1 {
                denylist.keys.insert(String(fields[0]))
            } else {
                guard fields[0] != fields[1] else {
                    throw DenylistFileError(
                        file: file,
                        line: lineNumber,
                        message: "a denied pair needs two different keys, found '\(fields[0].prefix(60))' twice"
                    )
                }
                denylist.edges.insert(Denylist.Edge(String(fields[0]), String(fields[1])))
            }
        }
        return denylist
    }

    private static func trim(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
