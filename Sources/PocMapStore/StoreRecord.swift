/// One value of a store column, as SQLite holds it.
///
/// GeoPackage booleans are integers (0/1) and `DATETIME` columns hold ISO 8601 text; ``StoreRecord`` renders them
/// by column (see ``StoreSchema/booleanColumns`` and ``StoreSchema/dateTimeColumns``).
public enum StoreValue: Hashable, Sendable {
    /// SQL NULL.
    case null
    /// An integer.
    case integer(Int64)
    /// A double.
    case real(Double)
    /// Text.
    case string(String)

    /// The value as a double when it is a number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let number): Double(number)
        case .real(let number): number
        default: nil
        }
    }

    /// The value as an integer when it is an integer.
    public var integerValue: Int64? {
        if case .integer(let number) = self { return number }
        return nil
    }

    /// The value as text when it is text.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// One row read from the store: column names (as in the GeoPackage) and their values, in order.
public struct StoreRecord: Hashable, Sendable {
    /// Column names in order.
    public var columns: [String]
    /// Values in column order (`.null` for SQL NULL).
    public var values: [StoreValue]

    /// A record; `columns` and `values` must have the same length.
    public init(columns: [String], values: [StoreValue]) {
        precondition(columns.count == values.count, "one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of a column, `nil` when there is no such column.
    public subscript(column: String) -> StoreValue? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return values[index]
    }

    /// One JSON object with the column names: booleans as `true`/`false`, `DATETIME` values as ISO 8601 UTC text.
    public func json() -> String { "{" + jsonMembers().joined(separator: ",") + "}" }

    /// The `"name":value` members of a JSON object (without braces), in column order.
    func jsonMembers() -> [String] {
        zip(columns, values).map { column, value in
            jsonString(column) + ":" + jsonValue(value, column: column)
        }
    }

    /// Lines `name  value unit`, aligned, for readable output.
    func tableLines(indent: String = "  ") -> [String] {
        let width = (columns.map(\.count).max() ?? 0) + 2
        return zip(columns, values).map { column, value in
            var line = indent + column + String(repeating: " ", count: max(width - column.count, 1))
            line += displayValue(value, column: column)
            if value != .null, let unit = storeColumnUnit(column) { line += " " + unit }
            return line
        }
    }
}

/// A JSON string literal.
package func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

/// A JSON number from a finite double (shortest round-trip form), `null` otherwise.
package func jsonNumber(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// The JSON of a value of `column`: booleans as `true`/`false`, times as ISO 8601 strings.
func jsonValue(_ value: StoreValue, column: String) -> String {
    switch value {
    case .null: return "null"
    case .integer(let number):
        if StoreSchema.booleanColumns.contains(column) { return number != 0 ? "true" : "false" }
        return String(number)
    case .real(let number): return jsonNumber(number)
    case .string(let text):
        return jsonString(StoreSchema.dateTimeColumns.contains(column) ? isoDateTime(text) : text)
    }
}

/// The readable form of a value of `column` (`-` for NULL, text unquoted).
func displayValue(_ value: StoreValue, column: String) -> String {
    switch value {
    case .null: return "-"
    case .string(let text): return StoreSchema.dateTimeColumns.contains(column) ? isoDateTime(text) : text
    default: return jsonValue(value, column: column)
    }
}

/// A GeoPackage `DATETIME` text (`YYYY-MM-DDTHH:MM:SS[.sss]Z`, as GDAL writes it) in pocmap's form: milliseconds
/// only when they are not zero (`2023-11-14T22:13:20Z`). Text of another shape is returned unchanged.
func isoDateTime(_ text: String) -> String {
    let bytes = Array(text.utf8)
    // 2023-11-14T22:13:20.000Z: the fraction sits between index 19 and the final zone designator.
    guard bytes.count > 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
        bytes[19] == UInt8(ascii: ".")
    else { return text }
    var end = 20
    while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
    let fraction = bytes[20..<end]
    guard !fraction.isEmpty else { return text }
    let head = String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self)
    let zone = String(decoding: bytes[end...], as: UTF8.self)
    // Round to milliseconds like GDAL's reader (which parses the seconds as a float).
    var digits = Array(fraction.prefix(4))
    while digits.count < 4 { digits.append(UInt8(ascii: "0")) }
    var milliseconds = digits.prefix(3).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    if digits[3] >= UInt8(ascii: "5") { milliseconds += 1 }
    guard milliseconds > 0 else { return head + zone }
    guard milliseconds < 1000 else { return text }
    let padded = String(milliseconds)
    return head + "." + String(repeating: "0", count: 3 - padded.count) + padded + zone
}
