public import PocMapGIS

/// One row read from the store: column names (as in the GeoPackage) and their values, in order.
public struct StoreRecord: Hashable, Sendable {
    /// Column names in order.
    public var columns: [String]
    /// Values in column order (`.null` for SQL NULL).
    public var values: [FieldValue]

    /// A record; `columns` and `values` must have the same length.
    public init(columns: [String], values: [FieldValue]) {
        precondition(columns.count == values.count, "one value per column")
        self.columns = columns
        self.values = values
    }

    init(_ feature: Feature) {
        self.init(columns: feature.fieldNames, values: feature.values)
    }

    /// The value of a column, `nil` when there is no such column.
    public subscript(column: String) -> FieldValue? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return values[index]
    }

    /// The `"name":value` members of a JSON object (without braces), in column order.
    func jsonMembers() -> [String] {
        zip(columns, values).map { column, value in
            jsonString(column) + ":" + jsonValue(value, boolean: StoreSchema.booleanColumns.contains(column))
        }
    }

    /// Lines `name  value unit`, aligned, for readable output.
    func tableLines(indent: String = "  ") -> [String] {
        let width = (columns.map(\.count).max() ?? 0) + 2
        return zip(columns, values).map { column, value in
            var line = indent + column + String(repeating: " ", count: max(width - column.count, 1))
            line += displayValue(value, boolean: StoreSchema.booleanColumns.contains(column))
            if value != .null, let unit = storeColumnUnit(column) { line += " " + unit }
            return line
        }
    }
}

/// A JSON string literal.
func jsonString(_ text: String) -> String {
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
func jsonNumber(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

func jsonValue(_ value: FieldValue, boolean: Bool = false) -> String {
    switch value {
    case .null: return "null"
    case .integer(let number): return boolean ? (number != 0 ? "true" : "false") : String(number)
    case .integer64(let number): return boolean ? (number != 0 ? "true" : "false") : String(number)
    case .real(let number): return jsonNumber(number)
    case .string(let text): return jsonString(text)
    case .dateTime(let date): return jsonString(isoDateTime(date))
    case .binary(let bytes): return String(bytes.count)
    case .integerList(let list): return "[" + list.map { String($0) }.joined(separator: ",") + "]"
    case .integer64List(let list): return "[" + list.map { String($0) }.joined(separator: ",") + "]"
    case .realList(let list): return "[" + list.map(jsonNumber).joined(separator: ",") + "]"
    case .stringList(let list): return "[" + list.map(jsonString).joined(separator: ",") + "]"
    }
}

func displayValue(_ value: FieldValue, boolean: Bool = false) -> String {
    switch value {
    case .null: return "-"
    case .string(let text): return text
    case .dateTime(let date): return isoDateTime(date)
    default: return jsonValue(value, boolean: boolean)
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.sss]Z` for UTC values (the offset otherwise).
func isoDateTime(_ date: FieldDateTime) -> String {
    func pad(_ number: Int, _ digits: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(digits - text.count, 0)) + text
    }
    let wholeSeconds = Int(date.second)
    let milliseconds = Int(((Double(date.second) - Double(wholeSeconds)) * 1000).rounded())
    var text = "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T"
    text += "\(pad(date.hour, 2)):\(pad(date.minute, 2)):\(pad(wholeSeconds, 2))"
    if milliseconds > 0 { text += "." + pad(milliseconds, 3) }
    switch date.timeZoneFlag {
    case FieldDateTime.utc: text += "Z"
    case let flag where flag > 1:
        let minutes = (flag - FieldDateTime.utc) * 15
        text += (minutes < 0 ? "-" : "+") + pad(abs(minutes) / 60, 2) + ":" + pad(abs(minutes) % 60, 2)
    default: break
    }
    return text
}
