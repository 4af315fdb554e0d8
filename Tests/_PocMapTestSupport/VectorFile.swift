public import Foundation

/// A problem reading a committed test-vector file: names the file, line and column so the fixture (or the
/// generator that wrote it) can be fixed.
public struct VectorFileError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// One data line of a tab-separated vector file, with typed accessors that fail loudly on malformed text.
public struct VectorRow: Sendable {
    /// 1-based line number in the file, for messages.
    public let lineNumber: Int
    /// The tab-separated fields.
    public let fields: [String]
    /// The file name, for messages.
    public let fileName: String

    public init(fileName: String, lineNumber: Int, fields: [String]) {
        self.fileName = fileName
        self.lineNumber = lineNumber
        self.fields = fields
    }

    /// The original line (fields joined by tabs).
    public var line: String { fields.joined(separator: "\t") }

    /// `file:line: text`, shortened to `limit` characters, for failure messages.
    public func excerpt(limit: Int = 240) -> String {
        let text = line
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return "\(fileName):\(lineNumber): \(shown)"
    }

    /// Field `index` as text.
    public subscript(_ index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }

    private func fail(_ index: Int, _ what: String) -> VectorFileError {
        VectorFileError("\(fileName):\(lineNumber): column \(index) is not \(what): '\(self[index])'")
    }

    /// Field `index` parsed as a double written by Python's `float.hex()` (or `nan`, `inf`, `-inf`).
    public func double(_ index: Int) throws(VectorFileError) -> Double {
        guard let value = HexFloat.parse(self[index]) else { throw fail(index, "a hex float") }
        return value
    }

    /// Field `index` as a comma-separated list of hex floats (empty text gives an empty list).
    public func doubles(_ index: Int) throws(VectorFileError) -> [Double] {
        let text = self[index]
        if text.isEmpty { return [] }
        var out: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = HexFloat.parse(String(part)) else { throw fail(index, "a list of hex floats") }
            out.append(value)
        }
        return out
    }

    /// Field `index` as a decimal integer.
    public func int(_ index: Int) throws(VectorFileError) -> Int {
        guard let value = Int(self[index]) else { throw fail(index, "an integer") }
        return value
    }

    /// Field `index` as an unsigned hexadecimal integer without prefix (an H3 index).
    public func hex(_ index: Int) throws(VectorFileError) -> UInt64 {
        guard let value = UInt64(self[index], radix: 16) else { throw fail(index, "a hex integer") }
        return value
    }

    /// Field `index` as a comma-separated list of hex integers (empty text gives an empty list).
    public func hexList(_ index: Int) throws(VectorFileError) -> [UInt64] {
        let text = self[index]
        if text.isEmpty { return [] }
        var out: [UInt64] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = UInt64(part, radix: 16) else { throw fail(index, "a list of hex integers") }
            out.append(value)
        }
        return out
    }

    /// Field `index` as a comma-separated list of decimal integers (empty text gives an empty list).
    public func intList(_ index: Int) throws(VectorFileError) -> [Int] {
        let text = self[index]
        if text.isEmpty { return [] }
        var out: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int(part) else { throw fail(index, "a list of integers") }
            out.append(value)
        }
        return out
    }

    /// Field `index` as `true`/`false` or `1`/`0`.
    public func bool(_ index: Int) throws(VectorFileError) -> Bool {
        switch self[index] {
        case "true", "1": return true
        case "false", "0": return false
        default: throw fail(index, "a boolean")
        }
    }
}

/// A tab-separated test-vector file: `#` lines are header/comments, every other non-empty line is a row.
public struct VectorFile: Sendable {
    public let name: String
    /// The `#` lines, without the `#`.
    public let header: [String]
    public let rows: [VectorRow]

    /// Reads and splits the file at `url`.
    public init(url: URL) throws {
        let bytes = try VectorFile.bytes(of: url)
        self.init(name: url.lastPathComponent, text: String(decoding: bytes, as: UTF8.self))
    }

    /// Splits `text` (the contents of a file called `name`).
    public init(name: String, text: String) {
        self.name = name
        var header: [String] = []
        var rows: [VectorRow] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            if line.first == "#" {
                header.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            rows.append(VectorRow(fileName: name, lineNumber: lineNumber, fields: fields))
        }
        self.header = header
        self.rows = rows
    }

    /// `Tests/Fixtures/h3/<name>`.
    public static func h3(_ name: String) throws -> VectorFile {
        try VectorFile(url: h3URL(name))
    }

    /// The URL of `Tests/Fixtures/h3/<name>`.
    public static func h3URL(_ name: String) -> URL {
        TestPaths.fixtures.appendingPathComponent("h3", isDirectory: true).appendingPathComponent(name)
    }

    /// The raw bytes of a file.
    public static func bytes(of url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// The rows whose first field is `kind`.
    public func rows(kind: String) -> [VectorRow] {
        rows.filter { $0.fields.first == kind }
    }
}

/// Exact text form of doubles, identical to Python's `float.hex()`: `0x1.<13 hex digits>p<exp>` for
/// normal numbers, `0x0.<13 hex digits>p-1022` for subnormals, `0x0.0p+0` for zero, `nan`, `inf`.
public enum HexFloat {
    /// Parses hex-float text (Swift's `Double(_:)` reads C99 hex floats exactly) plus `nan`/`inf`/`-inf`.
    /// Decimal text is refused, so a fixture cannot silently lose exactness.
    public static func parse(_ text: String) -> Double? {
        switch text {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default:
            guard text.hasPrefix("0x") || text.hasPrefix("-0x") else { return nil }
            return Double(text)
        }
    }

    /// Formats `value` exactly as Python's `float.hex(value)` does.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0x0.0p+0" }
        let fraction = String(value.significandBitPattern, radix: 16)
        let digits = String(repeating: "0", count: 13 - fraction.count) + fraction
        if value.isSubnormal { return sign + "0x0.\(digits)p-1022" }
        let exponent = Int(value.exponentBitPattern) - 1023
        return sign + "0x1.\(digits)p\(exponent < 0 ? "-" : "+")\(abs(exponent))"
    }
}
