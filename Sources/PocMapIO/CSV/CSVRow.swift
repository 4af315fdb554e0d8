/// Splits one CSV line into cells (RFC 4180 quoting, one record per physical line).
///
/// * Cells are separated by `,`. A cell may be quoted with `"`; inside quotes `,` is literal and `""` is one `"`.
/// * Spaces and tabs around an unquoted cell, and around the quotes of a quoted cell, are ignored.
/// * A quote inside an unquoted cell, text after a closing quote, or an unterminated quote is an error.
///   Quoted cells spanning lines are not supported (no pocmap field can contain a line break), so an
///   unterminated quote rejects that line only and the next line is read normally.
/// * The line must be valid UTF-8.
struct CSVRowSplitter {
    /// One cell: where its content lies in the line, and whether it holds `""` pairs to decode.
    struct Cell {
        var offset = 0
        var count = 0
        var escaped = false
    }

    /// Splits `line` into `cells` (replacing its contents). Throws a reason naming the column.
    static func split(_ line: UnsafeBufferPointer<UInt8>, into cells: inout [Cell]) throws(RecordError) {
        cells.removeAll(keepingCapacity: true)
        try validateUTF8(line)
        let count = line.count
        var index = 0
        while true {
            while index < count && (line[index] == 0x20 || line[index] == 0x09) { index += 1 }
            var cell = Cell()
            if index < count && line[index] == UInt8(ascii: "\"") {
                let open = index
                index += 1
                cell.offset = index
                var closed = false
                while index < count {
                    if line[index] == UInt8(ascii: "\"") {
                        if index + 1 < count && line[index + 1] == UInt8(ascii: "\"") {
                            cell.escaped = true
                            index += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    index += 1
                }
                guard closed else {
                    throw RecordError(
                        "bad CSV at column \(open + 1): quoted field not terminated (fields spanning lines are not supported)"
                    )
                }
                cell.count = index - cell.offset
                index += 1
                while index < count && (line[index] == 0x20 || line[index] == 0x09) { index += 1 }
                if index < count && line[index] != UInt8(ascii: ",") {
                    throw RecordError("bad CSV at column \(index + 1): unexpected text after a closing quote")
                }
            } else {
                cell.offset = index
                while index < count && line[index] != UInt8(ascii: ",") {
                    if line[index] == UInt8(ascii: "\"") {
                        throw RecordError("bad CSV at column \(index + 1): a quote inside an unquoted field")
                    }
                    index += 1
                }
                var end = index
                while end > cell.offset && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
                cell.count = end - cell.offset
            }
            cells.append(cell)
            guard index < count else { return }
            index += 1  // the comma
        }
    }

    /// Throws "invalid UTF-8 at column N" when the line is not valid UTF-8. ASCII runs are skipped 8 bytes at a time.
    static func validateUTF8(_ line: UnsafeBufferPointer<UInt8>) throws(RecordError) {
        guard let base = line.baseAddress else { return }
        let count = line.count
        var index = 0
        while index < count {
            if count - index >= 8 {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            if base[index] < 0x80 {
                index += 1
                continue
            }
            let length = JSONScanner.utf8SequenceLength(base + index, available: count - index)
            guard length > 0 else { throw RecordError("invalid UTF-8 at column \(index + 1)") }
            index += length
        }
    }
}

/// Decodes the content of a quoted CSV cell: `""` becomes `"`.
enum CSVUnescaper {
    /// Writes the decoded bytes to `target` and returns their count (never more than `raw.count`).
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into target: UnsafeMutablePointer<UInt8>) -> Int {
        var read = 0
        var written = 0
        while read < raw.count {
            let byte = raw[read]
            target[written] = byte
            written += 1
            read += byte == UInt8(ascii: "\"") && read + 1 < raw.count && raw[read + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return written
    }
}
