/// A small JSON value with ordered object keys, rendered deterministically (2-space indentation, keys in the
/// order given), for `summary.json`.
package enum JSONDocument {
    case null
    case bool(Bool)
    case int(Int64)
    /// A number already formatted (for fixed decimals).
    case number(String)
    case string(String)
    case array([JSONDocument])
    case object([(String, JSONDocument)])

    package static func int(_ value: Int) -> JSONDocument { .int(Int64(value)) }

    /// The text, ending with a newline.
    package func rendered() -> String {
        var out: [UInt8] = []
        render(into: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    private func render(into out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): JSONBytes.appendInt(value, to: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSONBytes.appendString(text, to: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(contentsOf: "[\n".utf8)
            for (index, item) in items.enumerated() {
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                item.render(into: &out, indent: indent + 2)
                out.append(contentsOf: (index + 1 < items.count ? ",\n" : "\n").utf8)
            }
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(contentsOf: "{\n".utf8)
            for (index, (key, value)) in members.enumerated() {
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                JSONBytes.appendString(key, to: &out)
                out.append(contentsOf: ": ".utf8)
                value.render(into: &out, indent: indent + 2)
                out.append(contentsOf: (index + 1 < members.count ? ",\n" : "\n").utf8)
            }
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            out.append(UInt8(ascii: "}"))
        }
    }
}
